"""The app in a real terminal, against Textual's own demo measured in the same run.

Everything goes through a pseudo-terminal at 80x24 (ptyprocess + pyte, see
``benchmarks/ptyterm.py``), the way a learner over SSH sees it:

- time to the first screen, bytes sent for it, idle bytes per second and the
  resident memory of the process tree (app + kernel), each also for
  ``python -m textual`` (its demo), and reported as ratios ours / demo;
- lesson switches with n / p: to lessons already visited, to lessons not visited
  yet but built in the background while the learner read the previous one (a
  one-second pause), and to lessons not visited and not built yet (n pressed as
  soon as the previous switch showed);
- the trivial cell round trip: a one-cell lesson (``--lessons DIR``) whose cell is
  ``1+1``, run with Ctrl+R until ``2`` is on screen (then ``2+1`` until ``3``, and
  so on: the cell is edited with F7 and typing between runs, untimed), and, for
  reference, the same round trip through the kernel API alone.

- Escape against Enter: Escape (back to the lesson list) and Enter (into the lesson
  again) alternately, with Textual's default ``ESCDELAY`` and with ``ESCDELAY=25``;
- memory (RSS and PSS, see ``tests.harness.processes.memory_kb``) of the app and its kernel on the
  first screen, at the first lesson once its first cell has run, after the tour,
  and after a visit to every lesson.

Wall time on a busy machine says as much about the neighbours as about the app, so
the first screen is also measured in CPU seconds of the UI process (user + system
until the screen showed), for ours and the demo's: their ratio holds under load.
The load average is recorded before and after.

Each measurement is repeated (``--runs``) and the medians are reported.
Design targets: first paint at most half the demo's; lesson switch < 50 ms;
trivial cell round trip < 30 ms; idle 0 B/s; app + kernel <= 60 MB at the first
lesson and <= 75 MB after every lesson.

    python benchmarks/terminal.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import lessons
from tests.harness.login_server import LoginServer, login_server
from tests.harness.measure import load, machine, percentile
from tests.harness.processes import cpu_seconds, memory_mb, served_seats, tree
from tests.harness.pty import (
    Term,
    app_with_lesson,
    changed,
    compile_bytecode,
    first_cell_output,
    in_editor,
    lesson_shown,
    row_is,
    shows,
)
from tui.kernel import Kernel

Result = dict[str, Any]

RESULTS = Path(__file__).resolve().parent / "results" / "terminal.json"
DEMO_READY = r"What is Textual\?.*palette"
"""The demo's first screen: its home page heading and, on the last row, the footer."""
APP_READY = r"\b01 .*\b12 .*\^q Quit"
"""Ours: the lesson list down to lesson 12, and the key bar (its last key, Quit) on the last row."""
IDLE_SECONDS = 3.0
SETTLE_SECONDS = 1.5
TINY_LESSON = "---\nid: trivial\ntitle: Trivial\n---\n\nOne cell.\n\n```python cell id=sum\n1+1\n```\n"
TARGETS = {
    "first_screen_cpu_ratio": 0.5,
    "lesson_switch_ms": 50.0,
    "cell_round_trip_ms": 30.0,
    "idle_bytes_per_s": 0.0,
    "memory_mb_first_lesson": 60.0,
    "memory_mb_all_lessons": 75.0,
}
ESCAPE_PAIRS = 6
"""Escape / Enter pairs per run and per ESCDELAY."""


SERVER: LoginServer | None = None
"""The login server of the served runs (None: the app runs in the login's own process)."""


def ui_processes(term: Term) -> set[int]:
    """The UI of ``term``: the app, or with a login server the login and its seat."""
    if SERVER is None:
        return {term.process.pid}
    return {term.process.pid} | {pid for pid in served_seats(SERVER.pid, {term.process.pid}) if _is_seat(pid)}


def _is_seat(pid: int) -> bool:
    try:
        return b"serve" in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False


def all_processes(term: Term) -> set[int]:
    """The UI and its kernel (and judge)."""
    return set().union(*(tree(pid) for pid in ui_processes(term)))


