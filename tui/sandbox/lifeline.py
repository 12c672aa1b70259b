"""The child never outlives the app: when the parent goes, the whole group goes.

Two independent signals of the parent's death, because either alone can be missed:
EOF on the command pipe (seen by the reader thread, even while a cell hogs the main
thread) and PR_SET_PDEATHSIG on Linux. Either ends the child's process group, so
processes the learner forked or started go too. An orphan also empties and removes
its pids cgroup (which its dead parent would have done), catching processes that
left the group with ``setsid``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys

from tui.sandbox import cgroups

ORPHAN_CGROUP_WAIT = 1.0
"""Seconds an orphan waits for its cgroup's members to exit so it can remove the group."""

_cleanup: str | None = None
_cgroup: tuple[str, str] | None = None  # (our group, the group to move back to first)


def guard(parent: int, cleanup: str | None, cgroup: tuple[str, str] | None = None) -> None:
    """Die with ``parent``; remove the directory ``cleanup`` (the kernel's own) when dying,
    and, given ``cgroup`` = (group, home), empty and remove that group too."""
    global _cleanup, _cgroup
    _cleanup, _cgroup = cleanup, cgroup
    signal.signal(signal.SIGTERM, lambda signum, frame: die(orphaned=True))
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        with contextlib.suppress(OSError, AttributeError):  # no prctl: EOF still works
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        die(orphaned=True)


def die(*, orphaned: bool) -> None:
    """SIGKILL our process group, ourselves included.

    An ``orphaned`` child also removes the kernel's temp dir and its cgroup, which its
    dead parent cannot; a living parent reuses that directory for the next child and
    removes the group itself.
    """
    if orphaned and _cleanup is not None:
        shutil.rmtree(_cleanup, ignore_errors=True)
    if orphaned and _cgroup is not None:
        group, home = _cgroup
        if cgroups.join(home):  # a group cannot be removed by one of its members
            cgroups.clear(group, ORPHAN_CGROUP_WAIT)
    if os.getpgid(0) == os.getpid():  # we lead our own group (start_new_session)
        os.killpg(0, signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)  # started by hand: never kill the shell's group
