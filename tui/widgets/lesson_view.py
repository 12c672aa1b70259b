"""One lesson, scrollable: its title, prose, code cells, exercises and widgets, in file order."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from lessons import Cell, Exercise, Lesson, Prose, WidgetBlock
from tui.i18n import t
from tui.keys import lesson_bindings
from tui.widgets.code_cell import CellEditor, CodeCell
from tui.widgets.exercise import ExerciseView
from tui.widgets.lesson_widgets import REGISTRY
from tui.widgets.prose import ProseView


class LessonHeading(Static, can_focus=True):
    """The lesson's title line, and where focus rests while the learner reads.

    Arrows and PgUp/PgDn scroll the whole lesson from here. Focus sits on this
    one-line widget rather than on the lesson itself because Textual restyles a
    focused widget's whole subtree: focusing a lesson of fifty widgets took a
    tenth of a second on every switch.
    """

    BINDINGS = lesson_bindings()

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
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="lesson-view")
        self.lesson = lesson
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
        looks = {"mono": self._mono, "ascii": self._ascii}
        for block in self.lesson.blocks:
            if isinstance(block, Prose):
                yield ProseView(block.text, ascii=self._ascii, classes="prose")
            elif isinstance(block, Cell):
                cell = CodeCell(block, code=self._saved_code(block.id), **looks)
                self.editors.append(cell)
                yield cell
            elif isinstance(block, Exercise):
                solved = block.id in self._solved
                exercise = ExerciseView(block, code=self._saved_code(block.id), solved=solved, **looks)
                self.editors.append(exercise.cell)
                yield exercise
            elif isinstance(block, WidgetBlock) and block.name in REGISTRY:
                yield REGISTRY[block.name](block.options)

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
