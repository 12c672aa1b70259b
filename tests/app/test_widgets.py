"""The five lesson widgets, driven with keys through the real app and a real kernel.

Each test opens a tiny lesson holding one widget, presses keys as a learner
would, and checks what the widget shows (its `display_text`).
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

import lessons
from tests.harness.pilot import wait_for
from tui.app import TutorialApp
from tui.i18n import LANGUAGES, all_strings
from tui.widgets.cell_output import CellOutput
from tui.widgets.code_cell import FINISHED_STATES, CodeCell
from tui.widgets.lesson_widgets import REGISTRY
from tui.widgets.lesson_widgets.base import LessonWidget
from tui.widgets.lesson_widgets.broadcast_explorer import BroadcastExplorer, ShapeError, parse_shape
from tui.widgets.lesson_widgets.gd_stepper import GdStepper
from tui.widgets.lesson_widgets.graph_stepper import GraphPicture, GraphStepper
from tui.widgets.lesson_widgets.loop_race import LoopRace, RaceBars
from tui.widgets.lesson_widgets.rank1_inspector import Rank1Inspector

SIZE = (80, 24)

LESSON = """\
---
id: {id}
title: {title}
---

Some prose before the widget.

```widget {name}
{options}```

```python cell id=after
print("still alive")
```
"""


@pytest.fixture
def widget_app(tmp_path: Path):
    """An app over a one-lesson course holding widget ``name``, opened on that lesson."""

    def make(name: str, options: str = "") -> TutorialApp:
        path = tmp_path / f"01-{name}.md"
        text = LESSON.format(id=name, title=name.title(), name=name, options=options)
        path.write_text(text, encoding="utf-8")
        lesson = lessons.parse_file(path)
        assert lesson.ok, lesson.errors
        return TutorialApp([lesson], start_lesson=1)

    return make


async def ready(pilot: Pilot, widget: LessonWidget, timeout: float = 20.0) -> str:
    """Wait for the widget's kernel reply; return what it shows."""
    await pilot.pause()
    await wait_for(pilot, lambda: not widget.pending, timeout)
    await pilot.pause()
    return widget.display_text


async def focus(pilot: Pilot, widget: LessonWidget) -> None:
    widget.focus()
    await pilot.pause()


async def type_shapes(pilot: Pilot, widget: BroadcastExplorer, first: str, second: str) -> str:
    """Enter (into A), type, Tab (into B), type, Enter: as a learner does."""
    await focus(pilot, widget)
    await pilot.press("enter")
    assert app_focused_input(widget) == "shape-a"
    await pilot.press("backspace", *first, "tab")
    assert app_focused_input(widget) == "shape-b"
    await pilot.press("backspace", *second, "enter")
    return await ready(pilot, widget)


def app_focused_input(widget: LessonWidget) -> str | None:
    focused = widget.app.focused
    return focused.id if isinstance(focused, Input) else None


def test_every_widget_name_is_registered() -> None:
    assert set(REGISTRY) == lessons.model.WIDGET_NAMES


def test_widget_strings_fill_the_same_fields_in_both_languages() -> None:
    """A Chinese string missing a {field} the widget passes would raise KeyError mid-lesson."""
    prefixes = ("widget.", "broadcast.", "rank1.", "graph.", "gd.", "race.")
    strings = all_strings()
    keys = [key for key in strings if key.startswith(prefixes)]
    assert len(keys) > 50
    for key in keys:
        fields = [
            {name for _, name, _, _ in Formatter().parse(strings[key][lang]) if name} for lang in LANGUAGES
        ]
        assert fields[0] == fields[1], key


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("4,3", (4, 3)),
        ("(4, 3)", (4, 3)),
        ("4 3", (4, 3)),
        ("4x3", (4, 3)),
        ("[4, 3]", (4, 3)),
        ("(5,)", (5,)),
        ("()", ()),
        ("", ()),
        ("0, 3", (0, 3)),
        ("1_000, 2", (1000, 2)),
        ("（4，3）", (4, 3)),
    ],
)
def test_shapes_are_read_the_ways_people_type_them(text: str, shape: tuple[int, ...]) -> None:
    assert parse_shape(text) == shape


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("4,a", "broadcast.bad_token"),
        ("4.5", "broadcast.bad_token"),
        ("-2, 3", "broadcast.negative"),
        ("4,,3", "broadcast.stray"),
        (",4", "broadcast.stray"),
        ("(4, 3", "broadcast.bracket"),
        (",".join(["1"] * 33), "broadcast.too_many"),
        ("9" * 400, "broadcast.too_big"),
        (str(2**63), "broadcast.too_big"),
    ],
)
def test_bad_shapes_are_refused_with_a_reason(text: str, key: str) -> None:
    with pytest.raises(ShapeError) as caught:
        parse_shape(text)
    assert caught.value.key == key


