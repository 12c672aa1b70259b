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


MAX_IMAGE_SIDE = 64
"""Largest image side (pixels) a figure may carry; the kernel shrinks bigger ones."""

Pixel = tuple[int, int, int]


@dataclass
class Figure:
    """One plot: axes titles, its series and human notes (e.g. dropped points).

    A figure may instead carry an ``image``: rows of (r, g, b) pixels, 0..255,
    which the UI draws in colour blocks (``show_image`` in a cell).
    """

    title: str | None = None
    xlabel: str | None = None
    ylabel: str | None = None
    series: list[Series] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    image: list[list[Pixel]] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "xlabel": self.xlabel,
            "ylabel": self.ylabel,
            "series": [s.to_dict() for s in self.series],
            "notes": list(self.notes),
            "image": None if self.image is None else [[list(p) for p in row] for row in self.image],
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
            image=_image(data.get("image")),
        )


def _image(rows: Any) -> list[list[Pixel]] | None:
    """Validate pixel rows from the kernel: a bounded rectangle of 0..255 triples."""
    if rows is None:
        return None
    if not isinstance(rows, list) or not 0 < len(rows) <= MAX_IMAGE_SIDE:
        raise ValueError("image must have 1 to 64 rows")
    width = len(rows[0]) if isinstance(rows[0], list) else 0
    if not 0 < width <= MAX_IMAGE_SIDE:
        raise ValueError("image must have 1 to 64 columns")
    image: list[list[Pixel]] = []
    for row in rows:
        if not isinstance(row, list) or len(row) != width:
            raise ValueError("image rows must all have the same width")
        pixels: list[Pixel] = []
        for pixel in row:
            r, g, b = (min(255, max(0, int(v))) for v in pixel)
            pixels.append((r, g, b))
        image.append(pixels)
    return image