def first_screen(command: list[str], ready: str, env: dict[str, str] | None = None) -> tuple[Term, Result]:
    """Start ``command`` and measure its first screen; the terminal is left running."""
    term = Term(command, env=env)
    seconds = term.wait_for(shows(ready), 60)
    if seconds is None:
        term.close()
        raise RuntimeError(f"{command} never showed its first screen:\n{term.text}")
    ready_at = term.last_arrival - term.started
    cpu = cpu_seconds(ui_processes(term))  # a tick (10 ms) late at most: the frame just arrived
    term.settle(quiet=0.1, limit=1.0)  # the rest of that frame
    return term, {"first_screen_s": ready_at, "first_screen_cpu_s": cpu, "first_screen_bytes": term.bytes}


def memory(term: Term, prefix: str = "") -> Result:
    """RSS and PSS (MB) of the process tree (app + kernel, and the judge if one runs) and of the UI."""
    whole, ui = memory_mb(all_processes(term)), memory_mb(ui_processes(term))
    return {
        f"{prefix}rss_mb": whole["rss"],
        f"{prefix}pss_mb": whole["pss"],
        f"{prefix}rss_mb_main_process": ui["rss"],
        f"{prefix}pss_mb_main_process": ui["pss"],
    }


def idle_and_memory(term: Term) -> Result:
    """Bytes per second written while nobody types, and the process tree's memory."""
    term.settle(quiet=SETTLE_SECONDS, limit=15)
    before, start = term.bytes, time.perf_counter()
    while time.perf_counter() - start < IDLE_SECONDS:
        if not term.pump(0.05):
            break
    idle = (term.bytes - before) / IDLE_SECONDS
    return {"idle_bytes_per_s": idle, **memory(term)}


def measure_demo() -> Result:
    term, result = first_screen([sys.executable, "-m", "textual"], DEMO_READY)
    try:
        result.update(idle_and_memory(term))
    finally:
        term.close()
    return result


def measure_app(course: list[lessons.Lesson], output: list[str]) -> Result:
    """First screen, idle and memory, then a tour of lessons with n and p, then every lesson."""
    with tempfile.TemporaryDirectory() as data:  # fresh progress: the app starts on the lesson list
        env = {"NN_BASICS_DATA_DIR": data}
        if SERVER is not None:
            env["NN_BASICS_SERVER"] = str(SERVER.socket)
        term, result = first_screen([sys.executable, "-I", "-m", "tui", "--no-mouse"], APP_READY, env)
        try:
            result.update(idle_and_memory(term))  # a kernel started meanwhile counts
            opened = switch(term, "enter", course[0])
            term.settle(quiet=1.0, limit=6)
            run_first_cell(term, course, output)
            result.update(memory(term, "first_lesson_"))
            result["switch_ms"] = tour(term, course, opened)
            lesson = idle_and_memory(term)
            result["idle_bytes_per_s_in_a_lesson"] = lesson["idle_bytes_per_s"]
            result.update({f"after_tour_{key}": value for key, value in lesson.items() if "mb" in key})
            result["escape_ms"], result["enter_ms"] = escape_and_enter(term)
            visit_every_lesson(term, course)
            result.update(memory(term, "all_lessons_"))
            term.press("ctrl+q")
            result["quit_ok"] = term.wait_exit(10)
        finally:
            term.close()
    return result


def run_first_cell(term: Term, course: list[lessons.Lesson], output: list[str]) -> None:
    """Tab into lesson 1's first cell, run it and wait for its output (then it counts as used)."""
    code_line = course[0].cells[0].code.splitlines()[0].strip()[:40]
    term.press("tab")
    if term.wait_for(lambda t: code_line in t.text and in_editor(t), 10) is None:
        raise RuntimeError(f"Tab did not reach the first cell:\n{term.text}")
    term.press("ctrl+r")
    if term.wait_for(lambda t: any(line in t.text for line in output), 60) is None:
        raise RuntimeError(f"the first cell never showed its output:\n{term.text}")
    term.settle(quiet=SETTLE_SECONDS, limit=15)
    term.press("escape")  # back to reading, as before
    term.settle(quiet=0.5, limit=5)


def escape_and_enter(term: Term, pairs: int = ESCAPE_PAIRS) -> tuple[list[float], list[float]]:
    """In a lesson: Escape (the lesson list comes back) then Enter (the lesson again), timed."""
    escapes, enters = [], []
    for _ in range(pairs):
        for key, times in (("escape", escapes), ("enter", enters)):
            condition = changed(term)
            pressed = term.press(key)
            if term.wait_for(condition, 10) is None:
                raise RuntimeError(f"{key} changed nothing:\n{term.text}")
            times.append((term.last_arrival - pressed) * 1000)
            term.settle(quiet=0.3, limit=5)
    return escapes, enters


