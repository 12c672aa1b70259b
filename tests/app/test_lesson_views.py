"""A learner's app keeps only a few lesson views built (memory on a class server), a
lesson whose view was dropped comes back as the learner left it, and a lesson is built
only as far as the learner reads (first visits are cheap), yet everything that needs the
whole lesson (End, Tab, F5) gets it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import lessons
from lessons import Cell, Exercise
from tests.harness.pilot import SIZE, run_code, wait_for, wait_for_cell
from tui.progress import Progress
from tui.widgets.code_cell import CodeCell
from tui.widgets.lesson_end import LessonEnd
from tui.widgets.lesson_pane import KEPT_VIEWS, PREBUILD_DELAY
from tui.widgets.lesson_rest import LessonRest
from tui.widgets.lesson_view import LessonHeading, LessonView


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
    async with opened(make_app, 0) as (app, pilot, _):
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
        await pilot.pause()  # views are dropped once the lesson switched to is on screen
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


def blocks_built(view: LessonView) -> int:
    return len(view.query_children(".prose, CodeCell, ExerciseView, .lesson-widget"))


@contextlib.asynccontextmanager
async def opened(make_app, index: int, **options) -> AsyncIterator[tuple]:
    """The English course's lesson ``index`` open at 80x24: (app, pilot, course)."""
    course = lessons.load("en")
    app = make_app(course, **options)
    async with app.run_test(size=SIZE) as pilot:
        await app.open_lesson(index)
        await pilot.pause()
        yield app, pilot, course


def built_below(view: LessonView) -> float:
    """Rows of built lesson below the screen (infinite once the whole lesson is built)."""
    rest = view.query_children(LessonRest)
    if not rest:
        return float("inf")
    return rest.first().virtual_region.y - (view.scroll_y + view.size.height)


async def test_a_lesson_is_built_as_far_as_the_learner_reads(make_app) -> None:
    async with opened(make_app, 12) as (app, pilot, course):
        capstone = course[12]  # the longest lesson
        view = app.current_view
        await pilot.pause()
        first = blocks_built(view)
        assert 0 < first < len(capstone.blocks) and not view.built
        assert built_below(view) >= view.size.height, "less than a page built below the screen"
        for _ in range(4):
            await pilot.press("pagedown")
            await pilot.pause()
        assert blocks_built(view) > first, "reading down built nothing more"
        assert built_below(view) >= view.size.height
        await pilot.press("end")  # the lesson's end, not the end of what is built
        await pilot.pause()
        await pilot.pause()
        assert blocks_built(view) == len(capstone.blocks)
        end = view.query_one(LessonEnd)
        assert view.content_region.contains_region(end.region), (end.region, view.content_region)


async def test_tab_and_escape_reach_every_editor_of_a_lesson_in_order(make_app) -> None:
    """Tab while reading goes on past the blocks built so far (lesson 1: cells and exercises)."""
    async with opened(make_app, 0) as (app, pilot, course):
        expected = [block.id for block in course[0].blocks if isinstance(block, (Cell, Exercise))]
        reached: list[str] = []
        for _ in expected:
            await pilot.press("tab")
            await wait_for(pilot, lambda: not isinstance(app.focused, LessonHeading | None))
            cell = next(w for w in app.focused.ancestors_with_self if isinstance(w, CodeCell))
            reached.append(cell.block.id)
            await pilot.press("escape")
            await pilot.pause()
        assert reached == expected


async def test_f5_runs_the_cells_not_read_yet(make_app) -> None:
    async with opened(make_app, 0) as (app, pilot, course):
        view = app.current_view
        assert not view.built
        await pilot.press("f5")
        await wait_for(pilot, lambda: view.built and not view.busy, timeout=60)
        last = view.cells[-1]
        assert last.block.id == course[0].cells[-1].id
        assert await wait_for_cell(pilot, last, timeout=60) == "ok"


