"""Verify a lesson's exercises for their authors: each is graded for real, as a learner's answer would be.

For every exercise, in a kernel and a judge (``tui.grading``): the solution must
pass every check, the starter must fail one, and every ``--- mistake TEXT``
(a typical wrong answer) must fail with a first failing message that contains
TEXT, so the diagnosis the author promised is the one the learner gets. The
lesson's cells above the exercise run first, with the solutions of the
exercises above, as for a learner who solved those. Used by the test suite and
by ``python -m tui check --solutions``; knows nothing of Textual.

Checks draw random inputs from a seed, so one grading shows one draw. With
``seeds`` each answer is graded once per seed, and a problem names the seeds
it happened with (``tui.seed_sweep`` runs the whole course that way).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
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


RANDOM = re.compile(r"\b(rng|seed)\b")
"""A check that uses one of these names draws its inputs from the grading's seed."""


def uses_seed(exercise: Exercise) -> bool:
    """Whether any check of ``exercise`` draws random inputs (else one seed is as good as many)."""
    return any(RANDOM.search(check.code) for check in exercise.checks)


async def verify_exercise(
    kernel: Kernel,
    judge: Kernel,
    lesson: Lesson,
    exercise: Exercise,
    *,
    seeds: Sequence[int | None] = (None,),
) -> list[LessonError]:
    """Every way ``exercise`` does not behave as its file promises, as ``path:line: message`` errors.

    One namespace is prepared; the solution is graded first, then the starter and
    each mistake in the same namespace. What they leave behind can only make a
    wrong answer pass or change its message, both reported, never hide a problem.
    Each answer is graded once per seed of ``seeds`` (None: a new random one);
    a problem is reported once, with the seeds it was seen with.
    """
    problems: list[LessonError] = []
    random = uses_seed(exercise)
    if not random:
        seeds = list(seeds)[:1]

    def report(line: int, found: dict[str, list[tuple[int | None, str]]]) -> None:
        for seen in found.values():
            message = seen[0][1]  # the first seed's, as an example
            if len(seeds) == 1 and seen[0][0] is not None:  # one grading: its seed reproduces it
                message += t("grade.with_seed", seed=seen[0][0])
            elif any(seed is not None for seed, _ in seen):
                shown = ", ".join(str(seed) for seed, _ in seen)
                message += t("grade.with_seeds", seeds=shown, count=len(seen), total=len(seeds))
            problems.append(LessonError(lesson.path, line, message))

    namespace = fresh_namespace(lesson)
    failed = await run_above(kernel, lesson, exercise, namespace)
    if failed is not None:
        error = t("grade.above_failed", exercise=exercise.id, what=failed.what, error=_error(failed.result))
        return [LessonError(lesson.path, failed.line, error)]
    answers: list[tuple[int, str, str | None, bool]] = [
        (exercise.line, exercise.solution, None, True),
        (exercise.line, exercise.starter, None, False),
    ]
    answers += [(mistake.line, mistake.code, mistake.expect, False) for mistake in exercise.mistakes]
    for line, code, expect, right in answers:
        found: dict[str, list[tuple[int | None, str]]] = {}
        for seed in seeds:
            graded = await grade(kernel, judge, exercise, code, namespace, seed=seed)
            problem = _problem(graded, expect, right=right)
            if problem is not None:
                key, values = problem
                text = t(key, exercise=exercise.id, **values)
                found.setdefault(key, []).append((graded.seed if random else None, text))
        report(line, found)
    return problems


def _problem(graded: Grade, expect: str | None, *, right: bool) -> tuple[str, dict[str, str]] | None:
    """(message key, its values) for what is wrong with this grading, or None.

    ``right``: the answer is the solution (it must pass). Otherwise it is the
    starter (``expect`` None: it must fail) or a mistake (it must fail with a
    first failing message that contains ``expect``).
    """
    if right:
        return None if graded.verdict == "passed" else ("grade.solution_fails", {"why": _why(graded)})
    if graded.verdict == "passed":
        return ("grade.starter_passes", {}) if expect is None else ("grade.mistake_passes", {})
    if expect is None:
        return None
    if graded.verdict == "error":
        return "grade.mistake_error", {"why": _why(graded)}
    first = graded.first_failure
    if first is None or expect not in first.message:
        return "grade.mistake_message", {"expect": expect, "got": _why(graded)}
    return None


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
