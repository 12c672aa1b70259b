"""Exercises and saved progress, as a learner meets them: check, hints, solution, reset, restart."""

from __future__ import annotations

import json
from pathlib import Path

from tests.harness.pilot import SIZE, wait_for, wait_for_cell
from tui.progress import Progress, default_path
from tui.screens.confirm import ConfirmScreen
from tui.screens.progress import ProgressScreen
from tui.widgets.code_cell import CellEditor, CodeCell
from tui.widgets.exercise import ExerciseView
from tui.widgets.prose import ProseView
from tui.widgets.sidebar import LessonList


def feedback_of(view: ExerciseView) -> str:
    return str(view.query_one(".exercise-feedback").render())


def hints_of(view: ExerciseView) -> str:
    return view.query_one(".exercise-hints", ProseView).plain


def sidebar_status(app, index: int = 0) -> str:
    return app.query_one(LessonList).get_option_at_index(index).prompt.status


async def focus_exercise_editor(pilot, app) -> ExerciseView:
    view = app.query_one(ExerciseView)
    view.cell.editor.focus()
    await pilot.pause()
    return view


async def test_failed_check_says_what_is_wrong_then_solving_marks_it(practice_course, make_app) -> None:
    progress = Progress.load()
    app = make_app(practice_course, start_lesson=1, progress=progress)
    async with app.run_test(size=SIZE) as pilot:
        view = await focus_exercise_editor(pilot, app)
        assert sidebar_status(app) == "0/1"
        await pilot.press("ctrl+r")  # the starter code: total is None
        assert await wait_for_cell(pilot, view.cell) == "ok"
        await wait_for(pilot, lambda: view.query_one(".exercise-feedback").display)
        feedback = feedback_of(view)
        assert "0 of 2 checks pass" in feedback
        assert view.cell.header.status == "✗ 0 of 2 checks pass"  # the code ran, but no "✓ done"
        assert "✗ total is still None: replace None with an expression" in feedback
        assert not view.solved
        # the cell above ran first, automatically, so `base` exists
        setup = next(cell for cell in app.query(CodeCell) if cell.block.id == "setup")
        assert setup.state == "ok"

        editor = view.cell.editor
        editor.select_all()
        await pilot.press(*"total = base + 5")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: view.solved)
        assert "All 2 checks pass" in feedback_of(view)
        assert view.cell.header.status == "✓ 2 of 2 checks pass"
        assert "✓ total is base + 5" in feedback_of(view)
        assert sidebar_status(app) == "✓"
        await pilot.press("f3")
        assert isinstance(app.screen, ProgressScreen)
        assert "1 of 1 exercises solved" in " ".join(str(w.render()) for w in app.screen.query("Static"))
    saved = json.loads(default_path().read_text(encoding="utf-8"))
    assert saved["solved"] == {"practice": ["add-base"]}
    assert saved["code"]["practice"]["add-base"] == "total = base + 5"


async def test_hints_come_in_order(practice_course, make_app) -> None:
    app = make_app(practice_course, start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        view = await focus_exercise_editor(pilot, app)
        assert not view.query_one(".exercise-hints").display
        await pilot.press("ctrl+t")
        assert hints_of(view) == "**Hint 1/2:** Use the variable `base` from the cell above."
        await pilot.press("ctrl+t")
        assert hints_of(view).splitlines()[1] == "**Hint 2/2:** total = base + 5"
        await pilot.press("ctrl+t")  # no third hint: the text stays, a notice says so
        assert len(hints_of(view).splitlines()) == 2


async def test_reveal_asks_first_and_reset_brings_back_the_starter(practice_course, make_app) -> None:
    app = make_app(practice_course, start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        view = await focus_exercise_editor(pilot, app)
        starter = view.exercise.starter
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert view.cell.code == starter
        await pilot.press("ctrl+s", "y")
        assert view.cell.code == "total = base + 5"
        assert isinstance(app.focused, CellEditor)
        await pilot.press("ctrl+o")
        assert view.cell.code == starter
        await pilot.press("ctrl+z")  # the reset is one undoable edit
        assert view.cell.code == "total = base + 5"


async def test_an_endless_loop_in_an_answer_is_stopped(practice_course, make_app) -> None:
    app = make_app(practice_course, start_lesson=1, kernel_timeout=1.0)
    async with app.run_test(size=SIZE) as pilot:
        view = await focus_exercise_editor(pilot, app)
        view.cell.replace_code("while True:\n    pass")
        await pilot.press("ctrl+r")
        assert await wait_for_cell(pilot, view.cell, timeout=20) == "timeout"
        assert not view.solved
        view.cell.replace_code("total = base + 5")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: view.solved, timeout=20)


async def test_progress_survives_a_restart(practice_course, make_app) -> None:
    first = make_app(practice_course, start_lesson=1, progress=Progress.load())
    async with first.run_test(size=SIZE) as pilot:
        view = await focus_exercise_editor(pilot, first)
        view.cell.replace_code("total = base + 5")
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: view.solved)
        setup = next(cell for cell in first.query(CodeCell) if cell.block.id == "setup")
        setup.replace_code("base = 20")
    # no --lesson this time: the app resumes where the learner was
    second = make_app(practice_course, progress=Progress.load())
    async with second.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert second.current_view is not None and second.current_view.lesson.id == "practice"
        view = second.query_one(ExerciseView)
        assert view.solved
        assert view.cell.code == "total = base + 5"
        setup = next(cell for cell in second.query(CodeCell) if cell.block.id == "setup")
        assert setup.code == "base = 20"
        assert sidebar_status(second) == "✓"


