"""Lesson 05's graph stepper: J = 3(a + b·c), one node at a time, forward then backward.

The kernel computes every value and derivative once per choice of a, b, c;
stepping only moves a highlight through them, so it is instant. The picture is
the lesson's own drawing, with each node labelled by its value and, once the
backward pass reaches it, its derivative.
"""

from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Label, Static

from tui.i18n import t
from tui.widgets.lesson_widgets.base import FieldInput, LessonWidget, Reply, TextPanel

DEFAULT = (5, 3, 2)
"""The lesson's inputs a, b, c."""

LIMIT = 99
"""Inputs stay within ±LIMIT so the picture fits a narrow pane."""

STEPS = ("start", "u", "v", "J", "dv", "du", "da", "db", "dc")
"""Step 0 shows the inputs; then the forward pass (u, v, J) and the backward pass."""

NODE_OF = {"u": "u", "v": "v", "J": "J", "dv": "v", "du": "u", "da": "a", "db": "b", "dc": "c"}
"""Which node of the picture each step lights up."""

USES = {"u": "bc", "v": "au", "J": "v", "dv": "J", "du": "v", "da": "v", "db": "uc", "dc": "ub"}
"""The nodes whose numbers each step reads (underlined): the lesson asks to watch them."""

_FORMULA = {"u": "u=b·c", "v": "v=a+u", "J": "J=3v"}


def parse_inputs(text: str) -> tuple[int, int, int] | None:
    """``"5, 3, 2"`` → (5, 3, 2); None unless three whole numbers within ±LIMIT."""
    parts = [part for part in re.split(r"[\s,，]+", text.strip()) if part]
    if len(parts) != 3 or not all(re.fullmatch(r"[+-]?\d{1,3}", part) for part in parts):
        return None
    values = tuple(int(part) for part in parts)
    if any(abs(value) > LIMIT for value in values):
        return None
    return values[0], values[1], values[2]


def _paren(value: int) -> str:
    """A factor in a product: negative numbers get brackets, 3·(−2)."""
    return f"({value})" if value < 0 else str(value)


class GraphPicture(TextPanel):
    """The graph drawn with box-drawing glyphs; the current node is highlighted."""

    COMPONENT_CLASSES = {
        "graph-picture--current",
        "graph-picture--used",
        "graph-picture--done",
        "graph-picture--todo",
        "graph-picture--edge",
    }

    def __init__(self) -> None:
        super().__init__()
        self.step = 0
        self.inputs = DEFAULT
        self.values: Reply | None = None

    def labels(self, step: int) -> dict[str, str]:
        """Each node's label after ``step`` steps: its value, then its derivative too."""
        a, b, c = self.inputs
        labels = {"a": f"a={a}", "b": f"b={b}", "c": f"c={c}"}
        values = self.values
        for node in ("u", "v", "J"):
            reached = values is not None and step >= STEPS.index(node)
            labels[node] = f"{node}={values[node]}" if reached and values else _FORMULA[node]
        if values is not None:
            for node in ("a", "b", "c", "u", "v"):
                if step >= STEPS.index(f"d{node}"):
                    labels[node] += f" d{node}={values[f'd{node}']}"
        return labels

    def draw(self, width: int) -> Text:
        labels = self.labels(self.step)
        final = self.labels(len(STEPS) - 1)
        size = max(len(final[node]) for node in "abcuv")
        current = NODE_OF.get(STEPS[self.step])
        used = USES.get(STEPS[self.step], "")
        style = self.get_component_rich_style
        edge = style("graph-picture--edge")

        def node(name: str) -> tuple[str, Style]:
            if name == current:
                kind = "current"
            elif name in used:
                kind = "used"
            elif name in "abc" or labels[name] != _FORMULA.get(name):
                kind = "done"
            else:
                kind = "todo"
            return labels[name], style(f"graph-picture--{kind}")

        def wire(name: str, rest: str, lead: str = " ") -> tuple[str, Style]:
            """The edge leaving a node, stretched so every node's edges meet the same columns."""
            return lead + "─" * (size - len(labels[name])) + rest, edge

        rows = [
            [node("a"), wire("a", "─" * (size + 7) + "┐")],
            [(" " * (2 * size + 8) + "├─► ", edge), node("v"), wire("v", "─► "), node("J")],
            [node("b"), wire("b", "─┐" + " " * (size + 5) + "│")],
            [(" " * size + "  ├─► ", edge), node("u"), wire("u", "─┘")],
            [node("c"), wire("c", "─┘")],
        ]
        text = Text(no_wrap=True, overflow="crop")
        for number, row in enumerate(rows):
            if number:
                text.append("\n")
            for part, part_style in row:
                text.append(part, part_style)
        return text


class GraphStepper(LessonWidget):
    """Step the forward and backward pass of J = 3(a + b·c) through its graph."""

    TITLE_KEY = "graph.title"
    HINT_KEY = "graph.hint"

    BINDINGS = [
        Binding("space,right", "step(1)", "graph.key.next"),
        Binding("left", "step(-1)", "graph.key.back"),
        Binding("r", "reset", "graph.key.reset"),
        Binding("enter", "edit", "graph.key.edit"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(classes="lw-row"):
            yield Label("a, b, c =", classes="lw-label")
            yield FieldInput(
                ", ".join(str(x) for x in DEFAULT),
                placeholder="5, 3, 2",
                max_length=24,
                tab_stop=False,
                id="abc",
            )
        yield GraphPicture()
        yield Static("", classes="gs-say", markup=False)
        yield self.status_line()
        yield self.hint_line()

    def on_mount(self) -> None:
        super().on_mount()
        self._compute(DEFAULT)

    @property
    def step(self) -> int:
        return self.query_one(GraphPicture).step

    # ------------------------------------------------------------------ keys
    def action_step(self, delta: int) -> None:
        picture = self.query_one(GraphPicture)
        if picture.values is None:
            return  # the numbers are still on their way
        picture.step = max(0, min(len(STEPS) - 1, picture.step + delta))
        self._refresh()

    def action_reset(self) -> None:
        self.query_one(GraphPicture).step = 0
        self._refresh()

    def action_edit(self) -> None:
        self.query_one("#abc", FieldInput).edit()

    @on(Input.Submitted, "#abc")
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = parse_inputs(event.value)
        if inputs is None:
            self.forget_pending()
            self.set_status(t("graph.bad_inputs", limit=LIMIT), "error")
            return
        self._compute(inputs)
        self.focus(scroll_visible=False)

    @on(Input.Changed, "#abc")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()

    # ---------------------------------------------------------------- numbers
    def _compute(self, inputs: tuple[int, int, int]) -> None:
        a, b, c = inputs
        self.ask("widgets.graph", {"a": a, "b": b, "c": c}, lambda reply: self._arrived(inputs, reply))

    def _arrived(self, inputs: tuple[int, int, int], reply: Reply) -> None:
        picture = self.query_one(GraphPicture)
        picture.inputs = inputs
        picture.values = reply
        self._refresh()

    def _refresh(self) -> None:
        picture = self.query_one(GraphPicture)
        picture.refresh(layout=True)
        values = picture.values
        if values is None:
            return
        a, b, c = picture.inputs
        step = STEPS[picture.step]
        numbers = {**values, "a": a, "b": b, "c": c}
        numbers.update({f"{name}_": _paren(value) for name, value in numbers.items()})
        text = t(f"graph.say.{step}", **numbers)
        self.query_one(".gs-say", Static).update(text)
