"""What a cell printed, its error and the kernel's notes, in a scrollable box."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.kernel import CellResult


class CellOutput(VerticalScroll):
    """Hidden until there is something to show; focusable so long output can be scrolled.

    Text arrives already sanitised by the kernel (escape sequences made visible);
    it is shown as plain `Text`, never parsed as markup.
    """

    COMPONENT_CLASSES = {"cell-output--error", "cell-output--note"}

    def __init__(self) -> None:
        super().__init__(classes="cell-output")
        self._text = Text()
        self._static = Static(classes="cell-output-text")

    def compose(self) -> ComposeResult:
        yield self._static

    def clear(self) -> None:
        self._text = Text()
        self._refresh_text()

    def append(self, text: str) -> None:
        self._text.append(text)
        self._refresh_text()

    def show_result(self, result: CellResult) -> None:
        """Replace the streamed text with the final, complete record of the run."""
        text = Text(result.stdout)
        if result.error:
            if text and not text.plain.endswith("\n"):
                text.append("\n")
            text.append(result.error, style=self.get_component_rich_style("cell-output--error"))
        for note in result.notes:
            if text and not text.plain.endswith("\n"):
                text.append("\n")
            text.append(note, style=self.get_component_rich_style("cell-output--note"))
        text.rstrip()
        self._text = text
        self._refresh_text()

    @property
    def plain(self) -> str:
        return self._text.plain

    def _refresh_text(self) -> None:
        self.display = bool(self._text.plain.strip())
        self._static.update(self._text)
        self.scroll_end(animate=False)
