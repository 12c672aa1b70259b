"""The class set-up as deployed: a student cannot get out, and leaves nothing running.

A private sshd gets the README's exact lines (``tests/sshd.py``); the app is installed
in a venv of the distribution's Python; throwaway unprivileged students log in with a
real ``ssh`` from their own home directory, once with ``/bin/sh`` and once with bash as
their login shell (bash reads ``~/.bashrc`` for sshd's ``bash -c``). In a first session
a cell tries every way out it can (``tests/escapes.py``); the next login must still be
the app. Then a cell starts a daemon and other processes, and the session ends by a
dropped connection, or by SIGKILL of the app: nothing of the account may be left.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import signal
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import escapes
import pytest
import sshd
from accounts import Account

import lessons

ptyprocess = pytest.importorskip("ptyprocess")
pyte = pytest.importorskip("pyte")

WAIT = 60.0
"""Seconds to wait for any one screen; generous for a loaded machine (no timing is asserted)."""

pytestmark = [
    pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux /proc"),
    pytest.mark.slow,
]

DAEMONS = """\
import os, subprocess, time
subprocess.Popen(['sleep', '600'], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        time.sleep(600)
    os._exit(0)
print('STARTED', flush=True)
time.sleep(600)
"""


@pytest.fixture(scope="module")
def installation() -> Iterator[sshd.Installation]:
    reason = sshd.unavailable()
    if reason:
        pytest.skip(reason)
    parent = Path(tempfile.mkdtemp(prefix="nnb-promises-install-"))
    parent.chmod(0o755)
    try:
        yield sshd.install(parent)
    finally:
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture
def homes() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="nnb-promises-homes-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


class Terminal:
    """An ``ssh -tt`` client in a local pty of 80x24, with the screen it shows."""

    def __init__(self, command: list[str]) -> None:
        env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8")
        self.screen = pyte.Screen(80, 24)
        self._stream = pyte.ByteStream(self.screen)
        self.process = ptyprocess.PtyProcess.spawn(command, dimensions=(24, 80), env=env)

    def pump(self, seconds: float) -> bool:
        """Feed what arrives within ``seconds`` to the screen; False once the session closed."""
        ready, _, _ = select.select([self.process.fd], [], [], seconds)
        if not ready:
            return True
        try:
            data = os.read(self.process.fd, 65536)
        except OSError:  # EIO: the client exited and the pty is closed
            return False
        self._stream.feed(data)
        return bool(data)

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, condition: Callable[[str], bool], what: str, seconds: float = WAIT) -> None:
        deadline = time.monotonic() + seconds
        while not condition(self.text):
            if time.monotonic() > deadline or not self.pump(0.05):
                raise AssertionError(f"never saw {what}; the screen was:\n{self.text}")

    def press(self, keys: bytes) -> None:
        self.process.write(keys)

    def paste(self, text: str) -> None:
        """What a terminal sends for a paste (bracketed paste)."""
        self.press(b"\x1b[200~" + text.encode() + b"\x1b[201~")

    def wait_closed(self) -> int | None:
        """The ssh client's exit status once the session has ended (None if it did not)."""
        deadline = time.monotonic() + WAIT
        while self.process.isalive() and time.monotonic() < deadline:
            self.pump(0.05)
        return None if self.process.isalive() else self.process.exitstatus

    def close(self) -> None:
        if self.process.isalive():
            self.process.kill(signal.SIGKILL)
        with contextlib.suppress(Exception):
            self.process.wait()
        self.process.close(force=True)


@contextlib.contextmanager
def login(server: sshd.Server, account: Account) -> Iterator[Terminal]:
    term = Terminal(sshd.ssh_command(server, account))
    try:
        yield term
    finally:
        term.close()


def into_first_cell(term: Terminal) -> None:
    """What a learner does first: the lesson list, Enter on lesson 1, Tab into its first cell."""
    first = lessons.load("en")[0]
    term.wait_for(lambda s: re.search(r"\b01 ", s) is not None and "kernel" in s, "the app's lesson list")
    term.press(b"\r")
    title = first.title[:20]
    term.wait_for(lambda s: title in s.splitlines()[0], f"lesson 1 ({first.title}) in the header")
    settle(term)  # keys typed while the lesson is being built may go astray
    term.press(b"\t")
    settle(term)
    term.press(b"#")  # typing shows when the editor has the focus
    typed = re.compile(r"▎ ?1  #")
    term.wait_for(lambda s: typed.search(s) is not None, "a key typed into the first cell")
    term.press(b"\x7f")  # Backspace: the cell's code as it was (it may be the learner's, from last time)
    term.wait_for(lambda s: typed.search(s) is None, "the key deleted again")


def settle(term: Terminal, seconds: float = 1.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        term.pump(0.05)


def run_in_first_cell(term: Terminal, code: str, shows: str, *, ends: bool = True) -> str:
    """Paste ``code`` at the top of lesson 1's first cell, run it, and wait for its output
    to show ``shows`` (scrolling down to it once the cell is done, if it ``ends``)."""
    into_first_cell(term)
    term.paste(code)
    term.press(b"\x12")  # Ctrl+R
    if ends:
        # a finished run scrolls its output's first lines into view (the status line may be below)
        term.wait_for(lambda s: "done in" in s or "failed" in s or shows in s, "the cell to end")
    else:
        term.wait_for(lambda s: "running" in s, "the cell running")
    term.press(b"\x1b")  # leave the editor: the lesson scrolls
    for _ in range(60):
        with contextlib.suppress(AssertionError):
            term.wait_for(lambda s: shows in s, "", seconds=0.3)
            break
        term.press(b"\x1b[B")  # Down: one line further, towards the cell's output
    term.wait_for(lambda s: shows in s, f"{shows!r} in the cell's output")
    return term.text


def wait_no_processes(account: Account) -> dict[int, str]:
    deadline = time.monotonic() + WAIT
    while (left := account.processes()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.mark.parametrize("shell", ["/bin/sh", "/bin/bash"])
def test_a_student_cannot_get_out_and_leaves_nothing_behind(
    installation: sshd.Installation, homes: Path, shell: str
) -> None:
    with (
        sshd.server(installation) as server,
        sshd.student(homes, server, shell) as account,
        socket.socket() as listener,
    ):
        server.authorize(account)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        cell = escapes.cell(listener.getsockname()[1])
        before = snapshot(account.home)

        with login(server, account) as term:  # 1: every way out a cell can try
            screen = run_in_first_cell(term, cell, "NNP")
            found = escapes.SUMMARY.search(screen)
            assert found, screen
            assert found.group(1) == "-", f"ways out that worked: {found.group(1)}"
            assert int(found.group(2)) >= 1 and found.group(3) == "1"
            term.press(b"\x11")  # Ctrl+Q: the app is the session's only command
            assert term.wait_closed() == 0
        assert wait_no_processes(account) == {}
        assert only_progress_changed(before, snapshot(account.home))

        with login(server, account) as term:  # 2: still the app; then the connection drops
            run_in_first_cell(term, DAEMONS, "STARTED", ends=False)
            assert len(account.processes()) >= 5  # app, kernel, sleep, daemon and more
            term.process.kill(signal.SIGKILL)  # sshd closes the terminal: the app gets SIGHUP
        assert wait_no_processes(account) == {}

        with login(server, account) as term:  # 3: the app is killed outright
            run_in_first_cell(term, DAEMONS, "STARTED", ends=False)
            app = sshd.app_pid(account)
            assert app is not None
            os.kill(app, signal.SIGKILL)
            term.wait_closed()
        assert wait_no_processes(account) == {}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"/" for p in folder.rglob("*")}


def only_progress_changed(before: dict[str, bytes], after: dict[str, bytes]) -> bool:
    """The app itself saves progress (where the learner was); nothing else may change."""
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    allowed = (".local", ".local/share", ".local/share/nn-basics")
    return all(name in allowed or name.startswith(".local/share/nn-basics/") for name in changed)
