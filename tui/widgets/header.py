"""The one-line bar at the top: which lesson is open and what the kernel is doing."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.i18n import t

KERNEL_STATES = ("idle", "starting", "ready", "running", "restarted", "stopped")
"""``idle``: not started yet (it starts with the first lesson or the first run, see tui/app.py)."""


class AppHeader(Widget):
    """The app and lesson title on the left, the kernel state on the right.

    Drawn by ``render`` from two reactives the app sets, so a state change repaints
    this one line and nothing else (a label update would re-lay out the screen on
    every cell run). Nothing here animates: an idle app writes nothing.
    """

    COMPONENT_CLASSES = {"app-header--title", *(f"app-header--{state}" for state in KERNEL_STATES)}

    lesson_title: reactive[str] = reactive("")
    kernel_state: reactive[str] = reactive("starting")

    def render(self) -> Text:
        title = f"{t('app.title')} · {self.lesson_title}" if self.lesson_title else t("app.title")
        state = t(f"kernel.{self.kernel_state}")
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" " + title, style=self.get_component_rich_style("app-header--title"))
        gap = self.content_size.width - text.cell_len - Text(state).cell_len - 1
        text.append(" " * max(gap, 1))
        text.append(state + " ", style=self.get_component_rich_style(f"app-header--{self.kernel_state}"))
        return text

    def retranslate(self) -> None:
        """Redraw in the current language (after a language switch)."""
        self.refresh()
