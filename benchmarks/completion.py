"""Completion in a real terminal: from pressing Tab to the completion on screen, and the kernel's memory.

Everything goes through a pseudo-terminal at 80x24 (``tests.harness.pty``), the way a learner
sees it. A one-cell lesson defines ``w = np.zeros((3, 1))``; after running it, the
learner types on a new line and presses Tab, over and over:

- ``np.zeros_l`` + Tab: the one candidate is inserted (until ``np.zeros_like`` shows);
- ``np.ze`` + Tab: the list opens at the cursor (until ``zeros_like`` shows in it);
- ``w.res`` + Tab: attributes of the learner's own array (until ``resize`` shows);
- ``Name`` + Tab: names that only the syntax tree of an unrun cell knows about.

Typing the text and clearing the line between tries (Ctrl+U) is not timed; a
key's time ends when the bytes that made the screen right arrived. The kernel's
resident memory is taken after the cell ran and again after every completion,
help on a name (Ctrl+N) and the shape panel (F6): the editor's kernel functions must
not make it grow by more than 5 MB. For reference, ``editor.complete`` is also
timed through the kernel API alone (no UI, no terminal).

    python benchmarks/completion.py [--runs 30]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness.measure import machine, percentile
from tests.harness.processes import rss_kb, tree
from tests.harness.pty import Condition, Term, app_with_lesson, row_is, shows
from tui.kernel import Kernel

RESULTS = Path(__file__).resolve().parent / "results" / "completion.json"
LESSON = """\
---
id: completion
title: Completion
---

A cell that is never run, and one that makes an array.

```python cell id=unrun
Names_from_the_syntax_tree = 1
```

```python cell id=make
w = np.zeros((3, 1))
print("w", w.shape)
```
"""
TARGETS = {"p95_ms": 50.0, "kernel_growth_mb": 5.0}
CLEAR_LINE = "\x15"  # Ctrl+U: delete to the start of the line
ESCAPE = "\x1b"

Result = dict[str, Any]

BASELINE = "typing one letter (for comparison)"

TRIES: dict[str, tuple[str, Condition, bool]] = {
    "one candidate inserted (np.zeros_l)": ("np.zeros_l", row_is(r"\d+\s+np\.zeros_like"), False),
    "list at the cursor (np.ze)": ("np.ze", shows(r"zeros_like fn"), True),
    "attributes of an array (w.res)": ("w.res", shows(r"resize fn"), True),
    "a name from an unrun cell (Names_)": ("Names_", row_is(r"\d+\s+Names_from_the_syntax_tree"), False),
}
"""What is typed, what shows once completion has answered, and whether a list opens (Escape closes it)."""


def kernel_of(term: Term) -> int | None:
    """The app's kernel process: its child running ``tui.sandbox``."""
    for pid in sorted(tree(term.process.pid) - {term.process.pid}):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"tui.sandbox" in command:
            return pid
    return None


def measure(runs: int) -> Result:
    with tempfile.TemporaryDirectory() as folder:
        term = app_with_lesson(folder, LESSON)
        try:
            return _session(term, runs)
        finally:
            term.close()


