"""Lesson 08's loop race: a Python for-loop against np.dot on the same vectors.

The race runs in the kernel (never on the event loop) with a generous time
limit of its own: best of a few repeats for each contestant, the same data for
both, and the two sums checked equal, as the lesson's fair race does. Results
for every n tried stay in a small table, so the gap can be watched growing.
"""

from __future__ import annotations

import contextlib

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.i18n import t
from tui.kernel import CellResult
from tui.widgets.lesson_widgets.base import LessonWidget, Reply, TextPanel

SIZES = (10_000, 100_000, 1_000_000, 3_000_000)
"""The array sizes ← and → choose from."""

TIMEOUT = 60.0
"""Seconds the kernel gives one race (3,000,000 loop steps, three times, on a slow machine)."""


def seconds(value: float) -> str:
    """A duration with a sensible unit: 12.3 ms, 45.6 µs, 1.23 s."""
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.2f} ms"
    return f"{value * 1e6:.1f} µs"


def _rjust(text: str, width: int) -> str:
    """Right-justify by terminal cells (Chinese characters are two cells wide)."""
    return " " * max(0, width - cell_len(text)) + text


class RaceBars(TextPanel):
    """The latest race as two bars on one scale, and every n raced so far as a table."""

    COMPONENT_CLASSES = {"race-bars--loop", "race-bars--dot", "race-bars--label", "race-bars--ratio"}

    def __init__(self) -> None:
        super().__init__()
        self.latest: Reply | None = None
        self.results: dict[int, Reply] = {}

    def draw(self, width: int) -> Text:
        latest = self.latest
        text = Text(no_wrap=True, overflow="crop")
        if latest is None:
            text.append(t("race.none"), self.get_component_rich_style("race-bars--label"))
            return text
        style = self.get_component_rich_style
        names = (t("race.loop"), t("race.dot"))
        name_width = max(cell_len(name) for name in names) + 1
        times = (latest["loop"], latest["dot"])
        shown = [seconds(value) for value in times]
        time_width = max(len(value) for value in shown) + 1
        room = max(4, min(width, 72) - name_width - time_width)
        longest = max(times) or 1.0
        for number, (name, value, label, kind) in enumerate(
            zip(names, times, shown, ("loop", "dot"), strict=True)
        ):
            if number:
                text.append("\n")
            text.append(name + " " * (name_width - cell_len(name)), style("race-bars--label"))
            cells = value / longest * room
            bar = "█" * int(cells) or "▏"
            text.append(bar, style(f"race-bars--{kind}"))
            text.append(" " * (room - len(bar)) + label.rjust(time_width))
        text.append("\n")
        ratio = latest["loop"] / latest["dot"] if latest["dot"] > 0 else float("inf")
        text.append(t("race.ratio", ratio=f"{ratio:,.0f}"), style("race-bars--ratio"))
        check = "race.same" if latest["same"] else "race.differ"
        text.append("  " + t(check, value=f"{latest['s_dot']:,.3f}"))
        if len(self.results) > 1:
            text.append("\n\n")
            columns = (("n", 10), (t("race.loop"), 11), (t("race.dot"), 11), (t("race.speedup"), 8))
            header = "  ".join(_rjust(name, width) for name, width in columns)
            text.append(header, style("race-bars--label"))
            for n in sorted(self.results):
                row = self.results[n]
                speedup = row["loop"] / row["dot"] if row["dot"] > 0 else float("inf")
                text.append(
                    f"\n{n:>10,}  {seconds(row['loop']):>11}  {seconds(row['dot']):>11}  {speedup:>7,.0f}×"
                )
        return text


class LoopRace(LessonWidget):
    """Race a Python loop against np.dot for a chosen n, in the kernel."""

    TITLE_KEY = "race.title"
    HINT_KEY = "race.hint"

    BINDINGS = [
        Binding("space,enter", "race", "race.key.race"),
        Binding("right,plus,equals_sign", "size(1)", "race.key.bigger"),
        Binding("left,minus", "size(-1)", "race.key.smaller"),
        Binding("r", "clear", "race.key.clear", show=False),
    ]

    def __init__(self, options: dict[str, str] | None = None) -> None:
        super().__init__(options)
        self.size_index = SIZES.index(1_000_000)
        self.started = False  # our code is running in the kernel right now
        self.timeout = TIMEOUT
        with contextlib.suppress(ValueError):
            self.timeout = min(600.0, max(0.1, float(self.options.get("timeout", TIMEOUT))))

    def compose(self) -> ComposeResult:
        yield Static("", classes="race-setup", markup=False)
        yield RaceBars()
        yield self.status_line()
        yield self.hint_line()

    def on_mount(self) -> None:
        super().on_mount()
        self._show_setup()

    @property
    def n(self) -> int:
        return SIZES[self.size_index]

    def _show_setup(self) -> None:
        setup = t("race.setup", n=f"{self.n:,}")
        self.query_one(".race-setup", Static).update(setup)

    # ------------------------------------------------------------------ keys
    def action_size(self, delta: int) -> None:
        if self.pending:
            return
        self.size_index = max(0, min(len(SIZES) - 1, self.size_index + delta))
        self._show_setup()

    def action_clear(self) -> None:
        if self.pending:
            return
        bars = self.query_one(RaceBars)
        bars.latest, bars.results = None, {}
        bars.refresh(layout=True)

    async def action_race(self) -> None:
        """Start a race, or stop the one that is running (like Ctrl+R on a cell)."""
        if self.pending:
            await self._stop()
            return
        n = self.n
        loop_repeat = 3 if n <= 1_000_000 else 2
        self.started = False
        self.ask(
            "widgets.race",
            {"n": n, "loop_repeat": loop_repeat, "dot_repeat": 20},
            self._finished,
            busy=t("race.racing", n=f"{n:,}"),
            busy_delay=0,
            timeout=self.timeout,
            on_failure=self._failed,
        )

    async def _stop(self) -> None:
        """Stop our race; one still waiting for a cell to finish is dropped before it starts."""
        self.cancel_call()

    def call_started(self) -> None:
        self.started = True

    def _finished(self, reply: Reply) -> None:
        self.started = False
        bars = self.query_one(RaceBars)
        bars.latest = reply
        bars.results[int(reply["n"])] = reply
        bars.refresh(layout=True)

    def _failed(self, result: CellResult) -> None:
        self.started = False
        if result.status == "timeout":
            self.set_status(t("race.too_slow", seconds=f"{self.timeout:g}"), "error")
        elif result.cancelled:
            self.set_status(t("race.stopped"), "note")
