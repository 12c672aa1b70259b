"""Helpers for the class tests: act as another uid, and fake students in a class directory.

``as_user`` forks and drops to a uid that may have no account at all (root only),
runs a function there and brings its result (or the exception it raised) back.
No new interpreter is started, so the uid needs no Python of its own; whatever
the function needs must be imported before the fork (this interpreter's files
may not be readable by that uid).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pickle
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tui.classroom import safeio
from tui.classroom.layout import LIVE, STATE, ClassDir
from tui.classroom.records import Record
from tui.i18n import all_strings

all_strings()  # every catalogue loaded now: a forked child may not be able to read their files

needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="acting as other accounts (chown, setuid) needs root; run the tests as root"
)

STUDENT_UIDS = (61001, 61002, 61003)
"""Uids with no account, for tests that only need distinct owners."""


def as_user(
    uid: int, gid: int, function: Callable[..., Any], *args: Any, groups: tuple[int, ...] = ()
) -> Any:
    """``function(*args)`` run by a child process with ``uid``/``gid``; its exception is raised here."""
    read, write = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads: the child only runs this
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read)
        try:
            os.setgroups(list(groups))
            os.setgid(gid)
            os.setuid(uid)
            outcome: tuple[str, Any] = ("ok", function(*args))
        except BaseException as error:
            outcome = ("error", error)
        try:
            data = pickle.dumps(outcome)
        except Exception as error:
            data = pickle.dumps(("error", RuntimeError(repr(error))))
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    kind, value = pickle.loads(data)
    if kind == "error":
        raise value
    return value


def fake_student(
    found: ClassDir, uid: int, record: Record | bytes | None, *, name: str | None = None
) -> Path:
    """A student folder owned by ``uid`` holding ``record`` (as root: no session of theirs runs)."""
    folder = found.students / (name or f"student-{uid}")
    folder.mkdir(mode=0o730, exist_ok=True)
    os.chown(folder, uid, found.group)
    os.chmod(folder, 0o2730)
    if record is not None:
        data = record if isinstance(record, bytes) else record.to_json()
        with safeio.folder(folder) as fd:
            safeio.write_file(STATE, data, dir_fd=fd, mode=0o640)
            os.chown(STATE, uid, found.group, dir_fd=fd)
    return folder


@contextlib.contextmanager
def live_session(folder: Path, uid: int) -> Iterator[None]:
    """Hold ``folder``'s session lock as its owner would while their app runs."""
    fd = os.open(folder / LIVE, os.O_RDWR | os.O_CREAT, 0o640)
    try:
        os.fchown(fd, uid, -1)
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)
