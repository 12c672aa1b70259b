"""A class of 30 as the teacher sees it: simulated students, the real teacher's console in an 80x24 pty.

Each simulated student is a process with its own uid (62001, 62002, ...: no
account needed, so this runs as root) holding a real ``ClassLink``, as the app
does, paced by ``tui.classroom.pacing`` exactly as the app is. What it
simulates is a learner's rhythm: typing in bursts (a key every ~0.8 s for ~20 s,
then ~15 s of reading), running a cell every ~30 s, checking an answer every
~90 s, moving to another lesson every ~5 minutes.

Part 1, the console (``python -m tui teach DIR``, as root, in a pty):
- first 20 s of the class working with no hand raised: the console's CPU and
  the bytes it sends then;
- every ~2 s the driver has a random student raise a hand with a unique question
  and times how long until that question is on the console's screen (then has
  the hand lowered again): median, 95th percentile and maximum;
- the console's CPU (percent of one core) and resident memory over the run, and
  the bytes it sends to the teacher's terminal;
- how many records the class wrote per second.

Part 2, a student's keys (``--keys``): the real app in a pty, with and without
``--class``, scrolling a lesson with j / k; each key timed until the screen
changed. The class features should add nothing measurable.

    sudo python benchmarks/classroom.py [--students 30] [--seconds 60] [--keys 60]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import select
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.harness.measure import machine, percentile
from tests.harness.processes import cpu_seconds, rss_kb, tree
from tests.harness.pty import Term, changed, shows
from tui.classroom.layout import init_class
from tui.classroom.link import ClassLink
from tui.classroom.pacing import Pacer
from tui.classroom.records import Check, Hand, Record, Working
from tui.i18n import all_strings

RESULTS = Path(__file__).resolve().parent / "results" / "classroom.json"
FIRST_UID = 62001
TARGET_LATENCY_S = 1.0
QUIET_SECONDS = 20.0
"""First the class works for this long with no hand raised (the console's cost then)."""

CODE = "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n\nw, b = initialize_with_zeros(dim)\n"


# ----------------------------------------------------------------- a simulated student
def simulate(index: int, path: Path, control: int, report: int, seed: int) -> None:
    """The body of one student's process: drop to its uid, join, and live a learner's rhythm."""
    uid = FIRST_UID + index
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    link = ClassLink.join(path)
    link.start(lambda news: None)
    rng = random.Random(seed)
    pacer = Pacer()
    clock = time.monotonic
    started = time.time()
    lesson, attempts, solved = rng.randint(1, 12), 0, rng.randint(0, 6)
    code, output = CODE, ""
    check: Check | None = None
    hand: Hand | None = None
    last_key = started
    since = started
    typing_until = clock() + rng.expovariate(1 / 20)
    next_key = clock() + rng.expovariate(1 / 0.8)
    next_run = clock() + rng.expovariate(1 / 30)
    next_check = clock() + rng.expovariate(1 / 90)
    next_lesson = clock() + rng.expovariate(1 / 300)
    due: float | None = 0.0
    commands = b""
    while True:
        wake = min(next_key, next_run, next_check, next_lesson, math.inf if due is None else due)
        ready, _, _ = select.select([control], [], [], max(0.0, wake - clock()))
        if ready:
            data = os.read(control, 4096)
            if not data:
                break
            commands += data
            *lines, commands = commands.split(b"\n")
            quit = False
            for line in lines:
                word, _, rest = line.decode().partition(" ")
                if word == "hand":
                    hand = Hand(rest, time.time())
                elif word == "lower":
                    hand = None
                elif word == "quit":
                    quit = True
            if quit:
                break
        now = clock()
        if now >= next_key:
            if now < typing_until:
                code += rng.choice("abcdefghij ()+-*/\n")
                last_key = time.time()
                next_key = now + rng.expovariate(1 / 0.8)
            else:  # reading: the next burst starts later
                typing_until = now + 15 + rng.expovariate(1 / 20)
                next_key = now + 15
        if now >= next_run:
            output = f"cost after {rng.randint(1, 2000)} iterations: {rng.random():.6f}\n" * 5
            next_run = now + rng.expovariate(1 / 30)
        if now >= next_check:
            attempts += 1
            passed = rng.randint(0, 3)
            check = Check(
                "sigmoid", "passed" if passed == 3 else "failed", passed, 3, "sigmoid(0) is 0.0", time.time()
            )
            solved += passed == 3
            next_check = now + rng.expovariate(1 / 90)
        if now >= next_lesson:
            lesson, code, since = rng.randint(1, 12), CODE, time.time()
            next_lesson = now + rng.expovariate(1 / 300)
        record = Record(
            lesson=lesson,
            cell="sigmoid",
            solved=solved,
            attempts=attempts,
            check=check,
            exercise=Working("sigmoid", since, 0, False, 1, 3),
            hand=hand,
            last_active=last_key,
            code=code[-4000:],
            output=output,
            started=started,
        )
        wait = pacer.wait(record, now)
        if wait == 0:
            link.publish(replace(record, updated=time.time()))
            pacer.published(record, now)
            due = None
        else:
            due = None if wait is None else now + wait
    link.close()
    os.write(report, json.dumps({"writes": link.writes, "failed": link.failed_writes}).encode() + b"\n")


def spawn(count: int, path: Path, seed: int) -> list[tuple[int, int, int]]:
    """``count`` student processes: (pid, control pipe, report pipe) each."""
    all_strings()  # the children cannot read this interpreter's files once they change uid
    students = []
    for index in range(count):
        control_r, control_w = os.pipe()
        report_r, report_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            os.close(control_w)
            os.close(report_r)
            code = 0
            try:
                simulate(index, path, control_r, report_w, seed + index)
            except BaseException as error:  # say why and leave
                print(f"student {index}: {error!r}", file=sys.stderr)
                code = 1
            os._exit(code)
        os.close(control_r)
        os.close(report_w)
        students.append((pid, control_w, report_r))
    return students


def stop(students: list[tuple[int, int, int]]) -> list[dict[str, int]]:
    stats = []
    for _, control, _ in students:
        with contextlib.suppress(OSError):
            os.write(control, b"quit\n")
    for pid, control, report in students:
        with contextlib.suppress(OSError):
            os.close(control)
        ready, _, _ = select.select([report], [], [], 10)
        if ready:
            with contextlib.suppress(ValueError):
                stats.append(json.loads(os.read(report, 4096) or b"{}"))
        os.close(report)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    return stats


# ----------------------------------------------------------------------- part 1
def console(count: int, seconds: float, seed: int) -> dict[str, Any]:
    base = Path(tempfile.mkdtemp(prefix="nnb-classroom-bench-", dir="/tmp"))
    os.chmod(base, 0o755)
    students: list[tuple[int, int, int]] = []
    term: Term | None = None
    try:
        found = init_class(base / "class")
        students = spawn(count, found.path, seed)
        term = Term([sys.executable, "-m", "tui", "teach", str(found.path)], 80, 24)
        if term.wait_for(shows(rf"{count} students"), 60) is None:
            raise RuntimeError(f"the console never showed {count} students:\n{term.text}")
        term.settle(quiet=1.0, limit=10)
        pids = tree(term.process.pid)
        # The class works and nobody raises a hand: what the console costs then.
        cpu_before, bytes_before, started = cpu_seconds(pids), term.bytes, time.perf_counter()
        while time.perf_counter() - started < QUIET_SECONDS:
            term.pump(0.05)
        quiet_cpu = (cpu_seconds(pids) - cpu_before) / QUIET_SECONDS
        quiet_bytes = (term.bytes - bytes_before) / QUIET_SECONDS
        # Hands go up and down, every two seconds or so.
        cpu_before, bytes_before, started = cpu_seconds(pids), term.bytes, time.perf_counter()
        rng = random.Random(seed)
        latencies, missed = [], 0
        number = 0
        while time.perf_counter() - started < seconds:
            number += 1
            question = f"q{number:04d}z"
            _, control, _ = students[rng.randrange(count)]
            sent = time.perf_counter()
            os.write(control, f"hand {question}\n".encode())
            shown = term.wait_for(shows(question), 10)
            if shown is None:
                missed += 1
            else:
                latencies.append(term.last_arrival - sent)
            os.write(control, b"lower\n")
            pause_until = time.perf_counter() + rng.uniform(1.0, 3.0)
            while time.perf_counter() < pause_until:
                term.pump(0.05)
        elapsed = time.perf_counter() - started
        cpu = cpu_seconds(pids) - cpu_before
        memory = rss_kb(pids) / 1024
        sent_bytes = term.bytes - bytes_before
    finally:
        if term is not None:
            term.close()
        stats = stop(students)
        shutil.rmtree(base, ignore_errors=True)
    writes = sum(stat.get("writes", 0) for stat in stats)
    return {
        "students": count,
        "seconds": round(elapsed, 1),
        "hands_timed": len(latencies),
        "hands_missed": missed,
        "latency_median_s": statistics.median(latencies) if latencies else None,
        "latency_p95_s": percentile(latencies, 0.95),
        "latency_max_s": max(latencies, default=None),
        "target_s": TARGET_LATENCY_S,
        "console_cpu_percent_of_one_core": round(100 * cpu / elapsed, 1),
        "console_rss_mb": round(memory, 1),
        "console_bytes_per_s": round(sent_bytes / elapsed),
        "quiet_seconds": QUIET_SECONDS,
        "quiet_console_cpu_percent_of_one_core": round(100 * quiet_cpu, 1),
        "quiet_console_bytes_per_s": round(quiet_bytes),
        "class_writes_per_s": round(writes / elapsed, 2),
        "failed_writes": sum(stat.get("failed", 0) for stat in stats),
        "student_processes_reporting": len(stats),
    }


# ----------------------------------------------------------------------- part 2
def key_latency(keys: int, class_path: Path | None, data: Path) -> list[float]:
    """Seconds from each j / k to the screen changing, in a lesson, for one app."""
    extra = ["--class", str(class_path)] if class_path else []
    term = Term(
        [sys.executable, "-m", "tui", "--no-mouse", "--lesson", "1", *extra],
        80,
        24,
        env={"NN_BASICS_DATA_DIR": str(data)},
    )
    try:
        if term.wait_for(shows("kernel ready"), 60) is None:
            raise RuntimeError(f"the app never became ready:\n{term.text}")
        term.settle(quiet=1.0, limit=10)
        times = []
        for number in range(keys):
            condition = changed(term)
            sent = term.press("j" if number % 2 == 0 else "k")
            seconds = term.wait_for(condition, 5)
            if seconds is not None:
                times.append(term.last_arrival - sent)
            term.settle(quiet=0.15, limit=2)
        return times
    finally:
        term.close()


def student_keys(keys: int) -> dict[str, Any]:
    base = Path(tempfile.mkdtemp(prefix="nnb-classroom-bench-", dir="/tmp"))
    os.chmod(base, 0o755)
    try:
        found = init_class(base / "class")
        rounds: dict[str, list[float]] = {"without_class": [], "with_class": []}
        for _ in range(3):  # alternate, so the machine's load falls on both alike
            for name, path in (("without_class", None), ("with_class", found.path)):
                data = base / f"data-{name}"
                data.mkdir(exist_ok=True)
                rounds[name] += key_latency(max(keys // 3, 2), path, data)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    result: dict[str, Any] = {}
    for name, times in rounds.items():
        result[name] = {
            "keys": len(times),
            "median_ms": round(1000 * statistics.median(times), 1) if times else None,
            "p95_ms": round(1000 * (percentile(times, 0.95) or 0), 1),
        }
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to time raised hands")
    parser.add_argument("--keys", type=int, default=60, help="keys per app in part 2 (0: skip it)")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    if os.geteuid() != 0:
        print("Simulated students need uids of their own: run this as root.", file=sys.stderr)
        return 2
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    results: dict[str, Any] = {"machine": machine()}
    results["console"] = console(args.students, args.seconds, args.seed)
    print(json.dumps(results["console"], indent=2))
    if args.keys:
        results["student_keys"] = student_keys(args.keys)
        print(json.dumps(results["student_keys"], indent=2))
    results["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
