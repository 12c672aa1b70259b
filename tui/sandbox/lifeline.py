"""The child never outlives the app: when the parent goes, the whole group goes.

Two independent signals of the parent's death, because either alone can be missed:
EOF on the command pipe (seen by the reader thread, even while a cell hogs the main
thread) and PR_SET_PDEATHSIG on Linux. Either kills the child's whole process
tree (it is a subreaper, see ``tui.sandbox.reaper``) and its process group, so
processes the learner forked or started go too. An orphan also empties and removes
its cgroup (which its dead parent would have done).

``die`` with an exit ``code`` (the command pipe closed while the parent lives on: a
cell closed it) exits with that code instead of SIGKILL, so the parent can say what
happened.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import time

from tui.sandbox import cgroups, reaper

ORPHAN_CGROUP_WAIT = 1.0
"""Seconds an orphan waits for its cgroup's members to exit so it can remove the group."""

PARENT_EXIT_WAIT = 1.0
"""Seconds to wait, on EOF from the parent, for it to be gone (its pipes close a moment
before it is reaped): if it is still there after that, a cell closed the pipe."""

_cleanup: str | None = None
_groups: list[tuple[str, str]] = []  # (our cgroup, the group to move back to first), per hierarchy
_parent = 0


def guard(parent: int, cleanup: str | None, groups: list[tuple[str, str]] | None = None) -> None:
    """Die with ``parent``; remove the directory ``cleanup`` (the kernel's own) when dying,
    and empty and remove each cgroup of ``groups`` (pairs of group, home) too."""
    global _cleanup, _groups, _parent
    _cleanup, _groups, _parent = cleanup, list(groups or []), parent
    rearm()
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        with contextlib.suppress(OSError, AttributeError):  # no prctl: EOF still works
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        die(orphaned=True)


def rearm() -> None:
    """(Re)install the SIGTERM handler (PDEATHSIG sends it); before each cell, which may change it."""
    signal.signal(signal.SIGTERM, lambda signum, frame: die(orphaned=True))


def die(*, orphaned: bool, code: int | None = None) -> None:
    """Kill everything below us and our process group, then ourselves (SIGKILL, or exit
    with ``code`` if given).

    An ``orphaned`` child also removes the kernel's temp dir and its cgroup, which its
    dead parent cannot; a living parent reuses that directory for the next child and
    removes the group itself (so this is skipped while the parent still runs).
    """
    orphaned = orphaned and _parent_gone()
    with contextlib.suppress(OSError):
        reaper.kill_tree(os.getpid())
    if orphaned and _cleanup is not None:
        shutil.rmtree(_cleanup, ignore_errors=True)
    for group, home in _groups if orphaned else []:
        if cgroups.join(home):  # a group cannot be removed by one of its members
            cgroups.clear(group, ORPHAN_CGROUP_WAIT)
    if code is not None:
        os._exit(code)
    _kill_self()


def _parent_gone() -> bool:
    deadline = time.monotonic() + PARENT_EXIT_WAIT
    while os.getppid() == _parent:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def _kill_self() -> None:
    if os.getpgid(0) == os.getpid():  # we lead our own group (start_new_session)
        os.killpg(0, signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)  # started by hand: never kill the shell's group
