"""One lesson, scrollable: its title, prose, code cells, exercises and widgets, in file order."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from lessons import Block, Cell, Exercise, Lesson, Prose, WidgetBlock
from tui.actions import bindings
from tui.i18n import t
from tui.widgets.code_cell import CellEditor, CodeCell
from tui.widgets.exercise import ExerciseView
from tui.widgets.lesson_widgets import REGISTRY
from tui.widgets.prose import ProseView

FIRST_BLOCKS = 4
"""Blocks mounted with the lesson itself: about a screenful."""

STEP_BLOCKS = 3
"""Blocks mounted per step after that."""


class LessonHeading(Static, can_focus=True):
    """The lesson's title line, and where focus rests while the learner reads.

    Arrows and PgUp/PgDn scroll the whole lesson from here. Focus sits on this
    one-line widget rather than on the lesson itself because Textual restyles a
    focused widget's whole subtree: focusing a lesson of fifty widgets took a
    tenth of a second on every switch.
    """

    BINDINGS = bindings("reading")

    def action_scroll_lesson(self, how: str) -> None:
        lesson = self.parent
        if isinstance(lesson, LessonView):
            getattr(lesson, f"scroll_{how}")(animate=False)

    def action_back_to_sidebar(self) -> None:
        self.post_message(LessonView.BackRequested())


class LessonView(VerticalScroll, can_focus=False):
    """A lesson, scrolled from its heading; a broken lesson file shows its problems
    here instead of its content, so the rest of the course keeps working."""

    class BackRequested(Message):
        """Escape while reading: go back to the lesson list."""

    def __init__(
        self,
        lesson: Lesson,
        *,
        saved_code: Callable[[str], str | None] = lambda block_id: None,
        solved: frozenset[str] = frozenset(),
        mono: bool = False,
        ascii: bool = False,
        gradual: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="lesson-view")
        self.lesson = lesson
        self._gradual = gradual
        self._saved_code = saved_code
        self._solved = solved
        self._mono = mono
        self._ascii = ascii
        self.editors: list[CodeCell] = []
        """Every editor of the lesson, cells and exercises, kept for saving at shutdown."""

    def compose(self) -> ComposeResult:
        yield LessonHeading(
            f"{self.lesson.number:02d} · {self.lesson.title}", classes="lesson-title", markup=False
        )
        if not self.lesson.ok:
            yield Static(t("lesson.broken"), classes="lesson-broken")
            yield Static("\n".join(str(e) for e in self.lesson.errors), classes="lesson-errors", markup=False)
            yield Static(t("lesson.broken_hint"), classes="lesson-broken-hint")
            return
        first = FIRST_BLOCKS if self._gradual else len(self.lesson.blocks)
        yield from self._widgets(self.lesson.blocks[:first])

    def on_mount(self) -> None:
        if self._gradual and self.lesson.ok:
            self._mount_in_steps(list(self.lesson.blocks[FIRST_BLOCKS:]))

    def _mount_in_steps(self, blocks: list[Block]) -> None:
        """Mount the rest of a lesson built in the background a few blocks at a time.

        Building a lesson takes tens of milliseconds; in one piece it would hold up
        the keys of everyone sharing the server's CPU. In small steps, a key pressed
        meanwhile is handled between two of them. (A lesson the learner opens is
        built in one piece: they are waiting for it, and Tab must find its cells.)
        """
        if blocks:
            self.mount_all(self._widgets(blocks[:STEP_BLOCKS]))
            self.call_later(self._mount_in_steps, blocks[STEP_BLOCKS:])

    def _widgets(self, blocks: Sequence[Block]) -> list[Widget]:
        looks = {"mono": self._mono, "ascii": self._ascii}
        widgets: list[Widget] = []
        for block in blocks:
            if isinstance(block, Prose):
                widgets.append(ProseView(block.text, ascii=self._ascii, classes="prose"))
            elif isinstance(block, Cell):
                cell = CodeCell(block, code=self._saved_code(block.id), **looks)
                self.editors.append(cell)
                widgets.append(cell)
            elif isinstance(block, Exercise):
                solved = block.id in self._solved
                exercise = ExerciseView(block, code=self._saved_code(block.id), solved=solved, **looks)
                self.editors.append(exercise.cell)
                widgets.append(exercise)
            elif isinstance(block, WidgetBlock) and block.name in REGISTRY:
                widgets.append(REGISTRY[block.name](block.options))
        return widgets

    @property
    def cells(self) -> list[CodeCell]:
        """The lesson's code cells, top to bottom (exercises' editors are not cells)."""
        return [cell for cell in self.query(CodeCell) if not isinstance(cell.parent, ExerciseView)]

    def cells_above(self, exercise: ExerciseView) -> list[CodeCell]:
        """The cells an exercise may build on: those before it in the lesson."""
        return [cell for cell in self.cells if cell.cell.line < exercise.exercise.line]

    def focus_reading(self) -> None:
        """Put focus on the lesson for reading, without scrolling it."""
        self.query_one(LessonHeading).focus(scroll_visible=False)

    def on_cell_editor_leave_requested(self, message: CellEditor.LeaveRequested) -> None:
        message.stop()
        self.focus_reading()
