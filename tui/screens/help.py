"""The key list, grouped by where each key works (F1 or ? opens it)."""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.actions import help_sections
from tui.i18n import t

KEY_COLUMN = 18
"""Width of the key column, in terminal cells (CJK descriptions follow it)."""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,f1,question_mark", "dismiss", "key.back_to_sidebar", show=False),
    ]

    def __init__(self, *, hidden: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.hidden = hidden
        """Catalogue keys of what this session cannot do (e.g. Chinese on a Linux console)."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(t("help.title"), classes="help-title")
            yield Static(t("help.intro"), classes="help-intro")
            for where, actions in help_sections(self.hidden):
                yield Static(t(f"help.where.{where}"), classes="help-where")
                lines = (f"{pad(action.shown, KEY_COLUMN)}{t(action.description)}" for action in actions)
                yield Static("\n".join(lines), classes="help-keys", markup=False)
            yield Static(t("help.close"), classes="help-close")


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` terminal cells (CJK counts double)."""
    return text + " " * max(width - cell_len(text), 1)
