"""Plot helpers in cells produce small, finite, well-described figures for the UI."""

from __future__ import annotations

import pytest

from tui.figures import Figure, Series
from tui.kernel import Kernel, PlotEvent

KERNEL_TIMEOUT = 3.0


async def test_two_series_share_one_figure(kernel: Kernel) -> None:
    code = (
        "x = np.linspace(0, 1, 5)\n"
        "plot(x, x**2, label='square', title='Curves', xlabel='x', ylabel='y')\n"
        "plot(x, np.sqrt(x), label='root')"
    )
    result = await kernel.run(code)
    assert result.status == "ok", result.error
    assert result.stdout == ""
    [figure] = result.plots
    assert (figure.title, figure.xlabel, figure.ylabel) == ("Curves", "x", "y")
    assert [s.label for s in figure.series] == ["square", "root"]
    assert [s.kind for s in figure.series] == ["line", "line"]
    assert figure.series[0].x == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert figure.series[0].y == [0.0, 0.0625, 0.25, 0.5625, 1.0]
    assert figure.notes == []


async def test_plot_with_only_y_uses_indices_and_accepts_any_1d_shape(kernel: Kernel) -> None:
    result = await kernel.run("costs = np.array([[3.0, 2.0, 1.5]])\nplot(costs)")
    assert result.plots[0].series[0].x == [0.0, 1.0, 2.0]
    assert result.plots[0].series[0].y == [3.0, 2.0, 1.5]
    result = await kernel.run("scatter(np.arange(3).reshape(3, 1), [1, 0, 1])")
    assert result.plots[0].series[0].kind == "scatter"
    assert result.plots[0].series[0].y == [1.0, 0.0, 1.0]


async def test_figure_starts_a_second_plot(kernel: Kernel) -> None:
    result = await kernel.run("plot([1, 2])\nfigure(title='second')\nscatter([0, 1], [1, 0])")
    assert len(result.plots) == 2
    assert result.plots[0].series[0].kind == "line"
    assert result.plots[1].title == "second"
    assert result.plots[1].series[0].kind == "scatter"


async def test_bar_chart(kernel: Kernel) -> None:
    result = await kernel.run("bar(['loop', 'np.dot'], [480.0, 1.2], title='Speed', ylabel='ms')")
    [figure] = result.plots
    assert figure.title == "Speed" and figure.ylabel == "ms"
    [series] = figure.series
    assert series.kind == "bar"
    assert series.x == ["loop", "np.dot"]
    assert series.y == [480.0, 1.2]


async def test_bars_and_lines_get_separate_figures(kernel: Kernel) -> None:
    result = await kernel.run("plot([1, 2])\nbar(['a'], [1])\nplot([2, 1])")
    assert [[s.kind for s in f.series] for f in result.plots] == [["line"], ["bar"], ["line"]]


async def test_non_finite_points_are_dropped_with_a_note(kernel: Kernel) -> None:
    code = "y = np.array([1.0, np.nan, 2.0, np.inf, -np.inf, 3.0])\nplot(y, label='cost')"
    result = await kernel.run(code)
    assert result.status == "ok"
    [series] = result.plots[0].series
    assert series.x == [0.0, 2.0, 5.0]
    assert series.y == [1.0, 2.0, 3.0]
    assert "Dropped 3 non-finite points from 'cost'." in result.plots[0].notes
    assert "Dropped 3 non-finite points from 'cost'." in result.notes


async def test_empty_series_is_allowed(kernel: Kernel) -> None:
    result = await kernel.run("plot([], [], label='nothing yet')")
    assert result.status == "ok"
    [series] = result.plots[0].series
    assert series.x == [] and series.y == []
    assert any("nothing to plot" in note.lower() for note in result.plots[0].notes)


