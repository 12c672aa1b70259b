"""The login server (``python -m tui serve SOCKET``) for tests and benchmarks: started,
waited for until it listens, and stopped with everything it forked."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.harness import ROOT
from tests.harness.processes import children, tree


@dataclass(frozen=True)
class LoginServer:
    socket: Path
    process: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid

    def seats(self) -> set[int]:
        """The seats it forked (their kernels not included)."""
        return children(self.pid)


@contextlib.contextmanager
def login_server(
    python: str = sys.executable,
    *,
    folder: Path | None = None,
    cpus: set[int] | None = None,
    preexec_fn: object = None,
    isolated: bool = False,
    seats_per_account: int | None = None,
) -> Iterator[LoginServer]:
    """A login server with its socket in ``folder`` (a new temp dir by default).

    ``isolated``: ``python -I`` as the README runs it (the installed app); otherwise this
    checkout, from its root."""
    with contextlib.ExitStack() as stack:
        if folder is None:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nnb-server-")))
            folder.chmod(0o755)
        path = folder / "server.sock"
        command = [python, *(["-I"] if isolated else []), "-m", "tui", "serve", str(path)]
        if seats_per_account is not None:
            command += ["--seats-per-account", str(seats_per_account)]

        def prepare() -> None:
            if cpus is not None:
                os.sched_setaffinity(0, cpus)
            if callable(preexec_fn):
                preexec_fn()

        process = subprocess.Popen(
            command,
            cwd=None if isolated else ROOT,
            stdin=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=prepare,
        )
        try:
            deadline = time.monotonic() + 60
            while not path.exists():
                if process.poll() is not None or time.monotonic() > deadline:
                    error = process.stderr.read().decode(errors="replace") if process.stderr else ""
                    raise AssertionError(f"the login server did not start: {error[-2000:]}")
                time.sleep(0.05)
            yield LoginServer(path, process)
        finally:
            for pid in tree(process.pid):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            process.wait()
            if process.stderr is not None:
                process.stderr.close()
