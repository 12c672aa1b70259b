"""What a cell printed, its error and the kernel's notes, from the top.

A long output shows its first lines and then how many more there are, with a
key (Ctrl+L in the cell) and a click to show all of it. The box never takes the
focus: letters typed anywhere near it are never mistaken for commands, and Tab
goes from editor to editor.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import Static

from tui.i18n import t

SHOWN_LINES = 14
"""Rows a long output takes before it is expanded: the first lines and the "more" line."""


class CellOutput(Static, can_focus=False):
    """Hidden until there is something to show.

    Text arrives already sanitised by the kernel (escape sequences made visible);
    it is shown as plain `Text`, never parsed as markup.
    """

    COMPONENT_CLASSES = {"cell-output--error", "cell-output--note", "cell-output--more"}

    def __init__(self) -> None:
        super().__init__(classes="cell-output", markup=False)
        self._text = Text()
        self._stale = False
        self.expanded = False
        """Show every line (the learner asked to); stays so for the cell's later runs."""

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
            self._append_line(text, error, "cell-output--error")
        for note in notes:
            self._append_line(text, note, "cell-output--note")
        text.rstrip()
        self._text, self._stale = text, False
        self._refresh_text()

    def add_note(self, note: str) -> None:
        """A note after what is shown (the lesson explaining an error), styled as the kernel's are."""
        self._append_line(self._text, note, "cell-output--note")
        self._refresh_text()

    def _append_line(self, text: Text, line: str, component: str) -> None:
        """``line`` on a line of its own at the end of ``text``, in ``component``'s style."""
        if text and not text.plain.endswith("\n"):
            text.append("\n")
        text.append(line, style=self.get_component_rich_style(component))

    @property
    def full_text(self) -> Text:
        """Everything shown or hidden, with its styles (to carry it over a language switch)."""
        return Text() if self._stale else self._text.copy()

    def show_text(self, text: Text) -> None:
        self._text, self._stale = text.copy(), False
        self._refresh_text()

    @property
    def plain(self) -> str:
        """Everything the run printed, hidden lines included."""
        return "" if self._stale else self._text.plain

    @property
    def hidden_lines(self) -> int:
        """How many lines the box does not show (0 once expanded)."""
        if self.expanded:
            return 0
        lines = self._text.plain.rstrip("\n").count("\n") + 1
        return max(0, lines - (SHOWN_LINES - 1)) if lines > SHOWN_LINES else 0

    # This method hides Textual's Widget.expand (a reactive bool). Renamed, the box
    # re-lays out differently and a lesson switch stops being quiet on the wire
    # (tests/test_editor_terminal.py); left as it was until that is understood.
    def expand(self) -> bool:  # type: ignore[override]
        """Show every line; False if there was nothing hidden."""
        if self.hidden_lines == 0:
            return False
        self.expanded = True
        self._refresh_text()
        return True

    def on_click(self, event: events.Click) -> None:
        if self.expand():
            event.stop()

    def _refresh_text(self) -> None:
        self.display = bool(self._text.plain.strip())
        hidden = self.hidden_lines
        if not hidden:
            self.update(self._text)
            return
        plain = self._text.plain
        end = -1
        for _ in range(SHOWN_LINES - 1):
            end = plain.index("\n", end + 1)
        shown = self._text[:end]
        more = t("editor.more_line") if hidden == 1 else t("editor.more_lines", count=hidden)
        shown.append("\n" + more, style=self.get_component_rich_style("cell-output--more"))
        self.update(shown)