async def test_broadcast_explorer_compatible_pairs(widget_app) -> None:
    app = widget_app("broadcast-explorer")
    async with app.run_test(size=SIZE) as pilot:
        explorer = app.query_one(BroadcastExplorer)
        shown = await ready(pilot, explorer)  # the lesson's first pair, computed on open
        assert "✓ A + B has shape (4, 3)" in shown
        assert "axis 0: B has 1, stretched to 4" in shown

        shown = await type_shapes(pilot, explorer, "(4, 3)", "4x1")
        assert "✓ A + B has shape (4, 3)" in shown
        assert "axis 1: B has 1, stretched to 3" in shown
        # the shapes are right-aligned, one above the other
        rows = {line.split()[0]: line for line in shown.splitlines() if line.split()[:1] in (["A"], ["B"])}
        assert rows["A"].rstrip().endswith("4  3") and rows["B"].rstrip().endswith("4  1")

        shown = await type_shapes(pilot, explorer, "4 3", "3")
        assert "axis 0: B has no such axis, so it counts as 1, stretched to 4" in shown
        assert "✓ A + B has shape (4, 3)" in shown


async def test_broadcast_explorer_shows_numpys_exact_error(widget_app) -> None:
    app = widget_app("broadcast-explorer")
    async with app.run_test(size=SIZE) as pilot:
        explorer = app.query_one(BroadcastExplorer)
        await ready(pilot, explorer)
        shown = await type_shapes(pilot, explorer, "4,3", "2,3")
        assert (
            "shape mismatch: objects cannot be broadcast to a single shape.  "
            "Mismatch is between arg 0 with shape (4, 3) and arg 1 with shape (2, 3)."
        ) in " ".join(shown.split("\n"))
        assert "axis 0: 4 against 2, neither is 1: they clash" in shown
        # s swaps the operands, and NumPy's message follows
        await focus(pilot, explorer)
        await pilot.press("s")
        shown = await ready(pilot, explorer)
        assert "arg 0 with shape (2, 3) and arg 1 with shape (4, 3)" in " ".join(shown.split("\n"))


async def test_broadcast_explorer_bad_input_then_the_app_still_works(widget_app) -> None:
    app = widget_app("broadcast-explorer")
    async with app.run_test(size=SIZE) as pilot:
        explorer = app.query_one(BroadcastExplorer)
        await ready(pilot, explorer)

        shown = await type_shapes(pilot, explorer, "4,a", "1,3")
        assert "A: “a” is not a size" in shown
        assert "has shape" not in shown  # no stale result next to the complaint

        shown = await type_shapes(pilot, explorer, "4,3", "-2,3")
        assert "B: sizes cannot be negative (-2)" in shown

        shown = await type_shapes(pilot, explorer, ",".join(["2"] * 40), "1")
        assert "A has 40 axes; NumPy arrays have at most 32" in shown

        shown = await type_shapes(pilot, explorer, "4,,3", "3")
        assert "A: a comma with no size next to it" in shown

        # huge sizes are fine: np.broadcast_shapes allocates nothing
        shown = await type_shapes(pilot, explorer, str(10**12) + ", 3", "1, 3")
        assert "✓ A + B has shape (1000000000000, 3)" in shown

        shown = await type_shapes(pilot, explorer, "4,3", "")
        assert "B is empty, so it stands for a scalar: shape ()." in shown
        assert "✓ A + B has shape (4, 3)" in shown

        cell = app.query_one(CodeCell)
        cell.editor.focus()
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: cell.state in FINISHED_STATES)
        assert cell.state == "ok"
        assert cell.query_one(CellOutput).plain == "still alive"


