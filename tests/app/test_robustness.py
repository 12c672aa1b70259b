"""Bad input through the app: after each, the app still works and nothing is lost."""

from __future__ import annotations

import pytest
from textual import events
from textual.widget import Widget

from tests.harness.pilot import SIZE, cell_by_id, run_code, still_works, wait_for, wait_for_cell
from tui.messages import KernelCall, RunUpdate
from tui.runs import Finished
from tui.widgets.code_cell import CellEditor
from tui.widgets.plot import PlotView
from tui.widgets.sidebar import LessonList


@pytest.mark.parametrize(
    ("code", "status", "shown"),
    [
        ("x = bytearray(8 * 1024**3)", "error", "MemoryError"),
        ("import os\nos._exit(1)", "crashed", "restarted"),
        ("import ctypes\nctypes.string_at(0)", "crashed", "SIGSEGV"),
        ("print('x' * 10_000_000)", "ok", "truncated"),
        ("def f(:\n    pass", "error", "SyntaxError"),
        ("x = 1\x00 + 2", "error", "null"),
        ("print('\\x1b[2J\\x1b]0;pwned\\x07 visible')", "ok", "\\x1b[2J\\x1b]0;pwned\\x07 visible"),
        ("print('逻辑回归 σ(z) ✓')", "ok", "逻辑回归 σ(z) ✓"),
    ],
    ids=["memory-bomb", "os-exit", "segfault", "10MB-print", "syntax-error", "nul-byte", "escapes", "cjk"],
)
async def test_fault_in_a_cell(make_app, code: str, status: str, shown: str) -> None:
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        cell = cell_by_id(app, "make")
        assert await run_code(pilot, cell, code) == status
        assert shown in cell.output_text
        assert "\x1b" not in cell.output_text
        if status == "ok" and shown == "truncated":
            assert len(cell.output_text) < 100_000
        await still_works(pilot, app)
        assert cell.code == code  # the learner's code is still there to fix


async def test_crlf_and_a_one_megabyte_paste(make_app) -> None:
    # Compiling and running 90,000 lines takes ~5 s on a busy 2-core machine: more than
    # the default time limit, which is not what this test is about.
    app = make_app(start_lesson=1, kernel_timeout=60.0)
    async with app.run_test(size=SIZE) as pilot:
        cell = cell_by_id(app, "make")
        assert await run_code(pilot, cell, "a = 1\r\nb = 2\r\nprint(a + b)") == "ok"
        assert cell.output_text == "3"
        big = "total = 0\n" + "total += 1\n" * 90_000  # about 1 MB
        cell.editor.focus()
        cell.editor.select_all()
        cell.editor.replace(big + "print(total)", *cell.editor.selection)  # what a paste does
        await pilot.pause()
        await pilot.press("ctrl+r")
        assert await wait_for_cell(pilot, cell, timeout=60) == "ok", cell.output_text
        assert cell.output_text == "90000"
        await still_works(pilot, app)


async def test_nan_inf_and_empty_series_in_a_plot(make_app) -> None:
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        cell = cell_by_id(app, "make")
        code = (
            "y = np.array([1.0, np.nan, 2.0, np.inf, -np.inf, 3.0])\n"
            "plot(y, label='bumpy', title='with holes')\n"
            "figure(title='nothing')\n"
            "plot([], [])"
        )
        assert await run_code(pilot, cell, code) == "ok"
        await pilot.pause()
        first, second = cell.query(PlotView)
        assert "Dropped 3 non-finite points from 'bumpy'" in str(first.render())
        assert "nothing to plot" in str(second.render()).lower()


async def test_tiny_terminal_asks_for_room_and_recovers(make_app) -> None:
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        for size in ((20, 5), (1, 1), (59, 24), (80, 14)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.has_class("-too-small"), size
            assert app.query_one("#too-small").display
            assert not app.query_one("#main").display
        await pilot.resize_terminal(*SIZE)
        await pilot.pause()
        assert not app.has_class("-too-small")
        assert app.query_one("#main").display
        await still_works(pilot, app)


def burst(app, keys: list[str]) -> None:
    """Queue every key at once, as a fast typist or a paste over SSH delivers them."""
    for key in keys:
        character = key if len(key) == 1 else None
        app.post_message(events.Key(key, character))


async def test_a_burst_of_500_keys(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        sidebar = app.query_one(LessonList)
        burst(app, ["down", "j"] * 250)  # 500 moves: 500 % 3 lessons == 2, wrapped or clamped
        await wait_for(pilot, lambda: sidebar.highlighted == 2)
        await pilot.pause(0.2)
        assert sidebar.highlighted == 2
        await app.open_lesson(0)
        await pilot.press("tab")
        editor = app.focused
        assert isinstance(editor, CellEditor)
        editor.move_cursor(editor.document.end)
        burst(app, ["enter", "#", *("x" * 498)])
        await wait_for(pilot, lambda: editor.text.endswith("#" + "x" * 498))
        await wait_for(pilot, lambda: app.kernel_state == "ready")
        await still_works(pilot, app)


class Asker(Widget):
    """Stands in for a lesson widget: keeps what the run queue says about its calls."""

    def __init__(self) -> None:
        super().__init__()
        self.results = []

    def on_run_update(self, message: RunUpdate) -> None:
        if isinstance(message.event, Finished):
            self.results.append(message.event.result)


async def test_stop_key_also_stops_a_widget_computation(make_app) -> None:
    app = make_app(start_lesson=1, kernel_timeout=60.0)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.kernel_state == "ready")
        asker = Asker()
        await app.screen.mount(asker)
        race = {"n": 3_000_000, "loop_repeat": 100, "dot_repeat": 1}
        app.post_message(KernelCall(asker, "widgets.race", race, timeout=60.0))
        await wait_for(pilot, lambda: app.kernel_state == "running")
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: bool(asker.results))
        assert asker.results[0].cancelled
        await still_works(pilot, app)


async def test_kiosk_offers_no_way_out(make_app, monkeypatch) -> None:
    app = make_app(kiosk=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Screenshot" not in titles
        assert "Quit" in titles  # ending the session is the only way out
        opened = []
        monkeypatch.setattr("webbrowser.open", lambda *args, **kwargs: opened.append(args))
        app.open_url("https://example.com")
        suspended = []
        monkeypatch.setattr("textual.app.App.action_suspend_process", lambda self: suspended.append(self))
        app.action_suspend_process()
        assert opened == [] and suspended == []
