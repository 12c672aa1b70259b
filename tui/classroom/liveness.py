"""Is a student's session still running? An flock the session holds, and the kernel drops.

The session opens ``live`` in its folder and holds a shared ``flock`` on it for
as long as it runs. When the process ends, however it ends (quit, dropped SSH
connection, SIGKILL, a crash), the kernel releases the lock at once: no
heartbeat to write, no timeout to wait for. A teacher asks with a non-blocking
exclusive lock: refused means someone holds it (alive); granted means nobody
does (gone), and is released straight away.

The descriptor is close-on-exec, so the learner's kernel process does not
inherit it and cannot keep a dead session looking alive.
"""

from __future__ import annotations

import fcntl
import os
import stat

from tui.classroom import safeio
from tui.classroom.layout import LIVE, STATE_MODE
from tui.locks import flock_within

ACQUIRE_FOR = 2.0
"""Seconds a starting session keeps trying for its lock (a teacher's probe holds it for microseconds)."""


class SessionLock:
    """The lock a student's session holds in its own folder (``dir_fd``) while it runs."""

    def __init__(self, dir_fd: int) -> None:
        self.fd: int | None = None
        uid = os.geteuid()
        for _ in range(2):
            fd = os.open(LIVE, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600, dir_fd=dir_fd)
            info = os.fstat(fd)
            if stat.S_ISREG(info.st_mode) and info.st_uid == uid:
                break
            os.close(fd)  # someone else's file in our folder: replace it with ours
            os.unlink(LIVE, dir_fd=dir_fd)
        else:
            raise safeio.Unsafe("foreign", LIVE)
        os.fchmod(fd, STATE_MODE)
        # Without the lock, keep working: the teacher may see this session as gone.
        flock_within(fd, timeout=ACQUIRE_FOR, poll=0.01, shared=True)
        self.fd = fd

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def session_alive(dir_fd: int, owner: int) -> bool:
    """Is a session of ``owner`` holding the lock in the student folder ``dir_fd``?"""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(LIVE, flags, dir_fd=dir_fd)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != owner:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return False
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
