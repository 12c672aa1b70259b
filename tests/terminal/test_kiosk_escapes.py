"""A cell in kiosk mode tries every way out a student found, and none works.

As deployed, the app and its kernel run as the student's own unprivileged account, in
a terminal, from the student's home directory. So this test does the same without
sshd (tests/terminal/test_ssh.py does it with the real one): a throwaway account runs a small
app (kiosk protection, a confined kernel) inside a pseudo-terminal, and the cell
tries to leave something for the next login (``~/tui/__main__.py``, ``~/.bashrc``,
``~/.ssh/rc``, a ``.pth`` file), to reach the student's terminal (through the app's
``/proc/PID/fd``, ``/dev/pts/N``, ``/dev/tty``), to stop the app, and to open a TCP
connection.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from pathlib import Path

import escapes
import pytest

from tests.harness import pty
from tests.harness.accounts import ROOT, Account, ForeignPython, foreign_python
from tui.sandbox import landlock

pytestmark = pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux /proc")

APP = """\
import asyncio, json, sys
from tui.kiosk import protect
from tui.kernel import Kernel

protect()

async def main():
    async with Kernel(confine=True, timeout=30) as k:
        result = await k.run(sys.argv[1])
        print("RESULT", json.dumps([k.confined, result.status, result.stdout, result.error]), flush=True)

asyncio.run(main())
"""


@pytest.fixture
def python() -> ForeignPython:
    found = foreign_python()
    if isinstance(found, str):
        pytest.skip(found)
    return found


def run_as(account: Account, python: ForeignPython, code: str) -> list:
    """Run the APP with ``code`` as ``account``, in a pty, from its home; its RESULT line."""

    def drop_privileges() -> None:
        os.setgroups([])
        os.setgid(account.gid)
        os.setuid(account.uid)

    env = {
        "HOME": str(account.home),
        "USER": account.name,
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "TERM": "xterm",
        "PYTHONPATH": f"{ROOT}:{python.site_packages}",
    }
    term = pty.Term(
        [python.executable, "-c", APP, code],
        env=env,
        inherit_env=False,
        cwd=str(account.home),
        preexec_fn=drop_privileges,
    )
    try:
        deadline = time.monotonic() + 60
        while b"RESULT" not in term.output or not term.output.rstrip().endswith(b"]"):
            assert time.monotonic() < deadline, f"no result; the app printed {bytes(term.output[-2000:])!r}"
            if not term.pump(0.5):
                break
            if _stopped(term.process.pid):
                os.kill(term.process.pid, signal.SIGCONT)  # the escape worked; let the app report it
        line = bytes(term.output).split(b"RESULT", 1)[1].split(b"\n", 1)[0]
        return json.loads(line)
    finally:
        term.close()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"/" for p in folder.rglob("*")}


def _stopped(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "T"
    except OSError:
        return False


@pytest.mark.slow
def test_no_way_out_of_a_confined_kernel(homes: Path, python: ForeignPython) -> None:
    reason = Account.unavailable()
    if reason:
        pytest.skip(reason)
    if landlock.abi() < 6:
        pytest.skip(f"this Linux offers Landlock ABI {landlock.abi()}; signal scoping needs 6")
    with socket.socket() as server, Account.create(homes) as account:
        server.bind(("127.0.0.1", 0))
        server.listen()
        code = escapes.cell(server.getsockname()[1])
        before = snapshot(account.home)
        confined, status, stdout, error = run_as(account, python, code)
        assert status == "ok", error
        assert confined >= 6
        tried = escapes.parse(stdout)
        assert tried["terminals"] >= 1  # there was a terminal to reach
        assert escapes.worked(tried) == []
        assert tried["no_new_privs"] == "1"
        assert tried["own_folder"] == "done"  # the kernel's own folder stays writable
        assert snapshot(account.home) == before  # not a byte changed in the home directory


def test_without_landlock_the_kernel_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def missing(*args: object) -> int:
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(landlock, "_syscall", missing)
    assert landlock.abi() == 0
    assert landlock.confine(str(tmp_path)) == 0
