"""A class over SSH: N learners logged in to this machine at once, each with their own app + kernel.

Every session is a real ``ssh -tt`` login (80x24 pty) to a private sshd whose
ForceCommand starts the app in kiosk mode, with its own data dir (one per seat, as
with one account per student). Logins arrive a little staggered, as a class does.
Each session opens lesson 1 and runs its first cell; once *all* sessions are up,
each presses a sequence of keys at a human pace (scrolling, n/p between lessons,
editing and running a one-line cell) and we time every key: from writing it to the
arrival of the output that makes the screen show what it should.

Design targets: 95th-percentile key latency < 200 ms with 30 sessions on 2 cores;
30 logins 0.3 s apart reach the first screen in < 1 s (median), < 2 s (p95).
Caveat, reported in the JSON: the 30 ssh clients and this driver run on the same
cores as the server side; in a real class the clients are on the learners' machines.

Memory is taken with the whole class logged in: RSS (shared pages counted in every
process) and PSS (shared pages divided among the processes that map them: summed
over all sessions, it is the memory the class really uses).

Capacity (``--server-cpus 0 --sessions 4 8 12 ...``): sshd, and so every app and
kernel, is pinned to the given CPUs and this driver and the ssh clients to the
others, and the class runs once per number of sessions: how many sessions one core
holds before the 95th percentile crosses 200 ms.

``--kernel-start`` and ``--kernel-nice`` pass NN_BASICS_KERNEL_START and
NN_BASICS_KERNEL_NICE to the apps (see tui/app.py), to compare when the kernel
starts and how far it gives way to the apps; ``--setup-pause`` waits between the setup steps
(0: every learner presses Enter, Tab and Ctrl+R as soon as the screen allows).

    python benchmarks/ssh_class.py [--sessions 30] [--stagger 0.3] [--think 2.0 0.8]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import select
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import lessons
from tests.harness.login_server import LoginServer, login_server
from tests.harness.measure import load, machine, percentile
from tests.harness.processes import cpu_seconds, memory_mb, served_seats, tree, with_environment
from tests.harness.pty import (
    Condition,
    Term,
    changed,
    compile_bytecode,
    first_cell_output,
    in_editor,
    lesson_shown,
    row_is,
    shows,
)
from tests.harness.sshd import Sshd, app_command, sshd

RESULTS = Path(__file__).resolve().parent / "results" / "ssh_class.json"
TARGET_P95_MS = 200.0
STEP_LIMIT = 60.0
"""Seconds a session may wait for one expected screen before it counts as failed."""


@dataclass
class Step:
    """One key and the screen it should lead to (the condition is built just before the key)."""

    label: str
    key: str | None  # None: nothing to press, only wait (the first screen)
    expect: Callable[[Term], Condition]


@dataclass
class Session:
    """One learner: their terminal, where they are in the script, and what each key took."""

    seat: int
    term: Term
    steps: list[Step]
    setup_steps: int
    phase: str = "setup"  # setup -> barrier (waits for the whole class) -> keys -> done | failed
    index: int = 0
    condition: Condition | None = None
    pressed: float = 0.0
    next_at: float = 0.0
    times: list[tuple[str, float, bool]] = field(default_factory=list)  # (step, seconds, in setup?)
    error: str = ""
    screen: list[str] = field(default_factory=list)  # what a failed session showed last

    def press_next(self) -> None:
        step = self.steps[self.index]
        self.condition = step.expect(self.term)  # before the key: `changed` needs the old screen
        self.pressed = self.term.press(step.key) if step.key else self.term.started

    def check(self, now: float, pause: float) -> None:
        """Record the step once its screen is there (next key after ``pause`` s); fail past the limit."""
        if self.condition is None or self.phase == "barrier":
            return
        step = self.steps[self.index]
        if self.condition(self.term):
            self.times.append((step.label, self.term.last_arrival - self.pressed, self.phase == "setup"))
            self.index += 1
            self.condition = None
            self.next_at = now + pause
            if self.index == self.setup_steps:
                self.phase = "barrier"
            elif self.index == len(self.steps):
                self.phase = "done"
        elif self.term.closed or now - self.pressed > STEP_LIMIT:
            self.phase = "failed"
            self.error = f"{step.label}: {'the session closed' if self.term.closed else 'timed out'}"
            self.screen = [row.rstrip() for row in self.term.rows]


def in_cell(code_line: str) -> Condition:
    """The first cell's editor has the focus and its code is on screen."""
    return lambda term: in_editor(term) and code_line in term.text


