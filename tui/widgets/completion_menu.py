"""The small list of completions shown at the cursor of a code cell.

It never takes the focus: the editor keeps it and steers the list (↑ ↓ choose,
Tab or Enter insert, Escape closes, typing narrows it). One list serves every
editor of a screen; it floats above the lesson and takes no room in its layout.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Offset
from textual.widgets import OptionList
from textual.widgets.option_list import Option

ROWS = 8
"""At most this many candidates are visible at once (the list scrolls)."""

WIDTH = 34
"""Width of the list in cells, candidates' kinds included."""

KIND_MARK = {"module": "mod", "class": "cls", "function": "fn", "array": "arr", "keyword": "kw", "value": ""}
"""A short tag after each candidate, so np (mod) and np.zeros (fn) look different."""


class CompletionMenu(OptionList, can_focus=False):
    """Candidates for the word left of the cursor; ``names`` in their order."""

    COMPONENT_CLASSES = {"completion-menu--kind"}

    def __init__(self) -> None:
        super().__init__(id="completion-menu")
        self.names: list[str] = []
        self.display = False

    def show(self, items: list[tuple[str, str]], at: Offset, *, above_room: int, below_room: int) -> None:
        """Show ``items`` ((name, kind) pairs) with its top left corner near ``at`` (the word's start)."""
        self.names = [name for name, _kind in items]
        kind_style = self.get_component_rich_style("completion-menu--kind")
        self.clear_options()
        self.add_options([Option(self._prompt(name, kind, kind_style)) for name, kind in items])
        rows = min(len(items), ROWS)
        fits_below = below_room >= rows or below_room >= above_room
        top = at.y + 1 if fits_below else at.y - min(rows, above_room)
        self.styles.offset = (max(0, at.x - 1), max(0, top))
        self.highlighted = 0
        self.display = True

    def hide(self) -> None:
        if self.display:
            self.display = False
            self.names = []

    @property
    def chosen(self) -> str | None:
        """The highlighted candidate, if the list is open."""
        if not self.display or self.highlighted is None or not self.names:
            return None
        return self.names[self.highlighted]

    def move(self, delta: int) -> None:
        if self.names:
            current = self.highlighted or 0
            self.highlighted = (current + delta) % len(self.names)

    @staticmethod
    def _prompt(name: str, kind: str, kind_style: object) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(name)
        mark = KIND_MARK.get(kind, "")
        if mark:
            text.append(" " + mark, style=kind_style)  # type: ignore[arg-type]
        return text
