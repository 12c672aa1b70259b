"""Looking at processes through /proc: what is left behind, and what a session costs."""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path


def alive(pid: int) -> bool:
    """True if ``pid`` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def wait_gone(pids: list[int], seconds: float = 5.0) -> list[int]:
    """Wait up to ``seconds`` for ``pids`` to end; returns those still running."""
    deadline = time.monotonic() + seconds
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in pids if alive(pid)]


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``."""
    return sorted(tree(pid) - {pid})


def children(pid: int) -> set[int]:
    """The processes ``pid`` started, of any of its threads (via /proc/PID/task/TID/children)."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return set()
    found: set[int] = set()
    for task in tasks:
        with contextlib.suppress(OSError):
            found.update(map(int, Path(f"/proc/{pid}/task/{task}/children").read_text().split()))
    return found


def tree(root: int) -> set[int]:
    """``root`` and all its descendants."""
    pids, frontier = {root}, [root]
    while frontier:
        for child in children(frontier.pop()):
            if child not in pids:
                pids.add(child)
                frontier.append(child)
    return pids


def rss_kb(pids: set[int] | list[int]) -> int:
    """Summed VmRSS of ``pids`` in KiB (shared pages count once per process, as top shows)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def memory_kb(pids: set[int] | list[int]) -> dict[str, int]:
    """Summed memory of ``pids`` in KiB, from /proc/PID/smaps_rollup.

    ``rss``: resident pages, counted whole in every process that maps them (what top
    shows; a library's pages count once per process). ``pss``: each shared page
    divided by the number of processes mapping it, so summed over every process on
    the machine it is the memory actually used: the honest cost of one more session
    among many. ``anonymous``: heap and other memory no other process can share.
    """
    total = {"rss": 0, "pss": 0, "anonymous": 0}
    names = {"Rss": "rss", "Pss": "pss", "Anonymous": "anonymous"}
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
                key, _, value = line.partition(":")
                if key in names:
                    total[names[key]] += int(value.split()[0])
    return total


def memory_mb(pids: set[int] | list[int]) -> dict[str, float]:
    """``memory_kb`` in MB (MiB), rounded to 0.1."""
    return {key: round(kb / 1024, 1) for key, kb in memory_kb(pids).items()}


def cpu_seconds(pids: set[int] | list[int]) -> float:
    """User + system CPU time used so far by ``pids`` (their own, not their reaped children's)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
    return total / tick


def with_environment(entry: bytes) -> set[int]:
    """Processes whose environment holds ``entry`` (``NAME=value``)."""
    found = set()
    for path in Path("/proc").iterdir():
        if path.name.isdigit():
            with contextlib.suppress(OSError):
                if entry in (path / "environ").read_bytes().split(b"\0"):
                    found.add(int(path.name))
    return found


def terminal_of(pid: int) -> str | None:
    """The pseudo-terminal on ``pid``'s stdin, stdout or stderr, if any (a login waiting for
    its seat's exit status reads its socket on fd 0, and writes to its terminal)."""
    for fd in (0, 1, 2):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("/dev/pts/"):
            return target
    return None


def served_seats(server: int, pids: set[int]) -> set[int]:
    """The login server's seats (and their kernels) on the terminals of ``pids``: a seat is
    forked by the server, not started by the login, but reads the login's terminal."""
    terminals = {terminal_of(pid) for pid in pids} - {None}
    found: set[int] = set()
    for seat in tree(server) - {server}:
        if terminal_of(seat) in terminals:
            found |= tree(seat)
    return found
