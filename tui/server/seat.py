"""The forked child's side: become the student who logged in, then run the app.

Order matters. The seat first leaves the server's session and receives the login's
request as bytes with its terminal, which it makes its controlling terminal; then it
moves into the cgroups of the login (so the student's session limits and its end
cover the app and its kernel, as if sshd had started it), takes its limits and drops
to the login's uid and groups, which cannot be undone; only then does it interpret
anything the login sent beyond its credentials.
"""

from __future__ import annotations

import contextlib
import io
import os
import pwd
import signal
import socket
import sys
import threading
from pathlib import Path

from tui.server.wire import (
    EXITED,
    INTERRUPT,
    KEPT_TERMINAL,
    RESIZE,
    SERVER_VARIABLE,
    STARTED,
    STDIO,
    TOOK_TERMINAL,
    Request,
)

CGROUP_ROOT = Path("/sys/fs/cgroup")


class NotThisUser(Exception):
    """This server cannot become the account that logged in (it is not root)."""


def leave_server_session() -> None:
    """A session of our own: the seat leads it, and may take a controlling terminal."""
    os.setsid()


def take_controlling_terminal(fd: int, pid: int, uid: int) -> bool:
    """Make the login's terminal ours (root only: it is the login's already), so resizes,
    Ctrl+C and a hang-up reach the app directly; False if it cannot or may not be done.

    Only the login's own terminal is taken: the controlling terminal of the login process
    ``pid`` and owned by its account ``uid`` (as sshd leaves it), never another terminal
    whose descriptor the account holds (say, root's, after ``su``)."""
    import fcntl
    import termios

    if os.getuid() != 0 or not os.isatty(fd):
        return False
    try:
        device = os.fstat(fd)
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        controlling = int(fields[4])  # tty_nr, the fifth field after the command's name
    except (OSError, ValueError, IndexError):
        return False
    if device.st_rdev != controlling or device.st_uid != uid:
        return False
    try:
        fcntl.ioctl(fd, termios.TIOCSCTTY, 1)  # 1: take it from the login's session
    except OSError:
        return False
    return True


def become(pid: int, uid: int, gid: int) -> None:
    """Take the login's cgroups, limits and credentials (pid, uid and gid from SO_PEERCRED)."""
    if os.getuid() != 0 and uid != os.getuid():
        raise NotThisUser(f"the server runs as uid {os.getuid()}, the login as {uid}")
    if not still_there(pid, uid):
        # Its cgroups and limits cannot be read: the seat would keep the server's, outside
        # the account's own (a process that connects, hands the socket on and exits).
        raise NotThisUser(f"the login (pid {pid}) is gone")
    join_cgroups_of(pid)
    copy_bounds_of(pid)
    if os.getuid() != 0 or uid == 0:
        return
    name = pwd.getpwuid(uid).pw_name
    os.initgroups(name, gid)
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getresuid() != (uid, uid, uid) or _can_become_root():
        os._exit(70)  # never run the app with any privilege left