def setup_steps(course: list[lessons.Lesson]) -> list[Step]:
    """Log in, open lesson 1, Tab into its first cell and run it (kernel start included)."""
    first = course[0]
    code_line = first.cells[0].code.splitlines()[0].strip()[:40]
    output = first_cell_output(first.cells[0].code)
    return [
        Step("first screen", None, lambda t: shows(r"\b01 .*\b12 ")),
        Step("open lesson 1", "enter", lambda t: lesson_shown(first.label, t)),
        Step("tab into the first cell", "tab", lambda t: in_cell(code_line)),
        Step(
            "first run (kernel start included)",
            "ctrl+r",
            lambda t: lambda term: any(x in term.text for x in output),
        ),
    ]


def key_steps(course: list[lessons.Lesson]) -> list[Step]:
    """What every learner does once the whole class is in: the keys whose latency we report."""

    def lesson(number: int) -> Callable[[Term], Condition]:
        target = course[number - 1]
        return lambda t: lesson_shown(target.label, t)

    def typed(prefix: str) -> Callable[[Term], Condition]:
        return lambda t: row_is(r"1\s+" + re.escape(prefix))  # the cell's only line, after its number

    return [
        Step("escape (leave the editor)", "escape", changed),
        *[Step("down (scroll)", "down", changed) for _ in range(3)],
        Step("n (first visit)", "n", lesson(2)),
        *[Step("down (scroll)", "down", changed) for _ in range(2)],
        Step("n (first visit)", "n", lesson(3)),
        Step("p (visited)", "p", lesson(2)),
        Step("p (visited)", "p", lesson(1)),
        Step("n (visited)", "n", lesson(2)),
        Step("p (visited)", "p", lesson(1)),
        Step("tab (into the cell)", "tab", changed),
        Step("f7 (select all)", "f7", changed),
        *[Step("typing", char, typed("6*7"[: i + 1])) for i, char in enumerate("6*7")],
        Step("ctrl+r (run 6*7 until 42 shows)", "ctrl+r", lambda t: row_is("42")),
    ]


REFERENCE_COMMAND = "printf 'READY\\n'; read line"
"""The reference login: sshd, ssh and a shell that prints one line, nothing of the app."""


def reference_logins(args: argparse.Namespace) -> dict[str, object]:
    """What the logins alone cost at the class's pace: ``args.sessions`` logins ``args.stagger``
    apart to a command that prints one line; milliseconds from starting ssh to that line."""
    with sshd(REFERENCE_COMMAND, cpus=args.server_cpus) as server:
        begin = time.perf_counter()
        starts = [begin + seat * args.stagger for seat in range(args.sessions)]
        terms: list[Term] = []
        times: dict[int, float] = {}
        while len(times) < args.sessions and time.perf_counter() - begin < 120:
            now = time.perf_counter()
            while len(terms) < args.sessions and now >= starts[len(terms)]:
                terms.append(Term(server.client()))
            waiting = [t for i, t in enumerate(terms) if i not in times and not t.closed]
            ready, _, _ = select.select([t.fd for t in waiting], [], [], 0.02)
            for seat, term in enumerate(terms):
                if term.fd in ready and term.read() and seat not in times and "READY" in term.text:
                    times[seat] = term.last_arrival - term.started
        for term in terms:
            term.press(b"\r")
            term.close()
    return {
        "sessions": args.sessions,
        "stagger_s": args.stagger,
        "to_first_line_ms": summary([seconds * 1000 for seconds in times.values()]),
    }


def run_class(args: argparse.Namespace) -> dict[str, object]:
    course = lessons.load("en")
    setup, keys = setup_steps(course), key_steps(course)
    env = {"NN_BASICS_KERNEL_START": args.kernel_start} if args.kernel_start else {}
    if args.kernel_nice is not None:
        env["NN_BASICS_KERNEL_NICE"] = str(args.kernel_nice)
    env.update(variable.split("=", 1) for variable in args.app_env)
    with contextlib.ExitStack() as stack:
        data = stack.enter_context(tempfile.TemporaryDirectory(prefix="nn-basics-class-"))
        seat_dir = f"{shlex.quote(data)}/seat-${{NN_BENCH_SEAT:-0}}"  # one data dir per seat
        global LOGIN_SERVER
        served = login_server(cpus=args.server_cpus, seats_per_account=args.sessions)  # one account here
        LOGIN_SERVER = stack.enter_context(served) if args.server else None
        if LOGIN_SERVER is not None:
            env["NN_BASICS_SERVER"] = str(LOGIN_SERVER.socket)
        command = app_command(seat_dir, env=env)
        server = stack.enter_context(sshd(command, accept_env="NN_BENCH_SEAT", cpus=args.server_cpus))
        return drive(server, setup, keys, args)


