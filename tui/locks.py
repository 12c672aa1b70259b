"""Taking a file lock without waiting for ever (POSIX ``flock``, polled).

Used where a lock that is never released (a broken lock on NFS, a stuck
process) must not freeze the app: saved progress, a teacher's writes, a
student's session lock. Each caller carries on without the lock when it times out.
"""

from __future__ import annotations

import time


def flock_within(fd: int, *, timeout: float, poll: float, shared: bool = False) -> bool:
    """Lock ``fd`` (exclusive, or ``shared``), trying every ``poll`` seconds; False after ``timeout``."""
    import fcntl  # POSIX only: callers on other platforms never get here

    operation = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, operation)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
            time.sleep(poll)
