"""Plot data shared by the kernel and the UI.

Plain dataclasses (no NumPy) so the UI process can hold and redraw figures; the
kernel child builds them and sends them as dicts over the pipe. ``from_dict``
coerces types because the dict comes from a process running learner code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, cast

SeriesKind = Literal["line", "scatter", "bar"]
SERIES_KINDS: tuple[SeriesKind, ...] = ("line", "scatter", "bar")


@dataclass
class Series:
    """One curve, point cloud or set of bars.

    For ``kind == "bar"`` ``x`` holds the bar labels (strings), one per value in ``y``.
    """

    x: list[float] | list[str]
    y: list[float]
    label: str | None = None
    kind: SeriesKind = "line"

    def to_dict(self) -> dict[str, Any]:
        return {"x": self.x, "y": self.y, "label": self.label, "kind": self.kind}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Series:
        kind = data.get("kind", "line")
        if kind not in SERIES_KINDS:
            raise ValueError(f"unknown series kind {kind!r}")
        x: list[float] | list[str]
        x = [str(v) for v in data["x"]] if kind == "bar" else [float(v) for v in data["x"]]
        y = [float(v) for v in data["y"]]
        if len(x) != len(y):
            raise ValueError("series x and y differ in length")
        label = data.get("label")
        return cls(x=x, y=y, label=None if label is None else str(label), kind=cast(SeriesKind, kind))


@dataclass
class Figure:
    """One plot: axes titles, its series and human notes (e.g. dropped points)."""

    title: str | None = None
    xlabel: str | None = None
    ylabel: str | None = None
    series: list[Series] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "xlabel": self.xlabel,
            "ylabel": self.ylabel,
            "series": [s.to_dict() for s in self.series],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        def text(key: str) -> str | None:
            value = data.get(key)
            return None if value is None else str(value)

        return cls(
            title=text("title"),
            xlabel=text("xlabel"),
            ylabel=text("ylabel"),
            series=[Series.from_dict(s) for s in data.get("series", [])],
            notes=[str(n) for n in data.get("notes", [])],
        )
