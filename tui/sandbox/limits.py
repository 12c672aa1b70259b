"""Resource limits for the kernel child, applied before NumPy loads.

They turn runaway learner code into an error or a reported crash instead of a dead
shared server: RLIMIT_AS makes huge allocations raise MemoryError, RLIMIT_FSIZE
makes huge files fail to write, RLIMIT_NPROC bounds fork bombs where no cgroup
does (see ``tui.sandbox.cgroups``), RLIMIT_CORE stops core dumps, and a per-cell
RLIMIT_CPU is a safety net should the parent stop enforcing its wall-clock timeout;
its hard limit (``SESSION_CPU``) is set once, so learner code cannot raise the soft
one past it, and every process the kernel starts inherits it.
"""

from __future__ import annotations

import math
import os
import resource
import signal
import sys

MAX_RECURSION = 10_000
"""Highest recursion limit a cell may set. Deeper, an endless recursion takes longer
than a cell's time limit to fail (a million frames: ~10 s and 1 GB) and is reported
as a timeout instead of the RecursionError it is; C code recursing that deep would
also overflow the 8 MB stack."""

SESSION_CPU = 3600
"""Hard RLIMIT_CPU of the kernel (seconds of CPU time): a kernel that used it all is
restarted, and a process that somehow outlived its cell cannot burn more."""


def apply(*, memory: int, processes: int, file_size: int, in_cgroup: bool = False) -> str:
    """Lower the hard and soft limits (learner code cannot raise them again).

    Returns the bound on processes now in force: "cgroup" (``in_cgroup``: the child
    already joined a pids-limited group), "rlimit" or "none" (root, no cgroup).
    """
    _lower(resource.RLIMIT_AS, memory)
    _lower(resource.RLIMIT_CORE, 0)
    _lower(resource.RLIMIT_FSIZE, file_size)
    _lower(resource.RLIMIT_CPU, SESSION_CPU)
    clamp_recursion()
    rearm()
    if in_cgroup:
        return "cgroup"
    # RLIMIT_NPROC counts every task of the real user, and never binds root; count
    # what the user already runs so only the learner's own forks hit the limit.
    if os.getuid() != 0 and os.path.isdir("/proc"):
        _lower(resource.RLIMIT_NPROC, _tasks_of(os.getuid()) + processes)
        return "rlimit"
    return "none"


def clamp_recursion() -> None:
    """Make ``sys.setrecursionlimit`` (as cells see it) cap its argument at MAX_RECURSION."""
    original = sys.setrecursionlimit

    def setrecursionlimit(limit: int, /) -> None:
        original(min(limit, MAX_RECURSION))

    setrecursionlimit.__doc__ = original.__doc__
    sys.setrecursionlimit = setrecursionlimit


def rearm() -> None:
    """Signal dispositions the limits rely on, set again before each cell (a cell may change them)."""
    # Over-size writes fail with OSError (EFBIG) instead of killing the kernel.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def cpu_budget(seconds: float) -> None:
    """Let the next cell use ``seconds`` more CPU time; past it the kernel gets SIGXCPU."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds)
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _lower(which: int, value: int) -> None:
    hard = resource.getrlimit(which)[1]
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(which, (value, value))


def _tasks_of(uid: int) -> int:
    """Threads (tasks) the user runs now, which is what RLIMIT_NPROC counts."""
    count = 0
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += len(os.listdir(f"/proc/{entry.name}/task"))
            except OSError:  # the process ended while we looked
                continue
    return count
