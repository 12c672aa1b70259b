"""The course catalogue: load the lessons of one language, in file-name order.

Imported by the UI process, so it must stay free of NumPy (the maths in
`lessons.nn` and `lessons.data` runs only in the kernel and the tests).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from lessons.model import (
    WIDGET_NAMES,
    Block,
    Cell,
    Check,
    Exercise,
    Lesson,
    LessonError,
    Mistake,
    Prose,
    WidgetBlock,
)
from lessons.parser import parse_file

__all__ = [
    "LANGUAGES",
    "WIDGET_NAMES",
    "Block",
    "Cell",
    "Check",
    "Exercise",
    "Lesson",
    "LessonError",
    "Mistake",
    "Prose",
    "WidgetBlock",
    "check_files",
    "lesson_dir",
    "load",
    "load_dir",
    "parse_file",
]

LANGUAGES = ("en", "zh")
PACKAGE_DIR = Path(__file__).resolve().parent


def lesson_dir(lang: str) -> Path:
    """Where the lesson files of ``lang`` live inside the package."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    return PACKAGE_DIR / lang


def load(lang: str = "en") -> list[Lesson]:
    """Parse every lesson of ``lang``; broken files come back with ``errors`` set."""
    return load_dir(lesson_dir(lang))


def load_dir(directory: Path) -> list[Lesson]:
    """Parse every ``*.md`` lesson in ``directory``, in file-name order.

    The result is kept while no file changes (names, sizes, modification times):
    a login server (``tui.server``) parses the course once for all its logins.
    """
    paths = sorted(Path(directory).glob("*.md"))
    stamp = tuple(_stamp(path) for path in paths)
    key = str(Path(directory).resolve())
    kept = _parsed.get(key)
    if kept is None or kept[0] != stamp:
        kept = _parsed[key] = (stamp, _with_cross_file_errors([parse_file(p) for p in paths]))
    return list(kept[1])


_parsed: dict[str, tuple[tuple[tuple[str, int, int], ...], list[Lesson]]] = {}
"""Parsed courses by folder, with the stamp of their files (``load_dir``)."""


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        status = path.stat()
    except OSError:
        return (path.name, -1, -1)
    return (path.name, status.st_mtime_ns, status.st_size)


def check_files(paths: Iterable[Path | str]) -> list[LessonError]:
    """Every problem in the given files, including ids or numbers used twice among them."""
    lessons = _with_cross_file_errors([parse_file(Path(p)) for p in paths])
    return [error for lesson in lessons for error in lesson.errors]


def _with_cross_file_errors(lessons: list[Lesson]) -> list[Lesson]:
    """Mark the later of two lessons that share an id or a number."""
    seen_ids: dict[str, Lesson] = {}
    seen_numbers: dict[int, Lesson] = {}
    result = []
    for lesson in lessons:
        problems = []
        if lesson.ok and lesson.id in seen_ids:
            problems.append(f"duplicate lesson id {lesson.id!r} (also in {seen_ids[lesson.id].path})")
        if lesson.ok and lesson.number in seen_numbers:
            other = seen_numbers[lesson.number].path
            problems.append(f"duplicate lesson number {lesson.number:02d} (also {other})")
        if problems:
            errors = tuple(LessonError(lesson.path, lesson.id_line, p) for p in problems)
            lesson = replace(lesson, blocks=(), errors=errors)
        else:
            seen_ids.setdefault(lesson.id, lesson)
            seen_numbers.setdefault(lesson.number, lesson)
        result.append(lesson)
    return result
