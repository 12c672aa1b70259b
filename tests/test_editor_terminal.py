"""Editing and moving around in a real 80x24 pty: mouse clicks, bytes on the wire, what is shown."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator

import ptyprocess
import pyte
import pytest
from test_terminal import Terminal


class MouseTerminal(Terminal):
    """The app in an 80x24 pty with the mouse on (as a learner on a desktop terminal has it)."""

    def __init__(self, *args: str, mouse: bool = True, env: dict[str, str] | None = None) -> None:
        environment = {**os.environ, "TERM": "xterm-256color", "LANG": "C.UTF-8", **(env or {})}
        environment.pop("NO_COLOR", None)
        flags = [] if mouse else ["--no-mouse"]
        self.process = ptyprocess.PtyProcess.spawn(
            [sys.executable, "-m", "tui", *flags, *args], dimensions=(24, 80), env=environment
        )
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.output = bytearray()

    def click(self, column: int, row: int) -> None:
        """A left click at 0-based ``column``, ``row``, as an xterm sends it (SGR mouse mode)."""
        x, y = column + 1, row + 1
        self.press(f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m")

    def quiet_after(self, pattern: str, seconds: float) -> int:
        """Wait for ``pattern`` and the rest of its frames, then count the bytes of the next ``seconds``.

        The frames have ended at the first pause of 0.25 s (a busy machine can stretch one
        switch over several writes); what the background build after a switch used to
        send came later, 0.4 s after the switch plus the build.
        """
        self.wait_for(pattern)
        deadline = time.monotonic() + 3.0
        while self.read(0.25) and time.monotonic() < deadline:
            pass
        return self.read(seconds)


@pytest.fixture
def term() -> Iterator[type[MouseTerminal]]:
    opened: list[MouseTerminal] = []

    def start(*args: str, mouse: bool = True, env: dict[str, str] | None = None) -> MouseTerminal:
        opened.append(MouseTerminal(*args, mouse=mouse, env=env))
        return opened[-1]

    yield start  # type: ignore[misc]
    for terminal in opened:
        terminal.close()


def test_clicking_a_key_in_the_key_bar_does_what_the_key_does(term) -> None:
    app = term("--lesson", "1")
    app.wait_for("kernel ready")
    bottom = app.screen.display[-1]
    column = bottom.find("f1 Help")
    assert column >= 0, bottom
    app.click(column + 1, 23)
    app.wait_for(r"Keys\s")  # the help screen
    app.read(1.5)
    assert app.process.isalive(), "clicking the key bar ended the app:\n" + app.text()
    assert "F6                Shapes" in app.text()


def test_nothing_is_sent_once_a_lesson_switch_has_settled(term) -> None:
    """The neighbours built in the background after a switch are hidden: they cost no bytes."""
    app = term("--lesson", "1", mouse=False)
    app.wait_for("kernel ready")
    app.read(1.0)
    for number, title in ((2, "Logistic regression"), (3, "Cost function")):
        app.press("n")
        sent = app.quiet_after(rf"0{number} · {title}", 2.0)
        assert sent == 0, f"{sent} bytes after switching to lesson {number} had settled"
