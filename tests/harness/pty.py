"""The one pty driver of the tests and the benchmarks: a program in a pseudo-terminal,
with the screen pyte says it drew.

A pty probe's approach (ptyprocess runs the app, pyte keeps its screen), reshaped so one
select loop can drive many terminals at once, and with one change in how latency is
taken: a key's latency ends when the bytes that made the screen right *arrived*
(stamped at ``os.read``), not after feeding them to pyte or a settling pause, so
the driver's own parsing is not charged to the app.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import ptyprocess
import pyte

from tests.harness import ROOT

KEYS = {
    "enter": b"\r",
    "tab": b"\t",
    "escape": b"\x1b",
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "ctrl+r": b"\x12",
    "ctrl+q": b"\x11",
    "f7": b"\x1b[18~",
    "ctrl+g": b"\x07",
    "backspace": b"\x7f",
}
"""What a terminal (xterm) sends for the keys the benchmarks press."""

Condition = Callable[["Term"], bool]


class Term:
    """A program in a pty of ``cols`` x ``rows``, with the screen pyte says it drew.

    ``env`` is added to this process's environment (``inherit_env=False``: it is the
    whole environment, as for another account); ``preexec_fn`` runs in the child before
    the program (to become another account)."""

    def __init__(
        self,
        command: list[str],
        cols: int = 80,
        rows: int = 24,
        env: dict[str, str] | None = None,
        *,
        inherit_env: bool = True,
        cwd: str | None = None,
        preexec_fn: Callable[[], None] | None = None,
    ) -> None:
        base = dict(os.environ, TERM="xterm-256color", COLORTERM="", LANG="C.UTF-8") if inherit_env else {}
        base.pop("NO_COLOR", None)  # the test's own setting is not the learner's
        self.screen = pyte.Screen(cols, rows)
        self._stream = pyte.ByteStream(self.screen)
        self.started = time.perf_counter()
        self.process = ptyprocess.PtyProcess.spawn(
            command, dimensions=(rows, cols), env={**base, **(env or {})}, cwd=cwd, preexec_fn=preexec_fn
        )
        self.fd = self.process.fd
        self._columns = range(cols)
        self.bytes = 0
        self.output = bytearray()
        """Every byte the program wrote (tests look for escape sequences in it)."""
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
        self.output += data
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

    def drain(self, seconds: float) -> int:
        """Read everything that arrives within ``seconds``; how many bytes came."""
        before = self.bytes
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0 and not self.closed:
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready or not self.read():
                break
        return self.bytes - before

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

    def expect(
        self, wanted: str | Callable[[str], bool], what: str = "", limit: float = 20.0, finish: float = 0.3
    ) -> None:
        """Wait until the screen shows ``wanted`` (a regex, or a test of the screen's text),
        then read the rest of that frame for ``finish`` seconds; fail with the screen if it
        never does."""
        condition = shows(wanted) if isinstance(wanted, str) else _on_text(wanted)
        if self.wait_for(condition, limit) is None:
            raise AssertionError(f"never saw {what or repr(wanted)}; the screen was:\n{self.text}")
        self.drain(finish)

    def quiet_after(self, wanted: str, seconds: float) -> int:
        """Wait for ``wanted`` and the rest of its frames, then count the bytes of the next ``seconds``.

        The frames have ended at the first pause of 0.25 s (a busy machine can stretch one
        switch over several writes)."""
        self.expect(wanted, finish=0)
        deadline = time.monotonic() + 3.0
        while self.drain(0.25) and time.monotonic() < deadline:
            pass
        return self.drain(seconds)

    def wait_exit(self, limit: float) -> bool:
        """Read until the program closes the terminal; False if it is still there after ``limit`` s."""
        deadline = time.perf_counter() + limit
        while time.perf_counter() < deadline:
            if not self.pump(0.05):
                return True
        return False

    def exit_status(self, limit: float = 30.0) -> int | None:
        """The program's exit status once it has ended (None if it is still running after ``limit`` s)."""
        deadline = time.monotonic() + limit
        while self.process.isalive() and time.monotonic() < deadline:
            self.pump(0.05)
        if self.process.isalive():
            return None
        self.drain(
            0.5
        )  # what was written just before the end (a login server's seat may outlive its login by a moment)
        return self.process.exitstatus

    def settle(self, quiet: float = 0.3, limit: float = 10.0) -> None:
        """Read until nothing arrives for ``quiet`` seconds."""
        start = last = time.perf_counter()
        while time.perf_counter() - start < limit and time.perf_counter() - last < quiet:
            before = self.bytes
            if not self.pump(0.02):
                return
            if self.bytes != before:
                last = time.perf_counter()

    def press(self, key: str | bytes) -> float:
        """Send ``key`` (a name in KEYS, literal text or raw bytes); the time it was written."""
        self.process.write(key if isinstance(key, bytes) else KEYS.get(key, key.encode()))
        return time.perf_counter()

    def paste(self, text: str) -> None:
        """What a terminal sends for a paste (bracketed paste)."""
        self.press(b"\x1b[200~" + text.encode() + b"\x1b[201~")

    def click(self, column: int, row: int) -> None:
        """A left click at 0-based ``column``, ``row``, as an xterm sends it (SGR mouse mode)."""
        x, y = column + 1, row + 1
        self.press(f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m")

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


def app_with_lesson(folder: str, lesson: str, *args: str) -> Term:
    """The app on one lesson file (``lesson``'s text) written under ``folder``, saving there too."""
    lesson_dir = Path(folder, "lessons")
    lesson_dir.mkdir()
    (lesson_dir / "01-lesson.md").write_text(lesson, encoding="utf-8")
    data = {"NN_BASICS_DATA_DIR": str(Path(folder, "data"))}
    return app("--lessons", str(lesson_dir), "--lesson", "1", *args, env=data)


def app(
    *args: str, mouse: bool = False, env: dict[str, str] | None = None, python: str = sys.executable
) -> Term:
    """``python -m tui ARGS`` in an 80x24 pty, as a learner starts it (``--no-mouse`` unless ``mouse``)."""
    flags = [] if mouse else ["--no-mouse"]
    return Term([python, "-m", "tui", *flags, *args], env=env)


# -- conditions ------------------------------------------------------------------------


def _on_text(test: Callable[[str], bool]) -> Condition:
    return lambda term: test(term.text)


def shows(pattern: str) -> Condition:
    """The screen matches ``pattern`` (a regex, across lines)."""
    rx = re.compile(pattern, re.S)
    return lambda term: rx.search(term.text) is not None


def row_is(pattern: str) -> Condition:
    """Some row, minus borders and padding, is exactly ``pattern`` (a regex)."""
    rx = re.compile(r"^[\s▎▍▌│|]*" + pattern + r"\s*[▎▍▌│|▇▅▃▁▄]?\s*$")
    return lambda term: any(rx.match(row) for row in term.rows)


def in_editor(term: Term) -> bool:
    """The key bar (last row) starts with EDIT: a cell's editor has the focus.

    A cell shows its code before anyone enters it, so the code on screen alone does
    not say that Tab reached the editor."""
    return term.rows[-1].lstrip().startswith("EDIT")


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
