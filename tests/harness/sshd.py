"""The class set-up as the README deploys it: the app in a venv, a private sshd with the
README's exact lines, and throwaway student accounts logging in with a real ``ssh``.

Also ``sshd``: a private sshd whose only command is a given one, for the class
benchmark (benchmarks/ssh_class.py), started and stopped by the same code.

What the deployed set-up here differs from a real server in, and why:

- the venv is built from the distribution's Python (``/usr/bin/python3``) in a temp
  folder other accounts can reach, not in /opt (tests change nothing outside /tmp);
  its dependencies come from this test run's environment through a ``.pth`` file
  (no network, no second download), and this checkout is built into a wheel and
  unpacked into it, as ``pip install`` would;
- sshd runs in the foreground on a free loopback port with its own host key, config
  and ``PidFile none``; its global part is minimal (``UsePAM no``: no PAM stack is
  needed to log in with a key), and the README's ``Match`` block is appended as is,
  with the group name and the install prefix replaced by the test's.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import secrets
import select
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tests.harness import ROOT
from tests.harness.accounts import Account, foreign_python, readable_by_others

README = ROOT / "README.md"
PREFIX = "/opt/nn-basics"
"""Where the README installs the app; replaced by the test's venv."""
LOGIN_SOCKET = "/run/nn-basics/server.sock"
"""Where the README's login server listens; replaced by the test's."""

SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if os.access("/usr/sbin/sshd", os.X_OK) else None)
SSH = shutil.which("ssh")
KEYGEN = shutil.which("ssh-keygen")
PRIVSEP_DIR = Path("/run/sshd")
"""Debian's sshd refuses to start without it (its service unit normally creates it)."""


def readme_block(marker: str) -> str:
    """The fenced block right after ``<!-- marker -->`` in the README."""
    text = README.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {re.escape(marker)} -->\s*```[a-z]*\n(.*?)```", text, re.S)
    if found is None:
        raise AssertionError(f"README.md has no block after <!-- {marker} -->")
    return found.group(1)


def unavailable() -> str | None:
    """Why the deployed set-up cannot be tested here, or None."""
    if not (SSHD and SSH and KEYGEN):
        return "needs OpenSSH: sshd, ssh and ssh-keygen (apt-get install openssh-server)"
    reason = Account.unavailable()
    if reason:
        return reason
    found = foreign_python()
    if isinstance(found, str):
        return found
    return None


@dataclass(frozen=True)
class Installation:
    """The app installed like the README says, under ``prefix`` (which plays /opt/nn-basics)."""

    prefix: Path

    @property
    def python(self) -> Path:
        return self.prefix / "bin" / "python"


