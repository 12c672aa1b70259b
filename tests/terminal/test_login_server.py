"""The login server (``python -m tui serve``) as a learner meets it: the login through it is
the app, on the login's terminal, with its exit status; resizes reach it; it ends with its
login and its login ends with it; a login without a server runs the app itself; a bad
request is refused and the server lives on; and, as root with a throwaway account, a
seat is that account (uid, groups, cgroup, limits, no way back to root).
"""

from __future__ import annotations

import array
import contextlib
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.harness import pty, sshd
from tests.harness.accounts import Account
from tests.harness.login_server import LoginServer, login_server
from tests.harness.processes import alive, terminal_of, tree, wait_gone
from tui.server.wire import REFUSED, SERVER_VARIABLE

pytest.importorskip("ptyprocess")
pytest.importorskip("pyte")
pytestmark = pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux /proc")

LIST_READY = r"\b01 .*\b12 "
WAIT = 60.0


@pytest.fixture(scope="module")
def server() -> Iterator[LoginServer]:
    with login_server() as running:
        yield running


def served(server: LoginServer, *args: str, env: dict[str, str] | None = None, **options: object) -> pty.Term:
    """``python -I -m tui ARGS`` as a ForceCommand runs it, through ``server``."""
    variables = {SERVER_VARIABLE: str(server.socket), "NN_BASICS_DATA_DIR": tempfile.mkdtemp(), **(env or {})}
    return pty.Term([sys.executable, "-I", "-m", "tui", *args], env=variables, **options)  # type: ignore[arg-type]


def seat_of(server: LoginServer, term: pty.Term) -> int:
    """The server's seat on ``term``'s terminal."""
    login = terminal_of(term.process.pid)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        for seat in server.seats():
            if terminal_of(seat) == login:
                return seat
        time.sleep(0.05)
    raise AssertionError(f"no seat of {server.seats()} reads {login}")


@contextlib.contextmanager
def closing(term: pty.Term) -> Iterator[pty.Term]:
    try:
        yield term
    finally:
        term.close()


def test_a_login_through_the_server_is_the_app_on_its_terminal(server: LoginServer) -> None:
    with closing(served(server, "--no-mouse")) as term:
        term.expect(LIST_READY, "the lesson list", limit=WAIT)
        seat = seat_of(server, term)
        assert seat != term.process.pid and seat in server.seats()
        assert os.readlink(f"/proc/{seat}/cwd") == os.getcwd()  # the login's working directory
        ignored = int(status_field(seat, "SigIgn:")[0], 16)
        assert ignored & (1 << (signal.SIGPIPE - 1)), "a seat must survive writing to a dead kernel's pipe"
        login_terminal = terminal_of(term.process.pid)
        assert login_terminal is not None
        assert controlling_terminal(seat) == os.stat(login_terminal).st_rdev  # resizes reach it directly
        term.process.setwinsize(30, 100)  # the learner makes the window larger
        term.screen.resize(30, 100)
        term.expect(lambda s: "Quit" in s.splitlines()[29], "the key bar on the new last row", limit=WAIT)
        term.press(b"\x11")  # Ctrl+Q
        assert term.exit_status(WAIT) == 0
        assert wait_gone([seat], WAIT) == []


def controlling_terminal(pid: int) -> int:
    """The device number of ``pid``'s controlling terminal (0: none)."""
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[4])


def test_a_terminal_that_is_not_the_logins_own_is_not_taken(server: LoginServer) -> None:
    """A login whose stdio is some other terminal (say, root's after su): the seat runs on it
    but does not make it its controlling terminal."""
    other_master, other = os.openpty()
    other_path = os.ttyname(other)

    def onto_the_other_terminal() -> None:  # in the child: its descriptors above 2 are closed by now
        opened = os.open(other_path, os.O_RDWR | os.O_NOCTTY)
        for fd in (0, 1, 2):
            os.dup2(opened, fd)

    term = served(server, "--no-mouse", preexec_fn=onto_the_other_terminal)
    try:
        received = b""
        deadline = time.monotonic() + WAIT
        while b"Quit" not in received and time.monotonic() < deadline:
            ready, _, _ = select.select([other_master], [], [], 0.1)
            if ready:
                received += os.read(other_master, 65536)
        assert b"Quit" in received, received[-500:]
        seat = next(pid for pid in server.seats() if terminal_of(pid) == other_path)
        assert controlling_terminal(seat) == 0
        assert controlling_terminal(term.process.pid) != 0  # the login keeps its own
    finally:
        term.close()
        os.close(other_master)
        os.close(other)


