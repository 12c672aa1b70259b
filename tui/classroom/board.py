"""What teachers tell students: the class-wide board (goto, messages to all) and each student's inbox.

Both are JSON files only teachers can write: ``board.json`` in the class
directory, and ``inbox.json`` that a teacher puts into one student's folder. A
student's app believes them only if a teacher owns the file (the class owner,
a member of the teachers group, or root); the student can delete their own
inbox, never forge one, since a file they write is owned by them. Messages
are data, shown as plain text: nothing a teacher sends is ever run.

::

    {"version": 1, "goto": {"lesson": 4, "at": 1733100000.0, "by": "alice"} | null,
     "messages": [{"text": "Look at the board", "at": 1733100100.0, "by": "alice"}]}
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Container
from dataclasses import dataclass

from tui.classroom import safeio
from tui.classroom.layout import (
    BOARD,
    BOARD_MODE,
    FORMAT_VERSION,
    INBOX,
    ClassDir,
    ClassError,
    account_name,
    teachers_lock,
)
from tui.classroom.records import MAX_ID, MAX_LINE, clean_text, finite_number
from tui.classroom.roster import Student

KEEP_MESSAGES = 20
"""Messages kept per file; older ones drop off."""

MAX_MESSAGE = MAX_LINE


@dataclass(frozen=True)
class Message:
    text: str
    at: float
    by: str


@dataclass(frozen=True)
class Goto:
    lesson: int
    at: float
    by: str


@dataclass(frozen=True)
class Board:
    """A board or an inbox (an inbox has no goto)."""

    goto: Goto | None = None
    messages: tuple[Message, ...] = ()


def parse_board(data: bytes) -> Board:
    """The board in ``data``; anything malformed is left out (an empty board at worst)."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return Board()
    if not isinstance(raw, dict) or raw.get("version") != FORMAT_VERSION:
        return Board()
    return Board(_goto(raw.get("goto")), _messages(raw.get("messages")))


def _goto(raw: object) -> Goto | None:
    if not isinstance(raw, dict):
        return None
    lesson, at = raw.get("lesson"), finite_number(raw.get("at"))
    if not isinstance(lesson, int) or isinstance(lesson, bool) or not 0 <= lesson < 1000 or at is None:
        return None
    return Goto(lesson, at, clean_text(raw.get("by"), MAX_ID) or "")


def _messages(raw: object) -> tuple[Message, ...]:
    if not isinstance(raw, list):
        return ()
    found = []
    for item in raw[-KEEP_MESSAGES:]:
        if isinstance(item, dict):
            text, at = clean_text(item.get("text"), MAX_MESSAGE), finite_number(item.get("at"))
            if text and at is not None:
                found.append(Message(text, at, clean_text(item.get("by"), MAX_ID) or ""))
    return tuple(found)


def _to_json(board: Board) -> bytes:
    data = {
        "version": FORMAT_VERSION,
        "goto": None if board.goto is None else vars(board.goto),
        "messages": [vars(message) for message in board.messages[-KEEP_MESSAGES:]],
    }
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def read_board_file(name: str, *, dir_fd: int | None, teachers: Container[int]) -> Board:
    """The board or inbox ``name``; an empty board if it is missing or not a teacher's."""
    try:
        data, _ = safeio.read_file(name, dir_fd=dir_fd, owners=teachers)
    except safeio.Unsafe:
        return Board()
    return parse_board(data)


# ---------------------------------------------------------------- teachers
def _me() -> str:
    return account_name(os.geteuid())


def _clean_message(text: str) -> str:
    cleaned = clean_text(text, MAX_MESSAGE)
    if not cleaned:
        raise ClassError("class.empty_message")
    return cleaned


def send_goto(found: ClassDir, lesson: int) -> Goto:
    """Ask every student to go to lesson ``lesson`` (followers are moved there)."""
    goto = Goto(lesson, time.time(), _me())
    _update_board(found, lambda board: Board(goto, board.messages))
    return goto


def send_to_all(found: ClassDir, text: str) -> Message:
    message = Message(_clean_message(text), time.time(), _me())
    _update_board(found, lambda board: Board(board.goto, (*board.messages, message)))
    return message


def _update_board(found: ClassDir, change: Callable[[Board], Board]) -> None:
    teachers = found.teachers()
    try:
        with teachers_lock(found), safeio.folder(found.path, owner=found.owner) as fd:
            board = read_board_file(BOARD, dir_fd=fd, teachers=teachers)
            safeio.write_file(BOARD, _to_json(change(board)), dir_fd=fd, mode=BOARD_MODE, durable=True)
    except (OSError, safeio.Unsafe) as error:
        raise ClassError("class.not_teacher_write", error=str(error)) from error


def send_to_student(found: ClassDir, student: Student, text: str) -> Message:
    """Put a message in ``student``'s inbox (in the folder their session reads)."""
    message = Message(_clean_message(text), time.time(), _me())
    teachers = found.teachers()
    try:
        with (
            teachers_lock(found),
            safeio.folder(found.students, owner=found.owner) as students_fd,
            safeio.folder(student.folder, dir_fd=students_fd, owner=student.uid) as fd,
        ):
            inbox = read_board_file(INBOX, dir_fd=fd, teachers=teachers)
            updated = Board(None, (*inbox.messages, message))
            safeio.write_file(INBOX, _to_json(updated), dir_fd=fd, mode=BOARD_MODE, durable=True)
    except (OSError, safeio.Unsafe) as error:
        raise ClassError("class.not_delivered", account=student.account, error=str(error)) from error
    return message
