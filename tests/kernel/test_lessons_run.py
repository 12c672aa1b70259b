"""Every cell of every shipped lesson runs cleanly in the real kernel, and every
exercise's solution passes its checks while its starter code does not."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

import lessons
from lessons import Cell, Exercise, Lesson
from tui.i18n import set_language
from tui.kernel import Kernel
from tui.verify import verify_exercise

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


NON_FINITE_ON_PURPOSE = {("your-own-logistic-regression", "learning-rates")}
"""(lesson id, cell id) of cells whose plots drop nan/inf points by design (a diverging run)."""


async def run_cells_before(kernel: Kernel, lesson: Lesson, stop: Exercise | None, namespace: str) -> None:
    """Run the lesson's cells above ``stop`` (all of them when None), with the exercises' solutions
    (as a learner who solved them), asserting each is clean."""
    for block in lesson.blocks:
        if block is stop:
            return
        if isinstance(block, Exercise):
            result = await kernel.run(block.solution, namespace=namespace, timeout=30.0)
            assert result.status == "ok", (
                f"{lesson.path}:{block.line} (solution of {block.id})\n{result.error}"
            )
        if isinstance(block, Cell):
            result = await kernel.run(block.code, namespace=namespace, timeout=block.timeout or 30.0)
            where = f"{lesson.path}:{block.line} (cell {block.id})"
            assert result.status == "ok", f"{where}\n{result.error}"
            assert not result.truncated, f"{where}: output truncated"
            dropped = [note for note in result.notes if "non-finite" in note]
            if (lesson.id, block.id) not in NON_FINITE_ON_PURPOSE:
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
async def test_solution_passes_starter_and_mistakes_fail(
    kernel: Kernel, judge: Kernel, lesson: Lesson, exercise: Exercise
) -> None:
    """The solution passes, the starter fails, and each catalogued mistake fails with its diagnosis."""
    set_language(lesson.path.parent.name)  # the judge's messages in the lesson's language
    try:
        problems = await verify_exercise(kernel, judge, lesson, exercise)
    finally:
        set_language("en")
    assert problems == [], "\n".join(str(problem) for problem in problems)


def test_every_lesson_from_02_has_an_exercise() -> None:
    for lesson in lessons.load("en"):
        if lesson.number >= 2:
            assert lesson.exercises, f"{lesson.path} has no exercise"
