"""All key bindings, in one place, so the footer, the help screen and the docs agree.

Keys that must work while typing in a code cell are *priority* bindings with a
Ctrl or function key; single letters (n, p, ?) only act outside the editor, where
they cannot be mistaken for code.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding

from tui.i18n import t


@dataclass(frozen=True)
class KeyHelp:
    """One line of the help screen: the keys as a person types them, and what they do."""

    keys: str
    description_key: str

    @property
    def description(self) -> str:
        return t(self.description_key)


def app_bindings() -> list[Binding]:
    """Bindings of the whole app (the footer shows those with ``show=True``)."""
    return [
        # Fallbacks for when no cell has focus; a focused CodeCell binds these keys itself.
        Binding("ctrl+r", "run_cell", "key.run_cell"),
        Binding("f5", "run_all", "key.run_all", priority=True),
        Binding("ctrl+o", "reset_cell", "key.reset_cell", show=False),
        Binding("ctrl+g", "stop", "key.stop", show=False, priority=True),
        Binding("ctrl+b", "toggle_sidebar", "key.sidebar", show=False, priority=True),
        Binding("f1", "help", "key.help", priority=True),
        Binding("f3", "progress", "key.progress", show=False, priority=True),
        Binding("f2", "toggle_language", "key.language", priority=True),
        Binding("question_mark", "help", "key.help", show=False),
        Binding("n", "next_lesson", "key.next_lesson", show=False),
        Binding("p", "previous_lesson", "key.prev_lesson", show=False),
        Binding("ctrl+q", "quit", "key.quit", priority=True),
    ]


def sidebar_bindings() -> list[Binding]:
    return [
        Binding("j", "cursor_down", "key.down", show=False),
        Binding("k", "cursor_up", "key.up", show=False),
    ]


def lesson_bindings() -> list[Binding]:
    """Reading keys: scroll the lesson, or go back to the list."""
    return [
        Binding("escape", "back_to_sidebar", "key.back", show=False),
        Binding("up,k", "scroll_lesson('up')", "key.scroll", show=False),
        Binding("down,j", "scroll_lesson('down')", "key.scroll", show=False),
        Binding("pageup", "scroll_lesson('page_up')", "key.scroll", show=False),
        Binding("pagedown,space", "scroll_lesson('page_down')", "key.scroll", show=False),
        Binding("home", "scroll_lesson('home')", "key.scroll", show=False),
        Binding("end", "scroll_lesson('end')", "key.scroll", show=False),
    ]


def editor_bindings() -> list[Binding]:
    return [Binding("escape", "leave_editor", "key.leave_editor", show=False)]


HELP: tuple[tuple[str, tuple[KeyHelp, ...]], ...] = (
    (
        "help.where.anywhere",
        (
            KeyHelp("Ctrl+R", "key.run_cell"),
            KeyHelp("F5", "key.run_all"),
            KeyHelp("Ctrl+O", "key.reset_cell"),
            KeyHelp("Ctrl+G", "key.stop"),
            KeyHelp("Tab / Shift+Tab", "key.focus_next"),
            KeyHelp("Ctrl+B", "key.sidebar"),
            KeyHelp("F3", "key.progress"),
            KeyHelp("F2", "key.language"),
            KeyHelp("Ctrl+P", "key.palette"),
            KeyHelp("F1", "key.help"),
            KeyHelp("Ctrl+Q", "key.quit"),
        ),
    ),
    (
        "help.where.sidebar",
        (
            KeyHelp("↑ ↓  j k", "key.down"),
            KeyHelp("Enter", "key.open"),
        ),
    ),
    (
        "help.where.lesson",
        (
            KeyHelp("↑ ↓ PgUp PgDn Space", "key.scroll"),
            KeyHelp("n", "key.next_lesson"),
            KeyHelp("p", "key.prev_lesson"),
            KeyHelp("?", "key.help"),
            KeyHelp("Escape", "key.back"),
        ),
    ),
    (
        "help.where.editor",
        (KeyHelp("Escape", "key.leave_editor"),),
    ),
    (
        "help.where.exercise",
        (
            KeyHelp("Ctrl+R", "key.check"),
            KeyHelp("Ctrl+T", "key.hint"),
            KeyHelp("Ctrl+S", "key.solution"),
            KeyHelp("Ctrl+O", "key.reset_cell"),
        ),
    ),
)
"""What the help screen lists, grouped by where the keys work."""