def _session(term: Term, runs: int) -> Result:
    if term.wait_for(shows(r"kernel ready"), 60) is None:
        raise RuntimeError(f"the kernel never became ready:\n{term.text}")
    term.press("tab")  # into the first cell, out again, and on into the second
    term.settle(0.3)
    term.press("escape")
    term.settle(0.3)
    term.press("tab")
    term.settle(0.3)
    term.press("ctrl+r")
    if term.wait_for(shows(r"w \(3, 1\)"), 30) is None:
        raise RuntimeError(f"the cell did not run:\n{term.text}")
    term.settle(0.5)
    for key in ("\x1b[B", "\x1b[B", "\x05", "\r"):  # down to the last line, Ctrl+E to its end, a new line
        term.press(key)  # one at a time: arrows go through bindings, Enter straight to the editor
        term.settle(0.2)
    kernel = kernel_of(term)
    before_kb = rss_kb([kernel]) if kernel else 0
    times: dict[str, list[float]] = {name: [] for name in TRIES}
    times[BASELINE] = []
    for _ in range(runs):
        pressed = term.press("q")  # the same path a completion's screen update takes, without the kernel
        if term.wait_for(row_is(r"\d+\s+q"), 10) is None:
            raise RuntimeError(f"q never showed:\n{term.text}")
        times[BASELINE].append((term.last_arrival - pressed) * 1000)
        term.settle(0.15)
        term.press(CLEAR_LINE)
        term.settle(0.15)
        for name, (typed, shown, opens_list) in TRIES.items():
            term.press(typed)
            if term.wait_for(shows(re_escape_line(typed)), 10) is None:
                raise RuntimeError(f"could not type {typed}:\n{term.text}")
            term.settle(0.15)
            pressed = term.press("tab")
            if term.wait_for(shown, 10) is None:
                raise RuntimeError(f"{typed} + Tab never showed its completion:\n{term.text}")
            times[name].append((term.last_arrival - pressed) * 1000)
            term.settle(0.15)
            if opens_list:
                term.press(ESCAPE)
                term.settle(0.25)
            term.press(CLEAR_LINE)
            term.settle(0.15)
    term.press("np.exp")  # help on a name, and the shape panel, once each: their memory counts too
    term.settle(0.2)
    term.press("\x0e")  # Ctrl+N
    term.wait_for(shows(r"exp\("), 10)
    term.press("\x1b")
    term.settle(0.3)
    term.press("\x1b[17~")  # F6
    term.wait_for(shows(r"w\s+\(3, 1\) float64"), 10)
    term.settle(0.3)
    after_kb = rss_kb([kernel]) if kernel else 0
    return {
        "times_ms": times,
        "kernel_rss_mb_before": round(before_kb / 1024, 2),
        "kernel_rss_mb_after": round(after_kb / 1024, 2),
        "kernel_growth_mb": round((after_kb - before_kb) / 1024, 2),
    }


def re_escape_line(typed: str) -> str:
    """The screen shows ``typed`` followed by a space or a line end."""
    return re.escape(typed) + r"(\s|$)"


def kernel_only(runs: int) -> list[float]:
    """``editor.complete`` for ``np.zeros_l`` through ``Kernel.call`` alone (milliseconds)."""

    async def run() -> list[float]:
        async with Kernel() as kernel:
            await kernel.start()
            arguments = {"code": "np.zeros_l", "line": 0, "column": 10}
            for _ in range(5):
                await kernel.call("editor.complete", arguments, namespace="bench")
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                result = await kernel.call("editor.complete", arguments, namespace="bench")
                times.append((time.perf_counter() - start) * 1000)
                assert result.value == {"prefix": "zeros_l", "items": [["zeros_like", "function"]], "own": 0}
            return times

    return asyncio.run(run())


def summary(values: list[float]) -> Result:
    return {
        "n": len(values),
        "median": round(statistics.median(values), 1),
        "p95": round(percentile(values, 0.95) or 0.0, 1),
        "max": round(max(values), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="tries of each kind")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    session = measure(args.runs)
    every = [value for name, values in session["times_ms"].items() if name != BASELINE for value in values]
    result = {
        "benchmark": "completion",
        "size": [80, 24],
        "machine": machine(),
        "tab_to_screen_ms": {name: summary(values) for name, values in session["times_ms"].items()},
        "tab_to_screen_ms_all": summary(every),
        "kernel_only_complete_ms": summary(kernel_only(200)),
        "kernel_rss_mb": {
            "after_the_cell": session["kernel_rss_mb_before"],
            "after_completion_help_shapes": session["kernel_rss_mb_after"],
            "growth": session["kernel_growth_mb"],
        },
        "targets": TARGETS,
        "raw_ms": session["times_ms"],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    m = result["machine"]
    load = m["load_average_1_5_15_min"]
    print(f"80x24 pty, {args.runs} tries each, on {m['nproc']} x {m['cpu']}, load {load}")
    for name, row in result["tab_to_screen_ms"].items():
        figures = f"median {row['median']:6.1f} ms   p95 {row['p95']:6.1f} ms   max {row['max']:6.1f} ms"
        print(f"  {name:40} {figures}")
    every_row = result["tab_to_screen_ms_all"]
    print(f"  {'all':40} median {every_row['median']:6.1f} ms   p95 {every_row['p95']:6.1f} ms")
    print(f"  kernel API alone: median {result['kernel_only_complete_ms']['median']} ms")
    rss = result["kernel_rss_mb"]
    after = rss["after_completion_help_shapes"]
    print(f"  kernel RSS {rss['after_the_cell']} MB -> {after} MB ({rss['growth']:+} MB)")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