def test_the_seat_answers_with_the_apps_output_and_exit_status(server: LoginServer) -> None:
    with closing(served(server, "--lesson", "99")) as term:
        assert term.exit_status(WAIT) == 2
        assert "There is no lesson 99" in term.output.decode()
    with closing(served(server, "--list")) as term:
        assert term.exit_status(WAIT) == 0
        assert len(re.findall(r"^\d\d  ", term.output.decode(), re.M)) >= 12


def test_a_login_that_drops_takes_its_seat_and_kernel_with_it(server: LoginServer) -> None:
    with closing(served(server, "--no-mouse", env={"NN_BASICS_KERNEL_START": "now"})) as term:
        term.expect(LIST_READY, "the lesson list", limit=WAIT)
        seat = seat_of(server, term)
        deadline = time.monotonic() + WAIT
        while len(tree(seat)) < 2 and time.monotonic() < deadline:  # its kernel has started
            time.sleep(0.05)
        everything = tree(seat)
        assert len(everything) >= 2
        term.process.kill(signal.SIGKILL)  # the login dies, as when sshd's side goes away
        assert wait_gone(sorted(everything), WAIT) == []


def test_a_seat_that_dies_ends_its_login(server: LoginServer) -> None:
    with closing(served(server, "--no-mouse")) as term:
        term.expect(LIST_READY, "the lesson list", limit=WAIT)
        os.kill(seat_of(server, term), signal.SIGKILL)
        assert term.exit_status(WAIT) == 1
        assert "ended unexpectedly" in term.output.decode()


def test_without_a_server_the_login_runs_the_app_itself(tmp_path: Path) -> None:
    missing = tmp_path / "no-server.sock"
    term = pty.Term(
        [sys.executable, "-I", "-m", "tui", "--no-mouse"],
        env={SERVER_VARIABLE: str(missing), "NN_BASICS_DATA_DIR": str(tmp_path)},
    )
    with closing(term):
        term.expect(LIST_READY, "the lesson list", limit=WAIT)
        term.press(b"\x11")
        assert term.exit_status(WAIT) == 0


def ask(server: LoginServer, payload: bytes, *, descriptors: list[int] | None = None) -> bytes:
    """Send ``payload`` (with ``descriptors``) as a request; what the server answers."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(WAIT)
        sock.connect(str(server.socket))
        fds = array.array("i", descriptors or [])
        ancillary = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)] if descriptors else []
        sock.sendmsg([payload], ancillary)
        return sock.recv(16)


@pytest.mark.parametrize(
    "payload, with_terminal",
    [
        (struct.pack("!I", 2**31) + b"{", True),  # a header larger than any environment
        (struct.pack("!I", 5) + b"nope!", True),  # not JSON
        (struct.pack("!I", 2) + b"[]", True),  # JSON, but not a request
        (struct.pack("!I", 2) + b"{}", False),  # no terminal with it
    ],
    ids=["too-large", "not-json", "not-a-request", "no-terminal"],
)
def test_a_bad_request_is_refused_and_the_server_lives_on(
    server: LoginServer, payload: bytes, with_terminal: bool
) -> None:
    null = os.open(os.devnull, os.O_RDWR)
    try:
        answer = ask(server, payload, descriptors=[null, null, null] if with_terminal else None)
    finally:
        os.close(null)
    assert answer == REFUSED
    assert server.process.poll() is None
    with closing(served(server, "--list")) as term:
        assert term.exit_status(WAIT) == 0


def no_seats_left(server: LoginServer) -> bool:
    """Whether the server's seats all end (and are collected) within WAIT seconds."""
    deadline = time.monotonic() + WAIT
    while server.seats() and time.monotonic() < deadline:
        time.sleep(0.05)
    return server.seats() == set()


def no_seats_left_but(server: LoginServer, count: int) -> bool:
    """Whether the server is down to ``count`` seats within WAIT seconds (a refusing seat ends)."""
    deadline = time.monotonic() + WAIT
    while len(server.seats()) > count and time.monotonic() < deadline:
        time.sleep(0.05)
    return len(server.seats()) == count


def test_a_login_that_hangs_up_at_once_costs_nothing(server: LoginServer) -> None:
    for _ in range(20):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(str(server.socket))
    assert no_seats_left(server) and server.process.poll() is None


# -- as another account (root only) --------------------------------------------------------


