"""Help on a name, next to the cursor: its signature and the first paragraph of its docstring.

Like the completion list it floats above the lesson, never takes the focus, and
one panel serves every editor of a screen; Escape in the editor closes it.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Offset, Region
from textual.widgets import Static

from tui.editor_service import Reply
from tui.i18n import t

WIDTH = 64
"""Widest the panel gets (it shrinks to fit narrow terminals)."""

HEIGHT = 9
"""Tallest the panel gets, borders included."""


class NameHelp(Static, can_focus=False):
    """What the kernel says about the name under the cursor (or why it says nothing)."""

    COMPONENT_CLASSES = {"name-help--signature", "name-help--note"}

    def __init__(self) -> None:
        super().__init__(id="name-help", markup=False)
        self.display = False
        self.row = -1
        """The editor row the help is about (moving off it closes the panel)."""

    def show(self, reply: Reply, *, row: int, cursor: Offset, screen: Region) -> None:
        self.row = row
        self.border_title, text = self._content(reply)
        self.border_subtitle = t("editor.help_close")
        width = min(WIDTH, screen.width - 2)
        self.styles.width = width
        self.update(text)
        lines = len(text.wrap(self.app.console, width - 4))
        height = min(HEIGHT, lines + 2)
        below = screen.height - cursor.y - 2
        top = cursor.y + 1 if below >= height or below >= cursor.y - 1 else max(1, cursor.y - height)
        left = max(0, min(cursor.x - 2, screen.width - width))
        self.styles.offset = (left, top)
        self.display = True

    def hide(self) -> None:
        self.display = False
        self.row = -1

    def _content(self, reply: Reply) -> tuple[str, Text]:
        note = self.get_component_rich_style("name-help--note")
        value = reply.value
        name = str(value.get("name", ""))
        if reply.status == "busy":
            return t("editor.help_title"), Text(t("editor.help_busy"), style=note)
        if reply.status != "ok":
            return t("editor.help_title"), Text(t("editor.help_unavailable"), style=note)
        if not name:
            return t("editor.help_title"), Text(t("editor.help_no_name"), style=note)
        if not value.get("found"):
            return name, Text(t("editor.help_missing", name=name), style=note)
        text = Text()
        signature = str(value.get("signature") or "")
        summary = str(value.get("summary") or "")
        doc = str(value.get("doc") or "")
        if signature:
            text.append(signature, style=self.get_component_rich_style("name-help--signature"))
        if summary:
            text.append(("\n" if text else "") + summary)
        if doc:
            text.append(("\n\n" if text else "") + doc)
        elif not summary:
            text.append(("\n\n" if text else "") + t("editor.help_no_doc"), style=note)
        return name, text