def drive(server: Sshd, setup: list[Step], keys: list[Step], args: argparse.Namespace) -> dict[str, object]:
    """Log the class in, run everyone's script in one select loop, measure, log everyone out."""
    rng = random.Random(args.seed)
    sessions: list[Session] = []
    load_before = load()
    begin = time.perf_counter()
    starts = [begin + seat * args.stagger for seat in range(args.sessions)]
    keys_started: float | None = None
    cpu_before: dict[str, float] = {}
    while True:
        now = time.perf_counter()
        while len(sessions) < args.sessions and now >= starts[len(sessions)]:
            session = Session(len(sessions), Term(server.client(len(sessions))), [*setup, *keys], len(setup))
            sessions.append(session)
            session.press_next()
        everyone = len(sessions) == args.sessions
        if keys_started is None and everyone and all(s.phase in ("barrier", "failed") for s in sessions):
            keys_started = now  # the whole class is in: from here on every key counts
            cpu_before = cpu_snapshot(server, sessions)
            for session in sessions:
                if session.phase == "barrier":
                    session.phase = "keys"
                    session.next_at = now + rng.uniform(0.0, args.think)
        live = [s for s in sessions if s.phase in ("setup", "barrier", "keys")]
        if everyone and not live:
            break
        for session in live:
            if session.phase != "barrier" and session.condition is None and now >= session.next_at:
                session.press_next()
        waits = [s.next_at - now for s in live if s.condition is None and s.phase != "barrier"]
        if not everyone:
            waits.append(starts[len(sessions)] - now)
        ready, _, _ = select.select([s.term.fd for s in live], [], [], max(0.0, min([0.02, *waits])))
        chunks = [(s, s.term.read_raw()) for s in live if s.term.fd in ready]  # stamp arrivals first
        for session, data in chunks:
            session.term.feed(data)
        now = time.perf_counter()
        fed = {session.seat for session, _ in chunks}
        for session in live:  # a screen only changes when output arrives: check just those (and timeouts)
            if session.seat in fed or now - session.pressed > STEP_LIMIT:
                if session.phase == "setup":
                    pause = rng.uniform(args.setup_pause / 2, args.setup_pause * 1.5)
                else:
                    pause = rng.uniform(args.think / 2, args.think * 1.5)
                session.check(now, pause)
    wall = time.perf_counter() - (keys_started or begin)
    memory = measure_memory(server, sessions)
    cpu_after = cpu_snapshot(server, sessions)
    leftovers = quit_all(sessions)
    loads = {"load_before": load_before, "load_after": load()}
    return report(args, sessions, memory, cpu_before, cpu_after, wall, leftovers, loads)


LOGIN_SERVER: LoginServer | None = None
"""The login server of the class run, with ``--server``."""


def seat_pids(seat: int) -> set[int]:
    """The app and kernel of one seat (the seat number is in their environment); with a
    login server, the login and the server's seat on its terminal."""
    pids = with_environment(f"NN_BENCH_SEAT={seat}".encode())
    if LOGIN_SERVER is not None:
        pids |= served_seats(LOGIN_SERVER.pid, pids)
    return pids


