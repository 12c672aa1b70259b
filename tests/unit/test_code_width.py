"""Lesson code fits the lesson pane: every line of a cell, a starter or a solution
is at most 56 terminal columns wide (Chinese characters count two), so nothing
is cut or wrapped at 80x24 (docs/lesson-format.md, "Writing for an 80x24 terminal")."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

import lessons
from lessons import Cell, Exercise

WIDTH = 56
COURSE = [lesson for lang in lessons.LANGUAGES for lesson in lessons.load(lang)]


@pytest.mark.parametrize("lesson", COURSE, ids=lambda lesson: f"{lesson.path.parent.name}/{lesson.path.name}")
def test_code_lines_fit_the_pane(lesson: lessons.Lesson) -> None:
    wide = []
    for block in lesson.blocks:
        if isinstance(block, Cell):
            parts = [(f"cell {block.id}", block.code)]
        elif isinstance(block, Exercise):
            parts = [(f"{block.id} starter", block.starter), (f"{block.id} solution", block.solution)]
        else:
            continue
        for where, code in parts:
            lines = [line for line in code.split("\n") if cell_len(line) > WIDTH]
            wide += [f"{where}: {cell_len(line)} columns: {line}" for line in lines]
    assert not wide, f"{lesson.path}:\n" + "\n".join(wide)