async def test_long_series_are_thinned(kernel: Kernel) -> None:
    result = await kernel.run("x = np.arange(1_000_000)\nplot(x, x * 2.0)")
    [series] = result.plots[0].series
    assert 1000 <= len(series.x) <= 2001
    assert series.x[0] == 0.0 and series.x[-1] == 999_999.0
    assert series.y[-1] == 1_999_998.0


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("plot([1, 2, 3], [1, 2])", "ValueError: plot(): x has 3 values but y has 2"),
        ("plot(np.ones((3, 4)))", "ValueError: plot(): y has shape (3, 4)"),
        ("scatter(['a', 'b'], [1, 2])", "TypeError: scatter(): x must be numbers"),
        ("plot([1, [2, 3]])", "TypeError: plot(): y must be a list or array of numbers"),
        ("live_plot().add(1, 'high')", "TypeError: add(): y must be a number"),
    ],
)
async def test_bad_data_gives_a_clear_error(kernel: Kernel, code: str, message: str) -> None:
    result = await kernel.run(code)
    assert result.status == "error"
    assert message in (result.error or "")
    assert "plotting.py" not in (result.error or "")


async def test_live_plot_streams_while_the_cell_runs(kernel: Kernel) -> None:
    events: list[PlotEvent] = []

    def on_event(event: object) -> None:
        if isinstance(event, PlotEvent):
            events.append(event)

    code = (
        "import time\n"
        "lp = live_plot('Training', xlabel='iteration', ylabel='cost')\n"
        "for i in range(40):\n"
        "    lp.add(i, 1 / (i + 1))\n"
        "    time.sleep(0.01)\n"
        "lp.add(40, float('nan'))"
    )
    result = await kernel.run(code, on_event=on_event)
    assert result.status == "ok", result.error
    assert len(events) >= 3
    assert all(event.index == 0 for event in events)
    sizes = [len(e.figure.series[0].y) if e.figure.series else 0 for e in events]
    assert sizes == sorted(sizes) and sizes[-1] == 40
    assert sizes[0] < 40  # earlier snapshots were sent before the loop ended
    [figure] = result.plots
    assert figure.title == "Training"
    assert figure.series[0].label == "cost"
    assert figure.series[0].y[:2] == [1.0, 0.5]
    assert "Dropped 1 non-finite point from 'cost'." in figure.notes
    assert events[-1].figure == figure


async def test_live_plot_from_an_earlier_cell_keeps_growing(kernel: Kernel) -> None:
    await kernel.run("lp = live_plot('cost')\nlp.add(0, 1.0)")
    result = await kernel.run("lp.add(1, 0.5, label='cost')\nlp.add(0, 2.0, label='val')")
    [figure] = result.plots
    assert [s.label for s in figure.series] == ["cost", "val"]
    assert figure.series[0].y == [1.0, 0.5]


async def test_figure_texts_are_sanitised(kernel: Kernel) -> None:
    result = await kernel.run("plot([1], label='\\x1b[31mred', title='\\x07')")
    assert result.plots[0].title == "\\x07"
    assert result.plots[0].series[0].label == "\\x1b[31mred"


async def test_figure_count_is_capped(kernel: Kernel) -> None:
    result = await kernel.run("for i in range(30):\n    figure(title=str(i))\n    plot([i])")
    assert len(result.plots) == 16
    assert any("16 figures" in note for note in result.notes)


def test_figure_round_trip() -> None:
    figure = Figure(
        title="t",
        xlabel="x",
        ylabel=None,
        series=[Series([0.0, 1.0], [2.0, 3.0], "a", "scatter"), Series(["a"], [1.0], None, "bar")],
        notes=["n"],
    )
    assert Figure.from_dict(figure.to_dict()) == figure


def test_figure_from_bad_dict_raises() -> None:
    with pytest.raises(ValueError):
        Figure.from_dict({"series": [{"x": [1], "y": [], "kind": "line"}]})
    with pytest.raises(ValueError):
        Figure.from_dict({"series": [{"x": [], "y": [], "kind": "pie"}]})
