"""Turn a `Figure` from the kernel into terminal text with plotext.

Kept apart from the widget so it can be tested without an app, and so plotext
(whose state is global) is only touched from one place. plotext is imported on
first use: the first screen never pays for it.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

from tui.figures import Figure

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


@cache
def _plotext() -> ModuleType:
    import plotext

    return plotext


def render_figure(figure: Figure, width: int, height: int, *, mono: bool = False, ascii: bool = False) -> str:
    """Draw ``figure`` in a ``width`` x ``height`` box; ANSI colours unless ``mono``.

    Returns "" when the box is too small to draw anything legible.
    """
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return ""
    plt = _plotext()
    plt.clf()
    plt.plotsize(width, height)
    plt.theme("clear")
    mono = mono or ascii
    bars = [s for s in figure.series if s.kind == "bar"]
    if bars:
        series = bars[0]
        plt.bar(
            [str(label) for label in series.x],
            series.y,
            color=None if mono else COLOURS[0],
            marker="#" if ascii else "sd",
        )
    for number, series in enumerate(s for s in figure.series if s.kind != "bar"):
        if not series.x:
            continue
        options = {
            "label": series.label,
            "color": None if mono else COLOURS[number % len(COLOURS)],
            "marker": MONO_MARKERS[number % len(MONO_MARKERS)] if mono else "hd",
        }
        draw = plt.scatter if series.kind == "scatter" else plt.plot
        draw(series.x, series.y, **options)
    if figure.title:
        plt.title(figure.title)
    if figure.xlabel:
        plt.xlabel(figure.xlabel)
    if figure.ylabel:
        plt.ylabel(figure.ylabel)
    canvas = plt.build()
    if mono:
        canvas = plt.uncolorize(canvas)
    if ascii:
        canvas = canvas.translate(ASCII_FRAME)
    return canvas
