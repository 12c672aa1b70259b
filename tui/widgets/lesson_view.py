"""One lesson, scrollable: its title, prose, code cells and widgets, in file order."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Markdown, Static

from lessons import Cell, Exercise, Lesson, Prose, WidgetBlock
from tui.i18n import t
from tui.keys import lesson_bindings
from tui.widgets.code_cell import CellEditor, CodeCell
from tui.widgets.lesson_widgets import REGISTRY


class LessonView(VerticalScroll):
    """Focusable, so arrows and PgUp/PgDn scroll the prose when no editor has focus.

    A lesson whose file is broken shows its problems here instead of its content,
    so the rest of the course keeps working.
    """

    BINDINGS = lesson_bindings()

    class BackRequested(Message):
        """Escape while reading: go back to the lesson list."""

    def __init__(self, lesson: Lesson, *, mono: bool = False, ascii: bool = False, id: str | None = None):
        super().__init__(id=id, classes="lesson-view")
        self.lesson = lesson
        self._mono = mono
        self._ascii = ascii

    def compose(self) -> ComposeResult:
        yield Static(f"{self.lesson.number:02d} · {self.lesson.title}", classes="lesson-title")
        if not self.lesson.ok:
            yield Static(t("lesson.broken"), classes="lesson-broken")
            yield Static("\n".join(str(e) for e in self.lesson.errors), classes="lesson-errors", markup=False)
            yield Static(t("lesson.broken_hint"), classes="lesson-broken-hint")
            return
        for block in self.lesson.blocks:
            if isinstance(block, Prose):
                yield Markdown(block.text, open_links=False, classes="prose")
            elif isinstance(block, Cell):
                yield CodeCell(block, mono=self._mono, ascii=self._ascii)
            elif isinstance(block, Exercise):
                yield from self._exercise(block)
            elif isinstance(block, WidgetBlock):
                yield from self._widget(block)

    def _exercise(self, exercise: Exercise) -> ComposeResult:
        yield Markdown(f"**{exercise.title}**\n\n{exercise.prompt}", open_links=False, classes="prose")
        starter = Cell(exercise.id, exercise.starter, exercise.line, exercise.timeout)
        yield CodeCell(starter, mono=self._mono, ascii=self._ascii)

    def _widget(self, block: WidgetBlock) -> ComposeResult:
        widget_class = REGISTRY.get(block.name)
        if widget_class is not None:
            yield widget_class(block.options)

    @property
    def cells(self) -> list[CodeCell]:
        return list(self.query(CodeCell))

    def action_back_to_sidebar(self) -> None:
        self.post_message(self.BackRequested())

    def on_cell_editor_leave_requested(self, message: CellEditor.LeaveRequested) -> None:
        message.stop()
        self.focus(scroll_visible=False)
