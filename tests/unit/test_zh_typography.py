"""The Chinese edition keeps one typographic style: a space between Chinese and Latin text.

Prose, titles, prompts and hints are checked (code is not: its strings are
printed output, and check messages are checked separately below). Latin text
means letters, digits and inline code; full-width punctuation needs no space.
"""

from __future__ import annotations

import ast
import re

import pytest

import lessons
from lessons import Exercise, Prose

HAN = "\u3400-\u4dbf\u4e00-\u9fff"
LATIN = "A-Za-z0-9`"
TOUCHING = re.compile(rf"[{HAN}][{LATIN}]|[{LATIN}][{HAN}]")
FENCED = re.compile(r"^(`{3,}).*?^\1\s*$", re.S | re.M)
HALF_WIDTH = re.compile(rf"[{HAN}][,;:?!]|[,;:?!]\s*[{HAN}]")
TUPLE = re.compile(r"\([^()]*\)")
"""A shape written as a tuple, such as (高, 宽, 通道数), keeps Python's commas."""

CHINESE = lessons.load("zh")


def texts(lesson: lessons.Lesson) -> list[tuple[int, str]]:
    """(line, text) of everything in the lesson a reader sees as prose."""
    found = [(lesson.id_line, lesson.title)]
    for block in lesson.blocks:
        if isinstance(block, Prose):
            found.append((block.line, FENCED.sub("", block.text)))
        elif isinstance(block, Exercise):
            found += [(block.line, block.title), (block.line, block.prompt)]
            found += [(block.line, hint) for hint in block.hints]
    return found


def around(text: str, match: re.Match[str]) -> str:
    return "…" + text[max(match.start() - 8, 0) : match.end() + 8] + "…"


def untouched(text: str) -> str:
    """The text with inline code replaced by a Latin placeholder."""
    return re.sub(r"`[^`\n]*`", "`c`", text)


@pytest.mark.parametrize("lesson", CHINESE, ids=lambda lesson: lesson.path.name)
def test_chinese_and_latin_text_are_spaced(lesson: lessons.Lesson) -> None:
    problems = []
    for line, text in texts(lesson):
        plain = untouched(text)
        problems += [f"{lesson.path.name}:{line}: {around(plain, m)}" for m in TOUCHING.finditer(plain)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lesson", CHINESE, ids=lambda lesson: lesson.path.name)
def test_chinese_prose_uses_full_width_punctuation(lesson: lessons.Lesson) -> None:
    problems = []
    for line, text in texts(lesson):
        plain = TUPLE.sub("()", untouched(text))
        problems += [f"{lesson.path.name}:{line}: {around(plain, m)}" for m in HALF_WIDTH.finditer(plain)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lesson", CHINESE, ids=lambda lesson: lesson.path.name)
def test_chinese_check_messages_use_full_width_punctuation(lesson: lessons.Lesson) -> None:
    """What a failing check says (its description and the strings in its code) follows the prose's style."""
    problems = []
    for block in lesson.blocks:
        if not isinstance(block, Exercise):
            continue
        for check in block.checks:
            texts = [check.description]
            texts += [
                node.value
                for node in ast.walk(ast.parse(check.code))
                if isinstance(node, ast.Constant) and isinstance(node.value, str)
            ]
            for text in texts:
                plain = TUPLE.sub("()", text)
                found = [*HALF_WIDTH.finditer(plain), *TOUCHING.finditer(plain)]
                problems += [f"{block.id}:{check.line}: {around(plain, m)}" for m in found]
    assert not problems, "\n".join(problems)
