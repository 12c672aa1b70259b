"""The app in a real pseudo-terminal, as an SSH user sees it: bytes, colours, glyphs, signals."""

from __future__ import annotations

import json
import os
import re
import select
import shlex
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import ptyprocess
import pyte
import pytest
from processes import alive, descendants

from tui.terminal import drawable_on_console

COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]")
"""An SGR sequence that sets a foreground or background colour (39/49, "default", do not count)."""


class Terminal:
    """The app in an 80x24 pty, with a pyte screen to read what it shows."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        environment = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", **(env or {})}
        environment.pop("NO_COLOR", None) if "NO_COLOR" not in (env or {}) else None
        self.process = ptyprocess.PtyProcess.spawn(
            [sys.executable, "-m", "tui", "--no-mouse", *args], dimensions=(24, 80), env=environment
        )
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.output = bytearray()

    def read(self, seconds: float) -> int:
        """Read for ``seconds``; returns how many bytes arrived."""
        received = 0
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.process.fd], [], [], left)
            if not ready:
                break
            try:
                data = os.read(self.process.fd, 65536)
            except OSError:
                break
            if not data:
                break
            received += len(data)
            self.output += data
            self.stream.feed(data)
        return received

    def wait_for(self, pattern: str, seconds: float = 20.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.read(0.1)
            if re.search(pattern, self.text()):
                self.read(0.3)  # let the frame finish
                return
        raise AssertionError(f"never saw {pattern!r}; the screen was:\n{self.text()}")

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def press(self, keys: str) -> None:
        self.process.write(keys.encode())

    def close(self) -> None:
        if self.process.isalive():
            self.process.kill(signal.SIGKILL)
        self.process.close(force=True)


@pytest.fixture
def terminal() -> Iterator[type[Terminal]]:
    opened: list[Terminal] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Terminal:
        opened.append(Terminal(*args, env=env))
        return opened[-1]

    yield start  # type: ignore[misc]
    for term in opened:
        term.close()


def test_first_screen_then_silence_when_idle(terminal) -> None:
    term = terminal("--lesson", "11")
    term.wait_for("kernel ready")
    assert "11 · Broadcasting" in term.text()
    term.read(1.0)  # let the start-up settle
    assert term.read(2.0) == 0, "the app wrote to the terminal while idle"


def test_no_color_means_no_colour_codes(terminal) -> None:
    term = terminal("--lesson", "2", env={"NO_COLOR": "1"})
    term.wait_for("kernel ready")
    term.press("\t\x12")  # Tab into the first cell, Ctrl+R to run it (plots, output)
    term.wait_for("done in")
    assert not COLOUR.search(term.output.decode("utf-8", "replace"))


def test_linux_console_gets_only_glyphs_it_can_draw(terminal) -> None:
    term = terminal("--lesson", "2", env={"TERM": "linux"})
    term.wait_for("kernel ready")
    term.press("\t\x12")
    term.wait_for("done in")
    shown = term.output.decode("utf-8")
    undrawable = {c for c in shown if not drawable_on_console(c)}
    assert undrawable == set()
    assert "+" in term.text() or "|" in term.text()  # ASCII borders and plot frames


def test_linux_console_and_chinese_falls_back_to_english(terminal) -> None:
    term = terminal("--lang", "zh", env={"TERM": "linux"})
    term.wait_for("kernel ready")
    assert "01 Binary classifica" in term.text()


def test_hangup_leaves_no_kernel_behind(terminal) -> None:
    term = terminal("--lesson", "1")
    term.wait_for("kernel ready")
    children = set(descendants(term.process.pid))
    assert children, "the kernel process should be running"
    os.kill(term.process.pid, signal.SIGHUP)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in children | {term.process.pid}):
        term.read(0.1)
    assert not [pid for pid in children if alive(pid)]


def test_linux_console_does_not_offer_chinese(terminal) -> None:
    term = terminal("--lesson", "1", env={"TERM": "linux"})
    term.wait_for("kernel ready")
    assert "F2" not in term.text().upper().split("\n")[-1].replace("^", "")
    term.press("\x1bOP")  # F1: the help screen
    term.wait_for("Keys")
    assert "Ctrl+G" in term.text() and "F2 " not in term.text()


def test_sigterm_saves_typing_and_restores_the_terminal(tmp_path, lesson_dir) -> None:
    """``kill`` (or a shutdown) sends SIGTERM: like a hang-up, the app saves what was just
    typed, stops its kernel and gives the terminal back as it found it."""
    data = tmp_path / "data"
    app = (
        f"{shlex.quote(sys.executable)} -m tui --no-mouse --lessons {shlex.quote(str(lesson_dir))} --lesson 1"
    )
    script = f"stty sane; {app}; echo EXIT=$?; stty -a; sleep 1"
    environment = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", "NN_BASICS_DATA_DIR": str(data)}
    shell = ptyprocess.PtyProcess.spawn(["sh", "-c", script], dimensions=(24, 80), env=environment)
    term = Terminal.__new__(Terminal)
    term.process, term.screen = shell, pyte.Screen(80, 24)
    term.stream, term.output = pyte.ByteStream(term.screen), bytearray()
    try:
        term.wait_for("kernel ready")
        term.press("\t")  # into the first cell
        term.read(0.5)
        term.press("# typed just before\r")  # a new first line
        term.wait_for("# typed just before")
        running = descendants(shell.pid)
        apps = [p for p in running if b"\0-m\0tui\0" in Path(f"/proc/{p}/cmdline").read_bytes()]
        (pid,) = apps
        kernels = [p for p in descendants(pid) if alive(p)]
        os.kill(pid, signal.SIGTERM)  # well before the 1.5 s save delay is over
        deadline = time.monotonic() + 15
        while b"EXIT=" not in term.output or b"icanon" not in term.output:
            assert time.monotonic() < deadline, term.output[-500:]
            term.read(0.1)
        after = term.output.split(b"EXIT=", 1)
        assert after[1].startswith(b"143")
        assert b"\x1b[?1049l" in after[0]  # left the alternate screen
        settings = after[1].decode().split()
        assert "icanon" in settings and "echo" in settings  # not raw mode
        assert "-icanon" not in settings and "-echo" not in settings
        assert not [p for p in kernels if alive(p)]
        saved = json.loads((data / "progress.json").read_text())
        assert "# typed just before" in saved["code"]["first"]["make"]
    finally:
        if shell.isalive():
            shell.kill(signal.SIGKILL)
        shell.close(force=True)
