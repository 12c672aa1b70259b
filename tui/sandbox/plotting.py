"""Plotting helpers present in every cell namespace, and the figures they collect.

For lesson authors, every cell can call:

``plot(x, y=None, *, label=None, title=None, xlabel=None, ylabel=None)``
    A line series. With one argument it is ``y`` and ``x`` is 0..n-1. Consecutive
    calls in one cell add series to the same figure (one legend, several curves);
    ``title``/``xlabel``/``ylabel`` set that figure's texts.
``scatter(x, y, *, label=None, title=None, xlabel=None, ylabel=None)``
    The same, drawn as points.
``bar(labels, values, *, title=None, ylabel=None)``
    A bar chart in a figure of its own; ``labels`` are shown as strings.
``figure(title=None, xlabel=None, ylabel=None)``
    Start a new figure, so one cell can draw two plots.
``show_image(image, *, title=None)``
    Draw a picture in colour blocks: an (h, w, 3) RGB array (floats in [0, 1] or
    integers 0..255) or an (h, w) greyscale one. Pictures larger than 64 pixels
    on a side are shrunk by sampling.
``live_plot(title=None, xlabel=None, ylabel=None)``
    A new figure that redraws while the cell runs. ``lp.add(x, y, label="cost")``
    appends one point to the series ``label``; the UI gets up to ~15 updates a
    second plus a final one, e.g. a cost curve growing during a training loop.

Data may be lists, tuples, NumPy arrays of any shape with at most one dimension
longer than 1 (``(m,)``, ``(1, m)``, ``(m, 1)``), ints or floats; ``x`` and ``y``
need the same number of values. NaN and ±inf points, and values beyond ±1e300 (too
large for the terminal plotter), are dropped with a note on the figure, an empty
series is drawn as "nothing to plot", and long series are thinned evenly to about
2,000 points so messages stay small. A cell keeps at most 16 figures of at most 16
series each; titles and labels longer than 200 characters are shortened (with a note).
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from tui.figures import (
    MAX_BAR_LABEL,
    MAX_FIGURES,
    MAX_IMAGE_SIDE,
    MAX_MAGNITUDE,
    MAX_SERIES,
    MAX_TEXT,
    Figure,
    Series,
    SeriesKind,
    drawable,
    even_indices,
    series_limit,
    shorten,
)
from tui.i18n import t
from tui.sandbox.outbox import Outbox

LIVE_INTERVAL = 1 / 15
"""Seconds between streamed snapshots of changing figures."""


def _text(value: Any, limit: int = MAX_TEXT) -> tuple[str, bool]:
    """``value`` as text of at most ``limit`` characters, and whether it had to be cut."""
    text = value if isinstance(value, str) else str(value)
    short = shorten(text, limit)
    return short, short is not text


class _Series:
    def __init__(self, label: str | None, kind: SeriesKind) -> None:
        self.label = label
        self.kind: SeriesKind = kind
        self.x: list[Any] = []
        self.y: list[float] = []
        self.dropped = 0  # NaN and ±inf points
        self.huge = 0  # finite points beyond ±MAX_MAGNITUDE

    def snapshot(self, number: int, limit: int) -> tuple[Series, list[str]]:
        name = f"'{self.label}'" if self.label else t("plot.series_number", number=number)
        notes = []
        if self.dropped == 1:
            notes.append(t("plot.dropped_one", name=name))
        elif self.dropped:
            notes.append(t("plot.dropped_many", count=self.dropped, name=name))
        if self.huge:
            notes.append(t("plot.huge", count=self.huge, name=name, limit=f"{MAX_MAGNITUDE:g}"))
        if not self.y:
            notes.append(t("plot.no_points", name=name))
        x, y, keep = self.x, self.y, even_indices(len(self.y), limit)
        if keep is not None:
            x, y = [x[i] for i in keep], [y[i] for i in keep]
        return Series(x=x, y=y, label=self.label, kind=self.kind), notes


class _Canvas:
    """A figure being drawn: its texts and full series data."""

    def __init__(self, title: Any, xlabel: Any, ylabel: Any) -> None:
        self.title: str | None = None
        self.xlabel: str | None = None
        self.ylabel: str | None = None
        self.shortened = False  # a text was cut to MAX_TEXT characters
        self.label(title, xlabel, ylabel)
        self.series: list[_Series] = []
        self.overflow = False
        self.image: list[list[list[int]]] | None = None

    def text(self, value: Any, limit: int = MAX_TEXT) -> str:
        """``value`` as a figure text, cut to ``limit`` characters (noted on the figure)."""
        text, cut = _text(value, limit)
        self.shortened = self.shortened or cut
        return text

    def label(self, title: Any, xlabel: Any, ylabel: Any) -> None:
        if title is not None:
            self.title = self.text(title)
        if xlabel is not None:
            self.xlabel = self.text(xlabel)
        if ylabel is not None:
            self.ylabel = self.text(ylabel)

    def family(self) -> str | None:
        return None if not self.series else "bar" if self.series[0].kind == "bar" else "xy"

    def add(self, series: _Series) -> None:
        if len(self.series) < MAX_SERIES:
            self.series.append(series)
        else:
            self.overflow = True

    def named(self, label: Any) -> _Series:
        label = self.text(label)
        for series in self.series:
            if series.label == label:
                return series
        series = _Series(label, "line")
        self.add(series)
        return series

    def to_dict(self) -> dict[str, Any]:
        figure = Figure(title=self.title, xlabel=self.xlabel, ylabel=self.ylabel)
        limit = series_limit(len(self.series))
        for number, series in enumerate(self.series, 1):
            snapshot, notes = series.snapshot(number, limit)
            figure.series.append(snapshot)
            figure.notes.extend(notes)
        if self.image is not None:
            figure.image = [[(r, g, b) for r, g, b in row] for row in self.image]
        elif not self.series:
            figure.notes.append(t("plot.nothing"))
        if self.overflow:
            figure.notes.append(t("plot.too_many_series", count=MAX_SERIES))
        if self.shortened:
            figure.notes.append(t("plot.shortened", count=MAX_TEXT))
        return figure.to_dict()


class Plots:
    """The figures of the running cell; streams changed ones to the outbox, throttled."""

    def __init__(self, outbox: Outbox) -> None:
        self._outbox = outbox
        self.begin()

    def begin(self) -> None:
        self._figures: list[_Canvas] = []
        self._current: _Canvas | None = None
        self._dirty: set[int] = set()
        self._last_emit = 0.0
        self._overflow = False

    def new(self, title: Any = None, xlabel: Any = None, ylabel: Any = None) -> _Canvas:
        self._current = _Canvas(title, xlabel, ylabel)
        return self._current

    def current(self, family: str) -> _Canvas:
        """The figure for a new series: lines and points share one, bars and images get their own."""
        canvas = self._current
        if (
            canvas is not None
            and canvas.image is None
            and (not canvas.series or family == canvas.family() == "xy")
        ):
            return canvas
        return self.new()

    def touch(self, canvas: _Canvas) -> None:
        """Mark ``canvas`` changed (adopting it, e.g. a live plot from an earlier cell)."""
        if canvas not in self._figures:
            if len(self._figures) >= MAX_FIGURES:
                self._overflow = True
                return
            self._figures.append(canvas)
        self._dirty.add(self._figures.index(canvas))
        if time.monotonic() - self._last_emit >= LIVE_INTERVAL:
            self.flush()

    def flush(self) -> list[str]:
        """Send every changed figure now; returns notes for the cell's result."""
        for index in sorted(self._dirty):
            self._outbox.put_plot(index, self._figures[index].to_dict())
        self._dirty.clear()
        self._last_emit = time.monotonic()
        return [t("plot.too_many_figures", count=MAX_FIGURES)] if self._overflow else []


