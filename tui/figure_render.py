"""Turn a `Figure` from the kernel into terminal text with plotext.

Kept apart from the widget so it can be tested without an app. plotext is imported
on first use (the first screen never pays for it), and every drawing uses a figure
of its own rather than plotext's global one, so drawings may run in worker threads.

Whatever the data, ``render_figure`` returns text and never raises: plotext 5.3
fails on some values (ranges near the float limit, denormals, huge bar values), so
axes whose values are very large or very small are drawn in scaled units ("×1e31"
on the axis label), and anything plotext still cannot draw becomes one line saying
so. Long series are reduced to what the canvas can show before plotext sees them:
lines keep each column's first, lowest, highest and last point (so spikes stay),
points keep one per cell quarter. plotext's cost grows with the points it draws.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from itertools import pairwise
from types import ModuleType
from typing import Any, cast

from tui.figures import Figure, Series
from tui.i18n import t

COLOURS = ("cyan", "orange", "green", "magenta", "blue", "red", "yellow")
"""Series colours, in order, readable on dark and light themes."""

MONO_MARKERS = ("*", "+", "o", "x", "#", "%", "@")
"""Series markers when colour is off (NO_COLOR, --ascii): shape tells series apart."""

ASCII_FRAME = str.maketrans(
    {
        "┌": "+",
        "┐": "+",
        "└": "+",
        "┘": "+",
        "─": "-",
        "│": "|",
        "┤": "+",
        "├": "+",
        "┬": "+",
        "┴": "+",
        "┼": "+",
        "█": "#",
        "▄": "#",
        "▀": "#",
        "▌": "#",
        "▐": "#",
    }
)
"""Box and block characters the Linux console may lack, mapped to ASCII."""

MIN_WIDTH = 20
MIN_HEIGHT = 6

DRAW_BUDGET = 16
"""Line points drawn per column of the canvas, all series together: a long line keeps
its first, lowest, highest and last point per column group, and the more series a
figure has, the wider each group (one series: one column)."""

LARGE = 1e5
SMALL = 1e-3
"""An axis whose largest |value| is at least LARGE or below SMALL is drawn in scaled units:
plotext writes tick labels in full (1e30 takes 31 columns) and overflows near 1e307."""


@cache
def _plotext() -> ModuleType:
    import plotext

    return plotext


def render_figure(figure: Figure, width: int, height: int, *, mono: bool = False, ascii: bool = False) -> str:
    """Draw ``figure`` in a ``width`` x ``height`` box; ANSI colours unless ``mono``.

    Returns "" when the box is too small to draw anything legible, and one line
    saying the plot cannot be drawn if plotext fails on its data.
    """
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return ""
    try:
        return _render(figure, width, height, mono=mono, ascii=ascii)
    except Exception:  # plotext's own failures on odd data: never the app's crash
        return t("plot.cannot_draw")


def cost(figure: Figure, width: int, height: int) -> int:
    """About how many points plotext will draw for ``figure`` at this size (its time grows with it)."""
    total = 0
    groups = _groups(figure, width)
    for series in figure.series:
        if series.kind == "line":
            total += min(len(series.y), 4 * groups)
        elif series.kind == "scatter":
            total += min(len(series.y), 4 * width * height)
        else:
            total += len(series.y)
    return total


def _render(figure: Figure, width: int, height: int, *, mono: bool, ascii: bool) -> str:
    plotext = _plotext()
    from plotext._figure import _figure_class  # one figure per drawing: no shared state

    canvas_figure = _figure_class()
    plt = canvas_figure._active
    plt.plot_size(width, height)
    plt.theme("clear")
    mono = mono or ascii
    bars = [s for s in figure.series if s.kind == "bar"]
    others = [s for s in figure.series if s.kind != "bar" and s.x]
    xscale = _exponent([v for s in others for v in s.x])
    yscale = _exponent([v for s in figure.series for v in s.y])
    if bars:
        series = bars[0]
        plt.bar(
            [str(label) for label in series.x],
            _scaled(series.y, yscale),
            color=None if mono else COLOURS[0],
            marker="#" if ascii else "sd",
        )
    groups = _groups(figure, width)
    for number, series in enumerate(others):
        x = cast("list[float]", series.x)  # only bars have string labels on x
        xs, ys = _reduce(series, _scaled(x, xscale), _scaled(series.y, yscale), groups, width, height)
        options = {
            "label": series.label,
            "color": None if mono else COLOURS[number % len(COLOURS)],
            "marker": MONO_MARKERS[number % len(MONO_MARKERS)] if mono else "hd",
        }
        draw = plt.scatter if series.kind == "scatter" else plt.plot
        draw(xs, ys, **options)
    if figure.title:
        plt.title(figure.title)
    xlabel, ylabel = _axis_label(figure.xlabel, xscale), _axis_label(figure.ylabel, yscale)
    if xlabel:
        plt.xlabel(xlabel)
    if ylabel:
        plt.ylabel(ylabel)
    canvas = canvas_figure.build()
    if mono:
        canvas = plotext.uncolorize(canvas)
    if ascii:
        canvas = canvas.translate(ASCII_FRAME)
    return canvas


def _exponent(values: Sequence[Any]) -> int:
    """The power of ten to divide an axis by (0: draw as is)."""
    largest = max((abs(v) for v in values), default=0.0)
    if largest == 0 or SMALL <= largest < LARGE:
        return 0
    return math.floor(math.log10(largest))


def _scaled(values: Sequence[float], exponent: int) -> list[float]:
    """``values`` / 10**exponent, in two steps so that 10**exponent itself never overflows."""
    if exponent == 0:
        return list(values)
    half = exponent // 2
    first, second = 10.0**-half, 10.0 ** (half - exponent)
    return [v * first * second for v in values]


def _axis_label(label: str | None, exponent: int) -> str | None:
    if exponent == 0:
        return label
    unit = t("plot.scaled", exponent=exponent)
    return f"{label} ({unit})" if label else unit


def _groups(figure: Figure, width: int) -> int:
    """Column groups a line of ``figure`` is reduced to (see DRAW_BUDGET)."""
    lines = sum(1 for s in figure.series if s.kind == "line") or 1
    return max(8, min(width, DRAW_BUDGET * width // (4 * lines)))


def _reduce(
    series: Series, xs: list[float], ys: list[float], groups: int, width: int, height: int
) -> tuple[list[float], list[float]]:
    """What the canvas can show of a long series (lines in x order, and scatter points)."""
    if series.kind == "line":
        if len(xs) <= 4 * groups or any(b < a for a, b in pairwise(xs)):
            return xs, ys
        return _columns(xs, ys, groups)
    if len(xs) <= 4 * width * height:
        return xs, ys
    return _cells(xs, ys, 2 * width, 2 * height)


def _columns(xs: list[float], ys: list[float], columns: int) -> tuple[list[float], list[float]]:
    """Per column of sorted ``xs``: its first, lowest, highest and last point, in order."""
    low, span = xs[0], (xs[-1] - xs[0]) or 1.0
    keep: list[int] = []
    start = 0
    while start < len(xs):
        column = min(columns - 1, int((xs[start] - low) / span * columns))
        end = start
        while end + 1 < len(xs) and min(columns - 1, int((xs[end + 1] - low) / span * columns)) == column:
            end += 1
        part = range(start, end + 1)
        lowest = min(part, key=ys.__getitem__)
        highest = max(part, key=ys.__getitem__)
        keep.extend(sorted({start, lowest, highest, end}))
        start = end + 1
    return [xs[i] for i in keep], [ys[i] for i in keep]


def _cells(xs: list[float], ys: list[float], columns: int, rows: int) -> tuple[list[float], list[float]]:
    """One point per cell of a ``columns`` x ``rows`` grid over the data's range."""
    x0, y0 = min(xs), min(ys)
    xspan, yspan = (max(xs) - x0) or 1.0, (max(ys) - y0) or 1.0
    seen: dict[tuple[int, int], int] = {}
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        seen.setdefault((int((x - x0) / xspan * columns), int((y - y0) / yspan * rows)), i)
    keep = sorted(seen.values())
    return [xs[i] for i in keep], [ys[i] for i in keep]