def as_account(
    account: Account, *, files: int | None = None, nice: int = 0, umask: int | None = None
) -> object:
    """A preexec function: become ``account`` (and lower the open-files limit to ``files``,
    raise the nice value by ``nice``, set the ``umask``: what PAM or a ForceCommand may do)."""

    def become() -> None:
        import resource

        if files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))
        if nice:
            os.nice(nice)
        if umask is not None:
            os.umask(umask)
        os.initgroups(account.name, account.gid)
        os.setgid(account.gid)
        os.setuid(account.uid)
        os.chdir(account.home)

    return become


def status_field(pid: int, name: str) -> list[str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return next(line for line in lines if line.startswith(name)).split()[1:]


def test_a_seat_is_the_account_that_logged_in_and_cannot_be_root_again(
    installation: sshd.Installation, homes: Path
) -> None:
    with (
        Account.create(homes) as account,
        login_server(str(installation.python), folder=homes, isolated=True) as root_server,
    ):
        term = pty.Term(
            [str(installation.python), "-I", "-m", "tui", "--no-mouse"],
            env={"HOME": str(account.home), "PATH": "/bin", SERVER_VARIABLE: str(root_server.socket)},
            inherit_env=False,
            preexec_fn=as_account(account, files=200, nice=5, umask=0o027),  # type: ignore[arg-type]
        )
        with closing(term):
            term.expect(LIST_READY, "the lesson list", limit=WAIT)
            seat = seat_of(root_server, term)
            login = term.process.pid
            assert status_field(seat, "Uid:") == [str(account.uid)] * 4
            assert status_field(seat, "Gid:") == [str(account.gid)] * 4
            assert status_field(seat, "Groups:") == status_field(login, "Groups:")
            assert status_field(seat, "CapEff:") == ["0000000000000000"]
            assert Path(f"/proc/{seat}/cgroup").read_text() == Path(f"/proc/{login}/cgroup").read_text()
            for pid in (login, seat):
                limits = Path(f"/proc/{pid}/limits").read_text()
                assert re.search(r"Max open files\s+200\s+200", limits), (pid == seat, limits)
            assert os.readlink(f"/proc/{seat}/cwd") == str(account.home)
            assert status_field(seat, "Umask:") == ["0027"]
            assert os.getpriority(os.PRIO_PROCESS, seat) == os.getpriority(os.PRIO_PROCESS, login) == 5
            assert set(account.processes()) >= {seat, login}
            term.press(b"\x11")
            assert term.exit_status(WAIT) == 0
        assert not alive(seat)


def test_a_server_that_is_not_root_serves_only_its_own_account(
    installation: sshd.Installation, homes: Path
) -> None:
    """Not root, it cannot take a login's terminal either: the login forwards resizes."""
    with Account.create(homes) as account:
        folder = account.home / "run"
        folder.mkdir()
        os.chown(folder, account.uid, account.gid)
        with login_server(
            str(installation.python), folder=folder, isolated=True, preexec_fn=as_account(account)
        ) as theirs:
            with closing(served(theirs, "--no-mouse")) as term:  # root logs in: refused, runs the app itself
                term.expect(LIST_READY, "the lesson list", limit=WAIT)
                assert no_seats_left(theirs)  # the refusing seat ended: the app on screen is the login's
                term.press(b"\x11")
                assert term.exit_status(WAIT) == 0
            own = pty.Term(
                [str(installation.python), "-I", "-m", "tui", "--no-mouse"],
                env={"HOME": str(account.home), "PATH": "/bin", SERVER_VARIABLE: str(theirs.socket)},
                inherit_env=False,
                preexec_fn=as_account(account),  # type: ignore[arg-type]
            )
            with closing(own) as term:  # the account itself: served, the login keeps its terminal
                term.expect(LIST_READY, "the lesson list", limit=WAIT)
                seat = seat_of(theirs, term)
                assert status_field(seat, "Uid:") == [str(account.uid)] * 4
                term.process.setwinsize(30, 100)  # forwarded by the login as a note on the socket
                term.screen.resize(30, 100)
                term.expect(
                    lambda s: "Quit" in s.splitlines()[29], "the key bar on the new last row", limit=WAIT
                )
                term.press(b"\x11")
                assert term.exit_status(WAIT) == 0


def test_an_upgraded_app_restarts_the_server_before_the_next_login(
    installation: sshd.Installation, homes: Path
) -> None:
    with login_server(str(installation.python), folder=homes, isolated=True) as root_server:
        with closing(served(root_server, "--list")) as term:
            assert term.exit_status(WAIT) == 0
        installed = next(installation.prefix.glob("lib/python3*/site-packages/tui/server/wire.py"))
        os.utime(installed, ns=(time.time_ns(), time.time_ns()))  # what an upgrade does to every file
        for _ in range(2):  # the first login may run the app itself while the server restarts
            with closing(served(root_server, "--no-mouse")) as term:
                term.expect(LIST_READY, "the lesson list", limit=WAIT)
                term.press(b"\x11")
                assert term.exit_status(WAIT) == 0
        with closing(served(root_server, "--no-mouse")) as term:
            term.expect(LIST_READY, "the lesson list", limit=WAIT)
            seat_of(root_server, term)  # served again, by the new server (the same process id)
            term.press(b"\x11")
            assert term.exit_status(WAIT) == 0
        assert root_server.process.poll() is None


def test_an_account_holds_only_so_many_seats_and_the_next_login_runs_the_app_itself() -> None:
    with (
        login_server(seats_per_account=1) as small,
        closing(served(small, "--no-mouse")) as first,
        closing(served(small, "--no-mouse")) as second,
    ):
        first.expect(LIST_READY, "the first lesson list", limit=WAIT)
        second.expect(LIST_READY, "the second lesson list", limit=WAIT)
        assert no_seats_left_but(small, 1)
        (seat,) = small.seats()
        logins = {terminal_of(first.process.pid), terminal_of(second.process.pid)}
        assert terminal_of(seat) in logins  # one is served, the other runs the app itself


def test_a_seat_outlives_a_kernel_that_dies_mid_run(server: LoginServer) -> None:
    """The acid test through a seat: a cell kills its kernel; the app says so and runs the next cell."""
    with closing(served(server, "--no-mouse", "--lesson", "1")) as term:
        term.expect(r"01 · ", "lesson 1", limit=WAIT)
        term.drain(1.0)
        term.press(b"\t")
        term.expect(
            lambda s: s.splitlines()[-1].lstrip().startswith("EDIT"), "the first cell's editor", limit=WAIT
        )
        term.paste("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
        term.press(b"\x12")  # Ctrl+R
        term.expect("kernel crashed", "the crash reported", limit=WAIT)
        term.press(b"\x1b[18~")  # F7: select the whole cell, then type over it
        term.drain(0.5)
        term.paste("print('after', 6 * 7)")
        term.press(b"\x12")
        term.expect("after 42", "the next run's output", limit=WAIT)
        seat = seat_of(server, term)
        assert alive(seat)
        term.press(b"\x11")
        assert term.exit_status(WAIT) == 0


def test_a_seat_reads_the_logins_escdelay() -> None:
    """Textual reads ESCDELAY when imported, long before a seat exists: the seat reads it again.
    A lone Escape waits that long for the rest of a key's sequence, so it cannot be quicker."""
    with (
        login_server() as fresh,
        closing(served(fresh, "--no-mouse", "--lesson", "1", env={"ESCDELAY": "1500"})) as term,
    ):
        term.expect(r"01 · ", "lesson 1", limit=WAIT)
        term.drain(1.0)
        pressed = term.press(b"\x1b")  # back to the lesson list
        term.expect(lambda s: "LIST" in s.splitlines()[-1], "the lesson list's key bar", limit=WAIT)
        assert term.last_arrival - pressed >= 1.4


HAND_ON = """\
import array, json, os, socket, struct, sys, time
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.connect(sys.argv[1])
if os.fork():
    os._exit(0)  # the process the server saw connect is gone; its child holds the socket
time.sleep(0.5)
terminal = os.open(sys.argv[2], os.O_RDWR | os.O_NOCTTY)
body = json.dumps({"argv": ["--no-mouse"], "env": dict(os.environ), "cwd": "/"}).encode()
fds = array.array("i", [terminal] * 3)
sock.sendmsg([struct.pack("!I", len(body)) + body], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
print(sock.recv(2), flush=True)
"""


def test_a_login_that_hands_its_socket_on_and_exits_is_refused(server: LoginServer, tmp_path: Path) -> None:
    """Its cgroups and limits are gone with it: a seat would run in the server's, outside the
    account's own. The server refuses it."""
    master, terminal = os.openpty()
    try:
        script = tmp_path / "hand_on.py"
        script.write_text(HAND_ON)
        answer = subprocess.run(
            [sys.executable, str(script), str(server.socket), os.ttyname(terminal)],
            capture_output=True,
            text=True,
            timeout=WAIT,
        )
        assert answer.stdout.strip() == "b'R'", answer  # refused (a seat that started says b'ST')
        assert no_seats_left(server)
        os.set_blocking(master, False)
        with contextlib.suppress(BlockingIOError):
            assert b"Quit" not in os.read(master, 65536)
    finally:
        os.close(master)
        os.close(terminal)
