"""The class directory: what `class init` creates, and the checks before anyone uses it.

::

    DIR/                teacher:teachers  rwxrws--x  (2771)  teachers write, students only pass through
      board.json        teacher:teachers  rw-r--r--  (0644)  the class-wide goto and messages to all
      teachers.lock     teacher:teachers  rw-rw----  (0660)  serialises teachers' writes
      students/         teacher:teachers  rwxrws-wt  (3773)  anyone creates a folder, nobody lists or
                                                             renames another's (sticky), new folders
                                                             get the teachers group (setgid)
        alice/          alice:teachers    rwx-ws---  (2730)  made by alice's session: teachers may add
                                                             files but not list it; other students
                                                             cannot even look inside
          state.json    alice:teachers    rw-r-----  (0640)  alice's record, written by her app
          live          alice:teachers    rw-r-----  (0640)  locked (flock) while her session runs
          inbox.json    teacher:teachers  rw-r--r--  (0644)  messages to alice from a teacher

Identity is the file system's: a record is alice's because alice owns it, and a
board is the teacher's because a teacher owns it. Nothing a file says about who
wrote it is believed.
"""

from __future__ import annotations

import contextlib
import grp
import json
import os
import pwd
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.classroom import safeio
from tui.i18n import t
from tui.locks import flock_within

BOARD = "board.json"
STUDENTS = "students"
TEACHERS_LOCK = "teachers.lock"
STATE = "state.json"
LIVE = "live"
INBOX = "inbox.json"

CLASS_MODE = 0o2771
STUDENTS_MODE = 0o3773
STUDENT_MODE = 0o2730
STATE_MODE = 0o640
BOARD_MODE = 0o644
LOCK_MODE = 0o660

FORMAT_VERSION = 1


class ClassError(Exception):
    """Something the person at the keyboard must be told: an i18n key and its values."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def __str__(self) -> str:
        return t(self.key, **self.values)


def account_name(uid: int) -> str:
    """The login name of ``uid`` (or ``uid:N`` for a number with no account)."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid:{uid}"


def group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return f"gid:{gid}"


def group_members(gid: int) -> frozenset[int]:
    """Accounts in group ``gid``: listed members, and those for whom it is the primary group."""
    uids: set[int] = set()
    with contextlib.suppress(KeyError):
        for name in grp.getgrgid(gid).gr_mem:
            with contextlib.suppress(KeyError):
                uids.add(pwd.getpwnam(name).pw_uid)
    uids.update(entry.pw_uid for entry in pwd.getpwall() if entry.pw_gid == gid)
    return frozenset(uids)


def in_group(gid: int) -> bool:
    """Does this process have ``gid`` among its groups?"""
    return gid == os.getegid() or gid in os.getgroups()


@dataclass(frozen=True)
class ClassDir:
    """An opened class directory: where it is and who its teachers are."""

    path: Path
    owner: int
    group: int

    @property
    def students(self) -> Path:
        return self.path / STUDENTS

    def teachers(self) -> frozenset[int]:
        """Whose files students believe: the owner, the teachers group, and root."""
        return frozenset({self.owner, 0}) | group_members(self.group)

    def is_teacher(self) -> bool:
        """Is the running process one of this class's teachers?"""
        uid = os.geteuid()
        return uid in (self.owner, 0) or in_group(self.group)


# ------------------------------------------------------------------ checks
def _mode_problem(info: os.stat_result, owners: frozenset[int]) -> str | None:
    """Why a folder on the way to the class could be swapped by someone else, or None."""
    mode = info.st_mode
    if info.st_uid not in owners:
        return "owner"
    if mode & (stat.S_IWGRP | stat.S_IWOTH) and not mode & stat.S_ISVTX:
        return "writable"
    return None


def check_path(path: Path) -> Path:
    """``path`` made absolute and resolved, after checking nobody but root and its owner can swap it.

    Every folder above the class must belong to root or the class's owner and be
    writable by nobody else (unless sticky, like /tmp); the same holds for any
    symlink on the way. Otherwise another account could replace the class with
    one of its own and pose as the teacher.
    """
    given = Path(os.path.abspath(path))
    try:
        real = given.resolve(strict=True)
        info = os.stat(real)
    except (OSError, RuntimeError) as error:
        raise ClassError("class.missing", path=path) from error
    if not stat.S_ISDIR(info.st_mode):
        raise ClassError("class.not_a_folder", path=path)
    trusted = frozenset({0, info.st_uid})
    for part in [*given.parents, given]:
        with contextlib.suppress(OSError):
            link = os.lstat(part)
            if stat.S_ISLNK(link.st_mode) and link.st_uid not in trusted:
                raise ClassError("class.unsafe_above", path=path, folder=part)
    for folder in real.parents:
        problem = _mode_problem(os.stat(folder), trusted)
        if problem:
            raise ClassError("class.unsafe_above", path=path, folder=folder)
    return real


