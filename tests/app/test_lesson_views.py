"""A learner's app keeps only a few lesson views built (memory on a class server), and a
lesson whose view was dropped comes back as the learner left it."""

from __future__ import annotations

import lessons
from tests.harness.pilot import SIZE, run_code, wait_for, wait_for_cell
from tui.progress import Progress
from tui.widgets.lesson_pane import KEPT_VIEWS, PREBUILD_DELAY
from tui.widgets.lesson_view import LessonView


def view_of(app, index: int) -> LessonView:
    view = app.pane.views[index]
    assert isinstance(view, LessonView)
    return view


async def test_a_dropped_lesson_comes_back_with_the_learners_code_output_and_place(
    make_app, tmp_path
) -> None:
    course = lessons.load("en")
    app = make_app(course, progress=Progress.load(tmp_path / "progress.json"))
    async with app.run_test(size=SIZE) as pilot:
        await app.open_lesson(0)
        first = view_of(app, 0).cells[0]
        assert await run_code(pilot, first, "print('mine', 6 * 7)") == "ok"
        assert first.output_text == "mine 42"
        await pilot.press("escape")
        view_of(app, 0).scroll_to(y=12, animate=False, immediate=True)
        await pilot.pause()
        for index in range(1, 7):
            await app.open_lesson(index)
            await pilot.pause()
        assert 0 not in app.pane.views, "lesson 1 was kept"
        assert len(app.pane.views) <= KEPT_VIEWS + 1  # and a neighbour built ahead
        assert app.progress.code(course[0].id, course[0].cells[0].id) == "print('mine', 6 * 7)"

        await app.open_lesson(0)
        await wait_for(pilot, lambda: view_of(app, 0).cells[0].output_text == "mine 42")
        back = view_of(app, 0)
        assert back.cells[0].code == "print('mine', 6 * 7)"
        await pilot.pause(0.5)
        assert back.scroll_y == 12, back.scroll_y


async def test_a_lesson_still_running_is_not_dropped(make_app) -> None:
    course = lessons.load("en")
    app = make_app(course)
    async with app.run_test(size=SIZE) as pilot:
        await app.open_lesson(0)
        cell = view_of(app, 0).cells[0]
        cell.replace_code("import time\ntime.sleep(4)\nprint('slept')")
        cell.editor.focus()
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: cell.running)
        for index in range(1, 7):
            await app.open_lesson(index)
        assert 0 in app.pane.views, "dropped while its cell was running"
        assert await wait_for_cell(pilot, cell, timeout=30) == "ok"
        await app.open_lesson(7)
        assert 0 not in app.pane.views


async def test_the_lesson_switched_to_has_the_keys_as_soon_as_it_shows(make_app) -> None:
    """A key pressed the moment the next lesson appears must not go to the lesson left
    (on a loaded server a Down scrolled the hidden lesson, and nothing moved on screen)."""
    app = make_app(lessons.load("en"))
    async with app.run_test(size=SIZE) as pilot:
        await app.open_lesson(0)
        await pilot.pause()
        assert view_of(app, 0) in app.focused.ancestors_with_self
        await app.pane.show(1)  # the pane's part of a switch: before the app's own focus call
        assert app.focused is not None and view_of(app, 1) in app.focused.ancestors_with_self


async def test_lessons_built_ahead_from_the_list_count_against_the_bound(make_app) -> None:
    """Moving along the lesson list builds each highlighted lesson ahead; those views, never
    shown, are dropped first, so the bound holds however the learner browses."""
    app = make_app(lessons.load("en"))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(8):
            await pilot.press("down")
            await pilot.pause(PREBUILD_DELAY + 0.3)  # the highlighted lesson is built meanwhile
        assert len(app.pane.views) >= 6, "the list did not build ahead"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.pane.index == 8)
        assert len(app.pane.views) <= KEPT_VIEWS
        assert 8 in app.pane.views
