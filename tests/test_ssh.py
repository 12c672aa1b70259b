"""A real SSH login runs the app in kiosk mode, and ending the session leaves nothing behind.

A throwaway ``sshd`` (its own host key, config and authorized_keys in a temp dir,
no change to /etc) listens on a free loopback port with a ``ForceCommand`` that
starts the app, as a teacher's server would. A real ``ssh`` client logs in inside a
pseudo-terminal at 80x24; pyte keeps the screen the learner would see. We log in
as the current user (root here) because /root is mode 700: another Unix user could
not run this virtual environment's Python, which lives under it.
"""

from __future__ import annotations

import contextlib
import getpass
import os
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import lessons
from tui.kernel import ROOT, Kernel

ptyprocess = pytest.importorskip("ptyprocess")
pyte = pytest.importorskip("pyte")

SSHD = shutil.which("sshd") or next((p for p in ("/usr/sbin/sshd",) if os.access(p, os.X_OK)), None)
SSH = shutil.which("ssh")
KEYGEN = shutil.which("ssh-keygen")
PRIVSEP_DIR = Path("/run/sshd")
"""Debian's sshd refuses to start without it (its service unit normally creates it)."""

WAIT = 30.0
"""Seconds to wait for any one screen; generous for a loaded machine (no timing is asserted)."""

pytestmark = [
    pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux /proc"),
    pytest.mark.skipif(
        not (SSHD and SSH and KEYGEN),
        reason="needs OpenSSH: sshd, ssh and ssh-keygen (apt-get install openssh-server)",
    ),
]


@dataclass
class Server:
    port: int
    key: Path
    data: Path
    """NN_BASICS_DATA_DIR of the sessions: also how we find their processes in /proc."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """A private sshd whose only command is the app in kiosk mode; skipped if it cannot start."""
    made_privsep = False
    if not PRIVSEP_DIR.exists() and os.geteuid() == 0:
        with contextlib.suppress(OSError):
            PRIVSEP_DIR.mkdir(mode=0o755)
            made_privsep = True
    for name in ("host_key", "client_key"):
        subprocess.run([KEYGEN, "-q", "-t", "ed25519", "-N", "", "-f", str(tmp_path / name)], check=True)
    (tmp_path / "authorized_keys").write_text((tmp_path / "client_key.pub").read_text())
    data = tmp_path / "data"
    data.mkdir()
    # What a teacher's sshd_config says (README), plus a cd so the app is this checkout.
    app = f"env NN_BASICS_KIOSK=1 NN_BASICS_DATA_DIR={shlex.quote(str(data))} {shlex.quote(sys.executable)}"
    command = f"cd {shlex.quote(str(ROOT))} && exec {app} -m tui --no-mouse"
    port = free_port()
    config = tmp_path / "sshd_config"
    config.write_text(
        f"ListenAddress 127.0.0.1:{port}\n"
        f"HostKey {tmp_path / 'host_key'}\n"
        f"AuthorizedKeysFile {tmp_path / 'authorized_keys'}\n"
        "PidFile none\n"
        "UsePAM no\n"
        "StrictModes no\n"  # the temp dir's modes are not sshd's business here
        "PermitRootLogin prohibit-password\n"
        "PubkeyAuthentication yes\n"
        "PasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\n"
        "PermitTTY yes\n"
        "AllowTcpForwarding no\n"
        "AllowAgentForwarding no\n"
        "X11Forwarding no\n"
        "PermitTunnel no\n"
        "LogLevel INFO\n"
        f"ForceCommand {command}\n"
    )
    daemon = subprocess.Popen(
        [SSHD, "-D", "-e", "-f", str(config)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        assert daemon.stderr is not None
        log: list[str] = []
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            ready, _, _ = select.select([daemon.stderr], [], [], 0.5)
            line = daemon.stderr.readline().decode(errors="replace") if ready else ""
            log.append(line)
            if "Server listening on" in line:
                break
            if daemon.poll() is not None:
                pytest.skip(f"sshd could not start: {''.join(log).strip()[-300:]}")
        else:
            pytest.skip("sshd did not start listening in time")
        yield Server(port, tmp_path / "client_key", data)
    finally:
        daemon.terminate()
        try:
            daemon.wait(5)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
        if daemon.stderr is not None:
            daemon.stderr.close()
        if made_privsep:
            with contextlib.suppress(OSError):
                PRIVSEP_DIR.rmdir()


class Terminal:
    """An ``ssh -tt`` client in a local pty of 80x24, with the screen it shows."""

    def __init__(self, server: Server) -> None:
        command = [
            SSH,
            "-tt",
            "-F",
            "/dev/null",
            "-i",
            str(server.key),
            "-p",
            str(server.port),
            "-o",
            "BatchMode=yes",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            f"{getpass.getuser()}@127.0.0.1",
        ]
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

    def wait_for(self, condition: Callable[[str], bool], what: str) -> None:
        deadline = time.monotonic() + WAIT
        while not condition(self.text):
            if time.monotonic() > deadline or not self.pump(0.05):
                raise AssertionError(f"never saw {what}; the screen was:\n{self.text}")

    def press(self, keys: bytes) -> None:
        self.process.write(keys)

    def wait_closed(self) -> int | None:
        """The ssh client's exit status once the session has ended (None if it did not)."""
        deadline = time.monotonic() + WAIT
        while self.process.isalive() and time.monotonic() < deadline:
            self.pump(0.05)
        if self.process.isalive():
            return None
        return self.process.exitstatus

    def close(self) -> None:
        if self.process.isalive():
            self.process.kill(signal.SIGKILL)
        with contextlib.suppress(Exception):
            self.process.wait()
        self.process.close(force=True)