def still_there(pid: int, uid: int) -> bool:
    """Whether process ``pid`` still runs, as ``uid`` (the one that connected)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
        real_uid = next(line for line in status if line.startswith("Uid:")).split()[1]
        state = next(line for line in status if line.startswith("State:")).split()[1]
    except (OSError, StopIteration, IndexError):
        return False
    return int(real_uid) == uid and state not in ("Z", "X")


def _can_become_root() -> bool:
    try:
        os.setuid(0)
    except PermissionError:
        return False
    return True


def join_cgroups_of(pid: int) -> None:
    """Move this process into every cgroup ``pid`` is in (v2 and v1 hierarchies)."""
    try:
        lines = Path(f"/proc/{pid}/cgroup").read_text().splitlines()
    except OSError:
        return
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if controllers == "":
            folder = CGROUP_ROOT / path.lstrip("/")
            if not (CGROUP_ROOT / "cgroup.controllers").exists():
                folder = CGROUP_ROOT / "unified" / path.lstrip("/")
        else:
            mount = controllers.removeprefix("name=")
            folder = CGROUP_ROOT / mount / path.lstrip("/")
        with contextlib.suppress(OSError):
            (folder / "cgroup.procs").write_text(f"{os.getpid()}\n")


LIMIT_NAMES = {
    "Max cpu time": "RLIMIT_CPU",
    "Max file size": "RLIMIT_FSIZE",
    "Max data size": "RLIMIT_DATA",
    "Max stack size": "RLIMIT_STACK",
    "Max core file size": "RLIMIT_CORE",
    "Max resident set": "RLIMIT_RSS",
    "Max processes": "RLIMIT_NPROC",
    "Max open files": "RLIMIT_NOFILE",
    "Max locked memory": "RLIMIT_MEMLOCK",
    "Max address space": "RLIMIT_AS",
    "Max file locks": "RLIMIT_LOCKS",
    "Max pending signals": "RLIMIT_SIGPENDING",
    "Max msgqueue size": "RLIMIT_MSGQUEUE",
    "Max nice priority": "RLIMIT_NICE",
    "Max realtime priority": "RLIMIT_RTPRIO",
    "Max realtime timeout": "RLIMIT_RTTIME",
}
"""/proc/PID/limits rows and their resources (read there: prlimit on another account's
process needs CAP_SYS_RESOURCE, which a container's root may lack)."""


def login_limits(pid: int) -> dict[int, tuple[int, int]]:
    """The resource limits of process ``pid``: resource -> (soft, hard)."""
    import resource

    found = {}
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines()[1:]:
        for label, name in LIMIT_NAMES.items():
            if line.startswith(label) and hasattr(resource, name):
                soft, hard = line[len(label) :].split()[:2]
                found[getattr(resource, name)] = (_limit(soft), _limit(hard))
    return found


def _limit(text: str) -> int:
    import resource

    return resource.RLIM_INFINITY if text == "unlimited" else int(text)


def copy_bounds_of(pid: int) -> None:
    """The login's resource limits, priority and umask (PAM's limits.conf, a nice ForceCommand)."""
    import resource

    with contextlib.suppress(OSError, ValueError):
        for number, limits in login_limits(pid).items():
            with contextlib.suppress(OSError, ValueError):
                resource.setrlimit(number, limits)
    with contextlib.suppress(OSError):
        os.setpriority(os.PRIO_PROCESS, 0, os.getpriority(os.PRIO_PROCESS, pid))
    with contextlib.suppress(OSError, StopIteration, ValueError):
        status = Path(f"/proc/{pid}/status").read_text().splitlines()
        os.umask(int(next(line for line in status if line.startswith("Umask:")).split()[1], 8))


def take_terminal(fds: list[int]) -> None:
    """Make the login's descriptors this process's stdio, with fresh Python streams."""
    for fd, target in zip(fds, STDIO, strict=True):
        if fd != target:
            os.dup2(fd, target)
            os.close(fd)
    sys.stdin = _stream(0, "r", "surrogateescape")
    sys.stdout = _stream(1, "w", "surrogateescape")
    sys.stderr = _stream(2, "w", "backslashreplace")
    # Textual draws on sys.__stderr__ and reads sys.__stdin__: those of the server are stale.
    sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr  # type: ignore[misc]


def _stream(fd: int, mode: str, errors: str) -> io.TextIOWrapper:
    raw = io.FileIO(fd, mode, closefd=False)
    buffered = io.BufferedReader(raw) if mode == "r" else io.BufferedWriter(raw)
    return io.TextIOWrapper(buffered, encoding="utf-8", errors=errors, line_buffering=mode == "w")


def take_environment(request: Request) -> None:
    """The login's environment and working directory (its home if that is gone)."""
    os.environ.clear()
    os.environ.update(request.env)
    os.environ.pop(SERVER_VARIABLE, None)  # served already: the app must not attach again
    for folder in (request.cwd, os.environ.get("HOME", ""), "/"):
        with contextlib.suppress(OSError):
            os.chdir(folder)
            break
    for number in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # As in a fresh interpreter: a write to a closed pipe (a kernel that died) raises
    # BrokenPipeError, it does not kill the app.
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)


def listen(sock: socket.socket) -> None:
    """Turn the login's notes into signals to this process; its end into a hang-up."""
    me = os.getpid()

    def follow() -> None:
        while True:
            try:
                notes = sock.recv(64)
            except OSError:
                notes = b""
            if not notes:
                os.kill(me, signal.SIGHUP)  # the login is gone: like a closed SSH session
                return
            if RESIZE in notes:
                os.kill(me, signal.SIGWINCH)
            if INTERRUPT in notes:
                os.kill(me, signal.SIGINT)

    threading.Thread(target=follow, name="seat-login", daemon=True).start()


def run(sock: socket.socket, request: Request, fds: list[int], *, took_terminal: bool) -> None:
    """Run the app for ``request`` on its terminal and report how it ended; never returns."""
    code = 1
    try:
        take_terminal(fds)
        take_environment(request)
        sock.sendall(STARTED + (TOOK_TERMINAL if took_terminal else KEPT_TERMINAL))
        listen(sock)
        from tui.__main__ import main

        code = main(request.argv)
    except SystemExit as exit:
        code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        with contextlib.suppress(OSError):
            sock.sendall(EXITED + str(code).encode() + b"\n")
        os._exit(code & 0xFF)
