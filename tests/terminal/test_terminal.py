"""The app in a real pseudo-terminal, as an SSH user sees it: bytes, colours, glyphs, signals."""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import sys
import time
from pathlib import Path

from tests.harness import pty
from tests.harness.processes import alive, descendants
from tui.terminal import drawable_on_console

COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]")
"""An SGR sequence that sets a foreground or background colour (39/49, "default", do not count)."""


def test_first_screen_then_silence_when_idle(terminal) -> None:
    term = terminal("--lesson", "11")
    term.expect("kernel ready")
    assert "11 · Broadcasting" in term.text
    term.drain(1.0)  # let the start-up settle
    assert term.drain(2.0) == 0, "the app wrote to the terminal while idle"


def test_no_color_means_no_colour_codes(terminal) -> None:
    term = terminal("--lesson", "2", env={"NO_COLOR": "1"})
    term.expect("kernel ready")
    term.press("\t\x12")  # Tab into the first cell, Ctrl+R to run it (plots, output)
    term.expect("done in")
    assert not COLOUR.search(term.output.decode("utf-8", "replace"))


def test_linux_console_gets_only_glyphs_it_can_draw(terminal) -> None:
    term = terminal("--lesson", "2", env={"TERM": "linux"})
    term.expect("kernel ready")
    term.press("\t\x12")
    term.expect("done in")
    shown = term.output.decode("utf-8")
    undrawable = {c for c in shown if not drawable_on_console(c)}
    assert undrawable == set()
    assert "+" in term.text or "|" in term.text  # ASCII borders and plot frames


def test_linux_console_and_chinese_falls_back_to_english(terminal) -> None:
    term = terminal("--lang", "zh", env={"TERM": "linux"})
    term.expect("kernel ready")
    assert "01 Binary classifica" in term.text


def test_hangup_leaves_no_kernel_behind(terminal) -> None:
    term = terminal("--lesson", "1")
    term.expect("kernel ready")
    children = set(descendants(term.process.pid))
    assert children, "the kernel process should be running"
    os.kill(term.process.pid, signal.SIGHUP)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(alive(pid) for pid in children | {term.process.pid}):
        term.drain(0.1)
    assert not [pid for pid in children if alive(pid)]


def test_linux_console_does_not_offer_chinese(terminal) -> None:
    term = terminal("--lesson", "1", env={"TERM": "linux"})
    term.expect("kernel ready")
    assert "F2" not in term.text.upper().split("\n")[-1].replace("^", "")
    term.press("\x1bOP")  # F1: the help screen
    term.expect("Keys")
    assert "Ctrl+G" in term.text and "F2 " not in term.text


def test_sigterm_saves_typing_and_restores_the_terminal(tmp_path, lesson_dir) -> None:
    """``kill`` (or a shutdown) sends SIGTERM: like a hang-up, the app saves what was just
    typed, stops its kernel and gives the terminal back as it found it."""
    data = tmp_path / "data"
    app = (
        f"{shlex.quote(sys.executable)} -m tui --no-mouse --lessons {shlex.quote(str(lesson_dir))} --lesson 1"
    )
    script = f"stty sane; {app}; echo EXIT=$?; stty -a; sleep 1"
    term = pty.Term(["sh", "-c", script], env={"NN_BASICS_DATA_DIR": str(data)})
    shell = term.process
    try:
        term.expect("kernel ready")
        term.press("\t")  # into the first cell
        term.drain(0.5)
        term.press("# typed just before\r")  # a new first line
        term.expect("# typed just before")
        running = descendants(shell.pid)
        apps = [p for p in running if b"\0-m\0tui\0" in Path(f"/proc/{p}/cmdline").read_bytes()]
        (pid,) = apps
        kernels = [p for p in descendants(pid) if alive(p)]
        os.kill(pid, signal.SIGTERM)  # well before the 1.5 s save delay is over
        deadline = time.monotonic() + 15
        while b"EXIT=" not in term.output or b"icanon" not in term.output:
            assert time.monotonic() < deadline, term.output[-500:]
            term.drain(0.1)
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
        term.close()
