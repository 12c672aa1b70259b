"""Grade every exercise's answers of the whole course over many seeds: ``python -m tui.seed_sweep``.

A check draws its random inputs from the grading's seed, so one run of
``check --solutions`` (or of the test suite) sees one draw per answer. A
mistake can slip through a draw that happens to hide it (a random α rounded to
the very value the mistake hard-codes), or a solution can fail a rare one. This
tool grades each exercise's solution, starter and ``--- mistake`` answers with
seeds 1..N (or the ones given) in both editions and prints each problem once,
with the seeds it happened with; exit 1 if there is one. Slow by design (the
whole course, N times): for authors and CI, not for the app.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Sequence

import lessons
from lessons import Lesson, LessonError
from tui.i18n import set_language, t

KERNEL_TIMEOUT = 30.0
"""Seconds one learner call or cell may take here."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tui.seed_sweep", description=t("sweep.help"))
    parser.add_argument("--seeds", type=int, default=40, metavar="N", help=t("sweep.seeds"))
    parser.add_argument("--first", type=int, default=1, metavar="S", help=t("sweep.first"))
    parser.add_argument("--lang", choices=lessons.LANGUAGES, action="append", help=t("sweep.lang"))
    parser.add_argument("--lesson", type=int, action="append", metavar="N", help=t("sweep.lesson"))
    parser.add_argument("--exercise", action="append", metavar="ID", help=t("sweep.exercise"))
    return parser


def chosen(
    languages: Sequence[str], numbers: Sequence[int] | None, exercises: Sequence[str] | None
) -> list[tuple[Lesson, list[str]]]:
    """The lessons to sweep, each with the ids of its exercises to grade."""
    picked = []
    for lang in languages:
        for lesson in lessons.load(lang):
            if numbers and lesson.number not in numbers:
                continue
            ids = [e.id for e in lesson.exercises if not exercises or e.id in exercises]
            if ids:
                picked.append((lesson, ids))
    return picked


async def sweep(
    picked: Sequence[tuple[Lesson, Sequence[str]]],
    seeds: Sequence[int],
    *,
    progress: bool = False,
) -> tuple[list[LessonError], int]:
    """Every problem of the picked exercises over ``seeds``, and how many exercises were graded."""
    from tui.kernel import Kernel
    from tui.verify import verify_exercise

    problems: list[LessonError] = []
    count = 0
    async with Kernel(timeout=KERNEL_TIMEOUT) as kernel, Kernel(timeout=KERNEL_TIMEOUT) as judge:
        for lesson, ids in picked:
            folder = lesson.path.parent.name
            set_language(folder if folder in lessons.LANGUAGES else "en")  # messages in the lesson's
            try:
                for exercise in lesson.exercises:
                    if exercise.id not in ids:
                        continue
                    started = time.monotonic()
                    found = await verify_exercise(kernel, judge, lesson, exercise, seeds=seeds)
                    problems += found
                    count += 1
                    if progress:
                        where = f"{lesson.path.parent.name}/{lesson.path.name}"
                        took = time.monotonic() - started
                        line = t(
                            "sweep.progress", where=where, id=exercise.id, seconds=took, found=len(found)
                        )
                        print(line, file=sys.stderr, flush=True)
            finally:
                set_language("en")
    return problems, count


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.seeds < 1:
        build_parser().error(t("sweep.no_seeds"))
    seeds = list(range(args.first, args.first + args.seeds))
    picked = chosen(args.lang or list(lessons.LANGUAGES), args.lesson, args.exercise)
    problems, count = asyncio.run(sweep(picked, seeds, progress=True))
    for problem in problems:
        print(problem)
    print(t("sweep.summary", count=count, seeds=len(seeds), problems=len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
