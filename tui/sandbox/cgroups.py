"""A cgroup ``pids`` and ``memory`` bound per kernel child: one bound per learner, not per process.

RLIMIT_NPROC never binds root, and on a teaching server the app often runs as root.
A ``pids`` cgroup does: its ``pids.max`` caps the tasks (processes *and* threads) of
everything inside it, whoever owns them. The parent creates one group per child
(``create``), the child moves itself in before it runs any learner code (``join``),
so nothing it forks can start outside, and the parent kills every member and
removes the group once the child is gone (``kill``, ``remove``): that also catches
processes that left the kernel's process group with ``setsid``.

The ``memory`` controller, where this process may use it (``locate(controller=
"memory")``), holds the kernel and everything it starts to one memory limit
(``memory.max`` in v2, ``memory.limit_in_bytes`` in v1): three processes of one cell
cannot take three times the memory one could. Over it, the Linux kernel stops the
largest process of the group (``oom_kills`` counts those).

Where the group goes:
- cgroup v2, if its ``pids`` controller is enabled: next to the app's own group (in
  its parent, whose ``cgroup.subtree_control`` must already list ``pids``: this
  module never enables a controller), because v2 does not allow a group with
  processes to have children with controllers. At the namespace root (no parent)
  it goes under the root itself.
- else cgroup v1, the ``pids`` hierarchy: under the app's own group, so any limit a
  teacher set on the session still applies on top.

Not a security boundary: a kernel that runs as root can move itself out again. It
stops accidents (a runaway ``os.fork()`` loop), which is what a class produces.
Pure standard library: both the UI process and the child import it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

PREFIX = "nn-basics-"
"""Names of the groups this module creates: ``nn-basics-<app pid>-<n>``."""

_names = itertools.count(1)


@dataclass(frozen=True)
class Place:
    """Where kernel groups are created (``base``), the cgroup ``version``, and ``home``,
    the app's own group, which an orphaned child moves back to before removing its group."""

    base: Path
    version: int
    home: Path


def _unescape(path: str) -> str:
    """Undo the octal escapes of /proc/self/mountinfo (a space is ``\\040``)."""
    return path.encode().decode("unicode_escape") if "\\" in path else path


def _mounts(mountinfo: str) -> list[tuple[Path, str, str, set[str]]]:
    """(mount point, root inside the hierarchy, fs type, super options) of cgroup mounts."""
    mounts = []
    for line in mountinfo.splitlines():
        left, sep, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if not sep or len(fields) < 5 or len(tail) < 3 or tail[0] not in ("cgroup", "cgroup2"):
            continue
        mounts.append((Path(_unescape(fields[4])), _unescape(fields[3]), tail[0], set(tail[2].split(","))))
    return mounts


def _memberships(text: str) -> dict[str, str]:
    """The app's group per hierarchy from /proc/self/cgroup: "pids" (v1) or "" (v2) -> path."""
    groups = {}
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3:
            for controller in parts[1].split(",") if parts[1] else [""]:
                groups[controller] = parts[2]
    return groups


def _inside(mount: Path, root: str, group: str) -> Path | None:
    """The directory of ``group`` in a hierarchy mounted at ``mount`` (showing ``root``)."""
    root = root.rstrip("/")
    if group != root and not group.startswith(root + "/"):
        return None  # our group is not visible through this mount
    return mount / group[len(root) :].lstrip("/")


def _words(path: Path) -> list[str]:
    try:
        return path.read_text().split()
    except OSError:
        return []