def session_processes(server: Server) -> dict[int, str]:
    """pid -> command line of every process started for this server's sessions (app and kernel)."""
    marker = f"NN_BASICS_DATA_DIR={server.data}".encode()
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found


def wait_no_processes(server: Server) -> dict[int, str]:
    deadline = time.monotonic() + WAIT
    while (left := session_processes(server)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def kernel_cgroup(pid: int) -> Path | None:
    """The kernel child's pids cgroup directory, if it is in one of ours."""
    try:
        lines = Path(f"/proc/{pid}/cgroup").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if "nn-basics-" in path and ("pids" in controllers.split(",") or controllers == ""):
            for mount in (
                Path("/sys/fs/cgroup/pids"),
                Path("/sys/fs/cgroup/unified"),
                Path("/sys/fs/cgroup"),
            ):
                if (mount / path.lstrip("/")).is_dir():
                    return mount / path.lstrip("/")
    return None


@pytest.fixture(scope="module")
def first_cell_output() -> list[str]:
    """Lines that lesson 1's first cell prints and its code does not contain (computed by a kernel)."""
    import asyncio

    cell = lessons.load("en")[0].cells[0]

    async def run() -> str:
        async with Kernel() as k:
            result = await k.run(cell.code)
            assert result.status == "ok", result.error
            return result.stdout

    lines = [line.strip() for line in asyncio.run(run()).splitlines()]
    wanted = [line for line in lines if 6 <= len(line) <= 60 and line not in cell.code]
    assert wanted, "lesson 1's first cell prints nothing recognisable"
    return wanted


def open_lesson_and_run_first_cell(term: Terminal, expected: list[str]) -> None:
    """What a learner does first: Enter on lesson 1, Tab into its first cell, Ctrl+R."""
    first = lessons.load("en")[0]
    term.wait_for(lambda s: re.search(r"\b01 ", s) is not None and "kernel" in s, "the lesson list")
    term.press(b"\r")
    title = first.title[:20]
    term.wait_for(lambda s: title in s.splitlines()[0], f"lesson 1 ({first.title}) in the header")
    term.press(b"\t")
    code = first.cells[0].code.splitlines()[0].strip()[:40]
    term.wait_for(lambda s: code in s, "the first cell in view")
    term.press(b"\x12")  # Ctrl+R
    term.wait_for(lambda s: any(line in s for line in expected), f"the cell's output (any of {expected})")


def test_a_learner_logs_in_runs_a_cell_and_quits(server: Server, first_cell_output: list[str]) -> None:
    term = Terminal(server)
    try:
        open_lesson_and_run_first_cell(term, first_cell_output)
        processes = session_processes(server)
        assert any("-m tui " in command or command.endswith("-m tui") for command in processes.values())
        kernels = [pid for pid, command in processes.items() if "tui.sandbox" in command]
        assert len(kernels) == 1, processes
        group = kernel_cgroup(kernels[0])
        term.press(b"\x11")  # Ctrl+Q
        # Kiosk: the app is the session's only command, so quitting it ends the login (no shell).
        assert term.wait_closed() == 0
        assert wait_no_processes(server) == {}
        if group is not None:
            assert not group.exists()
    finally:
        term.close()


def test_killing_the_ssh_client_leaves_no_kernel_behind(server: Server, first_cell_output: list[str]) -> None:
    term = Terminal(server)
    try:
        open_lesson_and_run_first_cell(term, first_cell_output)
        kernels = [pid for pid, command in session_processes(server).items() if "tui.sandbox" in command]
        assert len(kernels) == 1
        group = kernel_cgroup(kernels[0])
        # The connection drops: sshd closes the session's terminal and the app gets SIGHUP.
        term.process.kill(signal.SIGKILL)
        assert wait_no_processes(server) == {}
        if group is not None:
            assert not group.exists()
    finally:
        term.close()
