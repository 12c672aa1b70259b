"""Lesson 12's rank-1 inspector: the same five numbers as (5,), (5, 1) and (1, 5).

For each shape the kernel computes a.T, np.dot both ways and a + a.T, so the
learner sees that a rank-1 array is neither a row nor a column: `.T` leaves it
alone and np.dot gives one number, where a real column or row gives a 5x5
outer product (and `+` quietly broadcasts to a matrix).
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.i18n import t
from tui.widgets.lesson_widgets.base import LessonWidget, Reply, TextPanel, shape_text

SHAPES: tuple[tuple[int, ...], ...] = ((5,), (5, 1), (1, 5))
"""The three arrays to compare, chosen with 1, 2, 3."""

EXPLAIN_KEYS = ("rank1.explain_rank1", "rank1.explain_column", "rank1.explain_row")

LABEL_WIDTH = 16
SHAPE_WIDTH = 8


def numbers(value: Any) -> str:
    """A nested list of floats on one line, two decimals: [1.76, 0.40] or [[1.76], [0.40]]."""
    if isinstance(value, list):
        return "[" + ", ".join(numbers(item) for item in value) + "]"
    return f"{float(value):.2f}"


def matrix_lines(rows: list[list[float]]) -> list[str]:
    """A 2-D list the way NumPy prints it: aligned columns inside [[ ]]."""
    cells = [[f"{value:.2f}" for value in row] for row in rows]
    width = max(len(cell) for row in cells for cell in row)
    lines = []
    for number, row in enumerate(cells):
        opening = "[[" if number == 0 else " ["
        closing = "]]" if number == len(cells) - 1 else "]"
        lines.append(opening + " ".join(cell.rjust(width) for cell in row) + closing)
    return lines


class Rank1View(TextPanel):
    """The chosen array, its transpose and what np.dot and + make of them."""

    COMPONENT_CLASSES = {
        "rank1-view--choice",
        "rank1-view--chosen",
        "rank1-view--code",
        "rank1-view--shape",
        "rank1-view--note",
    }

    def __init__(self) -> None:
        super().__init__()
        self.choice = 0
        self.reply: Reply | None = None

    def draw(self, width: int) -> Text:
        style = self.get_component_rich_style
        text = Text(no_wrap=True, overflow="crop")
        for number, shape in enumerate(SHAPES):
            chosen = number == self.choice
            label = f" {number + 1} randn{shape_text(shape) if len(shape) > 1 else '(5)'} "
            text.append(label, style("rank1-view--chosen" if chosen else "rank1-view--choice"))
            text.append(" ")
        reply = self.reply
        if reply is None:
            return text
        text.append("\n")
        a_shape = shape_text(reply["shape"])
        self._line(text, "a", numbers(reply["a"]), width)
        self._line(text, "a.shape", a_shape, width, note=t("rank1.ndim", ndim=reply["ndim"]), is_shape=True)
        note = t("rank1.T_same") if reply["T_is_a"] else t("rank1.T_swapped")
        self._line(text, "a.T.shape", shape_text(reply["T"]), width, note=note, is_shape=True)
        for code, key in (
            ("np.dot(a, a.T)", "dot_a_aT"),
            ("np.dot(a.T, a)", "dot_aT_a"),
            ("a + a.T", "plus"),
        ):
            self._result(text, code, reply[key], width, show_values=key != "plus")
        return text

    def _line(
        self, text: Text, code: str, value: str, width: int, *, note: str = "", is_shape: bool = False
    ) -> None:
        """``code``, its value, then a note; what does not fit the width goes on the next line."""
        style = self.get_component_rich_style
        text.append("\n")
        text.append(code.ljust(LABEL_WIDTH), style("rank1-view--code"))
        used = LABEL_WIDTH
        if used + cell_len(value) > width > 0:
            text.append("\n  ")
            used = 2
        shown = value.ljust(SHAPE_WIDTH) if is_shape and note else value
        text.append(shown, style("rank1-view--shape") if is_shape else "")
        used += cell_len(shown)
        if note:
            if used + 2 + cell_len(note) > width > 0:
                text.append("\n" + " " * LABEL_WIDTH)
            text.append("  " + note, style("rank1-view--note"))

    def _result(
        self, text: Text, code: str, result: dict[str, Any], width: int, *, show_values: bool
    ) -> None:
        if "error" in result:
            self._line(text, code, str(result["error"]), width)
            return
        style = self.get_component_rich_style
        shape = result["shape"]
        value = result["value"]
        if not shape:
            self._line(
                text,
                code,
                shape_text(shape),
                width,
                note=t("rank1.number", value=f"{value:.2f}"),
                is_shape=True,
            )
        elif not show_values:
            note = t("rank1.matrix") if len(shape) == 2 and min(shape) > 1 else t("rank1.elementwise")
            self._line(text, code, shape_text(shape), width, note=note, is_shape=True)
        elif len(shape) == 2 and min(shape) > 1:
            rows = matrix_lines(value)
            note = t("rank1.outer")
            indent = LABEL_WIDTH + SHAPE_WIDTH + 2
            if indent + len(rows[0]) + 2 + cell_len(note) <= width:  # the matrix beside its label
                self._line(text, code, shape_text(shape), width, note=rows[0], is_shape=True)
                for line in rows[1:]:
                    text.append("\n" + " " * indent + line, style("rank1-view--note"))
                text.append("  " + note, style("rank1-view--note"))
            else:
                self._line(text, code, shape_text(shape), width, note=note, is_shape=True)
                for line in rows:
                    text.append("\n  " + line, style("rank1-view--note"))
        else:
            self._line(text, code, shape_text(shape), width, note=numbers(value), is_shape=True)


class Rank1Inspector(LessonWidget):
    """Pick (5,), (5, 1) or (1, 5) and see what .T, np.dot and + give."""

    TITLE_KEY = "rank1.title"
    HINT_KEY = "rank1.hint"

    BINDINGS = [
        Binding("1", "choose(0)", "rank1.key.rank1"),
        Binding("2", "choose(1)", "rank1.key.column"),
        Binding("3", "choose(2)", "rank1.key.row"),
        Binding("right,space", "cycle(1)", "rank1.key.next", show=False),
        Binding("left", "cycle(-1)", "rank1.key.previous", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Rank1View()
        yield Static("", classes="r1-explain", markup=False)
        yield self.status_line()
        yield self.hint_line()

    def on_mount(self) -> None:
        super().on_mount()
        self.action_choose(0)

    def action_cycle(self, step: int) -> None:
        self.action_choose((self.query_one(Rank1View).choice + step) % len(SHAPES))

    def action_choose(self, choice: int) -> None:
        view = self.query_one(Rank1View)
        view.choice = choice
        view.refresh(layout=True)
        shape = SHAPES[choice]
        self.ask("widgets.rank1", {"shape": list(shape)}, lambda reply: self._show(choice, reply))

    def _show(self, choice: int, reply: Reply) -> None:
        view = self.query_one(Rank1View)
        view.reply = reply
        view.refresh(layout=True)
        self.query_one(".r1-explain", Static).update(t(EXPLAIN_KEYS[choice]))
