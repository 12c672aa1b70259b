"""Lesson 11's broadcasting explorer: type two shapes, see the rule applied axis by axis.

Shapes are parsed and checked here (whole numbers, at most 32 axes, below 2⁶³),
so only a validated tuple of ints ever reaches the kernel, where
`np.broadcast_shapes` gives the result shape or NumPy's exact error. It never
allocates, so even a (10¹², 3) shape is safe to ask about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from tui.i18n import t
from tui.widgets.lesson_widgets.base import FieldInput, LessonWidget, Reply, TextPanel, shape_text

MAX_DIMS = 32
"""NumPy's limit on the number of axes (NPY_MAXDIMS)."""

MAX_SIZE = 2**63 - 1
"""The largest size NumPy accepts on one axis (np.intp)."""

DEBOUNCE = 0.4
"""Seconds of quiet typing before the shapes are compared without Enter."""

EXAMPLES: tuple[tuple[str, str], ...] = (
    ("4, 3", "1, 3"),
    ("4, 3", "4, 1"),
    ("4, 3", "()"),
    ("4, 3", "3"),
    ("5, 1", "1, 5"),
    ("4, 3", "4"),
    ("2, 3", "3, 2"),
)
"""The lesson's pairs, in its order: space walks through them."""

_OPEN, _CLOSE = "([（", ")]）"
_TIMES = re.compile(r"(?<=\d)\s*[xX×*]\s*(?=[-+\d])")
_SEPARATOR = re.compile(r"\s*[,，]\s*|\s+")
_WHOLE = re.compile(r"[+-]?\d+(?:_\d+)*")


class ShapeError(ValueError):
    """Why a typed shape is not one: an i18n key and the values for its message."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

    def message(self, name: str) -> str:
        return t(self.key, name=name, **self.values)


def parse_shape(text: str) -> tuple[int, ...]:
    """``"4, 3"``, ``"(4, 3)"``, ``"4 3"``, ``"4x3"`` → (4, 3); ``""`` and ``"()"`` → ().

    Raises ShapeError for anything NumPy would not take as a shape.
    """
    body = text.strip()
    opens, closes = body[:1] in _OPEN and bool(body), body[-1:] in _CLOSE and bool(body)
    if opens != closes:
        raise ShapeError("broadcast.bracket")
    if opens:
        body = body[1:-1].strip()
    if not body:
        return ()
    tokens = _SEPARATOR.split(_TIMES.sub(",", body))
    if len(tokens) > 1 and tokens[-1] == "":
        tokens.pop()  # one trailing comma, as in (5,)
    if len(tokens) > MAX_DIMS:
        raise ShapeError("broadcast.too_many", count=len(tokens), limit=MAX_DIMS)
    return tuple(_size(token) for token in tokens)


def _size(token: str) -> int:
    if token == "":
        raise ShapeError("broadcast.stray")
    if not _WHOLE.fullmatch(token):
        shown = token if len(token) <= 12 else token[:11] + "…"
        raise ShapeError("broadcast.bad_token", token=shown)
    if token.startswith("-") and token.strip("-+0_"):
        raise ShapeError("broadcast.negative", token=token)
    digits = token.lstrip("+-").replace("_", "").lstrip("0")
    if len(digits) > len(str(MAX_SIZE)) or int(digits or "0") > MAX_SIZE:
        shown = token if len(token) <= 12 else token[:11] + "…"
        raise ShapeError("broadcast.too_big", token=shown)
    return int(digits or "0")


@dataclass(frozen=True)
class Axis:
    """One axis of the aligned pair: each operand's size (None: it has no such axis)."""

    index: int
    a: int | None
    b: int | None

    @property
    def verdict(self) -> str:
        """ "same", "a" (A is stretched), "b" (B is stretched) or "clash"."""
        p = 1 if self.a is None else self.a
        q = 1 if self.b is None else self.b
        if p == q:
            return "same"
        if p == 1:
            return "a"
        if q == 1:
            return "b"
        return "clash"

    @property
    def size(self) -> int | None:
        """The result's size on this axis, None on a clash."""
        p = 1 if self.a is None else self.a
        q = 1 if self.b is None else self.b
        return None if self.verdict == "clash" else (q if p == 1 else p)


