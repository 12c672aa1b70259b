"""Interactive lesson widgets, embedded by a ```widget NAME``` block.

Each widget module defines one class taking the block's ``options``; REGISTRY maps
the names lesson files use (`lessons.model.WIDGET_NAMES`) to those classes.
"""

from __future__ import annotations

from textual.widget import Widget

REGISTRY: dict[str, type[Widget]] = {}
