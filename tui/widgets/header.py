"""The one-line bar at the top: which lesson is open and what the kernel is doing."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Label

from tui.i18n import t


class AppHeader(Horizontal):
    """Shows the app and lesson title on the left and the kernel state on the right.

    It is driven entirely by two reactives the app sets; nothing here animates,
    so an idle app writes nothing to the terminal.
    """

    lesson_title: reactive[str] = reactive("")
    kernel_state: reactive[str] = reactive("starting")

    def compose(self) -> ComposeResult:
        yield Label(t("app.title"), id="header-title")
        yield Label("", id="header-kernel")

    def watch_lesson_title(self, title: str) -> None:
        text = f"{t('app.title')} · {title}" if title else t("app.title")
        self.query_one("#header-title", Label).update(text)

    def retranslate(self) -> None:
        """Redraw both labels in the current language (after a language switch)."""
        self.watch_lesson_title(self.lesson_title)
        self.watch_kernel_state(self.kernel_state)

    def watch_kernel_state(self, state: str) -> None:
        label = self.query_one("#header-kernel", Label)
        label.update(t(f"kernel.{state}"))
        for name in ("starting", "ready", "running", "restarted", "stopped"):
            label.set_class(name == state, f"-{name}")
