"""Plot data shared by the kernel and the UI, and the bounds both sides enforce.

Plain dataclasses (no NumPy) so the UI process can hold and redraw figures; the
kernel child builds them and sends them as dicts over the pipe. ``from_dict``
treats its input as hostile, because it comes from a process running learner
code (which can write anything on the protocol pipe): wrong types, NaN, inf,
huge numbers, a million points or a 50 MB title all become a bounded, finite
figure or a ``ValueError``, never anything else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Literal, cast

SeriesKind = Literal["line", "scatter", "bar"]
SERIES_KINDS: tuple[SeriesKind, ...] = ("line", "scatter", "bar")

MAX_POINTS = 2000
"""Points per series: longer series are thinned evenly (first and last kept)."""

FIGURE_POINTS = 4000
"""Points per figure, all its series together: with many series each is thinned further
(16 series keep 250 points each). Bounds a plot message to some 200 KB, and what
plotext has to draw."""

MAX_SERIES = 16
"""Series per figure."""

MAX_FIGURES = 16
"""Figures per cell."""

MAX_TEXT = 200
"""Characters of a title, an axis label, a series label or a note."""

MAX_BAR_LABEL = 40
"""Characters of a bar's label (drawn under the bar)."""

MAX_NOTES = 32
"""Notes per figure."""

MAX_MAGNITUDE = 1e300
"""Largest |value| drawn. plotext 5.3 overflows on ranges near the float limit
(``plot([0, 1e307])`` raises OverflowError), so the kernel drops bigger values with
a note and the UI drops any that still arrive."""

MAX_IMAGE_SIDE = 64
"""Largest image side (pixels) a figure may carry; the kernel shrinks bigger ones."""

ELLIPSIS = "…"


def shorten(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` cut to ``limit`` characters (the last one an ellipsis) if longer."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def even_indices(n: int, limit: int = MAX_POINTS) -> list[int] | None:
    """Indices of ``limit`` evenly spaced items of ``n`` (first and last kept), or None if n fits."""
    if n <= limit:
        return None
    return [round(i * (n - 1) / (limit - 1)) for i in range(limit)]


def series_limit(count: int) -> int:
    """Points each of ``count`` series of one figure may keep."""
    return min(MAX_POINTS, FIGURE_POINTS // max(1, count))


def drawable(value: float) -> bool:
    """Finite and within ±MAX_MAGNITUDE."""
    return math.isfinite(value) and abs(value) <= MAX_MAGNITUDE


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
    def from_dict(cls, data: Any, limit: int = MAX_POINTS) -> Series:
        """A drawable series of at most ``limit`` points; points that are not drawable
        numbers are left out."""
        if not isinstance(data, dict):
            raise ValueError("a series must be an object")
        kind = data.get("kind", "line")
        if kind not in SERIES_KINDS:
            raise ValueError(f"unknown series kind {_text(kind, 40)!r}")
        xs, ys = data.get("x"), data.get("y")
        if not isinstance(xs, list) or not isinstance(ys, list) or len(xs) != len(ys):
            raise ValueError("series x and y must be lists of the same length")
        keep = even_indices(len(ys), limit)
        if keep is not None:
            xs, ys = [xs[i] for i in keep], [ys[i] for i in keep]
        # Loops, not lists of pairs: a flood of plot messages must not feed the garbage
        # collector thousands of tuples per message (its full passes stall the UI).
        x: list[Any] = []
        y: list[float] = []
        if kind == "bar":
            for a, b in zip(xs, map(_number, ys), strict=True):
                if b is not None:
                    x.append(_text(a, MAX_BAR_LABEL))
                    y.append(b)
        else:
            for a, b in zip(map(_number, xs), map(_number, ys), strict=True):
                if a is not None and b is not None:
                    x.append(a)
                    y.append(b)
        label = data.get("label")
        return cls(x=x, y=y, label=None if label is None else _text(label), kind=cast(SeriesKind, kind))


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
    def from_dict(cls, data: Any) -> Figure:
        """A bounded figure from a kernel message; ValueError if it is not one at all."""
        if not isinstance(data, dict):
            raise ValueError("a figure must be an object")

        def text(key: str) -> str | None:
            value = data.get(key)
            return None if value is None else _text(value)

        series, notes = data.get("series") or [], data.get("notes") or []
        if not isinstance(series, list) or not isinstance(notes, list):
            raise ValueError("series and notes must be lists")
        series = series[:MAX_SERIES]
        limit = series_limit(len(series))
        return cls(
            title=text("title"),
            xlabel=text("xlabel"),
            ylabel=text("ylabel"),
            series=[Series.from_dict(s, limit) for s in series],
            notes=[_text(n) for n in notes[:MAX_NOTES]],
            image=_image(data.get("image")),
        )


def _text(value: Any, limit: int = MAX_TEXT) -> str:
    """Any JSON value as a bounded string (a long one is cut before it is copied whole)."""
    if isinstance(value, str):
        return shorten(value, limit)
    if isinstance(value, (int, float, bool)) or value is None:
        return shorten(str(value), limit)
    return type(value).__name__  # a list or object where text belongs: don't stringify it


def _number(value: Any) -> float | None:
    """A drawable float, or None (NaN, inf, huge, a bool, a string, an object...)."""
    kind = type(value)  # exact types: bool is an int, and subclasses do not come out of JSON
    if (kind is float or kind is int) and -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:  # False for NaN
        return float(value)
    return None


def _channel(value: Any) -> int:
    """One colour channel clamped to 0..255 (inf and huge ints too); NaN and non-numbers are 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return 0
    return 255 if value > 255 else 0 if value < 0 else int(value)


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
            if not isinstance(pixel, list) or len(pixel) != 3:
                raise ValueError("a pixel must be three numbers")
            r, g, b = (_channel(v) for v in pixel)
            pixels.append((r, g, b))
        image.append(pixels)
    return image
