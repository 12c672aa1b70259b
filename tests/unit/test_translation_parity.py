"""The Chinese edition mirrors the English one: same files, ids, cells, exercises and widgets.

Prose, comments and strings are translated freely, so code is compared by its
syntax tree with every string literal blanked out (f-strings by the expressions
they format). A change to one edition's code without the other fails here.
"""

from __future__ import annotations

import ast

import pytest

import lessons
from lessons import Cell, Exercise, Lesson, WidgetBlock

ENGLISH = lessons.load("en")
CHINESE = {lesson.path.name: lesson for lesson in lessons.load("zh")}


class _BlankStrings(ast.NodeTransformer):
    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str):
            return ast.copy_location(ast.Constant("…"), node)
        return node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        formatted = sorted(
            ast.dump(self.visit(part.value)) for part in node.values if isinstance(part, ast.FormattedValue)
        )
        return ast.copy_location(ast.Constant("f:" + "|".join(formatted)), node)


def code_shape(code: str) -> str:
    """The code's syntax tree with strings blanked: equal iff the code does the same thing."""
    return ast.dump(_BlankStrings().visit(ast.parse(code)))


def runnable_blocks(lesson: Lesson) -> list[Cell | Exercise | WidgetBlock]:
    return [block for block in lesson.blocks if isinstance(block, Cell | Exercise | WidgetBlock)]


def describe(block: Cell | Exercise | WidgetBlock) -> tuple[str, str]:
    if isinstance(block, WidgetBlock):
        return ("widget", block.name)
    return (type(block).__name__.lower(), block.id)


def test_every_english_lesson_has_a_chinese_twin() -> None:
    assert sorted(CHINESE) == sorted(lesson.path.name for lesson in ENGLISH)


@pytest.mark.parametrize("english", ENGLISH, ids=lambda lesson: lesson.path.name)
def test_twin_has_the_same_blocks_and_code(english: Lesson) -> None:
    chinese = CHINESE.get(english.path.name)
    assert chinese is not None, f"lessons/zh/{english.path.name} is missing"
    assert chinese.ok, chinese.errors
    assert (chinese.number, chinese.id) == (english.number, english.id)
    assert chinese.title != english.title, "the title is not translated"
    en_blocks, zh_blocks = runnable_blocks(english), runnable_blocks(chinese)
    assert [describe(b) for b in zh_blocks] == [describe(b) for b in en_blocks]
    for en, zh in zip(en_blocks, zh_blocks, strict=True):
        where = f"{chinese.path}:{zh.line} ({describe(zh)[1]})"
        if isinstance(en, Cell):
            assert isinstance(zh, Cell)
            assert zh.timeout == en.timeout, where
            assert code_shape(zh.code) == code_shape(en.code), f"{where}: code differs from {en.line}"
        elif isinstance(en, Exercise):
            assert isinstance(zh, Exercise)
            assert zh.timeout == en.timeout, where
            assert len(zh.hints) == len(en.hints), f"{where}: hint count"
            for part in ("starter", "solution"):
                assert code_shape(getattr(zh, part)) == code_shape(getattr(en, part)), f"{where}: {part}"
            assert len(zh.checks) == len(en.checks), f"{where}: check count"
            for en_check, zh_check in zip(en.checks, zh.checks, strict=True):
                same = code_shape(zh_check.code) == code_shape(en_check.code)
                assert same, f"{where}: check on line {zh_check.line}"
            assert len(zh.mistakes) == len(en.mistakes), f"{where}: mistake count"
            for en_mistake, zh_mistake in zip(en.mistakes, zh.mistakes, strict=True):
                same = code_shape(zh_mistake.code) == code_shape(en_mistake.code)
                assert same, f"{where}: mistake on line {zh_mistake.line}"
        else:
            assert isinstance(zh, WidgetBlock)
            assert zh.options == en.options, where


def test_shape_comparison_sees_real_changes() -> None:
    assert code_shape('print("hello", x)') == code_shape('print("你好", x)')
    assert code_shape('print(f"J = {cost:.3f}")') == code_shape('print(f"代价 J = {cost:.4f}")')
    assert code_shape("x = a + b  # sum") == code_shape("x = a + b  # 求和")
    assert code_shape("x = a + b") != code_shape("x = a - b")
    assert code_shape('print(f"{a}")') != code_shape('print(f"{b}")')
