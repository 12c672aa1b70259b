"""The class set-up as deployed: a student cannot get out, and leaves nothing running.

A private sshd gets the README's exact lines (``tests/harness/sshd.py``); the app is installed
in a venv of the distribution's Python; throwaway unprivileged students log in with a
real ``ssh`` from their own home directory, once with ``/bin/sh`` and once with bash as
their login shell (bash reads ``~/.bashrc`` for sshd's ``bash -c``). In a first session
a cell tries every way out it can (``tests/escapes.py``); the next login must still be
the app. Then a cell starts a daemon and other processes, and the session ends by a
dropped connection, or by SIGKILL of the app: nothing of the account may be left.
With ``/bin/sh`` the logins go through the README's login server (its seat is the app,
see ``tests/terminal/test_login_server.py``); with bash each login runs the app itself.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import escapes
import pytest

import lessons
from tests.harness import pty, sshd
from tests.harness.accounts import Account

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


@contextlib.contextmanager
def login(server: sshd.Server, account: Account) -> Iterator[pty.Term]:
    term = pty.Term(sshd.ssh_command(server, account))
    try:
        yield term
    finally:
        term.close()


def into_first_cell(term: pty.Term) -> None:
    """What a learner does first: the lesson list, Enter on lesson 1, Tab into its first cell."""
    first = lessons.load("en")[0]
    term.expect(
        lambda s: re.search(r"\b01 ", s) is not None and "kernel" in s, "the app's lesson list", limit=WAIT
    )
    term.press(b"\r")
    title = first.title[:20]
    term.expect(lambda s: title in s.splitlines()[0], f"lesson 1 ({first.title}) in the header", limit=WAIT)
    term.drain(1.0)  # keys typed while the lesson is being built may go astray
    term.press(b"\t")
    term.drain(1.0)
    term.press(b"#")  # typing shows when the editor has the focus
    typed = re.compile(r"▎ ?1  #")
    term.expect(lambda s: typed.search(s) is not None, "a key typed into the first cell", limit=WAIT)
    term.press(b"\x7f")  # Backspace: the cell's code as it was (it may be the learner's, from last time)
    term.expect(lambda s: typed.search(s) is None, "the key deleted again", limit=WAIT)


def run_in_first_cell(term: pty.Term, code: str, shows: str, *, ends: bool = True) -> str:
    """Paste ``code`` at the top of lesson 1's first cell, run it, and wait for its output
    to show ``shows`` (scrolling down to it once the cell is done, if it ``ends``)."""
    into_first_cell(term)
    term.paste(code)
    term.press(b"\x12")  # Ctrl+R
    if ends:
        # a finished run scrolls its output's first lines into view (the status line may be below)
        term.expect(lambda s: "done in" in s or "failed" in s or shows in s, "the cell to end", limit=WAIT)
    else:
        term.expect(lambda s: "running" in s, "the cell running", limit=WAIT)
    term.press(b"\x1b")  # leave the editor: the lesson scrolls
    for _ in range(60):
        with contextlib.suppress(AssertionError):
            term.expect(lambda s: shows in s, "", limit=0.3)
            break
        term.press(b"\x1b[B")  # Down: one line further, towards the cell's output
    term.expect(lambda s: shows in s, f"{shows!r} in the cell's output", limit=WAIT)
    return term.text


def wait_no_processes(account: Account) -> dict[int, str]:
    deadline = time.monotonic() + WAIT
    while (left := account.processes()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.mark.parametrize(
    "shell, served", [("/bin/sh", True), ("/bin/bash", False)], ids=["sh-login-server", "bash-alone"]
)
def test_a_student_cannot_get_out_and_leaves_nothing_behind(
    installation: sshd.Installation, homes: Path, shell: str, served: bool
) -> None:
    with (
        sshd.server(installation, served=served) as server,
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
            seats = [c for c in account.processes().values() if " -m tui serve " in c]
            assert len(seats) == (1 if served else 0), account.processes()
            found = escapes.SUMMARY.search(screen)
            assert found, screen
            assert found.group(1) == "-", f"ways out that worked: {found.group(1)}"
            assert int(found.group(2)) >= 1 and found.group(3) == "1"
            term.press(b"\x11")  # Ctrl+Q: the app is the session's only command
            assert term.exit_status(WAIT) == 0
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
            term.exit_status(WAIT)
        assert wait_no_processes(account) == {}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"/" for p in folder.rglob("*")}


def only_progress_changed(before: dict[str, bytes], after: dict[str, bytes]) -> bool:
    """The app itself saves progress (where the learner was); nothing else may change."""
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    allowed = (".local", ".local/share", ".local/share/nn-basics")
    return all(name in allowed or name.startswith(".local/share/nn-basics/") for name in changed)
