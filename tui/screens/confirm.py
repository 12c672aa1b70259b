"""A yes/no question that must be answered before something is replaced."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import t


class ConfirmScreen(ModalScreen[bool]):
    """Answers True for y/Enter and False for n/Escape."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "confirm.yes"),
        Binding("n,escape", "answer(False)", "confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(self.question, classes="confirm-question", markup=False)
            yield Static(t("confirm.keys"), classes="confirm-keys")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
