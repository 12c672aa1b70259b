"""A kernel that misbehaves, by accident or on purpose, never crashes or starves the UI.

Learner code runs in the kernel process, so it can write anything on the protocol
pipe: these cells find the kernel's own channel and send forged, huge or endless
messages, and the app must stay up, keep answering keys and keep working.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
from pathlib import Path

import pytest
from textual import events

from tests.harness.pilot import SIZE, cell_by_id, run_code, still_works, wait_for
from tui.kernel import Kernel
from tui.widgets.plot import PlotView
from tui.widgets.sidebar import LessonList

CHANNEL = (
    "import gc, json, os, time\n"
    "channel = next(o for o in gc.get_objects() if type(o).__name__ == 'Channel')\n"
    "outbox = next(o for o in gc.get_objects() if type(o).__name__ == 'Outbox')\n"
    "def forge(message):\n"
    "    channel.send(dict(message, id=outbox.run_id))\n"
)


async def test_huge_values_in_plots_do_not_crash_the_app(make_app) -> None:
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        cell = cell_by_id(app, "make")
        code = (
            "plot(np.exp(np.arange(710)))\nfigure()\nplot([0, 1e308])\nfigure()\nscatter([5e-324], [3e299])"
        )
        assert await run_code(pilot, cell, code) == "ok", cell.output_text
        await pilot.pause()
        exponential, limit, denormal = cell.query(PlotView)
        drawn = str(exponential.render())
        assert "┤" in drawn and "×1e299" in drawn
        assert "Dropped 19 point(s) beyond ±1e+300 from series 1" in drawn
        assert "beyond ±1e+300" in str(limit.render())
        assert "┤" in str(denormal.render())
        await still_works(pilot, app)


FORGERIES = CHANNEL + (
    "nan, inf = float('nan'), float('inf')\n"
    "forge({'t': 'plot', 'index': 0, 'figure': {'series': [{'x': [0, 1, 2], 'y': [nan, inf, 1e308]}]}})\n"
    "forge({'t': 'plot', 'index': 1, 'figure': {'title': 'i', 'image': [[[inf, 0, 0], [10**400, 1, 2]]]}})\n"
    "forge({'t': 'plot', 'index': 2, 'figure': {'image': [[['r', None, {}]]]}})\n"
    "forge({'t': 'plot', 'index': 3, 'figure': 5})\n"
    "forge({'t': 'plot', 'index': 200, 'figure': {'title': 'far'}})\n"
    "forge({'t': 'plot', 'index': -1, 'figure': {'title': 'negative'}})\n"
    "forge({'t': 'plot', 'index': '0', 'figure': {'title': 'text index'}})\n"
    "many = list(range(40_000))\n"
    "forge({'t': 'plot', 'index': 4, 'figure': {'series': [{'x': many, 'y': many}] * 2}})\n"
    "forge({'t': 'out', 'text': 5})\n"
    "forge({'t': 'out', 'text': ['a']})\n"
    "forge({'t': 'ready', 'bound': {'x': 1}})\n"
    "print('forged')\n"
)


async def test_forged_messages_do_not_crash_the_app(make_app) -> None:
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        cell = cell_by_id(app, "make")
        assert await run_code(pilot, cell, FORGERIES) == "ok", cell.output_text
        assert "forged" in cell.output_text
        await pilot.pause()
        views = list(cell.query(PlotView))
        assert len(views) <= 16  # index 200 was refused
        for view in views:
            view.render()  # nothing in them breaks drawing
        assert views[1].figure is not None and views[1].figure.image == [[(255, 0, 0), (255, 1, 2)]]
        await still_works(pilot, app)


async def test_a_forged_done_message_is_checked() -> None:
    async with Kernel(timeout=5) as k:
        code = CHANNEL + "forge({'t': 'done', 'status': 'ok', 'error': ['x'], 'elapsed': 'soon', 'notes': 5})"
        result = await k.run(code)
        assert result.status == "error" and result.error == "?"
        assert result.notes == []
        await asyncio.sleep(0.2)  # the real "done" of that cell arrives late and is ignored
        assert (await k.run("6 * 7")).stdout == "42\n"


async def test_a_50_megabyte_title_is_cut_in_the_kernel() -> None:
    async with Kernel(timeout=5) as k:
        started = time.monotonic()
        result = await k.run("plot([1, 2], title='x' * 50_000_000, label='y' * 1000)")
        assert result.status == "ok", result.error
        assert time.monotonic() - started < 4  # it took ~20 s to send, and timed out
        [figure] = result.plots
        assert len(figure.title or "") == 200 and len(figure.series[0].label or "") == 200
        assert "Titles and labels longer than 200 characters are shortened." in result.notes


@pytest.mark.parametrize(
    "line",
    ["b'[' * 20_000_000", "b'[' + b'1,' * 300_000 + b'1]'"],
    ids=["20-megabytes", "300000-items"],
)
async def test_a_message_too_long_to_read_is_dropped_with_a_note(line: str) -> None:
    async with Kernel(timeout=10) as k:
        result = await k.run(CHANNEL + f"os.write(channel._fd, {line} + b'\\n')\nprint('after')")
        assert result.status == "ok", result.error
        assert result.stdout == "after\n"
        assert (
            "The kernel sent a message too long to read (over 16 MB, or too many items); it was ignored."
            in result.notes
        )


UNTIL_STOPPED = "end = time.monotonic() + 60\nwhile time.monotonic() < end and not os.path.exists('stop'):\n"
"""Floods go on until the test creates ``stop`` in the kernel's directory (on a loaded
machine the measurement is slow, and a flood of fixed length could end first)."""

GARBAGE_FLOOD = CHANNEL + UNTIL_STOPPED + "    os.write(channel._fd, b'x' * 65536)\n"

PLOT_FLOOD = (
    CHANNEL + "import random\n"
    "forge({'t': 'plot', 'index': 0, 'figure': {'title': 'flood'}})\n"
    "time.sleep(1.5)  # the test scrolls the plot into view: on screen, every update is drawn\n"
    "def line():\n"
    "    series = [{'x': list(range(1000)), 'y': [random.random() for _ in range(1000)], 'label': str(k)}\n"
    "              for k in range(16)]\n"
    "    figure = {'title': 'flood', 'series': series}\n"
    "    message = {'t': 'plot', 'id': outbox.run_id, 'index': 0, 'figure': figure}\n"
    "    return json.dumps(message).encode() + b'\\n'\n"
    "lines = [line() for _ in range(4)]\n"
    "assert max(line.count(b',') for line in lines) < 250_000  # small enough to be parsed\n"
    + UNTIL_STOPPED
    + "    with channel._lock:\n"
    "        os.write(channel._fd, random.choice(lines))\n"
)


@pytest.mark.slow
@pytest.mark.parametrize("flood", [GARBAGE_FLOOD, PLOT_FLOOD], ids=["endless-line", "biggest-plots"])
async def test_keys_are_answered_while_the_kernel_floods_the_pipe(make_app, flood: str) -> None:
    app = make_app(start_lesson=1, kernel_timeout=30.0)
    async with app.run_test(size=SIZE) as pilot:
        cell = cell_by_id(app, "make")
        await wait_for(pilot, lambda: app.kernel_state == "ready")
        cell.replace_code(flood)
        cell.action_run_cell()  # not pilot.press: it waits for the app to be idle, which a flood delays
        loop = asyncio.get_running_loop()
        started = loop.time()
        while cell.state != "running":
            assert loop.time() - started < 20, f"the cell never ran ({cell.state})"
            await asyncio.sleep(0.01)
        if flood is PLOT_FLOOD:  # on screen, so it is drawn (16 series: costly) as updates arrive
            while not cell.query(PlotView) and loop.time() - started < 10:
                await asyncio.sleep(0.01)
            cell.query_one(PlotView).scroll_visible(animate=False, top=True)
            await asyncio.sleep(1.5)
        await asyncio.sleep(0.5)  # the flood is under way
        sidebar = app.query_one(LessonList)
        sidebar.focus()
        latencies, lags = [], []
        for key in ["down", "up"] * 5:
            highlighted = sidebar.highlighted
            pressed = loop.time()
            app.post_message(events.Key(key, None))
            while sidebar.highlighted == highlighted and loop.time() - pressed < 5:
                before = loop.time()
                await asyncio.sleep(0.005)
                lags.append(loop.time() - before - 0.005)
            latencies.append(loop.time() - pressed)
            await asyncio.sleep(0.1)
        assert cell.state == "running", (
            f"the flood ended before the keys were measured ({loop.time() - started:.1f} s)"
        )
        assert app.kernel.pid is not None
        (Path(os.readlink(f"/proc/{app.kernel.pid}/cwd")) / "stop").touch()
        assert statistics.median(latencies) < 0.1, latencies
        assert max(latencies) < 0.5, latencies
        assert max(lags) < 0.25, max(lags)
        await wait_for(pilot, lambda: cell.state != "running", timeout=30)
        assert cell.state == "ok", cell.output_text
        if flood is PLOT_FLOOD:
            await wait_for(pilot, lambda: "flood" in str(cell.query_one(PlotView).render()))
        await still_works(pilot, app)


async def test_quitting_while_a_cell_floods_the_pipe_ends_the_app(make_app) -> None:
    """The app's shutdown stops the running cell and ends, however busy the kernel is
    (it used to wait for ever when the cell's own cancellation won a race)."""
    app = make_app(start_lesson=1, kernel_timeout=60.0)

    async def session() -> None:
        async with app.run_test(size=SIZE):
            cell = cell_by_id(app, "make")
            loop = asyncio.get_running_loop()
            started = loop.time()
            while app.kernel_state != "ready":
                assert loop.time() - started < 30
                await asyncio.sleep(0.05)
            cell.replace_code(PLOT_FLOOD)
            cell.action_run_cell()
            while not cell.query(PlotView):
                assert loop.time() - started < 30
                await asyncio.sleep(0.01)
            cell.query_one(PlotView).scroll_visible(animate=False, top=True)
            await asyncio.sleep(2.5)  # flooding now
        # leaving run_test quits the app with the cell still running

    task = asyncio.create_task(session())
    done, _ = await asyncio.wait({task}, timeout=60)
    assert task in done, "the app did not end"
    task.result()