async def test_garbage_progress_file_is_moved_aside_with_a_notice(
    practice_course, make_app, private_data_dir: Path
) -> None:
    path = default_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'{"version": 1, "solved": {"practice": ["add-b')  # truncated mid-write
    app = make_app(practice_course, progress=Progress.load())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("moved" in str(n.message) for n in app._notifications)
        assert app.query_one(LessonList).highlighted == 0
    moved = list(private_data_dir.glob("progress.json.corrupt-*"))
    assert len(moved) == 1
    assert moved[0].read_bytes() == b'{"version": 1, "solved": {"practice": ["add-b'


async def test_palette_commands_act_on_the_focused_exercise(practice_course, make_app) -> None:
    app = make_app(practice_course, start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        commands = {command.title: command.callback for command in app.get_system_commands(app.screen)}
        commands["Hint"]()  # nothing focused yet: a notice, not a crash
        view = await focus_exercise_editor(pilot, app)
        commands["Hint"]()
        await pilot.pause()
        assert hints_of(view).startswith("**Hint 1/2:**")
        commands["Run cell"]()  # in an exercise, running is checking
        await wait_for(pilot, lambda: view.query_one(".exercise-feedback").display)
        assert "0 of 2 checks pass" in feedback_of(view)


async def test_a_failed_check_shows_its_whole_message_at_80x24() -> None:
    """The capstone's first exercise, checked as started, as a learner gets there (Tab, run the data
    cell, Escape, Tab): the feedback's last line and the exercise's bottom border end on screen.
    The feedback had no height yet when first scrolled to, so its last lines stayed below."""
    import lessons
    from tui.app import TutorialApp

    app = TutorialApp(lessons.load("en"), lang="en", start_lesson=13)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.current_view is not None)
        data = next(cell for cell in app.query(CodeCell) if cell.block.id == "digits-data")
        await pilot.press("tab")
        await wait_for(pilot, lambda: data.editor.has_focus)
        await pilot.press("ctrl+r")
        assert await wait_for_cell(pilot, data, timeout=60) == "ok"
        await pilot.press("escape")
        await pilot.pause(0.5)
        await pilot.press("tab")
        await wait_for(pilot, lambda: isinstance(app.focused, CellEditor))
        view = next(
            v for v in app.current_view.query(ExerciseView) if v.exercise.id == "initialize-with-zeros"
        )
        editor = view.cell.editor
        await wait_for(pilot, lambda: editor.has_focus)
        await pilot.pause(0.5)
        await pilot.press("ctrl+r")
        feedback = view.query_one(".exercise-feedback")
        await wait_for(pilot, lambda: feedback.display and "is None" in feedback_of(view), timeout=60)
        for _ in range(5):
            await pilot.pause(0.05)
        footer_top = app.screen.region.bottom - 1
        assert feedback.region.height >= 3, feedback.region
        assert view.region.bottom <= footer_top, (view.region, footer_top)
