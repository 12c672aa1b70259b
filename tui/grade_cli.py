"""Grading from the command line: `python -m tui grade` and `python -m tui check --solutions`.

For teachers (grade a learner's file as the answer to one exercise) and for
lesson authors (every exercise's solution passes, its starter and its
wrong-answer catalogue fail as promised). Both run a real kernel and judge, the
same as the app, and never import Textual.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from lessons import LANGUAGES, Lesson, load, load_dir, parse_file
from tui.i18n import detect_language, language, set_language, t

if TYPE_CHECKING:  # imported when something is graded: every start of the app builds this parser
    from tui.grading import Grade

KERNEL_TIMEOUT = 30.0
"""Seconds one learner call or cell may take here (no one is waiting at a keyboard)."""

EXIT_CODES = {"passed": 0, "failed": 1, "error": 2}


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``grade`` command, on the main parser's subcommands."""
    grade = commands.add_parser("grade", help=t("grade.help"), description=t("grade.help"))
    grade.add_argument(
        "--lesson", dest="grade_lesson", type=int, required=True, metavar="N", help=t("grade.lesson")
    )
    grade.add_argument("--exercise", required=True, metavar="ID", help=t("grade.exercise"))
    grade.add_argument("file", type=Path, metavar="FILE", help=t("grade.file"))
    grade.add_argument("--lang", dest="grade_lang", choices=LANGUAGES, help=t("grade.lang"))
    grade.add_argument("--json", action="store_true", help=t("grade.json"))
    grade.add_argument("--seed", type=int, metavar="S", help=t("grade.seed"))

    def refuse(message: str) -> NoReturn:
        raise BadArguments(f"{grade.prog}: {message}")

    grade.error = refuse  # type: ignore[method-assign]  # argparse has no hook for its error exit


class BadArguments(Exception):
    """argparse's message about `grade`'s arguments (exit 2, and JSON when --json was asked)."""


def run(args: argparse.Namespace) -> int:
    """`python -m tui grade ...`, parsed."""
    lang = args.grade_lang or args.lang or detect_language(os.environ)
    return grade_file(
        args.grade_lesson,
        args.exercise,
        args.file,
        lang=lang,
        as_json=args.json,
        seed=args.seed,
        lessons_dir=args.lessons,
    )


class _Refused(Exception):
    """Nothing could be graded: a bad argument, a missing lesson or file; the message says which."""


def grade_file(
    number: int,
    exercise_id: str,
    path: Path,
    *,
    lang: str,
    as_json: bool = False,
    seed: int | None = None,
    lessons_dir: Path | None = None,
) -> int:
    """Grade ``path`` as the answer to exercise ``exercise_id`` of lesson ``number``; the exit code.

    The lessons are the course's in ``lang``, or the teacher's own in ``lessons_dir``.
    """
    set_language(lang)
    try:
        course = load_dir(lessons_dir) if lessons_dir else load(lang)
        lesson, exercise_index = _find(course, number, exercise_id)
        code = _read(path)
        import asyncio

        graded, failure = asyncio.run(_grade(lesson, exercise_index, code, seed))
    except _Refused as refused:
        _report("error", [], str(refused), as_json)
        return EXIT_CODES["error"]
    if failure:
        _report("error", [], failure, as_json)
        return EXIT_CODES["error"]
    assert graded is not None
    checks = [
        {"description": outcome.description, "passed": outcome.passed, "message": outcome.message}
        for outcome in graded.outcomes
    ]
    error = (
        t("grade.code_failed", error=(graded.result.error or "").strip()) if graded.verdict == "error" else ""
    )
    if as_json:
        print(
            json.dumps(
                {"verdict": graded.verdict, "checks": checks, "seed": graded.seed, "error": error},
                ensure_ascii=False,
            )
        )
    else:
        passed = sum(outcome.passed for outcome in graded.outcomes)
        key = f"grade.verdict_{graded.verdict}"
        print(t(key, number=number, id=exercise_id, passed=passed, total=len(checks)))
        for check in checks:
            mark = "✓" if check["passed"] else "✗"
            print(f"{mark} {check['description']}")
            if not check["passed"]:
                print("  " + str(check["message"]).replace("\n", "\n  "))
        if error:
            print(error)
    return EXIT_CODES[graded.verdict]


def _find(course: list[Lesson], number: int, exercise_id: str) -> tuple[Lesson, int]:
    lesson = next((lesson for lesson in course if lesson.number == number), None)
    if lesson is None:
        numbers = [lesson.number for lesson in course] or [0]
        raise _Refused(t("grade.no_lesson", number=number, first=min(numbers), last=max(numbers)))
    if not lesson.ok:
        raise _Refused(t("grade.broken_lesson", number=number, path=lesson.path))
    ids = [exercise.id for exercise in lesson.exercises]
    if exercise_id not in ids:
        known = ", ".join(ids) or t("grade.none")
        raise _Refused(t("grade.no_exercise", number=number, id=exercise_id, known=known))
    return lesson, ids.index(exercise_id)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise _Refused(t("grade.unreadable", path=path, error=reason)) from None


async def _grade(lesson: Lesson, index: int, code: str, seed: int | None) -> tuple[Grade | None, str]:
    from tui.grading import grade
    from tui.kernel import Kernel
    from tui.verify import fresh_namespace, run_above

    exercise = lesson.exercises[index]
    async with Kernel(timeout=KERNEL_TIMEOUT) as kernel, Kernel(timeout=KERNEL_TIMEOUT) as judge:
        namespace = fresh_namespace(lesson)
        failed = await run_above(kernel, lesson, exercise, namespace)
        if failed is not None:
            error = (failed.result.error or failed.result.status).strip()
            return None, t("grade.cells_failed", what=failed.what, line=failed.line, error=error)
        return await grade(kernel, judge, exercise, code, namespace, seed=seed), ""


def _report(verdict: str, checks: list[dict[str, Any]], error: str, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"verdict": verdict, "checks": checks, "error": error}, ensure_ascii=False))
    print(error, file=sys.stderr)


def refuse_arguments(message: str, as_json: bool) -> int:
    """Bad arguments to `grade` (argparse's message): said on stderr, and as JSON when asked; exit 2."""
    _report("error", [], message, as_json)
    return EXIT_CODES["error"]


def check_solutions(files: Sequence[Path]) -> int:
    """Grade every exercise of ``files`` (already valid); print problems as ``path:line: message``."""
    asked = language()
    lessons = [parse_file(Path(path)) for path in files]
    import asyncio

    problems, count = asyncio.run(_verify(lessons, asked))
    set_language(asked)
    for problem in problems:
        print(problem)
    if problems:
        print(t("cli.check_failed", count=len(problems)), file=sys.stderr)
        return 1
    print(t("grade.verified", count=count))
    return 0


async def _verify(lessons: list[Lesson], fallback: str) -> tuple[list[Any], int]:
    from tui.kernel import Kernel
    from tui.verify import verify_lesson

    problems: list[Any] = []
    count = 0
    async with Kernel(timeout=KERNEL_TIMEOUT) as kernel, Kernel(timeout=KERNEL_TIMEOUT) as judge:
        for lesson in lessons:
            folder = lesson.path.resolve().parent.name
            set_language(folder if folder in LANGUAGES else fallback)  # messages in the lesson's language
            problems += await verify_lesson(kernel, judge, lesson)
            count += len(lesson.exercises)
    return problems, count
