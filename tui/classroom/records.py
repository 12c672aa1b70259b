"""A student's record: what their session publishes, and how a teacher reads it.

The record is the student's own claim about their own work, written by their
app (or, since learner code runs with the student's rights, by anything they
run). So the reader treats it as hostile input: every field is checked for type
and range and cut to size, text loses control characters (no escape sequences
reach the teacher's terminal), and a field that fails is simply absent. A
student can at most misreport their own progress; the account a record belongs
to is never read from it (the file's owner says that).

JSON, version 1::

    {
      "version": 1,
      "started": 1733100000.0, "updated": 1733100042.5,   # seconds since the epoch
      "lesson": 3, "cell": "add-base",                     # lesson number, focused cell id
      "solved": 4, "attempts": 17,                         # exercises solved; answers checked
      "check": {"exercise": "add-base", "verdict": "failed", "passed": 1, "total": 2,
                "diagnosis": "total is 14, expected 15", "at": 1733100040.0},
      "exercise": {"id": "add-base", "since": 1733099900.0, "fails": 2, "solved": false,
                   "hints": 1, "hints_total": 2},           # the exercise being worked on
      "hand": {"question": "why (5,)?", "at": 1733100030.0},   # null when the hand is down
      "last_active": 1733100041.0, "follow": false,
      "code": "total = base + 4\\n", "output": "..."
    }
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict, dataclass
from typing import Any

VERSION = 1

MAX_CODE = 8000
MAX_OUTPUT = 4000
MAX_LINE = 300
MAX_ID = 80
MAX_COUNT = 1_000_000

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
"""Control and invisible/bidi-override characters: shown as U+FFFD, never sent to a terminal."""

VERDICTS = ("passed", "failed", "error")


class BadRecord(ValueError):
    """Not a record at all (not JSON, not an object, another version)."""


def clean_text(value: object, limit: int, *, lines: bool = False) -> str | None:
    """``value`` as safe text of at most ``limit`` characters, or None if it is not a string."""
    if not isinstance(value, str):
        return None
    text = value[:limit].encode("utf-8", "replace").decode("utf-8")  # lone surrogates -> ?
    text = text.replace("\r\n", "\n").replace("\r", "\n") if lines else " ".join(text.split())
    return _CONTROL.sub("\ufffd", text)


def finite_number(value: object, low: float = 0.0, high: float = 1e11) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) and low <= number <= high else None


def _count(value: object, high: int = MAX_COUNT) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        return 0
    return value if 0 <= value <= high else 0


def _identifier(value: object) -> str | None:
    text = clean_text(value, MAX_ID)
    return text or None


@dataclass(frozen=True)
class Check:
    """The last answer checked: which exercise, how it went, and the first thing to fix."""

    exercise: str
    verdict: str
    passed: int
    total: int
    diagnosis: str
    at: float

    @classmethod
    def parse(cls, raw: object) -> Check | None:
        if not isinstance(raw, dict):
            return None
        exercise, verdict, at = (
            _identifier(raw.get("exercise")),
            raw.get("verdict"),
            finite_number(raw.get("at")),
        )
        if exercise is None or verdict not in VERDICTS or at is None:
            return None
        total = _count(raw.get("total"), 1000)
        return cls(
            exercise,
            verdict,
            min(_count(raw.get("passed"), 1000), total),
            total,
            clean_text(raw.get("diagnosis"), MAX_LINE) or "",
            at,
        )


@dataclass(frozen=True)
class Working:
    """The exercise a student is on: since when without progress, failed checks in a row, hints shown."""

    id: str
    since: float
    fails: int
    solved: bool
    hints: int
    hints_total: int

    @classmethod
    def parse(cls, raw: object) -> Working | None:
        if not isinstance(raw, dict):
            return None
        ident, since = _identifier(raw.get("id")), finite_number(raw.get("since"))
        if ident is None or since is None:
            return None
        total = _count(raw.get("hints_total"), 100)
        return cls(
            ident,
            since,
            _count(raw.get("fails")),
            raw.get("solved") is True,
            min(_count(raw.get("hints"), 100), total),
            total,
        )


@dataclass(frozen=True)
class Hand:
    question: str
    at: float

    @classmethod
    def parse(cls, raw: object) -> Hand | None:
        if not isinstance(raw, dict):
            return None
        at = finite_number(raw.get("at"))
        return None if at is None else cls(clean_text(raw.get("question"), MAX_LINE) or "", at)


@dataclass(frozen=True)
class Record:
    """One student's published state. Build one with keyword arguments; all have defaults."""

    lesson: int | None = None
    cell: str | None = None
    solved: int = 0
    attempts: int = 0
    check: Check | None = None
    exercise: Working | None = None
    hand: Hand | None = None
    last_active: float | None = None
    follow: bool = False
    code: str = ""
    output: str = ""
    started: float | None = None
    updated: float | None = None

    def to_json(self) -> bytes:
        data: dict[str, Any] = {"version": VERSION, **asdict(self)}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def parse_record(data: bytes) -> Record:
    """The record in ``data``, every field checked; BadRecord if it is not a record at all."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise BadRecord(str(error)) from error
    if not isinstance(raw, dict) or raw.get("version") != VERSION:
        raise BadRecord("not a version 1 record")
    lesson = raw.get("lesson")
    return Record(
        lesson=lesson
        if isinstance(lesson, int) and not isinstance(lesson, bool) and 0 <= lesson < 1000
        else None,
        cell=_identifier(raw.get("cell")),
        solved=_count(raw.get("solved"), 10_000),
        attempts=_count(raw.get("attempts")),
        check=Check.parse(raw.get("check")),
        exercise=Working.parse(raw.get("exercise")),
        hand=Hand.parse(raw.get("hand")),
        last_active=finite_number(raw.get("last_active")),
        follow=raw.get("follow") is True,
        code=clean_text(raw.get("code"), MAX_CODE, lines=True) or "",
        output=clean_text(raw.get("output"), MAX_OUTPUT, lines=True) or "",
        started=finite_number(raw.get("started")),
        updated=finite_number(raw.get("updated")),
    )