def visit_every_lesson(term: Term, course: list[lessons.Lesson]) -> None:
    """Open every lesson the tour did not (n from where it stopped, then from lesson 1 with p)."""
    current = next(i for i, lesson in enumerate(course) if lesson.label[:24] in term.rows[0])
    for index in range(current + 1, len(course)):
        switch(term, "n", course[index])
        term.settle(quiet=0.5, limit=10)


def measure_escape(delay: str | None) -> Result:
    """Escape / Enter in lesson 1 of a fresh app with ``ESCDELAY=delay`` (None: Textual's default)."""
    course = lessons.load("en")
    with tempfile.TemporaryDirectory() as data:
        env = {"NN_BASICS_DATA_DIR": data, **({"ESCDELAY": delay} if delay else {})}
        term, _ = first_screen([sys.executable, "-m", "tui", "--no-mouse"], APP_READY, env)
        try:
            switch(term, "enter", course[0])
            term.settle(quiet=1.0, limit=10)
            escapes, enters = escape_and_enter(term)
        finally:
            term.close()
    return {"escape_ms": escapes, "enter_ms": enters}


def switch(term: Term, key: str, lesson: lessons.Lesson) -> float:
    condition = lesson_shown(lesson.label, term)
    pressed = term.press(key)
    seconds = term.wait_for(condition, 30)
    if seconds is None:
        raise RuntimeError(f"{key} never showed {lesson.label}:\n{term.text}")
    return (term.last_arrival - pressed) * 1000


def tour(term: Term, course: list[lessons.Lesson], opened_ms: float) -> dict[str, list[float]]:
    """From lesson 1 (opened from the list in ``opened_ms``), n/p through lessons 2-7:
    visited, prebuilt and cold first visits."""
    times: dict[str, list[float]] = {"open from the list": [opened_ms]}
    times.update({"visited": [], "first visit": [], "cold": []})

    def go(key: str, number: int, kind: str, pause: float = 1.0) -> None:
        times[kind].append(switch(term, key, course[number - 1]))
        term.settle(quiet=pause, limit=pause + 5)  # reading: background work settles

    go("n", 2, "first visit")
    go("n", 3, "first visit")
    go("p", 2, "visited")
    go("p", 1, "visited")
    go("n", 2, "visited")
    go("n", 3, "visited")
    go("n", 4, "first visit", pause=0.0)
    go("n", 5, "cold")  # pressed as soon as 4 showed: nothing was built in the background
    go("n", 6, "first visit", pause=0.0)
    go("n", 7, "cold")
    go("p", 6, "visited")
    go("p", 5, "visited")
    go("n", 6, "visited")
    return times


def measure_cell(runs: int) -> list[float]:
    """Ctrl+R on ``1+1`` until ``2`` shows, then on ``2+1`` until ``3``, ... (milliseconds)."""
    with tempfile.TemporaryDirectory() as folder:
        term = app_with_lesson(folder, TINY_LESSON)
        try:
            if term.wait_for(shows(r"kernel ready"), 60) is None:
                raise RuntimeError(f"the kernel never became ready:\n{term.text}")
            term.press("tab")
            term.settle(0.3)
            times = []
            for left in range(1, runs + 1):
                if left > 1:  # edit the cell (untimed): select all, type the next sum
                    term.press("f7")
                    term.settle(0.2)
                    term.press(f"{left}+1")
                    if term.wait_for(row_is(rf"1\s+{left}\+1"), 10) is None:
                        raise RuntimeError(f"could not type {left}+1:\n{term.text}")
                    term.settle(0.3)
                condition = row_is(str(left + 1))
                pressed = term.press("ctrl+r")
                if term.wait_for(condition, 30) is None:
                    raise RuntimeError(f"{left}+1 never showed {left + 1}:\n{term.text}")
                times.append((term.last_arrival - pressed) * 1000)
                term.settle(0.3)
            return times
        finally:
            term.close()


