"""The console's two questions: what to tell a student (or everyone), and which lesson for the class."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from lessons import Lesson
from tui.classroom.board import MAX_MESSAGE
from tui.i18n import t


class MessageScreen(ModalScreen[str | None]):
    """One line of text; Enter answers it, Escape answers None."""

    BINDINGS = [Binding("escape", "dismiss(None)", "teach.key.cancel")]

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="message-box", classes="teach-dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Input(placeholder=t("teach.message.placeholder"), max_length=MAX_MESSAGE)

    @on(Input.Submitted)
    def _send(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)


class GotoScreen(ModalScreen[int | None]):
    """The lessons to choose from; Enter answers the lesson's number."""

    BINDINGS = [Binding("escape", "dismiss(None)", "teach.key.cancel")]

    def __init__(self, lessons: list[Lesson], current: int | None) -> None:
        super().__init__()
        self.lessons = lessons
        self.current = current

    def compose(self) -> ComposeResult:
        options = [
            Option(
                t("teach.goto.current", label=lesson.label)
                if lesson.number == self.current
                else lesson.label,
                id=str(lesson.number),
            )
            for lesson in self.lessons
        ]
        with Vertical(id="goto-box", classes="teach-dialog"):
            yield Static(t("teach.goto.title"), classes="dialog-title")
            yield OptionList(*options)

    def on_mount(self) -> None:
        numbers = [lesson.number for lesson in self.lessons]
        if self.current in numbers:
            self.query_one(OptionList).highlighted = numbers.index(self.current)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))
