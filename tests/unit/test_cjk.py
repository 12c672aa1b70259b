"""Chinese text wraps between characters, never starting a line with closing punctuation."""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from tui.cjk import CLOSING
from tui.framework import allow_breaks_between_cjk

SENTENCE = "逻辑回归是一个用于二分类的算法，输入一张图片，输出它是不是猫。向量化让代码快得多。"


def wrapped(text: str, width: int) -> list[str]:
    allow_breaks_between_cjk()
    lines = Text(text).wrap(Console(width=width), width)
    return [line.plain for line in lines]


def test_chinese_fills_lines_and_keeps_punctuation_attached() -> None:
    lines = wrapped("前面有一个空格 " + SENTENCE, 20)
    assert all(cell_len(line.rstrip()) <= 20 for line in lines)
    assert all(line[0] not in CLOSING for line in lines)
    # no ragged break: every line but the last is nearly full (at most one cell short)
    assert all(cell_len(line.rstrip()) >= 18 for line in lines[:-1]), lines
    assert "".join(lines).replace(" ", "") == "前面有一个空格" + SENTENCE


def test_opening_bracket_stays_with_what_follows() -> None:
    lines = wrapped("这里的数叫作偏置（bias），它是一个数。", 14)
    assert all(not line.rstrip().endswith("（") for line in lines), lines
    assert all(line[0] not in CLOSING for line in lines)


def test_english_still_breaks_at_spaces_only() -> None:
    lines = wrapped("vectorisation makes logistic regression fast", 16)
    assert lines == ["vectorisation ", "makes logistic ", "regression fast"]


def test_mixed_text_keeps_words_whole() -> None:
    lines = wrapped("用 np.dot 计算 wᵀx + b，再用 sigmoid 得到概率", 12)
    joined = " ".join(lines)
    assert "np.dot" in joined and "sigmoid" in joined
    assert all(cell_len(line.rstrip()) <= 12 for line in lines)


def test_plot_with_a_chinese_legend_keeps_its_frame() -> None:
    from tui.figure_render import render_figure
    from tui.figures import Figure, Series
    from tui.widgets.plot import fit_wide_characters

    figure = Figure(title="代价", series=[Series([0, 1, 2], [3.0, 2.0, 1.5], label="学习率 α = 0.5")])
    canvas = Text.from_ansi(render_figure(figure, 50, 12))
    assert max(line.cell_len for line in canvas.split("\n")) > 50  # plotext's miscount
    fitted = fit_wide_characters(canvas, 50)
    lines = fitted.split("\n")
    assert max(line.cell_len for line in lines) <= 50
    assert "学习率 α = 0.5" in fitted.plain
    assert len(lines) == len(canvas.split("\n"))
