"""Lesson 04's gradient-descent stepper on J(w) = (w − 3)² + 1.

The learner picks a start w₀ and a learning rate α, then steps. Each key press
asks the kernel for the whole path from w₀ (it is short and this keeps the
widget stateless), plotted on the bowl. A path that runs away is cut at
|w| > 10⁶, before any inf could reach the plot, and stepping stops with a
plain explanation.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.figures import Figure, Series
from tui.i18n import t
from tui.widgets.lesson_widgets.base import LessonWidget, Reply, TextPanel
from tui.widgets.plot import PlotView

ALPHAS = (0.01, 0.05, 0.1, 0.3, 0.5, 0.9, 1.0, 1.05, 1.5)
"""Learning rates from too small through good to divergent; + and − walk this ladder."""

STARTS = (-2.0, -1.0, 0.0, 1.0, 2.0, 4.0, 5.0, 6.0, 7.0, 8.0)
"""Starting points w₀ on both sides of the bottom at w = 3; ← and → choose."""

DEFAULT_ALPHA = ALPHAS.index(0.1)
DEFAULT_START = STARTS.index(-1.0)

CAP = 1e6
"""|w| beyond this counts as having run away: the path stops there."""

MAX_STEPS = 1000


def fmt(value: float) -> str:
    """Three decimals, or three significant digits once the number is large."""
    return f"{value:.3g}" if abs(value) >= 1e5 else f"{value:.3f}"


class GdStats(TextPanel):
    """Step, w, J(w), dJ/dw, α and w₀, wrapped between items (never inside "dJ/dw = -5.1")."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []

    def draw(self, width: int) -> Text:
        lines: list[str] = []
        for item in self.items:
            if lines and (width <= 0 or cell_len(lines[-1]) + 3 + cell_len(item) <= width):
                lines[-1] += "   " + item
            else:
                lines.append(item)
        return Text("\n".join(lines), no_wrap=True, overflow="crop")


class GdStepper(LessonWidget):
    """Step gradient descent on a plotted bowl; see α too small, good and divergent."""

    TITLE_KEY = "gd.title"
    HINT_KEY = "gd.hint"

    BINDINGS = [
        Binding("space", "step(1)", "gd.key.step"),
        Binding("enter", "step(10)", "gd.key.ten"),
        Binding("plus,equals_sign", "alpha(1)", "gd.key.alpha_up"),
        Binding("minus,underscore", "alpha(-1)", "gd.key.alpha_down"),
        Binding("right", "start(1)", "gd.key.start_right", show=False),
        Binding("left", "start(-1)", "gd.key.start_left", show=False),
        Binding("r", "reset", "gd.key.reset"),
    ]

    def __init__(self, options: dict[str, str] | None = None) -> None:
        super().__init__(options)
        self.alpha_index = DEFAULT_ALPHA
        self.start_index = DEFAULT_START
        self.steps = 0
        self.reply: Reply | None = None

    def compose(self) -> ComposeResult:
        app = self.app
        yield PlotView(Figure(), mono=getattr(app, "mono", False), ascii=getattr(app, "ascii", False))
        yield GdStats()
        yield Static("", classes="gd-last", markup=False)
        yield Static("", classes="gd-say", markup=False)
        yield self.status_line()
        yield self.hint_line()

    def on_mount(self) -> None:
        super().on_mount()
        self._compute()

    @property
    def alpha(self) -> float:
        return ALPHAS[self.alpha_index]

    @property
    def start(self) -> float:
        return STARTS[self.start_index]

    @property
    def exploded(self) -> bool:
        return bool(self.reply and self.reply["exploded"])

    # ------------------------------------------------------------------ keys
    def action_step(self, count: int) -> None:
        if self.exploded:
            self.set_status(t("gd.stopped"), "note")
            return
        if self.steps >= MAX_STEPS:
            self.set_status(t("gd.say.max", steps=MAX_STEPS), "note")
            return
        self.steps = min(MAX_STEPS, self.steps + count)
        self._compute()

    def action_alpha(self, delta: int) -> None:
        self.alpha_index = max(0, min(len(ALPHAS) - 1, self.alpha_index + delta))
        self.steps = 0
        self._compute()

    def action_start(self, delta: int) -> None:
        self.start_index = max(0, min(len(STARTS) - 1, self.start_index + delta))
        self.steps = 0
        self._compute()

    def action_reset(self) -> None:
        self.alpha_index, self.start_index, self.steps = DEFAULT_ALPHA, DEFAULT_START, 0
        self._compute()

    # ---------------------------------------------------------------- numbers
    def _compute(self) -> None:
        alpha, start = self.alpha, self.start
        arguments = {"w0": start, "alpha": alpha, "steps": self.steps, "cap": CAP}
        self.ask("widgets.gradient_descent", arguments, lambda reply: self._arrived(alpha, start, reply))

    def _arrived(self, alpha: float, start: float, reply: Reply) -> None:
        self.reply = reply
        path, costs, slopes = reply["w"], reply["J"], reply["dJ"]
        self.steps = len(path) - 1
        # No legend: it would sit on the top-left corner, right where w₀ = −1 lands.
        # The bowl is the line, the visited points are dots, the current one has its own colour.
        self.query_one(PlotView).figure = Figure(
            xlabel="w",
            ylabel="J(w)",
            series=[
                Series(reply["xs"], reply["curve"]),
                Series(path, costs, kind="scatter"),
                Series([path[-1]], [costs[-1]], kind="scatter"),
            ],
        )
        stats = self.query_one(GdStats)
        stats.items = [
            t("gd.step", step=self.steps),
            f"w = {fmt(path[-1])}",
            f"J(w) = {fmt(costs[-1])}",
            f"dJ/dw = {fmt(slopes[-1])}",
            t("gd.alpha", alpha=alpha),
            t("gd.start", start=fmt(start)),
        ]
        stats.refresh(layout=True)
        last = ""
        if self.steps:
            last = t("gd.last", before=fmt(path[-2]), alpha=alpha, slope=fmt(slopes[-2]), after=fmt(path[-1]))
        self.query_one(".gd-last", Static).update(last)
        message, warn = self._verdict(alpha, reply)
        say = self.query_one(".gd-say", Static)
        say.update(message)
        say.set_class(warn, "-warn")

    def _verdict(self, alpha: float, reply: Reply) -> tuple[str, bool]:
        """What the path is doing, in words, and whether that is a problem."""
        path, slopes = reply["w"], reply["dJ"]
        if reply["exploded"]:
            return t("gd.say.exploded", steps=len(path) - 1, next=len(path), alpha=alpha), True
        if len(path) < 2:
            return t("gd.say.start"), False
        before, after = abs(path[-2] - 3), abs(path[-1] - 3)
        if after > before * (1 + 1e-9):
            return t("gd.say.diverging", alpha=alpha), True
        if after > 1e-9 and abs(after - before) <= 1e-9 * max(1.0, before):
            return t("gd.say.oscillating", a=fmt(path[-2]), b=fmt(path[-1]), alpha=alpha), True
        if abs(slopes[-1]) < 1e-3:
            return t("gd.say.bottom", steps=len(path) - 1), False
        if (path[-2] - 3) * (path[-1] - 3) < 0:
            return t("gd.say.zigzag"), False
        return t("gd.say.closer"), False
