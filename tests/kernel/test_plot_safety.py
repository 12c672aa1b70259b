"""No value, however odd, crashes the drawing of a plot, and what arrives from the kernel is bounded.

plotext 5.3 raises OverflowError or ValueError on ranges near the float limit, on
denormals and on huge bar values; the UI draws such axes in scaled units, and if
plotext still fails it shows one line instead of crashing the app.
"""

from __future__ import annotations

import json
import math
import time

import pytest

from tui import figure_render, figures
from tui.figure_render import render_figure
from tui.figures import Figure, Series
from tui.i18n import t
from tui.sandbox.protocol import LineDecoder, encode

# Each of these raised inside plotext before (found by fuzzing plotext 5.3).
ODD = [
    ("line", [0.0, 1.0], [0.0, 1e307]),
    ("line", [0.0, 1.0], [-1.7e308, 1.7e308]),
    ("line", [0.0, 1.0], [1.7e308, 1.7e308]),
    ("line", [0.0, 1e308], [0.0, 1.0]),
    ("scatter", [7.87e-319], [3.3e299]),
    ("line", [5e-324], [3.9e-311]),
    ("bar", ["a"], [4.07e-312]),
    ("bar", ["a"], [2.75e31]),
    ("bar", ["a", "b", "c", "d"], [3.3e14, 8.3e-09, -5.9e-12, -5.4e14]),
    ("scatter", [5.05e195, -333439.0], [-1.0000000000000086e-300, -1.0000000000000058e-300]),
]


@pytest.mark.parametrize(("kind", "xs", "ys"), ODD)
@pytest.mark.parametrize("mono", [False, True])
def test_odd_values_are_drawn(kind: str, xs: list, ys: list[float], mono: bool) -> None:
    canvas = render_figure(Figure(series=[Series(xs, ys, kind=kind)]), 60, 14, mono=mono)
    assert canvas and t("plot.cannot_draw") not in canvas
    assert "┤" in canvas  # an axis with tick labels was drawn


def test_an_exponential_up_to_the_float_limit_is_drawn_in_scaled_units() -> None:
    xs = [float(i) for i in range(710)]
    figure = Figure(ylabel="e^x", series=[Series(xs, [math.exp(x) for x in xs])])
    canvas = render_figure(figure, 70, 16, mono=True)
    assert "e^x (×1e307)" in canvas
    assert max(len(line) for line in canvas.splitlines()) <= 70  # tick labels stay short


def test_a_plotext_failure_becomes_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise OverflowError("cannot convert float infinity to integer")

    monkeypatch.setattr(figure_render, "_exponent", broken)
    assert render_figure(Figure(series=[Series([0.0], [1.0])]), 40, 10) == t("plot.cannot_draw")


def test_long_series_are_reduced_to_what_the_canvas_shows() -> None:
    n, MAX_SERIES = 2000, 16
    spiky = [1.0 if i == 1234 else 0.0 for i in range(n)]
    figure = Figure(series=[Series([float(i) for i in range(n)], spiky, kind="line")] * MAX_SERIES)
    started = time.perf_counter()
    canvas = render_figure(figure, 76, 14, mono=True)
    took = time.perf_counter() - started
    top = canvas.splitlines()[1]
    assert top.startswith("1.00┤") and top.count("+") == 1  # the one spike is still drawn
    assert took < 2.0  # unreduced, 16 x 2000 points took about 1.5 s
    assert figure_render.cost(figure, 76, 14) <= MAX_SERIES * 4 * 76


# -- what the UI accepts from a kernel ------------------------------------------------------


def test_figures_from_a_kernel_are_bounded() -> None:
    huge = {
        "title": "t" * 10_000_000,
        "xlabel": ["not", "text"],
        "ylabel": 10**400,
        "series": [{"x": list(range(1_000_000)), "y": [1.0] * 1_000_000, "label": "l" * 5000}] * 100,
        "notes": ["n" * 100_000] * 1000,
    }
    figure = Figure.from_dict(huge)
    MAX_SERIES, MAX_TEXT = figures.MAX_SERIES, figures.MAX_TEXT
    assert len(figure.title or "") == MAX_TEXT and figure.title.endswith("…")
    assert figure.xlabel == "list"
    assert len(figure.ylabel or "") == MAX_TEXT
    assert len(figure.series) == MAX_SERIES
    assert all(len(s.x) == len(s.y) == 250 for s in figure.series)  # 4,000 points per figure
    assert figure.series[0].x[-1] == 999_999.0  # thinned evenly, last point kept
    assert len(figure.series[0].label or "") == MAX_TEXT
    assert len(figure.notes) <= 32 and all(len(note) <= MAX_TEXT for note in figure.notes)