def open_class(path: Path) -> ClassDir:
    """The class at ``path``, after checking it is one and that it is safe to use."""
    real = check_path(path)
    info = os.stat(real)
    if info.st_mode & stat.S_IWOTH:
        raise ClassError("class.unsafe", path=path, what=real)
    found = ClassDir(real, info.st_uid, info.st_gid)
    try:
        students = os.lstat(found.students)
    except OSError as error:
        raise ClassError("class.not_a_class", path=path) from error
    if not (
        stat.S_ISDIR(students.st_mode)
        and students.st_uid == found.owner
        and students.st_gid == found.group
        and students.st_mode & stat.S_ISVTX
        and students.st_mode & stat.S_ISGID
    ):
        raise ClassError("class.unsafe", path=path, what=found.students)
    if safeio.file_key(str(real / BOARD)) is None:  # its owner is checked whenever it is read
        raise ClassError("class.not_a_class", path=path)
    return found


def open_as_teacher(path: Path) -> ClassDir:
    found = open_class(path)
    if not found.is_teacher():
        raise ClassError(
            "class.not_teacher", account=account_name(os.geteuid()), group=group_name(found.group)
        )
    return found


# -------------------------------------------------------------------- init
def init_class(path: Path, teachers: str | None = None) -> ClassDir:
    """Create (or repair) a class directory at ``path``; the caller and group ``teachers`` teach it."""
    uid = os.geteuid()
    if teachers is None:
        gid = os.getegid()
        others = group_members(gid) - {uid}
        if others:
            raise ClassError(
                "class.group_shared",
                group=group_name(gid),
                members=", ".join(sorted(account_name(u) for u in others)),
            )
    else:
        try:
            gid = grp.getgrnam(teachers).gr_gid
        except KeyError:
            raise ClassError("class.no_such_group", group=teachers) from None
        if uid != 0 and not in_group(gid):
            raise ClassError("class.not_in_group", group=teachers, account=account_name(uid))
    target = Path(os.path.abspath(path))
    try:
        target.mkdir(mode=0o700)
    except FileExistsError:
        _check_reusable(target, uid)
    except OSError as error:
        raise ClassError("class.cannot_create", path=path, error=error.strerror) from error
    try:
        os.chown(target, -1, gid)
        os.chmod(target, CLASS_MODE)
        students = target / STUDENTS
        with contextlib.suppress(FileExistsError):
            students.mkdir(mode=0o700)
        if os.lstat(students).st_uid != uid or not stat.S_ISDIR(os.lstat(students).st_mode):
            raise ClassError("class.not_empty", path=path)
        os.chown(students, -1, gid)
        os.chmod(students, STUDENTS_MODE)
        with safeio.folder(target, owner=uid) as fd:
            lock = os.open(
                TEACHERS_LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=fd
            )
            try:
                os.fchown(lock, -1, gid)
                os.fchmod(lock, LOCK_MODE)
            finally:
                os.close(lock)
            if safeio.file_key(BOARD, dir_fd=fd) is None:
                board: dict[str, object] = {
                    "version": FORMAT_VERSION,
                    "created": time.time(),
                    "goto": None,
                    "messages": [],
                }
                safeio.write_file(BOARD, json.dumps(board).encode(), dir_fd=fd, mode=BOARD_MODE, durable=True)
            os.chown(BOARD, -1, gid, dir_fd=fd, follow_symlinks=False)
    except OSError as error:
        raise ClassError("class.cannot_create", path=path, error=error.strerror) from error
    return open_class(target)


def _check_reusable(target: Path, uid: int) -> None:
    """An existing folder may become a class if it is ours and empty, or already a class of ours."""
    info = os.lstat(target)
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != uid:
        raise ClassError("class.not_empty", path=target)
    if set(os.listdir(target)) - {BOARD, STUDENTS, TEACHERS_LOCK}:
        raise ClassError("class.not_empty", path=target)


@contextlib.contextmanager
def teachers_lock(found: ClassDir, timeout: float = 5.0) -> Iterator[None]:
    """One teacher's write at a time (two teachers sending at once must not lose a message)."""
    try:
        fd = os.open(found.path / TEACHERS_LOCK, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as error:
        raise ClassError("class.not_teacher_write", error=error.strerror) from error
    try:
        flock_within(fd, timeout=timeout, poll=0.02)  # a stuck teacher: write anyway, rather than never
        yield
    finally:
        os.close(fd)
