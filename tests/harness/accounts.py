"""Throwaway Unix accounts and a Python they can run, for tests that must not run as root.

A student on a class server is an ordinary account: what kiosk mode promises has to
hold for one, not for root (who may write anywhere, signal anyone and read every
process's files). Creating accounts needs root; ``Account.create`` says why it cannot
otherwise, so tests skip with that reason.

``foreign_python`` finds an interpreter another account can execute (the
distribution's ``/usr/bin/python3``: a pyenv or venv interpreter under ``/root`` is
not) together with the site-packages that hold this checkout's dependencies, if
other accounts can read them.

Also used by ``tests/harness/sshd.py`` and the SSH benchmark.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import sysconfig
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

PREFIX = "nnb-promises-"
"""Names of the accounts tests create (unique to this work, so parallel work never clashes)."""

ROOT = Path(__file__).resolve().parents[2]


def readable_by_others(path: Path) -> bool:
    """True if any account may read ``path`` and search every directory above it."""
    path = path.resolve()
    for part in [path, *path.parents]:
        try:
            mode = part.stat().st_mode
        except OSError:
            return False
        if not mode & stat.S_IXOTH and part != path:
            return False
    mode = path.stat().st_mode
    return bool(mode & stat.S_IROTH) and (not stat.S_ISDIR(mode) or bool(mode & stat.S_IXOTH))


@dataclass
class Account:
    """An unprivileged account with its own home directory (removed with it)."""

    name: str
    uid: int
    gid: int
    home: Path
    shell: str

    @classmethod
    def unavailable(cls) -> str | None:
        """Why accounts cannot be created here, or None."""
        if os.geteuid() != 0:
            return "creating throwaway accounts needs root"
        if not (shutil.which("useradd") and shutil.which("userdel")):
            return "needs useradd and userdel"
        return None

    @classmethod
    @contextlib.contextmanager
    def create(
        cls, home_parent: Path, *, shell: str = "/bin/sh", groups: tuple[str, ...] = ()
    ) -> Iterator[Account]:
        """A new account whose home is under ``home_parent``; removed (with everything it
        still runs) afterwards."""
        name = PREFIX + secrets.token_hex(3)
        home = home_parent / name
        # "*": no password to log in with, but not a locked account (sshd refuses those)
        command = ["useradd", "--create-home", "--home-dir", str(home), "--shell", shell, "--user-group"]
        command += ["--password", "*"]
        if groups:
            command += ["--groups", ",".join(groups)]
        subprocess.run([*command, name], check=True, capture_output=True)
        entry = pwd.getpwnam(name)
        account = cls(name, entry.pw_uid, entry.pw_gid, home, shell)
        try:
            yield account
        finally:
            account.kill_all()
            subprocess.run(["userdel", "--remove", name], capture_output=True)
            shutil.rmtree(home, ignore_errors=True)

    def processes(self) -> dict[int, str]:
        """pid -> command line of every process running as this account."""
        return processes_of(self.uid)

    def kill_all(self) -> None:
        for pid in self.processes():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while self.processes() and time.monotonic() < deadline:
            time.sleep(0.05)


def processes_of(uid: int) -> dict[int, str]:
    """pid -> command line of every living process whose real uid is ``uid``."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            uid_line = next(line for line in status.splitlines() if line.startswith("Uid:"))
            state = next(line for line in status.splitlines() if line.startswith("State:"))
            if int(uid_line.split()[1]) != uid or state.split()[1] in ("Z", "X"):
                continue
            found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except (OSError, StopIteration, ValueError):
            continue
    return found


@dataclass(frozen=True)
class ForeignPython:
    """An interpreter other accounts can run, and the directory holding our dependencies."""

    executable: str
    site_packages: str


def foreign_python() -> ForeignPython | str:
    """A Python other accounts can run with this checkout's dependencies, or why there is none."""
    candidates = [sys.executable, "/usr/bin/python3"]
    executable = next((p for p in candidates if os.path.exists(p) and readable_by_others(Path(p))), None)
    if executable is None:
        return "no Python other accounts can execute (this one lives under a private directory)"
    version = subprocess.run(
        [executable, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True, text=True
    ).stdout.strip()
    if version != str(sys.version_info[:2]):
        return f"{executable} is Python {version}, not {sys.version_info[:2]} like this one"
    site = sysconfig.get_paths()["purelib"]
    if not readable_by_others(Path(site)):
        return f"other accounts cannot read this Python's packages in {site}"
    if not readable_by_others(ROOT / "tui" / "__init__.py"):
        return f"other accounts cannot read this checkout ({ROOT})"
    return ForeignPython(executable, site)