def align(a: tuple[int, ...], b: tuple[int, ...]) -> list[Axis]:
    """Line the shapes up from the right, as the rule does."""
    n = max(len(a), len(b))
    pa = (None,) * (n - len(a)) + a
    pb = (None,) * (n - len(b)) + b
    return [Axis(k, pa[k], pb[k]) for k in range(n)]


class ShapeTable(TextPanel):
    """The two shapes right-aligned, a mark per axis and the result, in columns."""

    COMPONENT_CLASSES = {
        "shape-table--label",
        "shape-table--same",
        "shape-table--stretch",
        "shape-table--clash",
        "shape-table--result",
    }

    def __init__(self) -> None:
        super().__init__()
        self.pair: tuple[tuple[int, ...], tuple[int, ...]] | None = None

    def show(self, a: tuple[int, ...] | None, b: tuple[int, ...] | None = None) -> None:
        self.pair = None if a is None or b is None else (a, b)
        self.refresh(layout=True)

    def draw(self, width: int) -> Text:
        if self.pair is None:
            return Text("")
        a, b = self.pair
        axes = align(a, b)
        style = self.get_component_rich_style
        labels = (t("broadcast.axis"), "A", "B", "", t("broadcast.result"))
        label_width = max(cell_len(label) for label in labels) + 2
        if not axes:
            text = Text(no_wrap=True, overflow="crop")
            for label in (*labels[1:3], labels[4]):
                text.append(_pad(label, label_width), style("shape-table--label"))
                text.append(f"() {t('broadcast.scalar')}\n")
            text.rstrip()
            return text
        sizes = [str(x) for axis in axes for x in (axis.a, axis.b, axis.size) if x is not None]
        column = max(3, max(len(s) for s in sizes) + 2)
        room = max(column, width - label_width)
        shown = axes
        cut = False
        if len(axes) * column > room:
            shown = axes[-max(1, (room - 2) // column) :]
            cut = True
        rows = [Text(no_wrap=True, overflow="crop") for _ in labels]
        for row, label in zip(rows, labels, strict=True):
            row.append(_pad(label, label_width), style("shape-table--label"))
            if cut:
                row.append(" …" if label else "  ", style("shape-table--label"))
        for axis in shown:
            verdict = axis.verdict
            rows[0].append(f"{axis.index:>{column}}", style("shape-table--label"))
            for row, size, who in ((rows[1], axis.a, "a"), (rows[2], axis.b, "b")):
                cell = "" if size is None else str(size)
                kind = "stretch" if verdict == who else "clash" if verdict == "clash" else "same"
                row.append(f"{cell:>{column}}", style(f"shape-table--{kind}") if kind != "same" else "")
            mark = {"same": "=", "a": "A", "b": "B", "clash": "✗"}[verdict]
            kind = "stretch" if verdict in ("a", "b") else verdict
            rows[3].append(f"{mark:>{column}}", style(f"shape-table--{kind}"))
            result = "✗" if axis.size is None else str(axis.size)
            rows[4].append(
                f"{result:>{column}}",
                style("shape-table--clash" if axis.size is None else "shape-table--result"),
            )
        for row, shape in ((rows[1], a), (rows[2], b)):
            if not shape:
                row.append(f"  () {t('broadcast.scalar')}", style("shape-table--label"))
        return Text("\n").join(rows)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def explain(axes: list[Axis], limit: int = 4) -> list[str]:
    """One sentence per clash, then per stretch, then the matching axes in one line."""
    lines = [
        t("broadcast.axis_clash", axis=axis.index, p=axis.a, q=axis.b)
        for axis in axes
        if axis.verdict == "clash"
    ]
    for axis in axes:
        if axis.verdict in ("a", "b"):
            who, have = ("A", axis.a) if axis.verdict == "a" else ("B", axis.b)
            key = "broadcast.axis_missing" if have is None else "broadcast.axis_stretch"
            lines.append(t(key, axis=axis.index, who=who, size=axis.size))
    if len(lines) > limit:
        lines[limit:] = [t("broadcast.more", count=len(lines) - limit)]
    same = [str(axis.index) for axis in axes if axis.verdict == "same"]
    if len(same) == 1:
        lines.append(t("broadcast.axis_same", axes=same[0]))
    elif len(same) > 1:
        shown = ", ".join(same) if len(same) <= 8 else f"{same[0]}–{same[-1]}"
        lines.append(t("broadcast.axes_same", axes=shown))
    return lines


class BroadcastExplorer(LessonWidget):
    """Two shape inputs and the broadcasting rule worked out for them."""

    TITLE_KEY = "broadcast.title"
    HINT_KEY = "broadcast.hint"

    BINDINGS = [
        Binding("enter", "edit", "broadcast.key.edit"),
        Binding("space", "example", "broadcast.key.example"),
        Binding("s", "swap", "broadcast.key.swap"),
    ]

    def __init__(self, options: dict[str, str] | None = None) -> None:
        super().__init__(options)
        self._example = 0
        self._timer: Timer | None = None
        self._asked: tuple[tuple[int, ...], tuple[int, ...]] | None = None

    def compose(self) -> ComposeResult:
        first, second = EXAMPLES[0]
        with Horizontal(classes="lw-row"):
            yield Label("A =", classes="lw-label")
            yield FieldInput(first, placeholder=t("broadcast.placeholder"), id="shape-a")
            yield Label("B =", classes="lw-label")
            yield FieldInput(second, placeholder=t("broadcast.placeholder"), id="shape-b")
        yield ShapeTable()
        yield Static("", classes="bx-verdict", markup=False)
        yield Static("", classes="bx-notes", markup=False)
        yield self.status_line()
        yield self.hint_line()

    def on_mount(self) -> None:
        super().on_mount()
        self.compare()

    # ------------------------------------------------------------------ input
    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, self.compare)

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        event.stop()
        self.compare()

    def action_edit(self) -> None:
        self.query_one("#shape-a", Input).focus()

    def action_example(self) -> None:
        self._example = (self._example + 1) % len(EXAMPLES)
        self._fill(*EXAMPLES[self._example])

    def action_swap(self) -> None:
        first, second = self.query_one("#shape-a", Input), self.query_one("#shape-b", Input)
        self._fill(second.value, first.value)

    def _fill(self, first: str, second: str) -> None:
        with self.prevent(Input.Changed):
            self.query_one("#shape-a", Input).value = first
            self.query_one("#shape-b", Input).value = second
        self.compare()

    # ---------------------------------------------------------------- compare
    def compare(self) -> None:
        """Check both shapes here, then ask NumPy (in the kernel) what broadcasting gives."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        shapes: list[tuple[int, ...]] = []
        problems: list[str] = []
        for name, selector in (("A", "#shape-a"), ("B", "#shape-b")):
            try:
                shapes.append(parse_shape(self.query_one(selector, Input).value))
            except ShapeError as error:
                problems.append(error.message(name))
        if problems:
            self._asked = None
            self.forget_pending()
            self._show(None)
            self.set_status("\n".join(problems), "error")
            return
        a, b = shapes
        if (a, b) == self._asked:
            return
        self._asked = (a, b)
        self.ask(
            "widgets.broadcast",
            {"a": list(a), "b": list(b)},
            lambda reply: self._answer(a, b, reply),
            on_failure=self._failed,
        )

    def _failed(self, _result: object) -> None:
        self._asked = None  # Enter tries again
        self._show(None)

    def _answer(self, a: tuple[int, ...], b: tuple[int, ...], reply: Reply) -> None:
        self._show((a, b), reply)
        empty = [
            t("broadcast.empty", name=name)
            for name, selector in (("A", "#shape-a"), ("B", "#shape-b"))
            if not self.query_one(selector, Input).value.strip()
        ]
        if empty:
            self.set_status("\n".join(empty), "note")

    def _show(self, pair: tuple[tuple[int, ...], tuple[int, ...]] | None, reply: Reply | None = None) -> None:
        table = self.query_one(ShapeTable)
        notes = self.query_one(".bx-notes", Static)
        verdict = self.query_one(".bx-verdict", Static)
        if pair is None or reply is None:
            table.show(None)
            for widget in (notes, verdict):
                widget.update("")
                widget.display = False
            return
        a, b = pair
        table.show(a, b)
        notes.update("\n".join(explain(align(a, b))))
        notes.display = bool(a or b)
        if "shape" in reply:
            verdict.update(t("broadcast.ok", shape=shape_text(reply["shape"])))
            verdict.set_class(False, "-error")
        else:
            verdict.update(t("broadcast.error", message=str(reply.get("error", ""))))
            verdict.set_class(True, "-error")
        verdict.display = True
