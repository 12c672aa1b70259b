"""What the learner sees at 80x24, compared with reviewed pictures (pytest --snapshot-update to accept).

The pictures live in tests/__snapshots__/; open the .svg files to see them.
"""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App, ComposeResult

import lessons
from tui.figures import Figure, Series
from tui.i18n import set_language
from tui.widgets.plot import PlotView


async def kernel_ready(pilot) -> None:
    for _ in range(200):
        if pilot.app.kernel_state == "ready":
            break
        await asyncio.sleep(0.05)
    await pilot.pause()


def test_welcome(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), run_before=kernel_ready)


def test_lesson_with_prose_table_and_cells(snap_compare) -> None:
    from tui.app import TutorialApp

    app = TutorialApp(lessons.load("en"), start_lesson=11, load_lessons=lessons.load)

    async def scroll_to_table(pilot) -> None:
        await kernel_ready(pilot)
        await pilot.press("pagedown", "pagedown", "pagedown", "pagedown", "pagedown", "pagedown")
        await pilot.pause()

    assert snap_compare(app, run_before=scroll_to_table)


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


def test_chinese_lesson(snap_compare, chinese) -> None:
    from tui.app import TutorialApp

    app = TutorialApp(lessons.load("zh"), lang="zh", start_lesson=2, load_lessons=lessons.load)
    assert snap_compare(app, run_before=kernel_ready)


def test_chinese_lesson_list(snap_compare, chinese) -> None:
    """Double-width titles in the list and keys in the bar, cut on whole characters."""
    from tui.app import TutorialApp

    app = TutorialApp(lessons.load("zh"), lang="zh", load_lessons=lessons.load)
    assert snap_compare(app, run_before=kernel_ready)


def test_help_screen(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), press=["f1"], run_before=kernel_ready)


class FigureApp(App[None]):
    CSS = "PlotView { height: 14; } PlotView.-image { height: auto; }"

    def compose(self) -> ComposeResult:
        steps = list(range(0, 2000, 50))
        yield PlotView(
            Figure(
                title="Training cost",
                xlabel="iteration",
                ylabel="J",
                series=[
                    Series(steps, [0.69 * 0.998**i for i in steps], label="α = 0.5"),
                    Series(steps, [0.69 * 0.9995**i for i in steps], label="α = 0.05"),
                ],
            )
        )
        sky, sun, grass = (90, 160, 230), (250, 220, 60), (60, 170, 70)
        picture = [[sky, sky, sun, sky], [sky, sky, sky, sky], [sky] * 4, [grass] * 4, [grass] * 4]
        yield PlotView(Figure(title="a 5x4 picture", image=picture))


def test_plot_and_picture(snap_compare) -> None:
    assert snap_compare(FigureApp(), terminal_size=(80, 40))
