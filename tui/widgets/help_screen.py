"""The key list, grouped by where each key works (F1 or ? opens it)."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.i18n import t
from tui.keys import HELP


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,f1,question_mark", "dismiss", t("key.back"), show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(t("help.title"), classes="help-title")
            yield Static(t("help.intro"), classes="help-intro")
            for where, keys in HELP:
                table = Table.grid(padding=(0, 2))
                table.add_column(min_width=16)
                table.add_column()
                for key in keys:
                    table.add_row(key.keys, key.description)
                yield Static(t(where), classes="help-where")
                yield Static(table, classes="help-keys")
            yield Static(t("help.close"), classes="help-close")
