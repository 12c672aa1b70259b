"""Raising a hand: one optional line of question, then Enter."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.classroom.records import MAX_LINE
from tui.i18n import t


class HandScreen(ModalScreen[str | None]):
    """Answers the question (possibly empty) on Enter, None on Escape."""

    BINDINGS = [Binding("escape", "dismiss(None)", "confirm.no")]

    def compose(self) -> ComposeResult:
        with Vertical(id="hand-box"):
            yield Static(t("student.hand.title"), classes="hand-title")
            yield Input(placeholder=t("student.hand.placeholder"), max_length=MAX_LINE, id="question")
            yield Static(t("student.hand.keys"), classes="hand-keys")

    @on(Input.Submitted)
    def _raise(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(" ".join(event.value.split()))