_plots: Plots | None = None


def install(plots: Plots) -> dict[str, Any]:
    """Bind the helpers to ``plots``; returns them for a cell namespace."""
    global _plots
    _plots = plots
    return {f.__name__: f for f in (plot, scatter, bar, figure, live_plot, show_image)}


def _collector() -> Plots:
    if _plots is None:
        raise RuntimeError("plotting helpers are not installed")
    return _plots


def _numbers(function: str, name: str, data: Any) -> np.ndarray:
    """``data`` as a 1-D float array, or an error a learner can act on."""
    try:
        array = np.asarray(data)
    except (TypeError, ValueError):
        raise TypeError(f"{function}(): {name} must be a list or array of numbers") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{function}(): {name} must be numbers, got {type(data).__name__} of dtype {array.dtype}"
        )
    if sum(size > 1 for size in array.shape) > 1:
        raise ValueError(
            f"{function}(): {name} has shape {array.shape}; pass one row or column, "
            f"e.g. {name}[0], or flatten it with {name}.ravel()"
        )
    return array.astype(float).ravel()


def _series(function: str, kind: SeriesKind, x: Any, y: Any) -> _Series:
    """A series from ``x``/``y`` with undrawable points dropped and long data thinned."""
    ys = _numbers(function, "y", y)
    if kind == "bar":
        labels = np.asarray(x, dtype=object).ravel()
        xs = np.empty(len(labels), dtype=object)
        xs[:] = [str(v) for v in labels]
    else:
        xs = _numbers(function, "x", x)
    if len(xs) != len(ys):
        raise ValueError(f"{function}(): x has {len(xs)} values but y has {len(ys)}")
    finite = np.isfinite(ys) if kind == "bar" else np.isfinite(xs) & np.isfinite(ys)
    with np.errstate(invalid="ignore"):
        small = np.abs(ys) <= MAX_MAGNITUDE
        if kind != "bar":
            small &= np.abs(xs) <= MAX_MAGNITUDE
    keep = finite & small
    xs, ys = xs[keep], ys[keep]
    indices = even_indices(len(ys))
    if indices is not None:  # thin in NumPy: never a Python list of a huge array
        xs, ys = xs[indices], ys[indices]
    series = _Series(None, kind)
    series.dropped = int(finite.size - np.count_nonzero(finite))
    series.huge = int(np.count_nonzero(finite & ~small))
    series.x, series.y = xs.tolist(), ys.tolist()
    return series