async def test_rank1_inspector_three_shapes(widget_app) -> None:
    app = widget_app("rank1-inspector")
    async with app.run_test(size=SIZE) as pilot:
        inspector = app.query_one(Rank1Inspector)
        shown = await ready(pilot, inspector)
        lines = {line.split("  ")[0]: " ".join(line.split()) for line in shown.splitlines()}
        assert lines["a"] == "a [1.76, 0.40, 0.98, 2.24, 1.87]"
        assert lines["a.shape"].startswith("a.shape (5,)")
        assert lines["a.T.shape"].startswith("a.T.shape (5,) the same")
        assert lines["np.dot(a, a.T)"] == "np.dot(a, a.T) () a single number: 12.74"
        assert lines["np.dot(a.T, a)"] == "np.dot(a.T, a) () a single number: 12.74"
        assert lines["a + a.T"].startswith("a + a.T (5,)")
        assert "neither a row nor a column" in shown

        await focus(pilot, inspector)
        await pilot.press("2")
        shown = await ready(pilot, inspector)
        lines = {line.split("  ")[0]: " ".join(line.split()) for line in shown.splitlines()}
        assert lines["a"] == "a [[1.76], [0.40], [0.98], [2.24], [1.87]]"
        assert lines["a.shape"].startswith("a.shape (5, 1)")
        assert lines["a.T.shape"].startswith("a.T.shape (1, 5) axes swapped")
        assert lines["np.dot(a, a.T)"] == "np.dot(a, a.T) (5, 5) [[3.11 0.71 1.73 3.95 3.29]"  # 1.76² first
        assert "[3.29 0.75 1.83 4.18 3.49]] the outer product" in " ".join(shown.split())
        assert lines["np.dot(a.T, a)"] == "np.dot(a.T, a) (1, 1) [[12.74]]"
        assert lines["a + a.T"].startswith("a + a.T (5, 5) broadcast")

        await pilot.press("3")
        shown = await ready(pilot, inspector)
        lines = {line.split("  ")[0]: " ".join(line.split()) for line in shown.splitlines()}
        assert lines["a.shape"].startswith("a.shape (1, 5)")
        assert lines["a.T.shape"].startswith("a.T.shape (5, 1)")
        assert lines["np.dot(a, a.T)"] == "np.dot(a, a.T) (1, 1) [[12.74]]"
        assert lines["np.dot(a.T, a)"].startswith("np.dot(a.T, a) (5, 5) [[3.11")

        await pilot.press("right")  # wraps round to the rank-1 array
        shown = await ready(pilot, inspector)
        assert "a.shape         (5,)" in shown


def said(widget: GraphStepper) -> str:
    return " ".join(widget.display_text.split())


async def test_graph_stepper_forward_and_backward(widget_app) -> None:
    app = widget_app("graph-stepper")
    async with app.run_test(size=SIZE) as pilot:
        stepper = app.query_one(GraphStepper)
        shown = await ready(pilot, stepper)
        assert "a = 5, b = 3, c = 2" in shown
        assert "u=b·c" in shown  # not computed yet: the node shows its formula
        await focus(pilot, stepper)
        expected = [
            "u = b·c = 3·2 = 6.",
            "v = a + u = 5 + 6 = 11.",
            "J = 3·v = 3·11 = 33.",
            "dJ/dv = 3.",
            "dJ/du = dJ/dv · dv/du = 3 · 1 = 3.",
            "dJ/da = dJ/dv · dv/da = 3 · 1 = 3.",
            "dJ/db = dJ/du · c = 3 · 2 = 6.",
            "dJ/dc = dJ/du · b = 3 · 3 = 9.",
        ]
        picture = stepper.query_one(GraphPicture)
        lit = picture.get_component_rich_style("graph-picture--current")
        for sentence, node in zip(
            expected, ("u=6", "v=11", "J=33", "dv=3", "du=3", "da=3", "db=6", "dc=9"), strict=True
        ):
            await pilot.press("space")
            assert sentence in said(stepper)
            drawn = picture.draw(76)
            highlighted = [drawn.plain[span.start : span.end] for span in drawn.spans if span.style == lit]
            assert len(highlighted) == 1 and node in highlighted[0], highlighted
        picture = stepper.display_text
        for label in ("a=5 da=3", "b=3 db=6", "c=2 dc=9", "u=6 du=3", "v=11 dv=3", "J=33"):
            assert label in picture
        await pilot.press("space")  # the last step stays the last
        assert expected[-1] in said(stepper)
        await pilot.press("left")
        assert expected[-2] in said(stepper)

        # new inputs: the numbers update where we are
        await pilot.press("enter")
        assert app_focused_input(stepper) == "abc"
        await pilot.press("backspace", *"1, 2, 3", "enter")
        await ready(pilot, stepper)
        assert "dJ/db = dJ/du · c = 3 · 3 = 9." in said(stepper)
        await pilot.press("right")
        assert "dJ/dc = dJ/du · b = 3 · 2 = 6." in said(stepper)
        await pilot.press("r")
        for sentence in ("u = b·c = 2·3 = 6.", "v = a + u = 1 + 6 = 7.", "J = 3·v = 3·7 = 21."):
            await pilot.press("space")
            assert sentence in said(stepper)

        await pilot.press("enter", "backspace", *"1, 2", "enter")
        assert "Type three whole numbers" in said(stepper)


