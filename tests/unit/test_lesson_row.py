"""A row of the lesson list: the title cut to fit with an ellipsis, the count at the right edge."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.console import Console

from tui.widgets.sidebar import LessonRow


def drawn(row: LessonRow, width: int) -> list[str]:
    console = Console(width=width, file=None, color_system=None)
    return ["".join(s.text for s in line) for line in console.render_lines(row, console.options)]


@pytest.mark.parametrize("width", [12, 19, 25, 40])
@pytest.mark.parametrize(
    "title", ["02 Logistic regression", "06 逻辑回归的梯度：一个样本", "13 Your own logistic regression"]
)
def test_a_row_fills_its_width_and_keeps_the_count(title: str, width: int) -> None:
    (line,) = drawn(LessonRow(title, "0/2"), width)
    assert cell_len(line) == width
    assert line.endswith(" 0/2")
    shown = line[: -len(" 0/2")].rstrip()
    assert title.startswith(shown) or (shown.endswith("…") and title.startswith(shown[:-1].rstrip()))


def test_a_title_that_fits_is_whole_and_no_status_leaves_no_gap() -> None:
    (line,) = drawn(LessonRow("01 Binary classification", ""), 30)
    assert line.rstrip() == "01 Binary classification" and cell_len(line) == 30
    (cut,) = drawn(LessonRow("01 Binary classification", "✓"), 12)
    assert cut == "01 Binary… ✓"
