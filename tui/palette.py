"""The command palette's commands (Ctrl+P): every action of the registry, and "Go to lesson …".

A command acts where the learner was before opening the palette: on the focused
widget if it has that action (a cell's "Run cell", an exercise's "Hint"), else
on the nearest container that has it, else on the app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.dom import DOMNode

from tui.actions import Action, palette_actions
from tui.i18n import t

if TYPE_CHECKING:
    from tui.menus import Menus


def commands(app: Menus) -> Iterator[SystemCommand]:
    yield SystemCommand(t("command.theme"), t("command.theme_help"), app.action_change_theme)
    if not app.kiosk:  # kiosk: nothing writes files
        yield SystemCommand(
            t("command.screenshot"), t("command.screenshot_help"), lambda: _screenshot_soon(app)
        )
    unavailable = app.unavailable()
    for action in palette_actions():
        if action.description not in unavailable:
            yield SystemCommand(t(action.description), t(action.explanation), _runner(app, action))
    for index, lesson in enumerate(app.lessons):
        yield SystemCommand(
            t("command.goto", label=lesson.label),
            t("command.goto_help"),
            lambda index=index: app.open_lesson(index),
            discover=False,
        )


def _runner(app: Menus, action: Action) -> Callable[[], None]:
    def run() -> None:
        app.call_later(getattr(_target(app, action.name), f"action_{action.name}"))

    return run


def _target(app: Menus, name: str) -> DOMNode:
    """The focused widget or its nearest ancestor with ``action_<name>``, else the app."""
    node: DOMNode | None = app.screen.focused
    while node is not None:
        if hasattr(node, f"action_{name}"):
            return node
        node = node.parent
    return app


def _screenshot_soon(app: Menus) -> None:
    """After the palette has closed, so it is not in the picture."""
    app.set_timer(0.1, app.deliver_screenshot)