def kernel_round_trip(runs: int) -> list[float]:
    """The same cell through the kernel API alone, no UI and no terminal (milliseconds)."""

    async def run() -> list[float]:
        async with Kernel() as k:
            await k.start()
            for _ in range(5):
                await k.run("1+1")
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                result = await k.run("1+1")
                times.append((time.perf_counter() - start) * 1000)
                assert result.stdout == "2\n", result
            return times

    return asyncio.run(run())


def med(values: list[float]) -> float | None:
    return round(statistics.median(values), 3) if values else None


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="repeats of every measurement")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    compile_bytecode()
    load_before = load()
    course = lessons.load("en")
    output = first_cell_output(course[0].cells[0].code)
    demo_runs, app_runs, escape_runs = [], [], {"default": [], "25": []}
    served_runs = []
    global SERVER
    with login_server() as server:
        for _ in range(args.runs):  # interleaved, so drift in the machine's load hits all alike
            demo_runs.append(measure_demo())
            app_runs.append(measure_app(course, output))
            SERVER = server
            served_runs.append(measure_app(course, output))
            SERVER = None
            escape_runs["25"].append(measure_escape("25"))
    cell = measure_cell(max(args.runs * 3, 10))
    kernel = kernel_round_trip(200)

    def median_of(runs: list[Result], key: str) -> float | None:
        return med([run[key] for run in runs])

    switches: dict[str, list[float]] = {}
    for run in app_runs:
        for kind, values in run["switch_ms"].items():
            switches.setdefault(kind, []).extend(values)
    every_switch = [
        value for kind, values in switches.items() if kind != "open from the list" for value in values
    ]
    lists = ("switch_ms", "quit_ok", "escape_ms", "enter_ms")
    demo = {key: median_of(demo_runs, key) for key in demo_runs[0]}
    ours = {key: median_of(app_runs, key) for key in app_runs[0] if key not in lists}
    served = {key: median_of(served_runs, key) for key in served_runs[0] if key not in lists}
    served_switches: dict[str, list[float]] = {}
    for run in served_runs:
        for kind, values in run["switch_ms"].items():
            served_switches.setdefault(kind, []).extend(values)

    def ratio(key: str) -> float | None:
        if not demo.get(key) or ours.get(key) is None:
            return None
        return round(ours[key] / demo[key], 2)

    ratios = {
        key: ratio(key)
        for key in ("first_screen_s", "first_screen_cpu_s", "first_screen_bytes", "rss_mb", "pss_mb")
    }
    escape_runs["default"] = [{"escape_ms": r["escape_ms"], "enter_ms": r["enter_ms"]} for r in app_runs]
    escape = {
        f"ESCDELAY={delay}": {
            key: summary([value for run in runs for value in run[key]]) for key in ("escape_ms", "enter_ms")
        }
        for delay, runs in escape_runs.items()
    }
    kernel_only = {"n": len(kernel), "median": med(kernel), "p95": percentile(kernel, 0.95)}
    result = {
        "benchmark": "terminal",
        "size": [80, 24],
        "runs": args.runs,
        "machine": machine(),
        "load_before": load_before,
        "load_after": load(),
        "demo": demo,
        "app": ours,
        "ratio_app_over_demo": ratios,
        "served": served,
        "ratio_served_over_demo": {
            key: round(served[key] / demo[key], 2) if demo.get(key) and served.get(key) is not None else None
            for key in ("first_screen_s", "first_screen_cpu_s", "first_screen_bytes", "rss_mb", "pss_mb")
        },
        "served_lesson_switch_ms": {
            kind: {"n": len(values), "median": med(values), "max": round(max(values), 1)}
            for kind, values in served_switches.items()
        },
        "lesson_switch_ms": {
            kind: {"n": len(values), "median": med(values), "max": round(max(values), 1)}
            for kind, values in switches.items()
        },
        "lesson_switch_ms_all_n_p": {"n": len(every_switch), "median": med(every_switch)},
        "cell_round_trip_ms": {
            "n": len(cell),
            "median": med(cell),
            "p95": percentile(cell, 0.95),
            "first_1_plus_1": round(cell[0], 1),
        },
        "kernel_only_round_trip_ms": kernel_only,
        "escape_vs_enter_ms": escape,
        "quit_ok": all(run["quit_ok"] for run in app_runs),
        "targets": TARGETS,
        "raw": {
            "demo": demo_runs,
            "app": app_runs,
            "served": served_runs,
            "escape_25": escape_runs["25"],
            "cell_ms": cell,
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print_table(result)
    print(f"written to {args.out}")


def summary(values: list[float]) -> dict[str, float | int | None]:
    return {
        "n": len(values),
        "median": med(values),
        "p95": None if not values else round(percentile(values, 0.95) or 0.0, 1),
    }


def print_table(r: Result) -> None:
    m = r["machine"]
    print(f"80x24 pty, medians of {r['runs']} runs, on {m['nproc']} x {m['cpu']} ({m['ram_gb']} GB)")
    print(f"load average before {r['load_before']}, after {r['load_after']}")
    print(f"{'':38} {'nn-basics':>10} {'textual demo':>13} {'ratio':>7}")
    rows = [
        ("time to first screen (s)", "first_screen_s"),
        ("  CPU of the UI until then (s)", "first_screen_cpu_s"),
        ("bytes for the first screen", "first_screen_bytes"),
        ("idle bytes/s (first screen)", "idle_bytes_per_s"),
        ("RSS, app + kernel (MB)", "rss_mb"),
        ("PSS, app + kernel (MB)", "pss_mb"),
        ("  RSS of the UI process alone (MB)", "rss_mb_main_process"),
        ("  PSS of the UI process alone (MB)", "pss_mb_main_process"),
    ]
    for label, key in rows:
        ratio = r["ratio_app_over_demo"].get(key)
        print(
            f"{label:38} {r['app'][key]:>10.3f} {r['demo'][key]:>13.3f} "
            f"{'' if ratio is None else f'{ratio:.2f}':>7}"
        )
    app = r["app"]
    print(f"{'idle bytes/s (in a lesson)':38} {app['idle_bytes_per_s_in_a_lesson']:>10.3f}")
    for label, prefix in (
        ("first lesson, its cell run", "first_lesson_"),
        ("after the tour (7 lessons)", "after_tour_"),
        ("after every lesson", "all_lessons_"),
    ):
        rss, pss = app[prefix + "rss_mb"], app[prefix + "pss_mb"]
        rss_ui, pss_ui = app[prefix + "rss_mb_main_process"], app[prefix + "pss_mb_main_process"]
        name = "memory, " + label
        print(f"{name:38} RSS {rss:.1f} MB (UI {rss_ui:.1f}), PSS {pss:.1f} MB (UI {pss_ui:.1f})")
    for kind, s in r["lesson_switch_ms"].items():
        print(f"{'lesson switch, ' + kind + ' (ms)':38} {s['median']:>10.1f}   (n={s['n']}, max {s['max']})")
    c, k = r["cell_round_trip_ms"], r["kernel_only_round_trip_ms"]
    print(f"{'trivial cell round trip (ms)':38} {c['median']:>10.1f}   (n={c['n']}, p95 {c['p95']:.1f})")
    print(f"{'  same, kernel API only (ms)':38} {k['median']:>10.2f}   (n={k['n']}, p95 {k['p95']:.2f})")
    for setting, keys in r["escape_vs_enter_ms"].items():
        e, n = keys["escape_ms"], keys["enter_ms"]
        label = setting + ": Escape / Enter (ms)"
        print(f"{label:38} {e['median']:>10.1f} / {n['median']:.1f}   (n={e['n']})")
    print(f"quit with Ctrl+Q ends the app: {r['quit_ok']}")
    served, ratios = r["served"], r["ratio_served_over_demo"]
    print("through a login server (python -m tui serve; the UI is the login and its seat):")
    for label, key in rows[:3] + rows[4:]:
        ratio = ratios.get(key)
        print(f"  {label:36} {served[key]:>10.3f} {'' if ratio is None else f'{ratio:.2f}':>21}")
    for label, prefix in (
        ("first lesson, its cell run", "first_lesson_"),
        ("after every lesson", "all_lessons_"),
    ):
        rss, pss = served[prefix + "rss_mb"], served[prefix + "pss_mb"]
        print(f"  {'memory, ' + label:36} RSS {rss:.1f} MB, PSS {pss:.1f} MB")
    for kind, s in r["served_lesson_switch_ms"].items():
        print(
            f"  {'lesson switch, ' + kind + ' (ms)':36} {s['median']:>10.1f}   (n={s['n']}, max {s['max']})"
        )


if __name__ == "__main__":
    main()