def measure_memory(server: Sshd, sessions: list[Session]) -> dict[str, object]:
    """RSS and PSS of every seat's processes (app, kernel, and the judge if one started), with
    the whole class logged in; the UI processes alone; and sshd's side."""
    per_seat = [seat_pids(s.seat) for s in sessions]
    apps = [{pid for pid in pids if _is_app(pid)} for pids in per_seat]
    seats = [memory_mb(pids) for pids in per_seat]
    uis = [memory_mb(pids) for pids in apps]
    sshd_side = memory_mb(tree(server.process.pid) - set().union(*per_seat))
    result: dict[str, object] = {"processes_per_session": [len(pids) for pids in per_seat]}
    if LOGIN_SERVER is not None:  # paid once for the whole class
        result.update({f"login_server_{kind}_mb": mb for kind, mb in memory_mb([LOGIN_SERVER.pid]).items()})
    for kind in ("rss", "pss"):
        values = [seat[kind] for seat in seats]
        result[f"app_plus_kernel_{kind}_mb_per_session"] = values
        result[f"app_plus_kernel_{kind}_mb_mean"] = round(statistics.mean(values), 1) if values else None
        result[f"app_plus_kernel_{kind}_mb_sum"] = round(sum(values), 1)
        ui = [seat[kind] for seat in uis]
        result[f"ui_{kind}_mb_mean"] = round(statistics.mean(ui), 1) if ui else None
        result[f"sshd_{kind}_mb_sum"] = sshd_side[kind]
    return result


def _is_app(pid: int) -> bool:
    """The UI process (``-m tui``), not a kernel or judge (``-m tui.sandbox``)."""
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"tui" in words and b"tui.sandbox" not in words


def cpu_snapshot(server: Sshd, sessions: list[Session]) -> dict[str, float]:
    apps = set().union(*(seat_pids(s.seat) for s in sessions))
    times = os.times()
    return {
        "apps_and_kernels": cpu_seconds(apps),
        "sshd": cpu_seconds(tree(server.process.pid) - apps),
        "ssh_clients": cpu_seconds({s.term.process.pid for s in sessions}),
        "driver": times.user + times.system,
    }


def quit_all(sessions: list[Session]) -> int:
    """Ctrl+Q every session and wait for the logins to end; how many seat processes are left."""
    for session in sessions:
        if not session.term.closed:
            session.term.press("ctrl+q")
    deadline = time.perf_counter() + 30
    for session in sessions:
        while not session.term.closed and time.perf_counter() < deadline:
            session.term.pump(0.05)
    for session in sessions:
        session.term.close()
    time.sleep(1.0)
    return sum(len(seat_pids(s.seat)) for s in sessions)


def report(
    args: argparse.Namespace,
    sessions: list[Session],
    memory: dict[str, object],
    before: dict[str, float],
    after: dict[str, float],
    wall: float,
    leftovers: int,
    loads: dict[str, list[float]],
) -> dict[str, object]:
    by_step: dict[str, list[float]] = {}
    for session in sessions:
        for label, seconds, _ in session.times:
            by_step.setdefault(label, []).append(seconds * 1000)
    key_ms = [seconds * 1000 for s in sessions for _, seconds, setup in s.times if not setup]
    cpu = {name: round(after[name] - before.get(name, 0.0), 1) for name in after}
    return {
        "sessions": args.sessions,
        "stagger_s": args.stagger,
        "think_s": args.think,
        "setup_pause_s": args.setup_pause,
        "kernel_start": args.kernel_start or "default",
        "kernel_nice": "default" if args.kernel_nice is None else args.kernel_nice,
        "login_server": bool(args.server),
        "app_env": args.app_env,
        "server_cpus": sorted(args.server_cpus) if args.server_cpus else "all",
        "keys_per_second_class": round(sum(not setup for s in sessions for _, _, setup in s.times) / wall, 1),
        "machine": machine(),
        **loads,
        "key_latency_ms": summary(key_ms),
        "target_p95_ms": TARGET_P95_MS,
        "by_step_ms": {label: summary(values) for label, values in by_step.items()},
        "failures": [
            {"seat": s.seat, "error": s.error, "screen": s.screen} for s in sessions if s.phase != "done"
        ],
        "memory": memory,
        "keys_phase_s": round(wall, 1),
        "cpu_seconds_during_keys": cpu,
        "cpu_busy_during_keys": round(sum(cpu.values()) / (wall * (os.cpu_count() or 1)), 2),
        "leftover_processes_after_quit": leftovers,
        "caveat": "the ssh clients and this driver share the server's cores (their CPU time is listed)",
    }


def summary(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "median": None, "p95": None, "max": None}
    return {
        "n": len(values),
        "median": round(statistics.median(values), 1),
        "p95": round(percentile(values, 0.95) or 0.0, 1),
        "max": round(max(values), 1),
    }


