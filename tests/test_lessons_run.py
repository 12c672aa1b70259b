"""Every cell of every shipped lesson runs cleanly in the real kernel, and every
exercise's solution passes its checks while its starter code does not."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

import lessons
from lessons import Cell, Exercise, Lesson
from tui.grading import grade
from tui.kernel import Kernel

COURSE = [lesson for lang in lessons.LANGUAGES for lesson in lessons.load(lang)]
EXERCISES = [(lesson, block) for lesson in COURSE for block in lesson.exercises]
_namespaces = itertools.count()

module_loop = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def kernel() -> AsyncIterator[Kernel]:
    async with Kernel(timeout=30.0) as k:
        yield k


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def judge() -> AsyncIterator[Kernel]:
    async with Kernel(timeout=30.0) as k:
        yield k


def fresh_namespace(lesson: Lesson) -> str:
    return f"{lesson.path.parent.name}-{lesson.id}-{next(_namespaces)}"


async def run_cells_before(kernel: Kernel, lesson: Lesson, stop: Exercise | None, namespace: str) -> None:
    """Run the lesson's cells above ``stop`` (all of them when None), asserting each is clean."""
    for block in lesson.blocks:
        if block is stop:
            return
        if isinstance(block, Cell):
            result = await kernel.run(block.code, namespace=namespace, timeout=block.timeout or 30.0)
            where = f"{lesson.path}:{block.line} (cell {block.id})"
            assert result.status == "ok", f"{where}\n{result.error}"
            assert not result.truncated, f"{where}: output truncated"
            dropped = [note for note in result.notes if "non-finite" in note]
            assert not dropped, f"{where}: {dropped}"


@module_loop
@pytest.mark.parametrize("lesson", COURSE, ids=lambda lesson: f"{lesson.path.parent.name}/{lesson.path.name}")
async def test_every_cell_runs(kernel: Kernel, lesson: Lesson) -> None:
    assert lesson.ok, lesson.errors
    assert lesson.cells, f"{lesson.path} has no cell"
    await run_cells_before(kernel, lesson, None, fresh_namespace(lesson))


@module_loop
@pytest.mark.parametrize(
    ("lesson", "exercise"),
    EXERCISES,
    ids=[f"{lesson.path.parent.name}/{lesson.number:02d}/{exercise.id}" for lesson, exercise in EXERCISES],
)
async def test_solution_passes_and_starter_fails(
    kernel: Kernel, judge: Kernel, lesson: Lesson, exercise: Exercise
) -> None:
    solved_in = fresh_namespace(lesson)
    await run_cells_before(kernel, lesson, exercise, solved_in)
    solved = await grade(kernel, judge, exercise, exercise.solution, solved_in)
    failures = [outcome.message for outcome in solved.outcomes if not outcome.passed]
    assert solved.verdict == "passed", f"{exercise.id}: {solved.result.error or failures}"

    started_in = fresh_namespace(lesson)
    await run_cells_before(kernel, lesson, exercise, started_in)
    started = await grade(kernel, judge, exercise, exercise.starter, started_in)
    assert started.verdict != "passed", f"{exercise.id}: the starter code already passes every check"
    if started.verdict == "failed":
        assert started.first_failure is not None and started.first_failure.message.strip()


def test_every_lesson_from_02_has_an_exercise() -> None:
    for lesson in lessons.load("en"):
        if lesson.number >= 2:
            assert lesson.exercises, f"{lesson.path} has no exercise"