def install(parent: Path) -> Installation:
    """Build a venv from the distribution's Python under ``parent`` and install this checkout."""
    found = foreign_python()
    assert not isinstance(found, str), found
    prefix = parent / "nn-basics"
    subprocess.run([found.executable, "-m", "venv", "--without-pip", str(prefix)], check=True)
    purelib = subprocess.run(
        [str(prefix / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(purelib, "_test_dependencies.pth").write_text(found.site_packages + "\n")
    with tempfile.TemporaryDirectory() as build:
        source = Path(build, "source")
        ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build", ".venv")
        for name in ("tui", "lessons"):
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(ROOT / name, source / name)
        wheels = Path(build, "wheels")
        pip = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps"]
        subprocess.run([*pip, "-w", str(wheels), str(source)], check=True, capture_output=True)
        (wheel,) = wheels.glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            archive.extractall(purelib)
    assert readable_by_others(prefix / "bin" / "python")
    return Installation(prefix)


@dataclass
class Server:
    """A private sshd whose configuration ends with the README's Match block."""

    port: int
    directory: Path
    group: str
    process: subprocess.Popen[bytes]
    log: list[str] = field(default_factory=list)

    def client_key(self) -> Path:
        return self.directory / "client_key"

    def authorize(self, account: Account) -> None:
        """Let ``account`` log in with this server's client key (its own ~/.ssh/authorized_keys)."""
        ssh = account.home / ".ssh"
        ssh.mkdir(mode=0o700, exist_ok=True)
        keys = ssh / "authorized_keys"
        keys.write_text((self.directory / "client_key.pub").read_text())
        keys.chmod(0o600)
        for path in (ssh, keys):
            os.chown(path, account.uid, account.gid)


def match_block(installation: Installation, group: str, login_socket: Path) -> str:
    """The README's sshd lines, for this installation, this group and this login server."""
    block = readme_block("sshd-config")
    assert PREFIX in block and "Match Group students" in block and LOGIN_SOCKET in block, block
    block = block.replace(PREFIX, str(installation.prefix)).replace(LOGIN_SOCKET, str(login_socket))
    return block.replace("Match Group students", f"Match Group {group}")


def login_server_command(installation: Installation) -> list[str]:
    """The README's service line (its ExecStart), for this installation, without the socket."""
    found = re.search(r"^ExecStart=(.*)$", readme_block("login-server"), re.M)
    assert found is not None, "the README's login server has no ExecStart line"
    words = found.group(1).replace(PREFIX, str(installation.prefix)).split()
    assert words[-1] == LOGIN_SOCKET, words
    return words[:-1]


def _keys(directory: Path, *names: str) -> None:
    assert KEYGEN
    for name in names:
        subprocess.run([KEYGEN, "-q", "-t", "ed25519", "-N", "", "-f", str(directory / name)], check=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def _running(config: Path, log: list[str], cpus: set[int] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """sshd in the foreground with ``config``, once it listens (its log lines go to ``log``);
    stopped on the way out. ``cpus``: pin it, and so every session it starts, to these CPUs."""
    assert SSHD
    made_privsep = not PRIVSEP_DIR.exists() and os.geteuid() == 0
    if made_privsep:
        PRIVSEP_DIR.mkdir(mode=0o755)
    checked = subprocess.run([SSHD, "-t", "-f", str(config)], capture_output=True, text=True)
    if checked.returncode != 0 and made_privsep:
        PRIVSEP_DIR.rmdir()
    assert checked.returncode == 0, f"sshd -t refused the configuration: {checked.stderr}"
    process = subprocess.Popen(
        [SSHD, "-D", "-e", "-f", str(config)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=None if cpus is None else lambda: os.sched_setaffinity(0, cpus),
    )
    try:
        assert process.stderr is not None
        deadline = time.monotonic() + 30
        while not any("Server listening on" in line for line in log):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("sshd did not start: " + "".join(log)[-500:])
            ready, _, _ = select.select([process.stderr], [], [], 0.5)
            if ready:
                log.append(process.stderr.readline().decode(errors="replace"))
        os.set_blocking(process.stderr.fileno(), False)
        yield process
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
                PRIVSEP_DIR.rmdir()


def _client(key: Path, port: int, login: str, *options: str) -> list[str]:
    """An ``ssh -tt`` command line that logs in as ``login`` with ``key``, asking nothing."""
    assert SSH
    command = [SSH, "-tt", "-F", "/dev/null", "-i", str(key), "-p", str(port)]
    for option in ("BatchMode=yes", "IdentitiesOnly=yes", "StrictHostKeyChecking=no", *options):
        command += ["-o", option]
    return [*command, "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", f"{login}@127.0.0.1"]


@contextlib.contextmanager
def server(installation: Installation, *, served: bool = False) -> Iterator[Server]:
    """A throwaway sshd with the README's lines, and a throwaway group for its students.

    ``served``: the README's login server runs too (as root, like its service); otherwise
    the ForceCommand names a socket nobody listens on, and each login runs the app itself."""
    from tests.harness.login_server import login_server

    group = "nnb-promises-" + secrets.token_hex(3)
    subprocess.run(["groupadd", group], check=True, capture_output=True)
    directory = Path(tempfile.mkdtemp(prefix="nnb-promises-sshd-"))
    directory.chmod(0o755)  # the login server's socket is in it
    stack = contextlib.ExitStack()
    try:
        login_socket = directory / "server.sock"
        if served:
            command = login_server_command(installation)
            stack.enter_context(login_server(command[0], folder=directory, isolated="-I" in command))
        _keys(directory, "host_key", "client_key")
        port = _free_port()
        config = directory / "sshd_config"
        config.write_text(
            f"ListenAddress 127.0.0.1:{port}\n"
            f"HostKey {directory / 'host_key'}\n"
            "PidFile none\n"
            "UsePAM no\n"
            "PubkeyAuthentication yes\n"
            "PasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\n"
            "LogLevel INFO\n" + match_block(installation, group, login_socket)
        )
        log: list[str] = []
        with _running(config, log) as process:
            yield Server(port, directory, group, process, log)
    finally:
        stack.close()
        shutil.rmtree(directory, ignore_errors=True)
        subprocess.run(["groupdel", group], capture_output=True)


def student(homes: Path, server: Server, shell: str) -> contextlib.AbstractContextManager[Account]:
    """A throwaway student account of the server's group, with ``shell`` as its login shell."""
    return Account.create(homes, shell=shell, groups=(server.group,))


def ssh_command(server: Server, account: Account) -> list[str]:
    return _client(server.client_key(), server.port, account.name)


def app_pid(account: Account) -> int | None:
    """The app (not its kernel) running as ``account``, if any: a login server's seat (its
    command line is the server's) before a login that runs the app itself."""
    running = account.processes()
    apps = [pid for pid, command in running.items() if " -m tui" in command and "tui.sandbox" not in command]
    seats = [pid for pid in apps if " -m tui serve " in running[pid]]
    return next(iter(seats or apps), None)


# -- a private sshd for the class benchmark ------------------------------------------------


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
        options = [] if seat is None else [f"SetEnv=NN_BENCH_SEAT={seat}"]
        return _client(self.directory / "id", self.port, self.user, *options)


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
    """Start a private sshd (host key, keys and config in a temp dir; nothing in /etc changes)
    that logs this account in with a key and runs ``force_command``.

    ``cpus``: pin it, and so every session it starts, to these CPUs."""
    if not (SSHD and SSH and KEYGEN):
        raise RuntimeError("needs OpenSSH (sshd, ssh, ssh-keygen): apt-get install openssh-server")
    with tempfile.TemporaryDirectory(prefix="nn-basics-sshd-") as folder:
        directory = Path(folder)
        _keys(directory, "host", "id")
        (directory / "authorized_keys").write_text((directory / "id.pub").read_text())
        port = _free_port()
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
        config = directory / "sshd_config"
        config.write_text("\n".join(lines) + "\n")
        log: list[str] = []
        with _running(config, log, cpus) as process:
            yield Sshd(port, directory, pwd.getpwuid(os.getuid()).pw_name, process, log)