def _draw(function: str, kind: SeriesKind, x: Any, y: Any, label: Any, texts: tuple[Any, Any, Any]) -> None:
    plots = _collector()
    series = _series(function, kind, x, y)
    canvas = plots.current("bar" if kind == "bar" else "xy")
    if label is not None:
        series.label = canvas.text(label)
    if kind == "bar":
        series.x = [canvas.text(name, MAX_BAR_LABEL) for name in series.x]
    canvas.label(*texts)
    canvas.add(series)
    plots.touch(canvas)


def plot(
    x: Any,
    y: Any = None,
    *,
    label: Any = None,
    title: Any = None,
    xlabel: Any = None,
    ylabel: Any = None,
) -> None:
    """Draw a line; ``plot(y)`` uses 0..n-1 for x. Repeated calls share one figure."""
    if y is None:
        x, y = np.arange(len(_numbers("plot", "y", x))), x
    _draw("plot", "line", x, y, label, (title, xlabel, ylabel))


def scatter(
    x: Any,
    y: Any,
    *,
    label: Any = None,
    title: Any = None,
    xlabel: Any = None,
    ylabel: Any = None,
) -> None:
    """Draw points. Repeated calls share one figure."""
    _draw("scatter", "scatter", x, y, label, (title, xlabel, ylabel))


def bar(labels: Any, values: Any, *, title: Any = None, ylabel: Any = None) -> None:
    """Draw a bar chart (labels shown as text) in a figure of its own."""
    _draw("bar", "bar", labels, values, None, (title, None, ylabel))


def figure(title: Any = None, xlabel: Any = None, ylabel: Any = None) -> None:
    """Start a new figure: the next plot() or scatter() draws on it."""
    plots = _collector()
    plots.touch(plots.new(title, xlabel, ylabel))


class LivePlot:
    """A figure that redraws while the cell runs; see ``live_plot``."""

    def __init__(self, canvas: _Canvas) -> None:
        self._canvas = canvas

    def __repr__(self) -> str:
        return f"<live plot {self._canvas.title!r}>"

    def add(self, x: Any, y: Any, label: Any = "cost") -> None:
        """Append the point (x, y) to the series ``label`` and redraw soon."""
        point = [_scalar(name, value) for name, value in (("x", x), ("y", y))]
        series = self._canvas.named(label)
        if all(drawable(v) for v in point):
            series.x.append(point[0])
            series.y.append(point[1])
        elif all(math.isfinite(v) for v in point):
            series.huge += 1
        else:
            series.dropped += 1
        _collector().touch(self._canvas)


def _scalar(name: str, value: Any) -> float:
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"add(): {name} must be a number, got {type(value).__name__}") from None
    if array.size != 1:
        raise ValueError(f"add(): {name} must be one number, got shape {array.shape}")
    return float(array.reshape(()))


def live_plot(title: Any = None, xlabel: Any = None, ylabel: Any = None) -> LivePlot:
    """A new figure to grow point by point: ``lp = live_plot(); lp.add(i, cost)``."""
    plots = _collector()
    canvas = plots.new(title, xlabel, ylabel)
    plots.touch(canvas)
    return LivePlot(canvas)


def show_image(image: Any, *, title: Any = None) -> None:
    """Draw ``image`` ((h, w, 3) RGB or (h, w) grey) in colour blocks, in a figure of its own."""
    pixels = _pixels(image)
    plots = _collector()
    canvas = plots.new(title)
    canvas.image = pixels
    plots.touch(canvas)


def _pixels(image: Any) -> list[list[list[int]]]:
    """Rows of [r, g, b] in 0..255, at most MAX_IMAGE_SIDE on a side."""
    try:
        array = np.asarray(image)
    except (TypeError, ValueError):
        raise TypeError("show_image(): image must be an array of numbers") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"show_image(): image must be numbers, got dtype {array.dtype}")
    if array.ndim == 2:
        array = np.stack([array] * 3, axis=-1)
    if array.ndim != 3 or array.shape[2] != 3 or 0 in array.shape:
        raise ValueError(
            f"show_image(): image has shape {array.shape}; expected (height, width, 3) or (height, width)"
        )
    values = array.astype(float)
    if not np.isfinite(values).all():
        raise ValueError("show_image(): image contains NaN or infinite values")
    scale = 255.0 if array.dtype.kind == "f" and values.max(initial=0) <= 1.0 else 1.0
    step = max(1, -(-max(array.shape[:2]) // MAX_IMAGE_SIDE))
    values = np.clip(np.rint(values[::step, ::step] * scale), 0, 255)
    return values.astype(int).tolist()