def number(label: str, text: str) -> float:
    match = re.search(rf"{re.escape(label)} = (-?[\d.e+]+)", text)
    assert match, f"no {label} in {text!r}"
    return float(match.group(1))


async def test_gd_stepper_converges_diverges_and_resets(widget_app) -> None:
    app = widget_app("gd-stepper")
    async with app.run_test(size=SIZE) as pilot:
        stepper = app.query_one(GdStepper)
        shown = await ready(pilot, stepper)
        assert "step 0" in shown
        assert number("w", shown) == -1.0
        assert number("J(w)", shown) == 17.0
        assert number("α", shown) == 0.1
        await focus(pilot, stepper)

        w, cost = -1.0, 17.0
        for key in ("space", "space", "enter"):
            await pilot.press(key)
            shown = await ready(pilot, stepper)
            assert abs(number("w", shown) - 3) < abs(w - 3)
            assert number("J(w)", shown) < cost
            w, cost = number("w", shown), number("J(w)", shown)
        assert "step 12" in shown
        assert "last step: w :=" in shown
        assert "closer to 3" in shown

        for _ in range(5):  # 0.1 → 0.3 → 0.5 → 0.9 → 1.0 → 1.05
            await pilot.press("plus")
        shown = await ready(pilot, stepper)
        assert number("α", shown) == 1.05
        assert "step 0" in shown  # a new α starts again from w₀
        await pilot.press("space")
        shown = await ready(pilot, stepper)
        assert "Diverging" in shown
        assert abs(number("w", shown) - 3) > 4

        await pilot.press("plus")  # α = 1.5 runs away fast: the path is cut, not plotted as inf
        await pilot.press("enter", "enter", "enter")
        shown = await ready(pilot, stepper)
        assert "Diverged" in shown
        assert "would take |w| past 1,000,000" in shown
        assert abs(number("w", shown)) <= 1e6
        await pilot.press("space")
        assert "Stepping stopped" in stepper.display_text

        await pilot.press("r")
        shown = await ready(pilot, stepper)
        assert "step 0" in shown
        assert number("α", shown) == 0.1
        assert number("w", shown) == -1.0


async def test_loop_race_small_n_and_stop(widget_app) -> None:
    app = widget_app("loop-race")
    async with app.run_test(size=SIZE) as pilot:
        race = app.query_one(LoopRace)
        await pilot.pause()
        assert "n = 1,000,000" in race.display_text
        await focus(pilot, race)
        await pilot.press("left", "left", "left")  # down to the smallest n
        assert "n = 10,000" in race.display_text
        await pilot.press("space")
        shown = await ready(pilot, race, timeout=30)
        bars = race.query_one(RaceBars).plain.splitlines()
        loop_line = next(line for line in bars if line.startswith("for-loop"))
        dot_line = next(line for line in bars if line.startswith("np.dot "))
        assert "█" in loop_line
        assert re.search(r"[\d.]+ (s|ms|µs)$", loop_line.strip())
        assert re.search(r"[\d.]+ (s|ms|µs)$", dot_line.strip())
        ratio = re.search(r"np\.dot is ([\d,]+)× faster", shown)
        assert ratio and int(ratio.group(1).replace(",", "")) > 1
        assert "✓ same sum" in shown

        # a big race can be stopped; the widget recovers and races again
        await pilot.press("right", "right", "right")
        await pilot.press("space")
        await wait_for(pilot, lambda: race.started)
        assert "racing with n = 3,000,000" in race.display_text
        await pilot.press("space")
        shown = await ready(pilot, race)
        assert "Race stopped" in shown
        await pilot.press("left", "left", "left", "space")
        shown = await ready(pilot, race, timeout=30)
        assert "np.dot is" in shown
        assert "10,000" in shown and "3,000,000" not in shown.split("speed-up")[-1]


async def test_loop_race_that_runs_out_of_time_says_so_and_recovers(widget_app) -> None:
    app = widget_app("loop-race", options="timeout: 0.5\n")
    async with app.run_test(size=SIZE) as pilot:
        race = app.query_one(LoopRace)
        await focus(pilot, race)
        await pilot.press("right", "right", "space")  # 3,000,000 in half a second: no chance
        shown = await ready(pilot, race)
        assert "The race took longer than 0.5 s and was stopped; try a smaller n." in shown
        await pilot.press("left", "left", "left", "space")
        shown = await ready(pilot, race)
        assert "np.dot is" in shown
        assert "took longer" not in shown
