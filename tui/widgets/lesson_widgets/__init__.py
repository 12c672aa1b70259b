"""Interactive lesson widgets, embedded by a ```widget NAME``` block.

Each widget module defines one class taking the block's ``options``; REGISTRY maps
the names lesson files use (`lessons.model.WIDGET_NAMES`) to those classes.
"""

from __future__ import annotations

from tui.widgets.lesson_widgets.base import LessonWidget
from tui.widgets.lesson_widgets.broadcast_explorer import BroadcastExplorer
from tui.widgets.lesson_widgets.gd_stepper import GdStepper
from tui.widgets.lesson_widgets.graph_stepper import GraphStepper
from tui.widgets.lesson_widgets.loop_race import LoopRace
from tui.widgets.lesson_widgets.rank1_inspector import Rank1Inspector

REGISTRY: dict[str, type[LessonWidget]] = {
    "broadcast-explorer": BroadcastExplorer,
    "rank1-inspector": Rank1Inspector,
    "graph-stepper": GraphStepper,
    "gd-stepper": GdStepper,
    "loop-race": LoopRace,
}
