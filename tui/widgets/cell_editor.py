"""The code editor of a cell: Python with Jupyter's Tab, completion and help on names.

Tab at the start of a line or after a space indents (Shift+Tab dedents); after a
name or a dot it completes: one candidate is inserted at once, several open a
small list at the cursor. Ctrl+N shows help on the name under the cursor. Escape
closes what is open, then leaves the editor. The editor asks the kernel with
`EditorCall` messages and never waits for the answer: keys keep working, and a
late answer for text that changed meanwhile is dropped.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable
from typing import Any

from textual import events
from textual.containers import ScrollableContainer
from textual.message import Message
from textual.widgets import TextArea

from tui.actions import bindings
from tui.code_names import BUILTIN_NAMES, mentioned
from tui.editor_service import EditorCall, EditorReply, Reply
from tui.framework import share_highlight_queries
from tui.i18n import t
from tui.sandbox.completion_target import Target, completion_target, fits, wants_indent
from tui.widgets.completion_menu import CompletionMenu
from tui.widgets.name_help import NameHelp
from tui.widgets.overlay import mounted_once


class CellEditor(TextArea):
    """A Python editor that keeps indentation on Enter and never blinks (idle = silent)."""

    BINDINGS = bindings("editor")
    FOCUS_CONTEXT = "focus.editor"

    class LeaveRequested(Message):
        """Escape: the learner wants out of the editor, back to reading."""

        def __init__(self, editor: CellEditor) -> None:
            super().__init__()
            self.editor = editor

    def __init__(self, code: str) -> None:
        # Python from the start: an editor is built when the learner enters its cell
        # (``CodeCell.editor``), and what is done to it at once (a selection, a
        # restored cursor, an edit) must not be reset by a language set on mount.
        share_highlight_queries()
        super().__init__(
            code, language="python", soft_wrap=False, tab_behavior="indent", show_line_numbers=True
        )
        self.cursor_blink = False
        self._menu: CompletionMenu | None = None
        self._menu_items: list[tuple[str, str]] = []
        self._menu_place: tuple[int, str] | None = None
        """Row and dotted chain the open list completes (it closes when either changes)."""
        self._help: NameHelp | None = None
        self._asked = 0
        """Counts questions to the kernel; an answer to an older one is dropped."""
        self._question: tuple[str, Target | None, tuple[int, int], str] | None = None
        """The newest question: its function, what it completes, the cursor and the text then."""

    # ------------------------------------------------------------------ keys
    async def _on_key(self, event: events.Key) -> None:
        if self.read_only:
            await super()._on_key(event)
            return
        key = event.key
        handled = self._menu_key(key) if self._menu_open else False
        if not handled:
            handled = self._editing_key(key)
        if handled:
            event.stop()
            event.prevent_default()
            return
        await super()._on_key(event)

    def _menu_key(self, key: str) -> bool:
        """Keys that steer the open completion list."""
        assert self._menu is not None
        if key in ("up", "down"):
            self._menu.move(-1 if key == "up" else 1)
        elif key in ("tab", "enter"):
            chosen = self._menu.chosen
            self.close_popups()
            if chosen is not None:
                self._insert_completion(chosen)
        elif key == "escape":
            self.close_popups()
        else:
            return False
        return True

    def _editing_key(self, key: str) -> bool:
        if key == "escape":
            if not self.close_popups():
                self.post_message(self.LeaveRequested(self))
        elif key == "enter":
            self.close_popups()
            self._replace_via_keyboard("\n" + self._next_indent(), *self.selection)
        elif key == "tab":
            self.action_complete()
        elif key == "shift+tab":
            self.action_dedent()
        else:
            return False
        return True

    def action_leave_editor(self) -> None:
        if not self.close_popups():
            self.post_message(self.LeaveRequested(self))

    def close_popups(self) -> bool:
        """Close the completion list and the help panel; True if one was open."""
        was_open = self._menu_open or (self._help is not None and self._help.display)
        if self._menu is not None:
            self._menu.hide()
        if self._help is not None:
            self._help.hide()
        self._menu_items, self._menu_place = [], None
        return was_open

    @property
    def _menu_open(self) -> bool:
        return self._menu is not None and self._menu.display and bool(self._menu_items)

    def on_blur(self) -> None:
        self.close_popups()

    def on_unmount(self) -> None:
        self.close_popups()

    # ------------------------------------------------------------ indenting
    def _next_indent(self) -> str:
        row, column = self.cursor_location
        line = self.document.get_line(row)[:column]
        indent = line[: len(line) - len(line.lstrip(" "))]
        if line.rstrip().endswith(":"):
            indent += " " * self.indent_width
        return indent

    def _selected_rows(self) -> range | None:
        """The rows a multi-line selection touches, or None for a cursor or a selection within a line."""
        start, end = sorted(self.selection)
        if start[0] == end[0]:
            return None
        last = end[0] - 1 if end[1] == 0 else end[0]
        return range(start[0], last + 1)

    def action_indent(self) -> None:
        """Indent the selected lines, or insert spaces up to the next tab stop."""
        rows = self._selected_rows()
        if rows is None:
            self._replace_via_keyboard(" " * self._find_columns_to_next_tab_stop(), *self.selection)
            return
        self._rewrite_rows(rows, lambda line: " " * self.indent_width + line if line.strip() else line)

    def action_dedent(self) -> None:
        """Shift+Tab: take one level of indentation off the cursor's line (or the selected lines)."""
        rows = self._selected_rows() or range(self.cursor_location[0], self.cursor_location[0] + 1)

        def dedent(line: str) -> str:
            spaces = len(line) - len(line.lstrip(" "))
            remove = spaces % self.indent_width or min(spaces, self.indent_width)
            return line[remove:]

        self._rewrite_rows(rows, dedent)

    def _rewrite_rows(self, rows: range, change: Callable[[str], str]) -> None:
        """Replace whole rows in one undoable edit, keeping the cursor on its text."""
        old = [self.document.get_line(row) for row in rows]
        new = [change(line) for line in old]
        if new == old:
            return
        (anchor_row, anchor_col), (cursor_row, cursor_col) = self.selection

        def moved(row: int, column: int) -> tuple[int, int]:
            if row in rows:
                index = row - rows.start
                column = max(0, column + len(new[index]) - len(old[index]))
            return row, column

        start, end = (rows.start, 0), (rows.stop - 1, len(old[-1]))
        self.replace("\n".join(new), start, end, maintain_selection_offset=False)
        anchor, cursor = moved(anchor_row, anchor_col), moved(cursor_row, cursor_col)
        self.selection = type(self.selection)(anchor, cursor)

    # ------------------------------------------------------------ completion
    def action_complete(self) -> None:
        """Tab: indent at the start of a line or after whitespace, complete after a name or a dot."""
        if self._selected_rows() is not None:
            self.action_indent()
            return
        row, column = self.cursor_location
        before = self.document.get_line(row)[:column]
        target = None if wants_indent(before) else completion_target(before)
        if target is None:
            self.action_indent()
            return
        self._ask("editor.names", target, {"chain": target.chain})

    def _ask(self, function: str, target: Target | None, arguments: dict[str, Any]) -> None:
        """Post a question about the cursor's place; the answer comes as an `EditorReply`."""
        self._asked += 1
        self._question = (function, target, self.cursor_location, self.text)
        self.post_message(EditorCall(self, function, arguments, self._asked))

    def on_editor_reply(self, message: EditorReply) -> None:
        question = self._question
        if message.serial != self._asked or question is None:
            return  # an answer to a question the learner has moved on from
        function, target, (row, column), text = question
        self._question = None
        if function == "editor.describe":
            if self.has_focus:
                self.run_worker(self._show_help(row, message.reply), group="name-help", exclusive=True)
        elif target is not None and self.text == text and self.cursor_location == (row, column):
            self._offer(
                target, row, self._candidates(target, message.reply, message.earlier), message.reply.status
            )

    def _candidates(self, target: Target, reply: Reply, earlier: list[str]) -> list[tuple[str, str]]:
        """The kernel's names that fit, and for a plain name also those the lesson's code mentions.

        The learner's own names come first (sorted), then builtins and keywords.
        When the kernel could not answer, builtins and keywords come from here.
        """
        prefix = target.prefix
        answered = reply.status == "ok"
        every = [(str(name), str(kind)) for name, kind in reply.value.get("items", [])] if answered else []
        items = [item for item in every if fits(item[0], prefix)]
        if target.chain:
            return items
        own = sum(1 for name, _ in every[: int(reply.value.get("own", 0))] if fits(name, prefix))
        known = {name for name, _ in items}
        row, column = self.cursor_location
        line = self.document.get_line(row)
        typing = line[: column - len(prefix)] + line[column:]  # without the word being completed
        lines = self.text.split("\n")
        here = "\n".join([*lines[:row], typing, *lines[row + 1 :]])
        written: set[str] = set()
        for code in [*earlier, here]:
            written |= mentioned(code)
        extra = [(name, "value") for name in written - known - BUILTIN_NAMES if fits(name, prefix)]
        if not answered:
            extra += [(name, "function") for name in BUILTIN_NAMES if fits(name, prefix)]
            extra += [(name, "keyword") for name in keyword.kwlist if fits(name, prefix)]
        head = sorted(items[:own] + [item for item in extra if item[1] == "value"])
        rest = items[own:] + sorted(item for item in extra if item[1] != "value")
        return list(dict.fromkeys(head + rest))

    def _offer(self, target: Target, row: int, items: list[tuple[str, str]], status: str) -> None:
        """Insert the only candidate, or the common start of several and list them at the cursor."""
        prefix = target.prefix
        if len(items) == 1:
            self._insert_completion(items[0][0])
            return
        if not items:
            why = "editor.busy_attributes" if status == "busy" and target.chain else "editor.no_completions"
            self.notify(t(why), timeout=3)
            return
        common = _common_start([name for name, _ in items])
        if len(common) > len(prefix):
            self._insert_completion(common)
        self._menu_items = items
        self._menu_place = (row, target.chain)
        if self._menu is not None:
            self._refresh_menu()  # at once: in the same frame as the inserted text
        else:
            self.run_worker(self._show_menu(), group="completion-menu", exclusive=True)

    async def _show_menu(self) -> None:
        if self._menu is None:
            self._menu = await mounted_once(self.screen, CompletionMenu)
        self._refresh_menu()

    def _refresh_menu(self) -> None:
        """Show the candidates that still fit what is typed; close the list when none do."""
        if self._menu is None or self._menu_place is None:
            return
        row, column = self.cursor_location
        target = completion_target(self.document.get_line(row)[:column])
        if target is None or (row, target.chain) != self._menu_place:
            self.close_popups()
            return
        items = [item for item in self._menu_items if item[0].startswith(target.prefix)]
        if not items:
            self.close_popups()
            return
        cursor = self.cursor_screen_offset
        region = self.screen.region
        at = cursor - (len(target.prefix), 0)
        self._menu.show(items, at, above_room=cursor.y - 1, below_room=region.height - cursor.y - 2)

    def _insert_completion(self, name: str) -> None:
        """Replace the part of the name left of the cursor with ``name``."""
        row, column = self.cursor_location
        target = completion_target(self.document.get_line(row)[:column])
        typed = len(target.prefix) if target is not None else 0
        self.replace(name, (row, column - typed), (row, column), maintain_selection_offset=False)

    def on_text_area_selection_changed(self, event: TextArea.SelectionChanged) -> None:
        if self._menu_open:
            self._refresh_menu()
        if self._help is not None and self._help.display and self.cursor_location[0] != self._help.row:
            self._help.hide()
        self.call_after_refresh(self.keep_cursor_visible)

    # ----------------------------------------------------------------- help
    def action_describe(self) -> None:
        """Ctrl+N: the signature and first paragraph of help of the name under the cursor."""
        row, column = self.cursor_location
        self._ask("editor.describe", None, {"code": self.text, "line": row, "column": column})

    async def _show_help(self, row: int, reply: Reply) -> None:
        if self._help is None:
            self._help = await mounted_once(self.screen, NameHelp)
        if self._menu is not None:
            self._menu.hide()
        cursor = self.cursor_screen_offset
        self._help.show(reply, row=row, cursor=cursor, screen=self.screen.region)

    # ------------------------------------------------------------- scrolling
    def keep_cursor_visible(self) -> None:
        """Scroll the lesson so the cursor's line is on screen (the editor is as tall as its code)."""
        if not self.has_focus:
            return
        scroller = next((node for node in self.ancestors if isinstance(node, ScrollableContainer)), None)
        if scroller is None:
            return
        y = self.cursor_screen_offset.y
        top, bottom = scroller.content_region.y, scroller.content_region.bottom - 1
        if y < top:
            scroller.scroll_relative(y=y - top, animate=False, immediate=True)
        elif y > bottom:
            scroller.scroll_relative(y=y - bottom, animate=False, immediate=True)


def _common_start(names: list[str]) -> str:
    """The longest text every name starts with."""
    first, last = min(names), max(names)
    size = 0
    while size < len(first) and first[size] == last[size]:
        size += 1
    return first[:size]
