"""The part of a lesson not built yet, as a blank of about its height.

A lesson is built as far as it is read (``LessonView``). Without a stand-in for the
rest, the scrollbar would tell the learner the lesson is as long as what is built so
far, and grow as they read. The estimate need not be exact: the blocks replace it a
few at a time, and it goes when the last one is built.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from textual.widget import Widget

from lessons import Block, Cell, Exercise, Prose

CELL_CHROME = 4
"""Rows a code cell adds to its code: its header, borders and the gap below it."""

EXERCISE_CHROME = 8
"""Rows an exercise adds to its prompt and code: title, buttons, borders, gap."""

WIDGET_ROWS = 14
"""Rows of a lesson widget (they are about this tall at 80x24)."""


def text_rows(text: str, width: int) -> int:
    """Rows ``text`` takes wrapped at ``width`` columns (words are not split across rows)."""
    return sum(max(1, -(-cell_len(line) // width)) for line in text.splitlines() or [""])


def estimated_rows(blocks: Iterable[Block], width: int) -> int:
    """About how many rows ``blocks`` take in a lesson ``width`` columns wide."""
    width = max(width, 20)
    rows = 0
    for block in blocks:
        if isinstance(block, Prose):
            rows += text_rows(block.text, width) + 1
        elif isinstance(block, Cell):
            rows += block.code.count("\n") + 1 + CELL_CHROME
        elif isinstance(block, Exercise):
            rows += text_rows(block.prompt, width) + block.starter.count("\n") + 1 + EXERCISE_CHROME
        else:
            rows += WIDGET_ROWS
    return rows


class LessonRest(Widget):
    """Blank, ``rows`` high: the lesson below what is built."""

    def show_rows(self, rows: int) -> None:
        self.styles.height = max(rows, 1)
