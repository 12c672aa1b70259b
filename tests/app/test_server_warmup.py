"""The login server draws the first screens once before it forks any seat, so a seat's
first screen parses no CSS; and that drawing leaves nothing behind in the server."""

from __future__ import annotations

import asyncio
import os
import signal
import threading

import lessons
from tests.harness.css import count_css_parses
from tests.harness.pilot import SIZE
from tui import framework
from tui.kernel_settings import KERNEL_START
from tui.progress import Progress
from tui.server import daemon


async def parses_for_a_first_screen_and_a_lesson(monkeypatch) -> int:
    from tui.app import TutorialApp

    with monkeypatch.context() as patched:
        patched.setenv(KERNEL_START, "need")  # as in the warm-up: what a kernel shows comes later
        calls = count_css_parses(patched)
        app = TutorialApp(lessons.load("en"), progress=Progress(None))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            await app.open_lesson(0)
            await pilot.pause()
    return len(calls)


def test_a_seat_parses_no_css_after_the_servers_warm_up(monkeypatch) -> None:
    """Run in the main thread with no event loop, as the server runs it (its signal handlers)."""
    monkeypatch.setattr(framework, "PARSED_CSS", {})
    assert asyncio.run(parses_for_a_first_screen_and_a_lesson(monkeypatch)) > 0  # the count works
    monkeypatch.setattr(framework, "PARSED_CSS", {})
    monkeypatch.delenv(KERNEL_START, raising=False)
    signals = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT)
    handlers = [signal.getsignal(number) for number in signals]
    threads = threading.active_count()
    daemon.warm_screens(lessons.load("en"))
    assert threading.active_count() == threads, "the warm-up left a thread running"
    assert [signal.getsignal(number) for number in signals] == handlers
    assert KERNEL_START not in os.environ
    assert asyncio.run(parses_for_a_first_screen_and_a_lesson(monkeypatch)) == 0


def test_a_failing_warm_up_leaves_the_server_serving(monkeypatch, capsys) -> None:
    """Drawing ahead is an optimisation: if it fails the server says so and goes on."""
    from tui.app import TutorialApp

    async def broken(self, index: int, *, focus: bool = True) -> None:
        raise RuntimeError("a lesson that cannot open")

    monkeypatch.setattr(TutorialApp, "open_lesson", broken)
    monkeypatch.setenv(KERNEL_START, "paint")
    daemon.warm_screens(lessons.load("en"))
    assert "drawing the first screens ahead failed" in capsys.readouterr().err
    assert os.environ[KERNEL_START] == "paint"
