"""The app as a learner uses it, driven with Textual's Pilot against a real kernel."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import ContentSwitcher

import lessons
from tests.harness.pilot import SIZE, cell_by_id, wait_for, wait_for_cell
from tui.screens.help import HelpScreen
from tui.widgets.code_cell import CellEditor, CodeCell
from tui.widgets.header import AppHeader
from tui.widgets.lesson_view import LessonHeading, LessonView
from tui.widgets.plot import PlotView
from tui.widgets.prose import ProseView
from tui.widgets.sidebar import LessonList


def output_of(cell: CodeCell) -> str:
    return cell.output_text


async def test_starts_on_the_sidebar_with_lesson_one_and_a_kernel(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        sidebar = app.query_one(LessonList)
        assert app.focused is sidebar
        assert sidebar.highlighted == 0
        assert app.query_one(ContentSwitcher).current == "welcome"
        await wait_for(pilot, lambda: app.kernel_state == "ready")
        assert str(app.query_one(AppHeader).render()).rstrip().endswith("kernel ready")


async def test_keyboard_navigation_opens_lessons(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        sidebar = app.query_one(LessonList)
        await pilot.press("down", "j")
        assert sidebar.highlighted == 2
        await pilot.press("k", "up")
        assert sidebar.highlighted == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one(ContentSwitcher).current == "lesson-01"
        assert isinstance(app.focused, LessonHeading)
        assert app.query_one(AppHeader).lesson_title == "01  First steps"
        prose = app.query_one(LessonView).query(ProseView)
        assert "Some prose about **arrays**." in prose.first().plain
        await pilot.press("n")
        assert app.query_one(ContentSwitcher).current == "lesson-02"
        await pilot.press("n", "n")  # past the last lesson stays on the last
        assert app.query_one(ContentSwitcher).current == "lesson-03"
        await pilot.press("p")
        assert app.query_one(ContentSwitcher).current == "lesson-02"
        await pilot.press("escape")  # from the lesson back to the list
        assert app.focused is sidebar
        assert sidebar.display


async def test_start_lesson_deep_link(make_app) -> None:
    app = make_app(start_lesson=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.query_one(ContentSwitcher).current == "lesson-02"
        assert app.query_one(AppHeader).lesson_title == "02  Plots"


async def test_edit_and_run_a_cell_then_reset_it(make_app) -> None:
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        editor = app.focused
        assert isinstance(editor, CellEditor)
        cell = cell_by_id(app, "make")
        await pilot.press("ctrl+r")
        assert await wait_for_cell(pilot, cell) == "ok"
        assert output_of(cell) == "shape (2, 3)"
        # edit: add a line at the end, with the keyboard, and run again
        editor.move_cursor(editor.document.end)
        await pilot.press("enter", *"print(a[1, 2])")
        await pilot.press("ctrl+r")
        assert await wait_for_cell(pilot, cell) == "ok"
        assert output_of(cell) == "shape (2, 3)\n5"
        # the second cell sees the first cell's variables: Escape leaves the editor
        # (Tab there indents or completes), Tab goes on to the next cell
        await pilot.press("escape", "tab")
        assert app.focused is cell_by_id(app, "use").editor
        await pilot.press("ctrl+r")
        second = cell_by_id(app, "use")
        assert await wait_for_cell(pilot, second) == "ok"
        assert output_of(second) == "total 15"
        # reset the first cell to the lesson's code
        editor.focus()
        await pilot.press("ctrl+o")
        assert cell.code == cell.block.code


async def test_a_name_made_by_a_cell_not_run_yet_is_explained(make_app) -> None:
    """Running the second cell first: the NameError says which cell above makes the name."""
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        second = cell_by_id(app, "use")
        second.editor.focus()
        await pilot.press("ctrl+r")
        assert await wait_for_cell(pilot, second) == "error"
        await wait_for(pilot, lambda: "is made by" in output_of(second))  # the lesson adds it
        shown = output_of(second)
        assert "NameError: name 'a' is not defined" in shown
        assert shown.endswith(
            "`a` is made by cell make above: run that cell first (Ctrl+R in it), "
            "or F5 to run the lesson's cells in order."
        )
        first = cell_by_id(app, "make")
        first.editor.focus()
        await pilot.press("ctrl+r")
        assert await wait_for_cell(pilot, first) == "ok"
        second.editor.focus()
        await pilot.press("ctrl+r")
        assert await wait_for_cell(pilot, second) == "ok"
        assert output_of(second) == "total 15"  # the note went with the error


async def test_escape_leaves_the_editor(make_app) -> None:
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        assert isinstance(app.focused, CellEditor)
        await pilot.press("escape")
        assert isinstance(app.focused, LessonHeading)
        await pilot.press("n")  # outside the editor letters are commands again
        assert app.query_one(ContentSwitcher).current == "lesson-02"


async def test_typing_n_in_the_editor_types_it(make_app) -> None:
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "home", "n", "p")
        assert app.query_one(ContentSwitcher).current == "lesson-01"
        assert cell_by_id(app, "make").code.startswith("np")


async def test_run_all_stops_at_the_first_error_and_shows_plot(make_app) -> None:
    app = make_app(start_lesson=2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        curve, fails, after = (cell_by_id(app, i) for i in ("curve", "fails", "after-failure"))
        assert await wait_for_cell(pilot, fails) == "error"
        assert curve.state == "ok"
        await wait_for(pilot, lambda: after.state == "idle")
        assert "NameError: name 'undefined_name' is not defined" in output_of(fails)
        plot = curve.query_one(PlotView)
        await pilot.pause()
        drawn = str(plot.render())
        assert "The sigmoid" in drawn
        assert "sigma" in drawn


async def test_endless_loop_times_out_and_the_kernel_lives_on(make_app) -> None:
    app = make_app(start_lesson=3)
    async with app.run_test(size=SIZE) as pilot:
        forever, quick = cell_by_id(app, "forever"), cell_by_id(app, "quick")
        await pilot.press("f5")
        assert await wait_for_cell(pilot, forever, timeout=20) == "timeout"
        quick.editor.focus()
        await pilot.press("ctrl+r")
        assert await wait_for_cell(pilot, quick) == "ok"
        assert output_of(quick) == "still alive"


async def test_stop_key_cancels_a_running_cell(make_app, tiny_course) -> None:
    app = make_app(start_lesson=3, kernel_timeout=60.0)
    async with app.run_test(size=SIZE) as pilot:
        forever = cell_by_id(app, "forever")
        forever.editor.focus()
        # the cell's own timeout=1 would end it; give it a longer one by editing the lesson
        forever.block = type(forever.block)(forever.block.id, forever.block.code, forever.block.line, 60.0)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: forever.state == "running")
        await asyncio.sleep(0.3)
        await pilot.press("ctrl+g")
        assert await wait_for_cell(pilot, forever) == "cancelled"


async def test_help_screen_lists_keys(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(widget.render()) for widget in app.screen.query("Static"))
        for key in ("Ctrl+R", "F5", "Ctrl+O", "Ctrl+G", "Ctrl+Q", "Escape"):
            assert key in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)


async def test_sidebar_toggles(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 30)) as pilot:
        sidebar = app.query_one(LessonList)
        await pilot.press("ctrl+b")
        assert not sidebar.display
        await pilot.press("ctrl+b")
        assert sidebar.display


async def test_narrow_terminal_hides_the_list_while_reading(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        assert not app.query_one(LessonList).display
        await pilot.press("escape")
        assert app.query_one(LessonList).display


async def test_command_palette_goes_to_a_lesson(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Go to lesson 03")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.query_one(ContentSwitcher).current == "lesson-03")


async def test_broken_lesson_shows_its_error_and_others_work(lesson_dir: Path, make_app) -> None:
    broken = lesson_dir / "04-broken.md"
    broken.write_text("---\nid: broken\ntitle: Broken\n---\n```python cell\nx = 1\n", encoding="utf-8")
    course = lessons.load_dir(lesson_dir)
    app = make_app(course)
    async with app.run_test(size=SIZE) as pilot:
        await app.open_lesson(3)
        await pilot.pause()
        view = app.query_one("#lesson-04", LessonView)
        text = " ".join(str(widget.render()) for widget in view.query(".lesson-errors"))
        assert f"{broken}:5: code block opened here with ``` is never closed" in text
        await pilot.press("p", "p", "p")
        assert app.query_one(ContentSwitcher).current == "lesson-01"
        await pilot.press("tab", "ctrl+r")
        assert await wait_for_cell(pilot, cell_by_id(app, "make")) == "ok"


async def test_quitting_stops_the_kernel(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.kernel_state == "ready")
        pid = app.kernel.pid
        assert pid is not None
        await pilot.press("ctrl+q")
    await asyncio.sleep(0.2)
    assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text().lower()


async def test_a_live_plot_grows_while_the_cell_runs_and_a_key_stops_it(make_app) -> None:
    app = make_app(start_lesson=1, kernel_timeout=60.0)
    async with app.run_test(size=SIZE) as pilot:
        cell = cell_by_id(app, "make")
        cell.replace_code(
            "import time\n"
            "live = live_plot(title='cost while training', xlabel='iteration')\n"
            "for i in range(10_000):\n"
            "    live.add(i, 1 / (i + 1))\n"
            "    time.sleep(0.01)"
        )
        cell.editor.focus()
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: bool(cell.query(PlotView)))
        assert cell.state == "running"  # the curve is on screen before the cell ends
        plot = cell.query_one(PlotView)

        def points() -> int:
            return len(plot.figure.series[0].x) if plot.figure.series else 0

        await wait_for(pilot, lambda: points() > 0)
        first = points()
        await wait_for(pilot, lambda: points() > first)
        await pilot.press("down", "up")  # the UI keeps answering keys meanwhile
        await pilot.press("ctrl+g")
        assert await wait_for_cell(pilot, cell) == "cancelled"
        assert "cost while training" in str(plot.render())