async def test_a_lesson_asked_for_while_it_is_built_ahead_opens_whole(make_app) -> None:
    """The list builds the highlighted lesson ahead; a learner who opens it in that very moment
    gets its heading focused, and Tab goes to its first cell."""
    course = lessons.load("en")
    app = make_app(course)
    async with app.run_test(size=SIZE) as pilot:
        ahead = asyncio.ensure_future(app.pane._view_for(0))
        await asyncio.sleep(0)  # the view exists, not yet mounted
        assert 0 in app.pane.views and not app.pane.views[0].is_mounted
        await app.open_lesson(0)
        await ahead
        view = app.current_view
        assert isinstance(app.focused, LessonHeading) and app.focused.parent is view
        await pilot.press("tab")
        first = view.cells[0]
        assert first.block.id == course[0].cells[0].id
        assert app.focused is not None and first in app.focused.ancestors_with_self


async def test_a_taller_terminal_builds_more(make_app) -> None:
    async with opened(make_app, 12) as (app, pilot, _):
        view = app.current_view
        before = blocks_built(view)
        await pilot.resize_terminal(100, 60)
        await pilot.pause()
        await pilot.pause()
        assert blocks_built(view) > before
        assert built_below(view) >= view.size.height


async def test_the_scrollbar_tells_the_whole_lessons_length_before_it_is_built(make_app) -> None:
    """The unbuilt rest stands in at about its height, so the scrollbar does not grow as the
    learner reads; a jump into it (a dragged scrollbar) builds the lesson at once."""
    async with opened(make_app, 12) as (app, pilot, course):
        view = app.current_view
        estimated = view.virtual_size.height
        assert not view.built
        view.scroll_to(y=estimated // 2, animate=False, immediate=True)  # into the blank
        await wait_for(pilot, lambda: view.built)
        await pilot.pause()
        assert blocks_built(view) == len(course[12].blocks)
        assert not view.query(LessonRest)
        actual = view.virtual_size.height
        assert 0.75 < estimated / actual < 1.25, (estimated, actual)


async def test_what_a_cell_not_rebuilt_yet_showed_survives_two_language_switches(make_app) -> None:
    """F2 rebuilds a lesson from a snapshot only as far as the learner's place; the cells
    below keep what they showed until built, and through another rebuild meanwhile."""
    async with opened(make_app, 0, load_lessons=lessons.load) as (app, pilot, _):
        view = app.current_view
        await view.finish()
        last = view.cells[-1]
        assert await run_code(pilot, last, "print('far down', 6 * 7)") == "ok"
        await pilot.press("escape")
        view.scroll_home(animate=False)
        await pilot.pause()
        await pilot.press("f2")  # Chinese: lesson 1 rebuilt, its top only
        await wait_for(pilot, lambda: app.lang == "zh" and app.current_view is not None)
        chinese = app.current_view
        await pilot.pause()
        assert not chinese.built
        assert last.block.id not in {cell.block.id for cell in chinese.cells}
        await pilot.press("f2")  # and back, before the cell was ever built again
        await wait_for(pilot, lambda: app.lang == "en" and app.current_view is not None)
        english = app.current_view
        await pilot.press("end")
        await wait_for(pilot, lambda: english.built)
        again = next(cell for cell in english.cells if cell.block.id == last.block.id)
        assert again.output_text == "far down 42"
        assert again.code == "print('far down', 6 * 7)"


async def test_a_step_due_after_its_lesson_was_dropped_builds_nothing(make_app) -> None:
    """A step of building queued just before the view was dropped (a fast n, n, n) is a no-op."""
    async with opened(make_app, 12) as (app, _pilot, _):
        view = app.current_view
        unbuilt = len(view._unbuilt)
        await app.open_lesson(0)
        await view.remove()
        await view._grow(3)
        assert len(view._unbuilt) == unbuilt and not view.children and not view._growing
        view._grow_if_near_end()  # and a later scroll or resize does not try again
        assert not view._growing
