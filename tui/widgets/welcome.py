"""What the lesson pane shows before a lesson is opened."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.i18n import t


class Welcome(VerticalScroll):
    """A title and a few lines on how to get around; nothing here computes anything."""

    def compose(self) -> ComposeResult:
        yield Static(t("welcome.title"), classes="welcome-title")
        yield Static(t("welcome.body"), classes="welcome-body")
