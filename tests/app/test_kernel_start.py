"""When the kernel process starts, and how far its CPU use gives way to the learners' apps."""

from __future__ import annotations

import os

import pytest

from tui.kernel import Kernel
from tui.kernel_settings import DEFAULT_KERNEL_NICE, DEFAULT_KERNEL_START, kernel_nice, kernel_start
from tui.runs import RunQueue
from tui.widgets.header import AppHeader

SIZE = (80, 24)


def test_settings_from_the_environment() -> None:
    assert kernel_start({}) == DEFAULT_KERNEL_START
    assert kernel_start({"NN_BASICS_KERNEL_START": " Lesson "}) == "lesson"
    assert kernel_start({"NN_BASICS_KERNEL_START": "tomorrow"}) == DEFAULT_KERNEL_START
    assert kernel_nice({}) == DEFAULT_KERNEL_NICE
    assert kernel_nice({"NN_BASICS_KERNEL_NICE": "7"}) == 7
    for bad in ("-5", "20", "ten", "", "1e3"):
        assert kernel_nice({"NN_BASICS_KERNEL_NICE": bad}) == DEFAULT_KERNEL_NICE, bad


async def test_a_niced_kernel_runs_cells_its_threads_and_its_judge_niced() -> None:
    base = os.getpriority(os.PRIO_PROCESS, 0)
    async with Kernel(timeout=5.0, nice=7) as kernel:
        code = (
            "import os, threading\n"
            "seen = []\n"
            "t = threading.Thread(target=lambda: seen.append(os.nice(0)))\n"
            "t.start(); t.join()\n"
            "print(os.nice(0), seen[0])"
        )
        result = await kernel.run(code)
        assert result.status == "ok", result.error
        assert result.stdout.split() == [str(base + 7)] * 2
        assert os.getpriority(os.PRIO_PROCESS, 0) == base  # the app itself is untouched
        if os.geteuid() != 0:  # an ordinary account cannot undo it (root could)
            assert (await kernel.run("os.nice(-7)")).status == "error"
        queue = RunQueue(kernel, lambda event: None)
        try:
            assert queue.judge.nice == 7
        finally:
            await queue.close()


@pytest.mark.parametrize(
    ("when", "before_lesson", "after_lesson"),
    [("paint", True, True), ("lesson", False, True), ("need", False, False)],
)
async def test_when_the_kernel_starts(
    make_app, monkeypatch, when: str, before_lesson: bool, after_lesson: bool
) -> None:
    monkeypatch.setenv("NN_BASICS_KERNEL_START", when)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.5)
        started = app._wiring is not None and app.kernel.state != "stopped"
        assert started is before_lesson
        if not started:  # the header says so, rather than "starting"
            assert str(app.query_one(AppHeader).render()).rstrip().endswith("kernel not started")
        await pilot.press("enter")
        await pilot.pause(0.5)
        started = app._wiring is not None and app.kernel.state != "stopped"
        assert started is after_lesson
        await pilot.press("tab", "ctrl+r")  # the first run starts it in any case
        for _ in range(300):
            if app.kernel.state == "ready" and app.kernel.generation == 1:
                break
            await pilot.pause(0.05)
        assert app.kernel.generation == 1
