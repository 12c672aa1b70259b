"""Runs cells like a notebook: persistent namespaces, the last expression displayed,
tracebacks trimmed to the learner's own lines.

Cells run on the main thread so SIGINT (timeout, Stop) raises KeyboardInterrupt in
them; the handler raises only while a cell runs, so a stray SIGINT between cells
cannot kill the kernel.
"""

from __future__ import annotations

import ast
import itertools
import linecache
import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from typing import Any

from tui.i18n import set_language, t
from tui.sandbox import lifeline, limits, reaper
from tui.sandbox.calls import CallContext, lookup
from tui.sandbox.outbox import Outbox
from tui.sandbox.plotting import Plots
from tui.sandbox.protocol import MAX_ERROR, to_json
from tui.sandbox.streams import CappedStream, NoInput

CELL_PREFIX = "<cell-"
"""Filenames of compiled cells; only these frames appear in tracebacks."""

CPU_MARGIN = 5.0
"""CPU seconds beyond a cell's timeout before RLIMIT_CPU kills the kernel."""

MAX_FRAMES = 100
"""Frames of a traceback that are looked at (the outermost ones): formatting the
RecursionError of a very deep recursion frame by frame would take longer than the cell."""


class Runner:
    """Holds the namespaces and runs one cell at a time on the main thread."""

    def __init__(self, outbox: Outbox, plots: Plots, preset: dict[str, Any], memory_limit: int) -> None:
        self._outbox = outbox
        self._output = CappedStream(outbox)
        self._stdin = NoInput()
        self._plots = plots
        self._preset = preset  # what every new namespace starts with: np, plot helpers
        self._memory_limit = memory_limit
        self._namespaces: dict[str, dict[str, Any]] = {}
        self._private: dict[str, Any] = {"__name__": "__main__", **preset}
        """The namespace of kernel functions called without a lesson namespace."""
        self._cells = itertools.count(1)
        self._running = False
        self._pid = os.getpid()
        signal.signal(signal.SIGINT, self._on_sigint)
        os.register_at_fork(after_in_child=self._forked)

    def run(self, command: dict[str, Any]) -> dict[str, Any]:
        """Run one cell; returns the "done" message after its output and plots are sent."""
        namespace = self._namespace(command["ns"])
        return self._perform(command, lambda: self._execute(command["code"], namespace))

    def call(self, command: dict[str, Any]) -> dict[str, Any]:
        """Call a kernel function (``tui.sandbox.calls``); its result travels in "done" as "value".

        It runs like a cell (output captured, Stop and time limit apply), so a
        learner's function called by the grader cannot hang the kernel either.
        """
        name = command.get("ns")
        namespace = self._namespace(name) if isinstance(name, str) else self._private
        arguments = command.get("args") or {}
        result: dict[str, Any] = {}

        def body() -> None:
            function = lookup(str(command["fn"]))
            context = CallContext(namespace, self._outbox.ask)
            value = function(context, **arguments)
            result["value"] = to_json(value)  # JSON-able, or an error here

        done = self._perform(command, body)
        if done["status"] == "ok":
            done["value"] = result.get("value")
        return done

    def _namespace(self, name: str) -> dict[str, Any]:
        namespace = self._namespaces.get(name)
        if namespace is None:
            namespace = self._namespaces[name] = {"__name__": "__main__", **self._preset}
        return namespace

    def _perform(self, command: dict[str, Any], body: Callable[[], None]) -> dict[str, Any]:
        """Run ``body`` as the command ``command`` asks: captured output, limits, a "done" message."""
        self._outbox.run_id = command["id"]
        set_language(command.get("lang", "en"))  # notes and errors in the learner's language
        sys.stdout = sys.stderr = self._output  # a cell may have replaced them
        sys.stdin = self._stdin
        self._output.begin(command["limit"])
        self._plots.begin()
        self._rearm()
        limits.cpu_budget(command["timeout"] + CPU_MARGIN)
        error = None
        started = time.perf_counter()
        try:
            try:
                self._running = True
                body()
            finally:
                self._running = False
        except BaseException as exc:  # learner code may raise anything, SystemExit too
            error = self._describe(exc)
        elapsed = time.perf_counter() - started
        if os.getpid() != self._pid:
            self._leave_fork(error)
        reaper.kill_tree(self._pid)  # nothing a cell starts outlives it
        reaper.reap(self._pid)
        notes = self._plots.flush()
        truncated = self._output.end()
        self._outbox.flush()
        return {
            "t": "done",
            "id": command["id"],
            "status": "ok" if error is None else "error",
            "error": error,
            "elapsed": elapsed,
            "truncated": truncated,
            "notes": notes,
        }

    def _execute(self, code: str, namespace: dict[str, Any]) -> None:
        filename = f"{CELL_PREFIX}{next(self._cells)}>"
        linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
        module = ast.parse(code, filename, "exec")
        tail = module.body[-1] if module.body else None
        last = tail if isinstance(tail, ast.Expr) else None
        if last is not None:
            module.body.pop()  # evaluated apart, so that its value can be shown
        exec(compile(module, filename, "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), filename, "eval"), namespace)
            if value is not None:
                self._output.write(repr(value) + "\n")

    def _describe(self, exc: BaseException) -> str:
        report = traceback.TracebackException.from_exception(exc, limit=MAX_FRAMES)
        _trim(report)
        text = "".join(report.format()).rstrip("\n")
        if len(text) > MAX_ERROR:  # e.g. raise ValueError("x" * 10**8): the message must stay small
            text = text[:MAX_ERROR] + "\n" + t("kernel.error_truncated")
        if isinstance(exc, MemoryError):
            text += "\n" + t("kernel.memory", size=_size(self._memory_limit))
        if isinstance(exc, RecursionError):
            text += "\n" + t("kernel.recursion", depth=f"{sys.getrecursionlimit():,}")
        return text

    def _rearm(self) -> None:
        """The kernel's own signal handlers, again: an earlier cell may have replaced or
        ignored them (and a cell that ignores SIGINT must not make the next unstoppable)."""
        signal.signal(signal.SIGINT, self._on_sigint)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
        limits.rearm()
        lifeline.rearm()

    def _on_sigint(self, signum: int, frame: object) -> None:
        if self._running:
            raise KeyboardInterrupt

    def _forked(self) -> None:
        """In a process the learner forked: write straight to the raw output pipe."""
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__

    def _leave_fork(self, error: str | None) -> None:
        """A forked copy finished the cell: it must not answer the parent as the kernel."""
        if error is not None:
            print(error, file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0 if error is None else 1)


def _trim(report: traceback.TracebackException) -> None:
    """Keep only frames of cells, in this exception and every chained one."""
    pending, seen = [report], set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        current.stack = traceback.StackSummary.from_list(
            [frame for frame in current.stack if frame.filename.startswith(CELL_PREFIX)]
        )
        chained = (current.__cause__, current.__context__, *(current.exceptions or ()))
        pending.extend(other for other in chained if other is not None)


def _size(limit: int) -> str:
    if limit >= 2**30:
        return f"{limit / 2**30:g} GiB"
    return f"{limit / 2**20:g} MiB"
