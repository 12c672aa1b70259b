"""Every key and command of the app, in one registry.

Bindings (``bindings``), the help screen (``help_sections``), the command palette
(``palette_actions``) and the README's key table (``readme_table``; a test keeps
the README equal to it) all come from ``ACTIONS``, so they cannot disagree.

Keys that must work while typing in a code cell are *priority* bindings with a
Ctrl or function key; single letters (n, p, ?) only act outside the editor,
where they cannot be mistaken for code. Entries with ``bind=False`` document a
key that Textual or a widget already handles (Tab, Enter in the list, Ctrl+R
checking an exercise), so help and the README still list it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding, BindingType

from tui.i18n import t

Where = Literal["app", "list", "reading", "cell", "editor", "exercise", "class"]
"""Where a key works: anywhere, in the lesson list, while reading a lesson, in a
code cell (editor or its output), only in the editor, in an exercise, in a class
(``--class DIR``: the session is one of a teacher's students)."""

WHERE_ORDER: tuple[Where, ...] = ("app", "list", "reading", "cell", "editor", "exercise", "class")


@dataclass(frozen=True)
class Action:
    """One key (or palette-only command) and what it does.

    ``name`` is the Textual action it runs on the widget that binds it: the one
    for ``where``, or for ``bound_by`` when a key documented in one place is bound
    higher up. Its texts are the catalogue keys ``key.<name>`` (short: key bar,
    help) and ``command.<name>`` (a sentence: palette, README), without any
    arguments the action takes. ``flags``: "bar" (in the key bar), "priority"
    (works while typing in an editor), "palette" (a palette command), "unbound"
    (documentation only). ``strings``: the catalogue prefix of a feature that
    keeps its own texts (``"student."``: ``student.key.<name>``).
    """

    where: Where
    name: str
    keys: str
    shown: str
    flags: str = ""
    bound_by: Where | None = None
    strings: str = ""

    @property
    def description(self) -> str:
        return f"{self.strings}key.{self.name.partition('(')[0]}"

    @property
    def explanation(self) -> str:
        return f"{self.strings}command.{self.name.partition('(')[0]}"

    def has(self, flag: str) -> bool:
        return flag in self.flags.split()


# fmt: off
ACTIONS: tuple[Action, ...] = (
    # Anywhere. A focused cell binds Ctrl+R and Ctrl+O itself; these are the fallbacks
    # (not in help: there they are listed for cells).
    Action("app", "run_cell", "ctrl+r", "", "bar palette"),
    Action("app", "run_all", "f5", "F5", "bar priority palette"),
    Action("app", "reset_cell", "ctrl+o", "", "palette"),
    Action("app", "stop", "ctrl+g", "Ctrl+G", "priority palette"),
    Action("app", "focus_next", "tab", "Tab / Shift+Tab", "unbound"),
    Action("app", "toggle_sidebar", "ctrl+b", "Ctrl+B", "priority palette"),
    Action("app", "progress", "f3", "F3", "priority palette"),
    Action("app", "command_palette", "ctrl+p", "Ctrl+P", "unbound"),
    Action("app", "help", "f1", "F1", "bar priority palette"),
    Action("app", "toggle_language", "f2", "F2", "bar priority palette"),
    Action("app", "toggle_shapes", "f6", "F6", "bar priority palette"),
    Action("app", "restart_kernel", "", "", "palette"),
    Action("app", "quit", "ctrl+q", "Ctrl+Q", "bar priority palette"),
    # The lesson list.
    Action("list", "cursor_down", "j", "↑ ↓  j k"),
    Action("list", "cursor_up", "k", ""),
    Action("list", "select", "enter", "Enter", "unbound"),
    # Reading a lesson (focus on its heading), outside any editor.
    Action("reading", "scroll_lesson('down')", "down,j", "↑ ↓ PgUp PgDn Space"),
    Action("reading", "scroll_lesson('up')", "up,k", ""),
    Action("reading", "scroll_lesson('page_up')", "pageup", ""),
    Action("reading", "scroll_lesson('page_down')", "pagedown,space", ""),
    Action("reading", "scroll_lesson('home')", "home", ""),
    Action("reading", "scroll_lesson('end')", "end", ""),
    Action("reading", "next_lesson", "n", "n", "bar palette"),
    Action("reading", "previous_lesson", "p", "p", "bar palette"),
    Action("app", "next_lesson", "n", ""),  # also from the list and lesson widgets, unshown there
    Action("app", "previous_lesson", "p", ""),
    Action("reading", "enter_block(1)", "tab", "Tab / Shift+Tab"),
    Action("reading", "enter_block(-1)", "shift+tab", ""),
    Action("reading", "expand_outputs", "ctrl+l", "Ctrl+L"),
    Action("reading", "help", "question_mark", "?", bound_by="app"),
    Action("reading", "back_to_sidebar", "escape", "Escape"),
    # A code cell.
    Action("cell", "run_cell", "ctrl+r", "Ctrl+R", "bar"),
    Action("cell", "reset_cell", "ctrl+o", "Ctrl+O"),
    Action("cell", "expand_output", "ctrl+l", "Ctrl+L", "bar"),
    Action("editor", "leave_editor", "escape", "Escape", "bar"),
    Action("editor", "complete", "tab", "Tab", "bar"),
    Action("editor", "dedent", "shift+tab", "Shift+Tab"),
    Action("editor", "describe", "ctrl+n", "Ctrl+N", "bar palette"),  # F4 is the class's raised hand
    # An exercise (its editor is a code cell: Ctrl+R there checks the answer).
    Action("exercise", "check", "ctrl+r", "Ctrl+R", "unbound"),
    Action("exercise", "hint", "ctrl+t", "Ctrl+T", "bar palette"),
    Action("exercise", "solution", "ctrl+s", "Ctrl+S", "bar palette"),
    # In a class (tui/student): function keys, so they work while typing too.
    Action("class", "toggle_hand", "f4", "F4", "priority", bound_by="app", strings="student."),
    Action("class", "raise_hand", "", "", "palette", bound_by="app", strings="student."),
    Action("class", "lower_hand", "", "", "palette", bound_by="app", strings="student."),
    Action("class", "teacher_lesson", "f8", "F8", "priority palette", bound_by="app", strings="student."),
    Action("class", "toggle_follow", "f9", "F9", "priority palette", bound_by="app", strings="student."),
)
# fmt: on


def bindings(where: Where) -> list[BindingType]:
    """Textual bindings of the widget that handles keys ``where``."""
    return [
        Binding(
            action.keys,
            action.name,
            action.description,
            show=action.has("bar"),
            priority=action.has("priority"),
        )
        for action in ACTIONS
        if (action.bound_by or action.where) == where and action.keys and not action.has("unbound")
    ]


def palette_actions() -> list[Action]:
    """The commands the palette offers, once each."""
    seen: set[str] = set()
    offered = []
    for action in ACTIONS:
        if action.has("palette") and action.name not in seen:
            seen.add(action.name)
            offered.append(action)
    return offered


def help_sections(hidden: frozenset[str] = frozenset()) -> list[tuple[Where, list[Action]]]:
    """The help screen's groups: where, and its keys (``hidden``: description keys to leave out)."""
    sections = []
    for where in WHERE_ORDER:
        shown = [a for a in ACTIONS if a.where == where and a.shown and a.description not in hidden]
        if shown:
            sections.append((where, shown))
    return sections


def readme_table() -> str:
    """The README's key table (in English), one row per key the help screen lists."""
    rows = ["| Key | Where | What it does |", "| --- | --- | --- |"]
    for where, actions in help_sections():
        for action in actions:
            rows.append(f"| {action.shown} | {t(f'help.where.{where}')} | {t(action.explanation)} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(readme_table())
