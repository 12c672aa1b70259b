"""One bound per learner where no cgroup gives one: the parent watches the kernel's tree.

Where the app may create a memory cgroup (``tui.sandbox.cgroups``) the Linux kernel
itself holds the kernel process and everything it starts to one memory limit. Elsewhere
this module does it from the app while a cell runs: every ``MEMORY_INTERVAL`` seconds it
adds up the memory of the kernel's process tree (resident set sizes, and the proportional
set sizes when those exceed the limit, so pages that forked copies share count once) and
says when the tree is over its limit. It also measures the kernel's own working
directory (the only place a confined kernel may write, see ``tui.sandbox.landlock``),
scanning at most ``MAX_ENTRIES`` entries.

Pure standard library and cheap: a tree is a handful of /proc files, read only while a
cell runs.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from tui.sandbox import reaper

MEMORY_INTERVAL = 0.2
"""Seconds between two looks at the memory of a running cell's processes."""

DISK_INTERVAL = 1.0
"""Seconds between two measures of the kernel's working directory while a cell runs."""

MAX_ENTRIES = 10_000
"""Files and folders a disk measure looks at; a directory with more is over any limit."""

_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def tree(root: int) -> list[int]:
    """``root`` and everything below it."""
    return [root, *reaper.descendants(root)]


def resident(pid: int) -> int:
    """Bytes of ``pid`` in memory (its resident set; 0 once it is gone)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_bytes().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def proportional(pid: int) -> int:
    """Bytes of ``pid`` in memory, pages shared with other processes counted by share."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_bytes().splitlines():
            if line.startswith(b"Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        return resident(pid)
    return resident(pid)


def memory(root: int, limit: int) -> int:
    """Bytes the tree of ``root`` holds: resident sizes, or (when those add up past
    ``limit``) proportional ones, which count shared pages once."""
    pids = tree(root)
    total = sum(resident(pid) for pid in pids)
    if total <= limit:
        return total
    return sum(proportional(pid) for pid in pids)


def disk(folder: str | os.PathLike[str], limit: int) -> int:
    """Bytes of disk the files below ``folder`` take (blocks, so sparse files count as
    written); more than ``limit`` as soon as that is certain, or when the folder holds
    more than MAX_ENTRIES entries."""
    total, seen = 0, 0
    pending = [os.fspath(folder)]
    while pending:
        try:
            entries = os.scandir(pending.pop())
        except OSError:
            continue
        with entries:
            for entry in entries:
                seen += 1
                if seen > MAX_ENTRIES:
                    return limit + 1
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                total += info.st_blocks * 512
                if total > limit:
                    return total
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
    return total


def empty(folder: str | os.PathLike[str]) -> None:
    """Remove everything inside ``folder`` (not the folder itself)."""
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
