"""What the terminal benchmarks share: a pty-driven screen, process-tree memory, a private sshd.

The approach is /work/shared/tools/ptyprobe.py's (ptyprocess + pyte), reshaped so one
select loop can drive many terminals at once, and with one change in how latency is
taken: a key's latency ends when the bytes that made the screen right *arrived*
(stamped at ``os.read``), not after feeding them to pyte or a settling pause, so
the driver's own parsing is not charged to the app.
"""

from __future__ import annotations

import contextlib
import math
import os
import platform
import re
import select
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import ptyprocess
import pyte

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KEYS = {
    "enter": b"\r",
    "tab": b"\t",
    "escape": b"\x1b",
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "ctrl+r": b"\x12",
    "ctrl+q": b"\x11",
    "f7": b"\x1b[18~",
}
"""What a terminal (xterm) sends for the keys the benchmarks press."""

Condition = Callable[["Term"], bool]


class Term:
    """A program in a pty of ``cols`` x ``rows``, with the screen pyte says it drew."""

    def __init__(
        self, command: list[str], cols: int = 80, rows: int = 24, env: dict[str, str] | None = None
    ) -> None:
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="", LANG="C.UTF-8", **(env or {}))
        self.screen = pyte.Screen(cols, rows)
        self._stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        self.process = ptyprocess.PtyProcess.spawn(command, dimensions=(rows, cols), env=env)
        self.fd = self.process.fd
        self._columns = range(cols)
        self.bytes = 0
        self.last_arrival = self.started
        self.closed = False

    def read_raw(self) -> bytes:
        """Read what is waiting (call when select says so); b"" at EOF. Stamps the arrival."""
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the program exited and the pty closed
            data = b""
        if not data:
            self.closed = True
        else:
            self.last_arrival = time.perf_counter()
        return data

    def feed(self, data: bytes) -> None:
        """Draw ``data`` on the screen (separate from reading, so arrivals are stamped first)."""
        self.bytes += len(data)
        self._stream.feed(data)

    def read(self) -> bool:
        """Read and draw what is waiting; False at EOF."""
        data = self.read_raw()
        self.feed(data)
        return bool(data)

    def pump(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for output and read it; False once the program has gone."""
        if self.closed:
            return False
        ready, _, _ = select.select([self.fd], [], [], max(seconds, 0))
        return self.read() if ready else True

    def wait_for(self, condition: Condition, limit: float = 30.0) -> float | None:
        """Seconds from now until the arrival of the output that made ``condition`` true."""
        start = time.perf_counter()
        if condition(self):
            return 0.0
        while time.perf_counter() - start < limit:
            if not self.pump(0.02):
                return None
            if condition(self):
                return self.last_arrival - start
        return None

    def wait_exit(self, limit: float) -> bool:
        """Read until the program closes the terminal; False if it is still there after ``limit`` s."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            if not self.pump(0.05):
                return True
        return False

    def settle(self, quiet: float = 0.3, limit: float = 10.0) -> None:
        """Read until nothing arrives for ``quiet`` seconds."""
        start = last = time.perf_counter()
        while time.perf_counter() - start < limit and time.perf_counter() - last < quiet:
            before = self.bytes
            if not self.pump(0.02):
                return
            if self.bytes != before:
                last = time.perf_counter()

    def press(self, key: str) -> float:
        """Send ``key`` (a name in KEYS or literal text); the time it was written."""
        self.process.write(KEYS.get(key, key.encode()))
        return time.perf_counter()

    @property
    def text(self) -> str:
        return "\n".join(self.screen.display)

    @property
    def rows(self) -> list[str]:
        return list(self.screen.display)

    def signature(self) -> int:
        """A hash of every cell's character *and* colours: focus moves often change only colours."""
        cells = []
        for line in range(self.screen.lines):
            row = self.screen.buffer[line]
            cells.extend((c.data, c.fg, c.bg, c.reverse, c.bold) for c in map(row.__getitem__, self._columns))
        return hash(tuple(cells))

    def close(self) -> None:
        if self.process.isalive():
            with contextlib.suppress(ProcessLookupError):
                self.process.kill(signal.SIGKILL)
        with contextlib.suppress(Exception):
            self.process.wait()
        with contextlib.suppress(Exception):
            self.process.close(force=True)


# -- conditions ------------------------------------------------------------------------


def shows(pattern: str) -> Condition:
    """The screen matches ``pattern`` (a regex, across lines)."""
    rx = re.compile(pattern, re.S)
    return lambda term: rx.search(term.text) is not None


def row_is(pattern: str) -> Condition:
    """Some row, minus borders and padding, is exactly ``pattern`` (a regex)."""
    rx = re.compile(r"^[\s▎▍▌│|]*" + pattern + r"\s*[▎▍▌│|▇▅▃▁▄]?\s*$")
    return lambda term: any(rx.match(row) for row in term.rows)


def changed(term: Term) -> Condition:
    """The screen (text or colours) differs from what it is now."""
    before = term.signature()
    return lambda now: now.signature() != before


def lesson_shown(label: str, before: Term) -> Condition:
    """The header names the lesson and the body below it is no longer what ``before`` showed."""
    head, body = label[:24], before.rows[1:-1]
    return lambda term: head in term.rows[0] and term.rows[1:-1] != body


def compile_bytecode() -> None:
    """Compile the app's modules first, as ``pip install`` does: a checkout run with
    PYTHONDONTWRITEBYTECODE (or by an account that cannot write it) would otherwise
    compile every module on every start, and the kernel never writes bytecode."""
    import compileall

    for package in ("tui", "lessons"):
        compileall.compile_dir(ROOT / package, quiet=1)


def first_cell_output(cell_code: str) -> list[str]:
    """Lines a cell prints and its code does not contain (run in a kernel here): seeing
    any of them on screen means the cell ran."""
    import asyncio

    from tui.kernel import Kernel

    async def run() -> str:
        async with Kernel() as k:
            return (await k.run(cell_code)).stdout

    lines = [line.strip() for line in asyncio.run(run()).splitlines()]
    return [line for line in lines if 6 <= len(line) <= 60 and line not in cell_code]


# -- processes -------------------------------------------------------------------------


def tree(root: int) -> set[int]:
    """``root`` and all its descendants (via /proc/PID/task/TID/children)."""
    pids, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        try:
            tasks = os.listdir(f"/proc/{pid}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
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


def load() -> list[float]:
    """The load average over 1, 5 and 15 minutes: others' work on the machine skews every figure."""
    return [round(x, 2) for x in os.getloadavg()]


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


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory_kb = 0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    import textual

    return {
        "nproc": os.cpu_count(),
        "cpu": model or platform.processor(),
        "ram_gb": round(memory_kb / 1024**2, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "load_average_1_5_15_min": load(),  # others' work skews figures
    }


# -- a private sshd --------------------------------------------------------------------


@dataclass
class Sshd:
    """A throwaway sshd on a loopback port whose only command is ``force_command``."""

    port: int
    directory: Path
    user: str
    process: subprocess.Popen[bytes]
    log: list[str] = field(default_factory=list)

    def client(self, seat: int | None = None) -> list[str]:
        """An ``ssh -tt`` command line for this server; ``seat`` is passed as NN_BENCH_SEAT."""
        options = [
            "BatchMode=yes",
            "IdentitiesOnly=yes",
            "StrictHostKeyChecking=no",
            "UserKnownHostsFile=/dev/null",
            "LogLevel=ERROR",
        ]
        if seat is not None:
            options.append(f"SetEnv=NN_BENCH_SEAT={seat}")
        command = [shutil.which("ssh") or "ssh", "-tt", "-F", "/dev/null", "-i", str(self.directory / "id")]
        for option in options:
            command += ["-o", option]
        return [*command, "-p", str(self.port), f"{self.user}@127.0.0.1"]


def app_command(data_dir: str, *extra: str, env: dict[str, str] | None = None) -> str:
    """The ForceCommand a teacher writes (README), plus a cd so the app is this checkout."""
    python = shlex.quote(sys.executable)
    variables = "".join(f" {name}={shlex.quote(value)}" for name, value in (env or {}).items())
    return (
        f"cd {shlex.quote(str(ROOT))} && exec env NN_BASICS_KIOSK=1 NN_BASICS_DATA_DIR={data_dir}{variables}"
        f" {python} -m tui --no-mouse {' '.join(extra)}".rstrip()
    )


@contextlib.contextmanager
def sshd(
    force_command: str, *, accept_env: str = "", max_startups: int = 100, cpus: set[int] | None = None
) -> Iterator[Sshd]:
    """Start a private sshd (host key, keys and config in a temp dir; nothing in /etc changes).

    ``cpus``: pin it, and so every session it starts, to these CPUs."""
    sshd_path = shutil.which("sshd") or "/usr/sbin/sshd"
    keygen = shutil.which("ssh-keygen")
    if not (os.access(sshd_path, os.X_OK) and keygen and shutil.which("ssh")):
        raise RuntimeError("needs OpenSSH (sshd, ssh, ssh-keygen): apt-get install openssh-server")
    privsep = Path("/run/sshd")  # Debian's sshd will not start without it
    made_privsep = not privsep.exists() and os.geteuid() == 0
    if made_privsep:
        privsep.mkdir(mode=0o755)
    with tempfile.TemporaryDirectory(prefix="nn-basics-sshd-") as folder:
        directory = Path(folder)
        for name in ("host", "id"):
            subprocess.run([keygen, "-q", "-t", "ed25519", "-N", "", "-f", str(directory / name)], check=True)
        (directory / "authorized_keys").write_text((directory / "id.pub").read_text())
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        lines = [
            f"ListenAddress 127.0.0.1:{port}",
            f"HostKey {directory / 'host'}",
            f"AuthorizedKeysFile {directory / 'authorized_keys'}",
            "PidFile none",
            "UsePAM no",
            "StrictModes no",
            "PermitRootLogin prohibit-password",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PermitTTY yes",
            "AllowTcpForwarding no",
            "X11Forwarding no",
            "PermitTunnel no",
            f"MaxStartups {max_startups}",  # a class logs in at once; the default drops logins past 10
            "LogLevel INFO",
            *([f"AcceptEnv {accept_env}"] if accept_env else []),
            f"ForceCommand {force_command}",
        ]
        (directory / "sshd_config").write_text("\n".join(lines) + "\n")
        process = subprocess.Popen(
            [sshd_path, "-D", "-e", "-f", str(directory / "sshd_config")],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=None if cpus is None else lambda: os.sched_setaffinity(0, cpus),
        )
        server = Sshd(port, directory, os.environ.get("USER") or _user(), process)
        try:
            assert process.stderr is not None
            deadline = time.monotonic() + 15
            while time.monotonic() < deadline:
                ready, _, _ = select.select([process.stderr], [], [], 0.5)
                line = process.stderr.readline().decode(errors="replace") if ready else ""
                server.log.append(line)
                if "Server listening on" in line:
                    break
                if process.poll() is not None:
                    raise RuntimeError("sshd could not start: " + "".join(server.log).strip())
            else:
                raise RuntimeError("sshd did not start listening")
            os.set_blocking(process.stderr.fileno(), False)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stderr is not None:
                process.stderr.close()
            if made_privsep:
                with contextlib.suppress(OSError):
                    privsep.rmdir()


def _user() -> str:
    import pwd

    return pwd.getpwuid(os.getuid()).pw_name


def percentile(values: list[float], fraction: float) -> float | None:
    """The ``fraction`` quantile by the nearest-rank method (None without values)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]
