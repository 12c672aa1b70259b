"""Nothing a cell starts outlives it: the kernel's process tree, found and killed.

The kernel child makes itself a *child subreaper* (``become_subreaper``, Linux
``PR_SET_CHILD_SUBREAPER``): a process whose parent exits is re-parented to the
kernel instead of to init, so everything a cell starts stays below the kernel in
the process tree, whatever it does: ``setsid``, double forks, daemons. When a cell
ends (normally, on Stop or at its time limit) the kernel kills its whole tree
(``kill_tree``) and reaps what is left (``reap``); the app does the same from
outside before it kills or replaces a kernel and when it quits, and the kernel's
lifeline does it when the app dies without a word (SIGKILL).

``kill_tree`` first stops every process it finds (SIGSTOP), walking the tree again
until a walk finds nothing new, so nothing can fork while it looks, then kills them
all (SIGKILL), and starts over until no living process is left below the root.

A kernel that dies on its own (a crash) leaves its descendants to init: ``sweep``
finds those by the marker every kernel puts in its environment (``MARKER``), which
its descendants inherit, unless they clear their environment on purpose.

Pure standard library: both the UI process and the kernel child import it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from pathlib import Path

MARKER = "NN_BASICS_KERNEL"
"""Environment variable naming the kernel a process descends from (``<app pid>-<n>``)."""

ROUNDS = 50
"""Most stop-and-kill rounds ``kill_tree`` makes (each catches what forked during the last)."""

PR_SET_CHILD_SUBREAPER = 36

REAP_WAIT = 2.0
"""Seconds the kernel waits at most for a killed child to finish exiting."""


def become_subreaper() -> bool:
    """Make the calling process adopt its orphaned descendants (Linux); False if it cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (all its threads'), [] if it is gone."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    found: list[int] = []
    for task in tasks:
        try:
            found.extend(map(int, Path(f"/proc/{pid}/task/{task}/children").read_bytes().split()))
        except FileNotFoundError:  # the thread ended
            continue
        except OSError:  # no children files (CONFIG_PROC_CHILDREN off): scan /proc instead
            return _children_by_scan(pid)
    return found


def _children_by_scan(pid: int) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            info = _stat(int(entry.name))
            if info is not None and info[1] == pid:
                found.append(int(entry.name))
    return found


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of ``pid``, or None if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    fields = text.rsplit(b")", 1)[1].split()
    return fields[0].decode(), int(fields[1])


def alive(pid: int) -> bool:
    """True if ``pid`` runs (a zombie waiting to be reaped counts as gone)."""
    info = _stat(pid)
    return info is not None and info[0] not in ("Z", "X")


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``, parents before their children."""
    found: list[int] = []
    seen = {pid}
    frontier = [pid]
    while frontier:
        parent = frontier.pop(0)
        for child in children(parent):
            if child not in seen:
                seen.add(child)
                found.append(child)
                frontier.append(child)
    return found


def _signal(pid: int, number: int) -> bool:
    try:
        os.kill(pid, number)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def until_gone(pids: list[int], seconds: float) -> None:
    """Wait (``seconds`` at most) until the killed ``pids`` have died: SIGKILL takes effect
    when each is next scheduled, which on a busy machine is a moment after the signal."""
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.005)


def kill_tree(root: int, *, include_root: bool = False) -> int:
    """Kill every living process below ``root`` (and ``root`` itself if asked); how many.

    Stops them all first, walking the tree until nothing new turns up, so none can
    fork meanwhile; then kills them all; repeats until nothing is left alive.
    """
    killed = 0
    for _ in range(ROUNDS):
        stopped: list[int] = []
        if include_root and alive(root) and _signal(root, signal.SIGSTOP):
            stopped.append(root)
        while True:
            fresh = [pid for pid in descendants(root) if pid not in stopped and alive(pid)]
            if not fresh:
                break
            stopped.extend(pid for pid in fresh if _signal(pid, signal.SIGSTOP))
            if not any(pid in stopped for pid in fresh):  # none could be signalled
                break
        if not stopped:
            return killed
        for pid in stopped:
            if _signal(pid, signal.SIGKILL):
                killed += 1
    return killed


def reap(root: int | None = None, *, within: float = REAP_WAIT) -> None:
    """Collect the exit status of every child that has ended (the kernel's zombies, after
    ``kill_tree``). Only for the kernel: the app must not take its children's statuses.

    With ``root`` (the kernel's own pid), a child still exiting is waited for, up to
    ``within`` seconds, killing again what turns up meanwhile: a killed process that frees
    a large memory takes a moment to become a zombie, and /proc may not list it meanwhile,
    so ``kill_tree`` can return before it is reaped."""
    deadline = time.monotonic() + within
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid != 0:
            continue
        if root is None or time.monotonic() > deadline:
            return
        time.sleep(0.005)
        kill_tree(root)


def sweep(marker: str, *, uid: int | None = None) -> int:
    """Kill every process whose environment holds ``MARKER=marker`` (what a crashed
    kernel left to init); ``uid``: only that user's. How many were killed."""
    entry = f"{MARKER}={marker}".encode()
    found = []
    for proc in os.scandir("/proc"):
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if uid is not None and proc.stat().st_uid != uid:
                continue
            if entry in Path(proc.path, "environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
    for pid in found:
        _signal(pid, signal.SIGSTOP)
    killed = 0
    for pid in found:
        killed += kill_tree(pid, include_root=True)
    return killed