def print_table(result: dict[str, Any]) -> None:
    m = result["machine"]
    cpus = result["server_cpus"]
    print(
        f"{result['sessions']} SSH sessions at once on {m['nproc']} x {m['cpu']}, {m['ram_gb']} GB RAM"
        f"{'' if cpus == 'all' else f' (server side on CPUs {cpus})'}; "
        f"a key every {result['think_s']} s per learner on average; "
        f"kernel start: {result['kernel_start']}, nice: {result['kernel_nice']}; "
        f"login server: {'yes' if result['login_server'] else 'no'}"
    )
    print(f"load average before {result['load_before']}, after {result['load_after']}")
    print(f"{'step':42} {'n':>5} {'median ms':>10} {'p95 ms':>10} {'max ms':>10}")
    rows = {"EVERY KEY, whole class running": result["key_latency_ms"], **result["by_step_ms"]}
    for label, s in rows.items():
        print(f"{label:42} {s['n']:>5} {fmt(s['median'])} {fmt(s['p95'])} {fmt(s['max'])}")
    p95 = result["key_latency_ms"]["p95"]
    verdict = "met" if p95 is not None and p95 < TARGET_P95_MS else "MISSED"
    print(f"target: p95 key latency < {TARGET_P95_MS:.0f} ms -> {verdict}")
    mem = result["memory"]
    for kind in ("rss", "pss"):
        print(
            f"memory ({kind.upper()}): app + kernel {mem[f'app_plus_kernel_{kind}_mb_mean']} MB per session "
            f"(mean; UI {mem[f'ui_{kind}_mb_mean']}), {mem[f'app_plus_kernel_{kind}_mb_sum']} MB in all; "
            f"sshd {mem[f'sshd_{kind}_mb_sum']} MB in all"
        )
    failures = result["failures"]
    print(f"failures: {len(failures)}", *(f"seat {f['seat']}: {f['error']}" for f in failures))
    print(
        f"CPU seconds during the {result['keys_phase_s']} s of keys: {result['cpu_seconds_during_keys']} "
        f"(cores {result['cpu_busy_during_keys']:.0%} busy)"
    )
    print(f"processes left after everyone quit: {result['leftover_processes_after_quit']}")


def fmt(value: float | None) -> str:
    return f"{value:>10.1f}" if value is not None else f"{'-':>10}"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--sessions", type=int, nargs="+", default=[30], help="learners; one class run per value (capacity)"
    )
    parser.add_argument("--stagger", type=float, default=0.3, help="seconds between two logins")
    parser.add_argument(
        "--think",
        type=float,
        nargs="+",
        default=[2.0, 0.8],
        help="mean seconds between a learner's keys; one class run per value (default: 2.0 0.8)",
    )
    parser.add_argument("--setup-pause", type=float, default=0.0, help="mean seconds between setup steps")
    parser.add_argument("--kernel-start", metavar="WHEN", help="NN_BASICS_KERNEL_START for the apps")
    parser.add_argument("--kernel-nice", type=int, metavar="N", help="NN_BASICS_KERNEL_NICE for the apps")
    parser.add_argument(
        "--server-cpus",
        type=lambda text: {int(cpu) for cpu in text.split(",")},
        help="pin sshd, the apps and kernels to these CPUs (e.g. 0), the driver and clients to the rest",
    )
    parser.add_argument(
        "--server", action="store_true", help="log in through a login server (python -m tui serve)"
    )
    parser.add_argument(
        "--app-env", action="append", default=[], metavar="NAME=VALUE", help="more environment for the apps"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.server_cpus:
        rest = set(range(os.cpu_count() or 1)) - args.server_cpus
        if not rest:
            parser.error("--server-cpus must leave a CPU for the driver and the ssh clients")
        os.sched_setaffinity(0, rest)  # the ssh clients inherit it
    compile_bytecode()
    load_before = load()
    reference = reference_logins(argparse.Namespace(**{**vars(args), "sessions": max(args.sessions)}))
    line: dict[str, Any] = reference["to_first_line_ms"]  # type: ignore[assignment]
    print(
        f"reference: {reference['sessions']} ssh logins to a one-line command: "
        f"median {line['median']} ms, p95 {line['p95']} ms\n"
    )
    runs = []
    for sessions in args.sessions:
        for think in args.think:
            result = run_class(argparse.Namespace(**{**vars(args), "think": think, "sessions": sessions}))
            print_table(result)
            print()
            runs.append(result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "benchmark": "ssh_class",
        "machine": machine(),
        "load_before": load_before,
        "load_after": load(),
        "reference_logins": reference,
        "runs": runs,
    }
    args.out.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
