"""Overlays an editor shows over its screen (the completion list, help on a name): one per screen."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import Screen
from textual.widget import Widget

W = TypeVar("W", bound=Widget)


async def mounted_once(screen: Screen, kind: type[W]) -> W:
    """The screen's ``kind`` overlay, mounted the first time it is needed (built with no arguments)."""
    found = screen.query(kind)
    if found:
        return found.first()
    overlay = kind()
    await screen.mount(overlay)
    return overlay