def test_one_long_series_keeps_2000_points() -> None:
    figure = Figure.from_dict({"series": [{"x": list(range(10**5)), "y": [0.5] * 10**5}]})
    assert len(figure.series[0].x) == 2000 and figure.series[0].x[-1] == 99_999.0


def test_values_that_cannot_be_drawn_are_left_out() -> None:
    raw = json.loads(
        '{"series": [{"x": [0, 1, 2, 3, 4, 5, 6, 7], '
        '"y": [NaN, Infinity, -Infinity, 1e308, "7", null, true, 2.5]}]}'
    )
    raw["series"][0]["y"][5] = 10**400
    [series] = Figure.from_dict(raw).series
    assert series.x == [7.0] and series.y == [2.5]


@pytest.mark.parametrize(
    "pixel",
    [[float("inf"), 0, 0], [float("nan"), 1, 2], [10**400, -(10**400), 3], ["red", None, {}], [1e308, 0, 0]],
)
def test_odd_pixels_are_clamped(pixel: list) -> None:
    figure = Figure.from_dict({"image": [[pixel, [1, 2, 3]]]})
    assert figure.image is not None
    assert all(0 <= channel <= 255 for channel in figure.image[0][0])
    assert figure.image[0][1] == (1, 2, 3)


@pytest.mark.parametrize(
    "bad",
    [5, "figure", None, {"series": 5}, {"series": [5]}, {"image": [[1, 2]]}, {"image": [[[1, 2]]]}],
)
def test_a_figure_that_is_not_one_is_a_value_error(bad: object) -> None:
    with pytest.raises(ValueError):
        Figure.from_dict(bad)


# -- the protocol's line decoder --------------------------------------------------------------


def test_a_line_without_end_costs_linear_time_and_bounded_memory() -> None:
    decoder = LineDecoder(max_line=1024**2)
    chunk = b"x" * 65536
    started = time.perf_counter()
    for _ in range(512):  # 32 MB, never a newline (re-joining per read made this quadratic)
        assert decoder.feed(chunk) == []
    took = time.perf_counter() - started
    assert took < 1.0
    assert decoder.dropped == 1
    assert decoder.feed(b"tail of the garbage\n" + encode({"t": "out", "text": "next"})) == [
        {"t": "out", "text": "next"}
    ]


def test_an_over_long_line_is_dropped_and_the_next_one_kept() -> None:
    decoder = LineDecoder(max_line=100)
    message = encode({"t": "done", "id": 1})
    assert decoder.feed(b"y" * 150 + b"\n" + message) == [{"t": "done", "id": 1}]
    assert decoder.feed(b"z" * 60) == []
    assert decoder.feed(b"z" * 60 + b"\n" + message[:5]) == []
    assert decoder.feed(message[5:]) == [{"t": "done", "id": 1}]
    assert decoder.dropped == 2


def test_a_line_with_too_many_items_is_never_parsed() -> None:
    decoder = LineDecoder(max_tokens=1000)
    items = b"[" + b"1," * 1001 + b"1]\n"
    assert decoder.feed(items[:500]) == []
    assert decoder.feed(items[500:] + encode({"t": "ready"})) == [{"t": "ready"}]
    assert decoder.feed(b"[" + b"1," * 999 + b"1]\n") == []  # parsed: a list, not a message
    assert decoder.dropped == 1


def test_garbage_lines_are_skipped() -> None:
    decoder = LineDecoder()
    junk = b"[" * 100_000 + b"\n" + b"\xff\xfe\n" + b"[1, 2]\n" + b"{bad json\n"
    assert decoder.feed(junk + encode({"t": "ready"})) == [{"t": "ready"}]
