"""`python -m tui class report`: the class as a text table, or as JSON for scripts."""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime

from tui.classroom.roster import Student
from tui.i18n import t


def iso_time(seconds: float | None) -> str | None:
    """``seconds`` since the epoch as local ISO 8601 with its offset (``2025-12-02T10:42:05+01:00``)."""
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds, tz=UTC).astimezone().isoformat(timespec="seconds")


def clock_time(seconds: float | None, now: float | None = None) -> str:
    """``10:42`` today, ``12-01 10:42`` on another day, ``-`` never."""
    if seconds is None:
        return "-"
    when = time.localtime(seconds)
    today = time.localtime(time.time() if now is None else now)
    same_day = when[:3] == today[:3]
    return time.strftime("%H:%M" if same_day else "%m-%d %H:%M", when)


def as_json(students: Sequence[Student]) -> str:
    rows = []
    for student in students:
        record = student.record
        rows.append(
            {
                "account": student.account,
                "lesson": None if record is None else record.lesson,
                "solved": 0 if record is None else record.solved,
                "attempts": 0 if record is None else record.attempts,
                "hand_raised": student.hand_raised,
                "question": (student.question or None) if student.hand_raised else None,
                "state": student.state,
                "last_active": iso_time(student.last_active),
            }
        )
    return json.dumps({"students": rows}, ensure_ascii=False, indent=2)


def width(text: str) -> int:
    """Terminal cells ``text`` takes (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fit(text: str, cells: int) -> str:
    """``text`` cut (with …) or padded to exactly ``cells`` terminal cells."""
    if width(text) > cells:
        while text and width(text) > cells - 1:
            text = text[:-1]
        text += "…"
    return text + " " * (cells - width(text))


COLUMNS = (
    ("class.column.account", 14),
    ("class.column.lesson", 6),
    ("class.column.state", 8),
    ("class.column.solved", 6),
    ("class.column.attempts", 6),
    ("class.column.active", 11),
    ("class.column.hand", 0),
)
"""Heading key and width in cells of each column (0: the rest of the line)."""


def as_text(students: Sequence[Student], now: float | None = None) -> str:
    """One line per student, hands first, with a heading and a summary line."""
    lines = ["  ".join(fit(t(key), size) if size else t(key) for key, size in COLUMNS).rstrip()]
    for student in students:
        record = student.record
        hand = ""
        if student.hand_raised:
            hand = (
                t("class.hand_up", question=student.question) if student.question else t("class.hand_up_bare")
            )
        cells = (
            student.account,
            "-" if record is None or record.lesson is None else f"{record.lesson:02d}",
            t(f"class.state.{student.state}"),
            "-" if record is None else str(record.solved),
            "-" if record is None else str(record.attempts),
            clock_time(student.last_active, now),
            hand,
        )
        lines.append(
            "  ".join(
                fit(v, size) if size else v for v, (_, size) in zip(cells, COLUMNS, strict=True)
            ).rstrip()
        )
    counts = {
        state: sum(s.state == state for s in students) for state in ("working", "idle", "stuck", "gone")
    }
    hands = sum(s.hand_raised for s in students)
    lines.append(t("class.summary", students=len(students), hands=hands, **counts))
    return "\n".join(lines)