def locate(
    mountinfo: str | None = None, membership: str | None = None, controller: str = "pids"
) -> Place | None:
    """Where this process can create groups limited by ``controller`` ("pids" or "memory"),
    or None (not Linux, no such controller here).

    The arguments default to /proc/self/mountinfo and /proc/self/cgroup (tests pass others).
    """
    try:
        if mountinfo is None:
            mountinfo = Path("/proc/self/mountinfo").read_text()
        if membership is None:
            membership = Path("/proc/self/cgroup").read_text()
    except OSError:
        return None
    mounts, groups = _mounts(mountinfo), _memberships(membership)
    for mount, root, kind, _options in mounts:
        if kind != "cgroup2" or "" not in groups:
            continue
        own = _inside(mount, root, groups[""])
        if own is None or controller not in _words(own / "cgroup.controllers"):
            continue
        base = own if own == mount else own.parent
        if controller in _words(base / "cgroup.subtree_control"):  # never enabled here: not ours to change
            return Place(base, 2, own)
    for mount, root, kind, options in mounts:
        if kind == "cgroup" and controller in options and controller in groups:
            own = _inside(mount, root, groups[controller])
            if own is not None and own.is_dir():
                return Place(own, 1, own)
    return None


def create(
    place: Place, max_tasks: int | None, uid: int | None = None, *, memory: int | None = None
) -> Path | None:
    """A new group under ``place.base`` with ``pids.max = max_tasks`` and, given ``memory``,
    a memory limit of that many bytes (swap included); None if not allowed.

    ``uid``: the user the child will run as, who must be able to move itself in.
    """
    path = place.base / f"{PREFIX}{os.getpid()}-{next(_names)}"
    try:
        path.mkdir()
    except OSError:
        return None
    try:
        if max_tasks is not None:
            (path / "pids.max").write_text(f"{max_tasks}\n")
        if memory is not None:
            _limit_memory(path, place.version, memory)
        if uid is not None:
            for name in ("cgroup.procs", "tasks"):
                if (path / name).exists():
                    os.chown(path / name, uid, -1)
    except OSError:
        remove(path)
        return None
    return path


def _limit_memory(path: Path, version: int, limit: int) -> None:
    if version == 2:
        (path / "memory.max").write_text(f"{limit}\n")
        if (path / "memory.swap.max").exists():
            (path / "memory.swap.max").write_text("0\n")
        return
    (path / "memory.limit_in_bytes").write_text(f"{limit}\n")
    if (path / "memory.memsw.limit_in_bytes").exists():  # swap accounting: memory + swap
        (path / "memory.memsw.limit_in_bytes").write_text(f"{limit}\n")


def oom_kills(path: str | os.PathLike[str]) -> int:
    """How many processes of the group the Linux kernel killed for its memory limit."""
    for name in ("memory.events", "memory.oom_control"):
        try:
            lines = Path(path, name).read_text().splitlines()
        except OSError:
            continue
        for line in lines:
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
    return 0


def join(path: str | os.PathLike[str]) -> bool:
    """Move the calling process (all its threads) into the group at ``path``."""
    try:
        Path(path, "cgroup.procs").write_text(f"{os.getpid()}\n")
    except OSError:
        return False
    return True


def members(path: str | os.PathLike[str]) -> list[int]:
    """Process ids in the group (zombies are not members); [] once it is gone."""
    return [int(pid) for pid in _words(Path(path, "cgroup.procs"))]


def kill(path: str | os.PathLike[str]) -> int:
    """SIGKILL every process in the group except the caller; how many were signalled.

    A process may fork between the read and the kill: call again until ``remove``
    succeeds (killed processes cannot fork, and ``pids.max`` bounds the rest).
    """
    signalled = 0
    for pid in members(path):
        if pid != os.getpid():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
                signalled += 1
    return signalled


def remove(path: str | os.PathLike[str]) -> bool:
    """Remove the group; True once it is gone (False while members are still exiting)."""
    try:
        os.rmdir(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def clear(path: str | os.PathLike[str], seconds: float) -> bool:
    """Kill the members and remove the group, waiting up to ``seconds``; True if it is gone.

    Blocking: for exits and signal handlers, where there is no event loop to wait on.
    """
    deadline = time.monotonic() + seconds
    while True:
        kill(path)
        if remove(path):
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
