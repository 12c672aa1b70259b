"""Verify a lesson's exercises for their authors: each is graded for real, as a learner's answer would be.

For every exercise, in a kernel and a judge (``tui.grading``): the solution must
pass every check, the starter must fail one, and every ``--- mistake TEXT``
(a typical wrong answer) must fail with a first failing message that contains
TEXT, so the diagnosis the author promised is the one the learner gets. The
lesson's cells above the exercise run first, with the solutions of the
exercises above, as for a learner who solved those. Used by the test suite and
by ``python -m tui check --solutions``; knows nothing of Textual.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from lessons import Cell, Exercise, Lesson, LessonError
from tui.grading import Grade, grade
from tui.i18n import t
from tui.kernel import CellResult, Kernel

CELL_TIMEOUT = 60.0
"""Seconds a cell above an exercise may take here (authors' machines vary; the app uses the cell's own)."""

_namespaces = itertools.count(1)


def fresh_namespace(lesson: Lesson) -> str:
    """A namespace no other run has used, named after the lesson (for readable kernel errors)."""
    return f"verify-{lesson.path.parent.name}-{lesson.id}-{next(_namespaces)}"


@dataclass(frozen=True)
class Above:
    """Why the code above an exercise did not run: the block that failed and its result."""

    line: int
    what: str
    result: CellResult


async def run_above(
    kernel: Kernel, lesson: Lesson, stop: Exercise | None, namespace: str, *, timeout: float = CELL_TIMEOUT
) -> Above | None:
    """Run the cells and exercise solutions above ``stop`` (all when None); the first failure, or None."""
    for block in lesson.blocks:
        if block is stop:
            break
        if isinstance(block, Cell):
            limit = max(block.timeout or 0.0, timeout)
            result = await kernel.run(block.code, namespace=namespace, timeout=limit)
            what = t("grade.cell", id=block.id)
        elif isinstance(block, Exercise):
            limit = max(block.timeout or 0.0, timeout)
            result = await kernel.run(block.solution, namespace=namespace, timeout=limit)
            what = t("grade.solution_of", id=block.id)
        else:
            continue
        if result.status != "ok":
            return Above(block.line, what, result)
    return None


async def verify_exercise(
    kernel: Kernel, judge: Kernel, lesson: Lesson, exercise: Exercise
) -> list[LessonError]:
    """Every way ``exercise`` does not behave as its file promises, as ``path:line: message`` errors.

    One namespace is prepared; the solution is graded first, then the starter and
    each mistake in the same namespace. What they leave behind can only make a
    wrong answer pass or change its message, both reported, never hide a problem.
    """
    problems: list[LessonError] = []

    def problem(line: int, key: str, **values: object) -> None:
        problems.append(LessonError(lesson.path, line, t(key, exercise=exercise.id, **values)))

    namespace = fresh_namespace(lesson)
    failed = await run_above(kernel, lesson, exercise, namespace)
    if failed is not None:
        problem(failed.line, "grade.above_failed", what=failed.what, error=_error(failed.result))
        return problems
    solved = await grade(kernel, judge, exercise, exercise.solution, namespace)
    if solved.verdict != "passed":
        problem(exercise.line, "grade.solution_fails", why=_why(solved))
    started = await grade(kernel, judge, exercise, exercise.starter, namespace)
    if started.verdict == "passed":
        problem(exercise.line, "grade.starter_passes")
    for mistake in exercise.mistakes:
        graded = await grade(kernel, judge, exercise, mistake.code, namespace)
        first = graded.first_failure
        if graded.verdict == "passed":
            problem(mistake.line, "grade.mistake_passes")
        elif graded.verdict == "error":
            problem(mistake.line, "grade.mistake_error", why=_why(graded))
        elif first is None or mistake.expect not in first.message:
            problem(mistake.line, "grade.mistake_message", expect=mistake.expect, got=_why(graded))
    return problems


def _error(result: CellResult) -> str:
    lines = (result.error or result.status).strip().splitlines()
    return lines[-1] if lines else result.status


def _why(graded: Grade) -> str:
    first = graded.first_failure
    if graded.verdict == "error" or first is None:
        return _error(graded.result)
    return first.message


async def verify_lesson(kernel: Kernel, judge: Kernel, lesson: Lesson) -> list[LessonError]:
    """``verify_exercise`` for each exercise of ``lesson``, in order."""
    problems: list[LessonError] = []
    for exercise in lesson.exercises:
        problems += await verify_exercise(kernel, judge, lesson, exercise)
    return problems
