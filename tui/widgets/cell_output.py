"""What a cell printed, its error and the kernel's notes, in a scrollable box."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class CellOutput(VerticalScroll):
    """Hidden until there is something to show; focusable so long output can be scrolled.

    Text arrives already sanitised by the kernel (escape sequences made visible);
    it is shown as plain `Text`, never parsed as markup.
    """

    COMPONENT_CLASSES = {"cell-output--error", "cell-output--note"}

    def __init__(self) -> None:
        super().__init__(classes="cell-output")
        self._text = Text()
        self._stale = False
        self._static = Static(classes="cell-output-text")

    def compose(self) -> ComposeResult:
        yield self._static

    def clear(self) -> None:
        """Forget the last run's output, but keep showing it until the new run prints.

        Hiding the box at once and showing it again a moment later would re-lay out
        the lesson twice per run (and flicker).
        """
        self._stale = True

    def append(self, text: str) -> None:
        if self._stale:
            self._text, self._stale = Text(), False
        self._text.append(text)
        self._refresh_text()

    def finish(self, error: str | None, notes: list[str]) -> None:
        """End the run: its error and the kernel's notes follow what it printed.

        A run that printed nothing leaves no stale output from the run before.
        """
        text = Text() if self._stale else self._text
        if error:
            if text and not text.plain.endswith("\n"):
                text.append("\n")
            text.append(error, style=self.get_component_rich_style("cell-output--error"))
        for note in notes:
            if text and not text.plain.endswith("\n"):
                text.append("\n")
            text.append(note, style=self.get_component_rich_style("cell-output--note"))
        text.rstrip()
        self._text, self._stale = text, False
        self._refresh_text()

    @property
    def plain(self) -> str:
        return "" if self._stale else self._text.plain

    def _refresh_text(self) -> None:
        self.display = bool(self._text.plain.strip())
        self._static.update(self._text)
        self.scroll_end(animate=False)
