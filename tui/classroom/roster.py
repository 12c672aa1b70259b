"""The teacher's view of the class: one entry per student account, read from the class directory.

A scan lists ``students/``, and for each folder: who owns it (that is the
student), whether a session holds its lock, and its record, read again only
when the file changed. Folders are grouped by owner, so a student who creates
extra folders (or one named after a classmate) still shows up once, as
themselves. Only teachers can list ``students/``; anyone else gets
ClassError("class.not_teacher").
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass, field

from tui.classroom import safeio
from tui.classroom.layout import STATE, ClassDir, ClassError, account_name, group_name
from tui.classroom.liveness import session_alive
from tui.classroom.records import BadRecord, Record, parse_record
from tui.classroom.states import ATTENTION, state_of

MAX_FOLDERS = 2000
"""Folders looked at per scan; a class has dozens, this bounds what a flood of folders costs."""


@dataclass(frozen=True)
class Student:
    """A student as the teacher sees them. ``account`` comes from the OS, never from the record."""

    uid: int
    account: str
    folder: str
    alive: bool
    state: str
    record: Record | None = None
    problem: str | None = None
    """Why the record could not be used (missing, symlink, foreign, too-large, unreadable, invalid)."""
    changed: float = field(default=0.0, compare=False)
    """When the record file last changed (its mtime)."""

    @property
    def hand_raised(self) -> bool:
        return self.alive and self.record is not None and self.record.hand is not None

    @property
    def question(self) -> str:
        hand = self.record.hand if self.record is not None else None
        return hand.question if hand is not None else ""

    @property
    def last_active(self) -> float | None:
        return None if self.record is None else self.record.last_active


def attention_key(student: Student) -> tuple[object, ...]:
    """Hands first (the earliest raised first), then stuck, working, idle, gone; then by name."""
    if student.hand_raised:
        assert student.record is not None and student.record.hand is not None
        return (0, student.record.hand.at, student.account)
    return (1 + ATTENTION[student.state], 0.0, student.account)


@dataclass
class _Cached:
    key: tuple[int, int, int, int] | None
    record: Record | None
    problem: str | None


class Roster:
    """Scans one class directory; keeps parsed records between scans so unchanged files cost a stat."""

    def __init__(self, found: ClassDir) -> None:
        self.found = found
        self._records: dict[str, _Cached] = {}

    def scan(self, now: float | None = None) -> list[Student]:
        """Every student account with a folder, in attention order."""
        now = time.time() if now is None else now
        try:
            with safeio.folder(self.found.students, owner=self.found.owner) as students_fd:
                best: dict[int, Student] = {}
                seen: set[str] = set()
                for name in _folder_names(self.found):
                    student = self._student(students_fd, name, now)
                    if student is None:
                        continue
                    seen.add(name)
                    current = best.get(student.uid)
                    if current is None or _preferred(student, current):
                        best[student.uid] = student
        except (PermissionError, safeio.Unsafe) as error:
            raise ClassError(
                "class.not_teacher", account=account_name(os.geteuid()), group=group_name(self.found.group)
            ) from error
        for name in set(self._records) - seen:
            del self._records[name]
        return sorted(best.values(), key=attention_key)

    def _student(self, students_fd: int, name: str, now: float) -> Student | None:
        try:
            info = os.stat(name, dir_fd=students_fd, follow_symlinks=False)
        except OSError:
            return None
        if not stat.S_ISDIR(info.st_mode):
            return None
        uid = info.st_uid
        try:
            fd = safeio.open_folder(name, dir_fd=students_fd, owner=uid)
        except safeio.Unsafe:
            return None  # swapped for something else since the stat
        try:
            alive = session_alive(fd, uid)
            record, problem, changed = self._record(fd, name, uid)
        finally:
            os.close(fd)
        return Student(
            uid=uid,
            account=account_name(uid),
            folder=name,
            alive=alive,
            state=state_of(record, alive, now),
            record=record,
            problem=problem,
            changed=changed,
        )

    def _record(self, fd: int, name: str, uid: int) -> tuple[Record | None, str | None, float]:
        key = safeio.file_key(STATE, dir_fd=fd)
        changed = key[1] / 1e9 if key else 0.0
        cached = self._records.get(name)
        if cached is not None and cached.key == key:
            return cached.record, cached.problem, changed
        record: Record | None = None
        problem: str | None = None
        if key is None:
            problem = "missing"
        else:
            try:
                data, _ = safeio.read_file(STATE, dir_fd=fd, owners={uid})
                record = parse_record(data)
            except safeio.Unsafe as error:
                problem = error.reason
            except BadRecord:
                problem = "invalid"
        self._records[name] = _Cached(key, record, problem)
        return record, problem, changed


def _folder_names(found: ClassDir) -> list[str]:
    names = []
    with os.scandir(found.students) as entries:
        for entry in entries:
            if not entry.name.startswith("."):
                names.append(entry.name)
                if len(names) >= MAX_FOLDERS:
                    break
    return names


def _preferred(candidate: Student, current: Student) -> bool:
    """Of two folders of one account: the one with a live session, then the one written last."""
    if candidate.alive != current.alive:
        return candidate.alive
    if (candidate.record is None) != (current.record is None):
        return candidate.record is not None
    return candidate.changed > current.changed


def find_student(found: ClassDir, account: str, now: float | None = None) -> list[Student]:
    """The folders of ``account`` (all of them: a message should reach every session)."""
    roster = Roster(found)
    now = time.time() if now is None else now
    matches = []
    with safeio.folder(found.students, owner=found.owner) as students_fd:
        for name in _folder_names(found):
            student = roster._student(students_fd, name, now)
            if student is not None and student.account == account:
                matches.append(student)
    return matches
