"""Helpers for app tests driven by Textual's Pilot at the size a learner's terminal has."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.app import App
from textual.pilot import Pilot

from tui.widgets.code_cell import FINISHED_STATES, CodeCell

SIZE = (80, 24)
"""The smallest terminal the course is written for."""


async def wait_for(pilot: Pilot, condition: Callable[[], object], timeout: float = 15.0) -> None:
    """Let the app work until ``condition()`` holds (kernel runs take real time)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.05)


async def wait_for_cell(pilot: Pilot, cell: CodeCell, timeout: float = 15.0) -> str:
    """Wait until ``cell`` has finished running; its final state."""
    await wait_for(pilot, lambda: cell.state in FINISHED_STATES, timeout)
    return cell.state


def cell_by_id(app: App, cell_id: str) -> CodeCell:
    return next(cell for cell in app.query(CodeCell) if cell.block.id == cell_id)


async def run_code(pilot: Pilot, cell: CodeCell, code: str, timeout: float = 20.0) -> str:
    """Type ``code`` into ``cell`` as its whole text, run it with Ctrl+R, wait for the end."""
    cell.replace_code(code)
    cell.editor.focus()
    await pilot.press("ctrl+r")
    return await wait_for_cell(pilot, cell, timeout=timeout)


async def still_works(pilot: Pilot, app: App) -> None:
    """The acid test after every fault: a fresh run in the same lesson prints."""
    cell = cell_by_id(app, "use")
    assert await run_code(pilot, cell, "print('still', 6 * 7)") == "ok"
    assert cell.output_text == "still 42"
