"""The kernel: one persistent child Python process per app that runs learner cells.

The UI process never imports NumPy and never blocks on the child. It talks to
``python -m tui.sandbox`` over three pipes (commands in, JSON-line messages out,
raw fd 1/2 output out; see ``tui.sandbox.protocol``) with non-blocking reads on
the event loop. Whatever the learner's code does (loops forever, swallows
KeyboardInterrupt, segfaults, exhausts memory, prints escape sequences), ``run``
returns a ``CellResult`` and the kernel is usable again afterwards::

    async with Kernel(timeout=5.0) as k:
        result = await k.run("a = np.arange(5)\\na.shape")      # a learner's cell
        shape = await k.call("widgets.broadcast", {"a": [4, 3], "b": [3]})   # data in, data out

``run`` runs learner code; ``call`` calls a kernel function by name
(``tui.sandbox.calls``) with JSON arguments and returns its JSON result as
``CellResult.value``. No other Python source is ever sent.

Each child lives in its own pids cgroup where one can be made (``max_processes``
tasks at most, whoever runs it; see ``tui.sandbox.cgroups``), else under
RLIMIT_NPROC; ``k.process_bound`` says which: "cgroup", "rlimit" or "none".
The child and everything it starts share one memory limit (``tree_memory``): a
memory cgroup where one can be made, else the parent watches the tree while a cell
runs (``tui.watchdog``); ``k.memory_bound`` says which: "cgroup" or "watchdog".
The files in the kernel's own working directory are bounded too (``disk_limit``).
With ``confine`` (kiosk mode) the child confines itself with Landlock
(``tui.sandbox.landlock``); ``k.confined`` is the Landlock ABI in force, 0 if none.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import itertools
import json
import os
import pwd
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tui import watchdog
from tui.figures import MAX_FIGURES, MAX_NOTES, Figure, shorten
from tui.i18n import language, t
from tui.sandbox import cgroups, reaper
from tui.sandbox.protocol import LOST_PIPE_EXIT, MAX_LINE, LineDecoder, clip, encode, tokens

Status = Literal["ok", "error", "timeout", "crashed"]
State = Literal["starting", "ready", "running", "restarted", "stopped"]
Bound = Literal["cgroup", "rlimit", "none"]
MemoryBound = Literal["cgroup", "watchdog"]

ROOT = Path(__file__).resolve().parent.parent
"""The directory holding the ``tui`` and ``lessons`` packages (on the child's path)."""

DEFAULT_MEMORY_LIMIT = 1024**3
"""RLIMIT_AS of the child (address space, not RSS). The interpreter and NumPy map
~100 MB (~140 MB once BLAS has run); the rest leaves the lessons' arrays (tens of
MB at most) a wide margin, while an 8 GiB ``bytearray`` or a 50000x50000 array
fails with MemoryError."""

DEFAULT_TREE_MEMORY = 1024**3
"""Memory (resident, bytes) the kernel and every process it starts may use together:
one learner's share, whatever number of processes a cell starts."""

FILE_SIZE_LIMIT = 64 * 1024**2
"""RLIMIT_FSIZE of the child: no file it writes grows past this."""

DISK_LIMIT = 256 * 1024**2
"""Disk the files in the kernel's own working directory may take together (the only
place a confined kernel may write). Checked after each cell and every second of one."""

GRACE = 1.0
"""Seconds a cell gets to stop after SIGINT before its process group is killed."""

START_TIMEOUT = 60.0
"""Seconds to wait for a new child to import NumPy (a class may start 30 at once)."""

EXIT_TIMEOUT = 5.0
"""Seconds to wait for a SIGKILLed child to be reaped before giving up on it."""

CGROUP_EXIT_WAIT = 1.0
"""Seconds ``kill_now`` (no event loop) waits for a cgroup's members to exit to remove it."""

RESTARTED = "kernel.note.restarted"
"""Catalogue key of the note on a run whose kernel had to be restarted (``t(RESTARTED)``)."""

_CANCELLED = ("cancel", "restart", "shutdown")
"""Why a run can be stopped on request; ``kernel.cancel.<reason>`` says it in words."""

_OVER = ("memory", "disk")
"""Why the kernel stops a cell that went over one learner's share; ``kernel.over_<reason>``."""

_READ_SIZE = 65536

BYTE_RATE = 32 * 1024**2
TOKEN_RATE = 100_000
"""How much the UI reads from a kernel's message pipe per second: bytes, and JSON
separators (what parsing costs, see ``protocol.MAX_TOKENS``). Together they keep a
flood of messages to a fraction of the UI's time. A real kernel sends far less (a
plot goes out at most 15 times a second, output is capped at 64 KB a cell); one
that sends more is merely slowed down by the full pipe."""

_RATE_WINDOW = 0.1
"""Seconds over which the rates are measured; reading pauses for the rest of a window
whose budget is spent."""

RAW_READS = 4
"""Reads of the raw output pipe per event-loop turn (it can be written faster than read)."""

DRAIN_READS = 64
"""Reads per pipe when draining a child that exited (a grandchild may still be writing)."""

EVENT_INTERVAL = 1 / 30
"""Seconds between the events of one run passed to the UI: output and figure updates
arriving faster are merged (the first goes out at once)."""
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def sanitize(text: str) -> str:
    """Make learner output safe to show: control characters become visible text.

    Only newline and tab survive; CR and CRLF become newlines; ESC shows as the four
    characters ``\\x1b``, so no escape sequence ever reaches the terminal. Lone
    surrogates (unencodable) become U+FFFD.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(_visible, text)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return "\ufffd" if code >= 0xD800 else f"\\x{code:02x}"


class KernelError(RuntimeError):
    """Why the child could not start (``start`` raises it; ``run`` reports it instead)."""


@dataclass(frozen=True)
class OutputEvent:
    """Text the running cell printed (already sanitised)."""

    text: str


@dataclass(frozen=True)
class PlotEvent:
    """Figure number ``index`` of the running cell was created or updated."""

    index: int
    figure: Figure


Event = OutputEvent | PlotEvent


@dataclass(frozen=True)
class CellResult:
    """What one run produced. ``elapsed`` is execution time measured in the child, or
    wall time for timeout, cancel and crash; ``cancelled`` marks a user's Stop."""

    status: Status
    stdout: str = ""
    error: str | None = None
    plots: list[Figure] = field(default_factory=list)
    elapsed: float = 0.0
    truncated: bool = False
    notes: list[str] = field(default_factory=list)
    cancelled: bool = False
    value: Any = None
    """What a kernel function returned (``Kernel.call``): untrusted JSON data."""


Answerer = Callable[[dict[str, Any]], Awaitable[Any]]
"""Answers a running call's request to the parent (``Kernel.call(on_request=...)``)."""


class _Child:
    """One child process and the parent's ends of its pipes."""

    def __init__(
        self,
        process: asyncio.subprocess.Process,
        command_fd: int,
        message_fd: int,
        raw_fd: int,
        on_message: Callable[[_Child, dict[str, Any]], None],
        on_raw: Callable[[_Child, bytes], None],
        groups: list[Path] | None = None,
        marker: str = "",
        uid: int | None = None,
    ) -> None:
        self.process = process
        self.pid = process.pid
        self.groups = list(groups or [])  # its cgroups (pids first), removed once empty
        self.memory_group: Path | None = None  # the one holding its memory limit, if any
        self.marker = marker  # in its environment and its descendants' (reaper.MARKER)
        self.uid = uid  # the user it runs as
        self._loop = asyncio.get_running_loop()
        self._command_fd, self._message_fd, self._raw_fd = command_fd, message_fd, raw_fd
        for fd in (command_fd, message_fd, raw_fd):
            os.set_blocking(fd, False)
        self._on_message, self._on_raw = on_message, on_raw
        self._decoder = LineDecoder()
        self._budget, self._window = 0.0, 0.0  # reading time left in the current rate window
        self._paused: asyncio.TimerHandle | None = None
        self._closed = False
        self._pending = b""  # command bytes the pipe did not take yet
        self.ready: asyncio.Future[bool] = self._loop.create_future()
        self.fresh = True  # no cell has run in it
        self.watcher: asyncio.Task[None] | None = None  # settles the exit (Kernel._watch)
        self.log = b""  # the tail of raw output while no cell runs (start-up errors)
        self._loop.add_reader(message_fd, self._read_messages)
        self._loop.add_reader(raw_fd, self.read_raw)

    @property
    def alive(self) -> bool:
        return self.process.returncode is None and self.ready.done() and self.ready.result()

    def send(self, message: dict[str, Any]) -> None:
        self._pending += encode(message)
        self._write()

    def _write(self) -> None:
        try:
            written = os.write(self._command_fd, self._pending)
        except BlockingIOError:
            written = 0
        except OSError:  # the child is gone; its exit is handled by the watcher
            self._pending = b""
            written = 0
        self._pending = self._pending[written:]
        if self._pending:
            self._loop.add_writer(self._command_fd, self._write)
        else:
            self._loop.remove_writer(self._command_fd)

    @property
    def dropped_lines(self) -> int:
        """Message lines dropped for being longer than the protocol allows."""
        return self._decoder.dropped

    def _read_messages(self) -> None:
        data = _read(self._message_fd)
        if data is None:
            self._loop.remove_reader(self._message_fd)
            return
        self._deliver(data)
        now = self._loop.time()
        if now >= self._window:
            self._window, self._budget = now + _RATE_WINDOW, _RATE_WINDOW
        self._budget -= len(data) / BYTE_RATE + tokens(data) / TOKEN_RATE
        if self._budget <= 0 and self._paused is None:  # spent: pause until the window ends
            self._loop.remove_reader(self._message_fd)
            self._paused = self._loop.call_at(self._window, self._resume)

    def _resume(self) -> None:
        self._paused = None
        if not self._closed:
            self._loop.add_reader(self._message_fd, self._read_messages)

    def _deliver(self, data: bytes) -> None:
        for message in self._decoder.feed(data):
            self._on_message(self, message)

    def read_raw(self, reads: int = RAW_READS) -> None:
        """Pass on raw fd 1/2 output that is waiting, at most ``reads`` chunks of it."""
        for _ in range(reads):
            data = _read(self._raw_fd)
            if data is None:
                self._loop.remove_reader(self._raw_fd)
                return
            if not data:
                return
            self._on_raw(self, data)

    def drain(self) -> None:
        """Deliver what is still in the pipes after the process exited (a bounded amount:
        a surviving grandchild could keep writing)."""
        self.read_raw(DRAIN_READS)
        for _ in range(DRAIN_READS):
            data = _read(self._message_fd)
            if not data:
                break
            self._deliver(data)

    @property
    def group(self) -> Path | None:
        return self.groups[0] if self.groups else None

    def interrupt(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGINT)

    def kill(self) -> None:
        """SIGKILL the child and everything below it (stopped first, so nothing forks
        meanwhile: ``reaper.kill_tree``), its process group (it leads it) and everything
        in its cgroup.

        Also right after the child died on its own: then what it started was handed to
        init, and is found by the marker in its environment (``reaper.sweep``).
        """
        reaper.kill_tree(self.pid, include_root=True)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        for group in self.groups:
            cgroups.kill(group)
        if self.process.returncode is not None and self.marker:
            reaper.sweep(self.marker, uid=self.uid)

    async def remove_group(self) -> None:
        """Kill what is left in the child's cgroups and remove them, once their members have exited."""
        deadline = time.monotonic() + EXIT_TIMEOUT
        while self.groups:
            for group in self.groups:
                cgroups.kill(group)
            self.groups = [group for group in self.groups if not cgroups.remove(group)]
            if time.monotonic() > deadline:
                self.groups = []
            elif self.groups:
                await asyncio.sleep(0.01)

    def clear_groups(self) -> None:
        """``remove_group`` without an event loop (blocking a little)."""
        for group in self.groups:
            cgroups.clear(group, CGROUP_EXIT_WAIT)
        self.groups = []

    def close(self) -> None:
        self._closed = True
        if self._paused is not None:
            self._paused.cancel()
        self._loop.remove_writer(self._command_fd)
        for fd in (self._message_fd, self._raw_fd):
            self._loop.remove_reader(fd)
        for fd in (self._command_fd, self._message_fd, self._raw_fd):
            os.close(fd)


def _read(fd: int) -> bytes | None:
    """Non-blocking read: bytes, b"" when nothing is waiting, None at EOF."""
    try:
        return os.read(fd, _READ_SIZE) or None
    except BlockingIOError:
        return b""


class _Run:
    """The cell being run: its output, figures and how it ended."""

    def __init__(
        self,
        run_id: int,
        child: _Child,
        on_event: Callable[[Event], None] | None,
        limit: int,
        timeout: float,
        on_request: Answerer | None = None,
    ) -> None:
        loop = asyncio.get_running_loop()
        self.id, self.child, self.timeout = run_id, child, timeout
        self.dropped_before = child.dropped_lines
        self.oom_before = cgroups.oom_kills(child.memory_group) if child.memory_group is not None else 0
        self._on_event = on_event
        self._on_request = on_request
        self._answering: set[asyncio.Task[None]] = set()
        self.parts: list[str] = []
        self._room = limit
        self.truncated = False
        self.figures: dict[int, Figure] = {}
        self._loop = loop
        self._pending_text: list[str] = []  # events not passed to the UI yet (EVENT_INTERVAL)
        self._pending_figures: dict[int, Figure] = {}
        self._last_emit = -EVENT_INTERVAL
        self._flush: asyncio.TimerHandle | None = None
        self.raw = codecs.getincrementaldecoder("utf-8")("replace")
        self.started = time.monotonic()
        # The "done" message, or None when the child died first.
        self.finished: asyncio.Future[dict[str, Any] | None] = loop.create_future()
        # Why the kernel is stopping the cell: "cancel", "restart" or "shutdown".
        self.stop: asyncio.Future[str] = loop.create_future()
        self.completed: asyncio.Future[None] = loop.create_future()

    def request_stop(self, reason: str) -> None:
        if not self.stop.done():
            self.stop.set_result(reason)

    def add_text(self, text: str) -> None:
        if self.truncated or not text:
            return
        chunk, size = clip(text, self._room)
        self._room -= size
        self.truncated = len(chunk) < len(text)
        if chunk:
            chunk = sanitize(chunk)
            self.parts.append(chunk)
            self._pending_text.append(chunk)
            self._schedule()

    def add_plot(self, message: dict[str, Any]) -> None:
        """Take a figure from a "plot" message; anything malformed is ignored."""
        index = message.get("index")
        if not isinstance(index, int) or not 0 <= index < MAX_FIGURES:
            return
        if index not in self.figures and len(self.figures) >= MAX_FIGURES:
            return
        try:
            figure = _clean(Figure.from_dict(message.get("figure")))
        except (ValueError, TypeError, OverflowError, RecursionError):
            return  # learner code wrote garbage on the protocol pipe
        self.figures[index] = figure
        self._pending_figures[index] = figure
        self._schedule()

    def _schedule(self) -> None:
        """Pass pending events on now, or once EVENT_INTERVAL has passed since the last ones."""
        if self._on_event is None or self._flush is not None:
            return
        wait = self._last_emit + EVENT_INTERVAL - self._loop.time()
        if wait <= 0:
            self.flush_events()
        else:
            self._flush = self._loop.call_later(wait, self.flush_events)

    def flush_events(self) -> None:
        """Pass every pending event to the UI: the output since the last, each changed figure once."""
        if self._flush is not None:
            self._flush.cancel()
            self._flush = None
        self._last_emit = self._loop.time()
        text, self._pending_text = "".join(self._pending_text), []
        figures, self._pending_figures = self._pending_figures, {}
        if text:
            self.emit(OutputEvent(text))
        for index in sorted(figures):
            self.emit(PlotEvent(index, figures[index]))

    def answer(self, message: dict[str, Any]) -> None:
        """Answer the call's "ask" message with ``on_request`` (an error value without one)."""
        number, request = message.get("req"), message.get("request")
        if not isinstance(number, int) or not isinstance(request, dict):
            return  # learner code wrote garbage on the protocol pipe
        task = asyncio.create_task(self._answer(number, request))
        self._answering.add(task)
        task.add_done_callback(self._answering.discard)

    async def _answer(self, number: int, request: dict[str, Any]) -> None:
        value: Any = {"status": "error", "error": "nothing answers requests here"}
        if self._on_request is not None:
            try:
                value = await self._on_request(request)
            except Exception as exc:  # a UI bug must not leave the call waiting forever
                value = {"status": "error", "error": f"{type(exc).__name__}: {exc}"}
        if not self.finished.done():
            self.child.send({"op": "answer", "req": number, "value": value})

    def cancel_answers(self) -> None:
        for task in self._answering:
            task.cancel()

    def emit(self, event: Event) -> None:
        if self._on_event is None:
            return
        try:
            self._on_event(event)
        except Exception as exc:  # a UI bug must not break the kernel
            handler = self._loop.call_exception_handler
            handler({"message": "Kernel on_event callback failed", "exception": exc})


def _clean(figure: Figure) -> Figure:
    """Sanitise every text a figure carries (titles and labels come from learner code)."""

    def text(value: str | None) -> str | None:
        return None if value is None else sanitize(value)

    figure.title, figure.xlabel, figure.ylabel = (
        text(figure.title),
        text(figure.xlabel),
        text(figure.ylabel),
    )
    figure.notes = [sanitize(note) for note in figure.notes]
    for series in figure.series:
        series.label = text(series.label)
        if series.kind == "bar":
            series.x = [sanitize(str(label)) for label in series.x]
    return figure


def _done(message: dict[str, Any], limit: int) -> dict[str, Any]:
    """The fields of a "done" message the parent uses, checked (learner code can forge one)."""
    error, elapsed, notes = message.get("error"), message.get("elapsed"), message.get("notes")
    if error is not None:
        error = sanitize(clip(error if isinstance(error, str) else "?", limit)[0])
    return {
        "status": "ok" if message.get("status") == "ok" and error is None else "error",
        "error": error,
        "elapsed": elapsed if isinstance(elapsed, float) and 0 <= elapsed < 1e9 else None,
        "truncated": message.get("truncated") is True,
        "value": message.get("value"),  # a call's result: its caller validates it
        "notes": [sanitize(shorten(n)) for n in notes[:MAX_NOTES] if isinstance(n, str)]
        if isinstance(notes, list)
        else [],
    }


def _size(limit: int) -> str:
    return f"{limit / 2**30:g} GiB" if limit >= 2**30 else f"{limit / 2**20:g} MiB"


def _crash_message(returncode: int | None) -> str:
    if returncode is None:
        return t("kernel.abandoned")
    if returncode < 0:
        number = -returncode
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        why = signal.strsignal(number) or "?"
        hints: dict[int, str] = {
            signal.SIGKILL: "kernel.crash_memory",
            signal.SIGXCPU: "kernel.crash_cpu",
            signal.SIGSEGV: "kernel.crash_stack",
        }
        hint = t(hints[number]) if number in hints else ""
        return t("kernel.crash_signal", name=name, why=why) + hint
    if returncode == LOST_PIPE_EXIT:
        return t("kernel.lost_pipe")
    return t("kernel.crash_exit", code=returncode)


class Kernel:
    """A persistent child Python process that runs cells in named namespaces.

    ``on_state`` is called on the event loop with "starting", "ready", "running",
    "restarted" (ready again after a restart) or "stopped". ``user`` names an
    unprivileged account the child runs as when the app runs as root.
    ``max_processes`` caps the tasks of the child and all it starts: in a cgroup it
    counts threads too, the child's own three (main, command reader, outbox) included.
    ``python`` is the interpreter the child runs (default: this one). ``tree_memory``
    bounds the memory of the child and all it starts together, ``disk_limit`` the
    files in its own working directory; ``confine`` (kiosk mode) makes it confine
    itself with Landlock. ``nice`` lowers the child's CPU priority (and that of all it
    starts): on a server shared by a class, the learners' apps answer keys first, and
    kernels starting or computing use what is left.
    """

    def __init__(
        self,
        timeout: float = 5.0,
        *,
        memory_limit: int = DEFAULT_MEMORY_LIMIT,
        output_limit: int = 64 * 1024,
        max_processes: int = 32,
        cwd: str | os.PathLike[str] | None = None,
        on_state: Callable[[str], None] | None = None,
        user: str | int | None = None,
        python: str | None = None,
        tree_memory: int = DEFAULT_TREE_MEMORY,
        disk_limit: int = DISK_LIMIT,
        confine: bool = False,
        nice: int = 0,
    ) -> None:
        self.timeout = timeout
        self.nice = nice
        self._python = python or sys.executable
        self.tree_memory = tree_memory
        self.disk_limit = disk_limit
        self.confine = confine
        self.memory_bound: MemoryBound = "watchdog"
        """What holds the child's tree to ``tree_memory`` (reported by it when ready)."""
        self.confined = 0
        """The Landlock ABI the child confined itself with (``confine``), 0 if none."""
        self.memory_limit = memory_limit
        self.output_limit = output_limit
        self.max_processes = max_processes
        self._cwd = None if cwd is None else os.fspath(cwd)
        self._on_state = on_state
        self._user = user
        self._state: State = "stopped"
        self._lock = asyncio.Lock()
        self._ids = itertools.count(1)
        self._markers = itertools.count(1)
        self._child: _Child | None = None
        self._unsettled: set[_Child] = set()  # children whose watcher has not finished
        self._spawning: asyncio.Task[_Child] | None = None
        self._run: _Run | None = None
        self._tempdir: str | None = None
        self._started_before = False
        self._lost = False  # a child died while idle: the next result says so
        self._closing = False
        self.generation = 0
        """Counts kernel processes started: a cell that ran cleanly in an older one must run again."""
        self.process_bound: Bound = "none"
        """What bounds the number of processes of the current child (reported by it when ready)."""

    @property
    def state(self) -> str:
        return self._state

    @property
    def pid(self) -> int | None:
        """The child's process id (it also leads its process group), if one runs."""
        return None if self._child is None else self._child.pid

    @property
    def cgroup(self) -> Path | None:
        """The pids cgroup directory of the current child, if it has one."""
        return None if self._child is None else self._child.group

    async def __aenter__(self) -> Kernel:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.shutdown()

    async def start(self) -> None:
        """Start the child if needed and return once NumPy is imported.

        Raises ``KernelError`` if it cannot start (``run`` reports that as a result).
        """
        await self._ensure()

    async def run(
        self,
        code: str,
        *,
        namespace: str = "default",
        timeout: float | None = None,
        on_event: Callable[[Event], None] | None = None,
    ) -> CellResult:
        """Run ``code`` in ``namespace``; never raises for anything the kernel does."""
        return await self._submit({"op": "run", "ns": namespace, "code": code}, timeout, on_event, None)

    async def call(
        self,
        function: str,
        arguments: Mapping[str, Any] | None = None,
        *,
        namespace: str | None = None,
        timeout: float | None = None,
        on_event: Callable[[Event], None] | None = None,
        on_request: Answerer | None = None,
    ) -> CellResult:
        """Call the kernel function ``function`` (``tui.sandbox.calls``) with JSON ``arguments``.

        Its result is ``CellResult.value`` (JSON data from a process that runs learner
        code: validate it). ``namespace`` names the lesson whose variables it sees.
        ``on_request`` answers what the function asks the parent while it runs.
        Like ``run``, it never raises for anything the kernel does.
        """
        message = {"op": "call", "fn": function, "args": dict(arguments or {}), "ns": namespace}
        return await self._submit(message, timeout, on_event, on_request)

    async def _submit(
        self,
        message: dict[str, Any],
        timeout: float | None,
        on_event: Callable[[Event], None] | None,
        on_request: Answerer | None,
    ) -> CellResult:
        await self._lock.acquire()
        try:
            child = await self._ensure()
        except KernelError as exc:
            self._lock.release()
            return CellResult("crashed", error=f"The kernel could not start: {exc}")
        except BaseException:
            self._lock.release()
            raise
        seconds = self.timeout if timeout is None else timeout
        run = _Run(next(self._ids), child, on_event, self.output_limit, seconds, on_request)
        task = asyncio.create_task(self._execute(run, message))
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            run.request_stop("cancel")  # the task stops the cell, then frees the lock
            raise

    async def interrupt(self) -> None:
        """Stop the running cell (SIGINT, then a kill and restart if it ignores that)."""
        await self._stop_run("cancel")

    async def restart(self) -> None:
        """Replace the child with a fresh one (cancelling a running cell)."""
        await self._stop_run("restart")
        async with self._lock:
            child = self._child
            if child is not None and not child.fresh:
                await self._kill(child)
            await self._ensure()

    async def shutdown(self) -> None:
        """Kill the child and everything it started, and remove the temp dir."""
        self._closing = True
        try:
            await self._stop_run("shutdown")
            spawning = self._spawning
            if spawning is not None and not spawning.done():
                spawning.cancel()
                with contextlib.suppress(asyncio.CancelledError, KernelError):
                    await spawning
            if self._child is not None:
                await self._kill(self._child)
            # Earlier children (crashed, timed out) may still be emptying their cgroups.
            watchers = {child.watcher for child in self._unsettled if child.watcher is not None}
            if watchers:
                await asyncio.wait(watchers, timeout=EXIT_TIMEOUT)
            self._remove_tempdir()
            self._set_state("stopped")
        finally:
            self._closing = False

    def kill_now(self) -> None:
        """Synchronously kill the child's process group and remove the temp dir.

        For signal handlers and atexit, where there is no event loop to wait on.
        """
        self._closing = True
        children = self._unsettled | ({self._child} if self._child is not None else set())
        killed = [pid for child in children for pid in (child.pid, *reaper.descendants(child.pid))]
        for child in children:
            child.kill()
            if child.marker:  # also what an earlier, crashed child left to init
                reaper.sweep(child.marker, uid=child.uid)
        reaper.until_gone(killed, CGROUP_EXIT_WAIT)
        for child in children:
            child.clear_groups()
        self._remove_tempdir()

    # -- running a cell -------------------------------------------------------------

    async def _execute(self, run: _Run, message: dict[str, Any]) -> CellResult:
        """Run one cell or call on ``run.child``; holds the lock (acquired by ``_submit``) until done."""
        self._run = run
        run.child.fresh = False
        lost, self._lost = self._lost, False
        try:
            self._set_state("running")
            run.child.send(
                {
                    **message,
                    "id": run.id,
                    "limit": self.output_limit,
                    "timeout": run.timeout,
                    "lang": language(),
                }
            )
            result = await self._wait(run, lost)
            if self._state == "running":
                self._set_state("ready")
            return result
        finally:
            run.cancel_answers()
            self._run = None
            run.completed.set_result(None)
            self._lock.release()

    async def _wait(self, run: _Run, lost: bool) -> CellResult:
        """Wait for the cell to end, stopping it on timeout, request or over its bounds."""
        watch = asyncio.create_task(self._watch_bounds(run))
        try:
            ends: set[asyncio.Future[Any]] = {run.finished, run.stop}
            await asyncio.wait(ends, timeout=run.timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            watch.cancel()
        if run.finished.done():
            return self._result(run, None, lost)
        reason = run.stop.result() if run.stop.done() else "timeout"
        if reason in _OVER:  # the processes the cell started go first, then the cell
            reaper.kill_tree(run.child.pid)
        if reason in ("timeout", "cancel", *_OVER) and not self._kernel_over(run, reason):
            run.child.interrupt()
            await asyncio.wait({run.finished}, timeout=GRACE)
        if not run.finished.done():
            run.child.kill()
            await asyncio.wait({run.finished}, timeout=EXIT_TIMEOUT)
        return self._result(run, reason, lost)

    async def _watch_bounds(self, run: _Run) -> None:
        """While the cell runs, stop it if its processes hold more memory than ``tree_memory``
        (unless a memory cgroup holds them already) or its files take more than ``disk_limit``."""
        folder = self._own_workdir()
        next_disk = time.monotonic() + watchdog.DISK_INTERVAL
        while True:
            await asyncio.sleep(watchdog.MEMORY_INTERVAL)
            if run.child.memory_group is None and self._over_memory(run.child.pid):
                run.request_stop("memory")
                return
            if folder is not None and time.monotonic() >= next_disk:
                next_disk = time.monotonic() + watchdog.DISK_INTERVAL
                if watchdog.disk(folder, self.disk_limit) > self.disk_limit:
                    run.request_stop("disk")
                    return

    def _over_memory(self, pid: int) -> bool:
        return watchdog.memory(pid, self.tree_memory) > self.tree_memory

    def _kernel_over(self, run: _Run, reason: str) -> bool:
        """After its processes were killed: is the kernel itself still over the memory bound?"""
        return reason == "memory" and watchdog.proportional(run.child.pid) > self.tree_memory

    def _own_workdir(self) -> str | None:
        """The kernel's own temporary working directory (not one the caller gave)."""
        return self._tempdir if self._cwd is None else None

    def _check_disk(self) -> list[str]:
        """After a run: empty the working directory if its files take too much; the notes to give."""
        folder = self._own_workdir()
        if folder is None or watchdog.disk(folder, self.disk_limit) <= self.disk_limit:
            return []
        watchdog.empty(folder)
        return [t("kernel.disk_emptied", size=_size(self.disk_limit))]

    def _result(self, run: _Run, reason: str | None, lost: bool) -> CellResult:
        done = run.finished.result() if run.finished.done() else None
        run.add_text(run.raw.decode(b"", final=True))
        run.flush_events()
        notes = [t(RESTARTED)] if lost else []
        if done is None and self._abandon(run.child):
            notes.append(t(RESTARTED))
        truncated = run.truncated or bool(done and done.get("truncated"))
        if truncated:
            notes.append(t("kernel.truncated", kb=self.output_limit // 1024))
        notes += (done or {}).get("notes", [])
        emptied = self._check_disk()
        if reason != "disk":  # else the error says so
            notes += emptied
        if run.child.memory_group is not None and cgroups.oom_kills(run.child.memory_group) > run.oom_before:
            notes.append(t("kernel.oom_tree", size=_size(self.tree_memory)))
        if run.child.dropped_lines > run.dropped_before:
            notes.append(t("kernel.overlong", mb=MAX_LINE // 1024**2))
        plots = [run.figures[index] for index in sorted(run.figures)]
        notes += [note for figure in plots for note in figure.notes]
        status, error = self._outcome(run, reason, done)
        elapsed = time.monotonic() - run.started
        if status in ("ok", "error") and reason is None and done is not None and done["elapsed"] is not None:
            elapsed = done["elapsed"]  # the child's own measure
        return CellResult(
            status,
            stdout="".join(run.parts),
            error=error,
            plots=plots,
            elapsed=elapsed,
            truncated=truncated,
            notes=list(dict.fromkeys(notes)),
            cancelled=reason in _CANCELLED,
            value=done.get("value") if status == "ok" and done is not None else None,
        )

    def _outcome(
        self, run: _Run, reason: str | None, done: dict[str, Any] | None
    ) -> tuple[Status, str | None]:
        """Status and plain-words error of a run that ``done`` (None: the child died)."""
        if reason == "timeout":
            error = t("kernel.timeout", seconds=f"{run.timeout:g}")
            if done is None:
                error += t("kernel.timeout_killed")
            return "timeout", error
        if reason in _OVER:
            limit = self.tree_memory if reason == "memory" else self.disk_limit
            error = t(f"kernel.over_{reason}", size=_size(limit))
            return "error", error + (t("kernel.timeout_killed") if done is None else "")
        if reason is not None:
            return "error", t("kernel.cancelled") if done is not None else t(f"kernel.cancel.{reason}")
        if done is None:
            return "crashed", _crash_message(run.child.process.returncode)
        return done["status"], done["error"]

    async def _stop_run(self, reason: str) -> None:
        run = self._run
        if run is not None:
            run.request_stop(reason)
            await asyncio.shield(run.completed)

    # -- the child process ----------------------------------------------------------

    async def _ensure(self) -> _Child:
        """The live child, starting one (or joining a start in progress) if needed."""
        if self._child is not None and self._child.alive:
            return self._child
        if self._spawning is None or self._spawning.done():
            self._set_state("starting")
            self._spawning = asyncio.create_task(self._spawn())
            self._spawning.add_done_callback(_retrieve)
        try:
            return await asyncio.shield(self._spawning)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise
            raise KernelError("it was shut down while starting") from None

    def _abandon(self, child: _Child) -> bool:
        """Forget a dead child and, unless shutting down, start its successor right away.

        Returns True if a successor is starting.
        """
        if self._child is child:
            self._child = None
        if self._closing or self._child is not None:
            return False
        self._set_state("starting")
        self._spawning = asyncio.create_task(self._spawn())
        self._spawning.add_done_callback(_retrieve)
        return True

    async def _spawn(self) -> _Child:
        """Start a child and wait until NumPy is imported; KernelError if it cannot."""
        try:
            child = await self._launch()
            try:
                async with asyncio.timeout(START_TIMEOUT):
                    ready = await asyncio.shield(child.ready)
            except BaseException:
                await self._kill(child)
                raise
        except TimeoutError:
            self._set_state("stopped")
            raise KernelError(f"it was not ready within {START_TIMEOUT:g} s") from None
        except BaseException:
            self._set_state("stopped")
            raise
        if not ready:
            self._set_state("stopped")
            log = sanitize(child.log.decode("utf-8", "replace")).strip()
            raise KernelError(log.splitlines()[-1] if log else "it exited at once")
        self.generation += 1
        self._set_state("restarted" if self._started_before else "ready")
        self._started_before = True
        return child

    async def _launch(self) -> _Child:
        """Create the pipes and the process (in a new session, so a group to kill)."""
        fds: list[int] = []
        groups: list[tuple[str, Path, Path]] = []
        try:
            cwd = self._workdir()
            credentials = self._credentials()
            marker = f"{os.getpid()}-{next(self._markers)}"
            uid = credentials.get("user")
            place, memory_place = cgroups.locate(), cgroups.locate(controller="memory")
            together = memory_place is not None and memory_place == place  # v2: one group, both limits
            if place is not None:
                group = cgroups.create(
                    place, self.max_processes, uid, memory=self.tree_memory if together else None
                )
                if group is not None:
                    groups.append(("pids", group, place.home))
                    if together:
                        groups.append(("memory", group, place.home))
            if memory_place is not None and not together:
                memory_group = cgroups.create(memory_place, None, uid, memory=self.tree_memory)
                if memory_group is not None:
                    groups.append(("memory", memory_group, memory_place.home))
            config = {
                "memory": self.memory_limit,
                "processes": self.max_processes,
                "file_size": FILE_SIZE_LIMIT,
                "parent": os.getpid(),
                "cleanup": None if self._cwd is not None else cwd,  # an orphan removes it
                # (controller, group, home): the child joins them first thing
                "cgroups": [[kind, str(path), str(home)] for kind, path, home in groups],
                "confine": self.confine,
                "nice": self.nice,
            }
            for _ in range(3):
                fds.extend(os.pipe())
            command_r, command_w, message_r, message_w, raw_r, raw_w = fds
            process = await asyncio.create_subprocess_exec(
                self._python,
                "-P",
                "-m",
                "tui.sandbox",
                json.dumps(config),
                stdin=command_r,
                stdout=message_w,
                stderr=raw_w,
                cwd=cwd,
                env={**self._environment(), reaper.MARKER: marker, "TMPDIR": cwd},
                start_new_session=True,
                **credentials,
            )
        except BaseException as exc:
            for fd in fds:
                os.close(fd)
            for _, path, _ in groups:
                cgroups.remove(path)
            if isinstance(exc, OSError):
                raise KernelError(str(exc)) from exc
            raise
        for fd in (command_r, message_w, raw_w):  # the child's ends
            os.close(fd)
        if self.nice > 0:  # at once, so its start-up is niced too; it sets the same first thing
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, process.pid, self.nice)
        uid = credentials.get("user", os.getuid())
        paths = list(dict.fromkeys(path for _, path, _ in groups))  # pids first
        child = _Child(
            process, command_w, message_r, raw_r, self._on_message, self._on_raw, paths, marker, uid
        )
        child.memory_group = next((path for kind, path, _ in groups if kind == "memory"), None)
        self._child = child
        self._unsettled.add(child)
        child.watcher = asyncio.create_task(self._watch(child))
        child.watcher.add_done_callback(lambda _: self._unsettled.discard(child))
        return child

    async def _watch(self, child: _Child) -> None:
        """Wait for ``child`` to exit, then settle whatever depended on it."""
        await child.process.wait()
        child.kill()  # whatever it started
        child.drain()
        child.close()
        if not child.ready.done():
            child.ready.set_result(False)
        run = self._run
        if run is not None and run.child is child and not run.finished.done():
            run.finished.set_result(None)  # the run reports the crash and starts a successor
        elif self._child is child:  # died while idle
            self._child = None
            if not self._closing:
                self._lost = True
                self._set_state("stopped")
        await child.remove_group()

    async def _kill(self, child: _Child) -> None:
        """Kill a child on purpose (restart, shutdown) and wait until it is reaped."""
        if self._child is child:
            self._child = None  # so its watcher does not report it as lost
        child.kill()
        if child.watcher is not None:
            await asyncio.wait({child.watcher}, timeout=EXIT_TIMEOUT)

    def _on_message(self, child: _Child, message: dict[str, Any]) -> None:
        """Act on one message from a child; whatever it holds, nothing here raises."""
        try:
            self._dispatch(child, message)
        except Exception as exc:  # a bug here must not take the UI down with a hostile kernel
            self._loop_exception("Kernel message handling failed", exc)

    def _dispatch(self, child: _Child, message: dict[str, Any]) -> None:
        kind = message.get("t")
        if kind == "ready":
            if not child.ready.done():
                bound, confined = message.get("bound"), message.get("confined")
                self.process_bound = bound if bound in ("cgroup", "rlimit") else "none"
                self.memory_bound = "cgroup" if message.get("memory") == "cgroup" else "watchdog"
                if self.memory_bound == "watchdog":
                    child.memory_group = None
                self.confined = confined if isinstance(confined, int) and confined > 0 else 0
                child.ready.set_result(True)
            return
        run = self._run
        if run is None or run.child is not child or message.get("id") != run.id:
            return
        if run.finished.done():
            return
        if kind == "out":
            run.add_text(str(message.get("text", "")))
        elif kind == "plot":
            run.add_plot(message)
        elif kind == "ask":
            run.answer(message)
        elif kind == "done":
            child.read_raw(DRAIN_READS)  # raw output written before "done" is already in its pipe
            run.finished.set_result(_done(message, self.output_limit))

    def _on_raw(self, child: _Child, data: bytes) -> None:
        run = self._run
        if run is not None and run.child is child and not run.finished.done():
            if not run.truncated:
                run.add_text(run.raw.decode(data))
        else:
            child.log = (child.log + data)[-4096:]

    def _set_state(self, state: State) -> None:
        if state == self._state:
            return
        self._state = state
        if self._on_state is not None:
            try:
                self._on_state(state)
            except Exception as exc:  # a UI bug must not break the kernel
                self._loop_exception("Kernel on_state callback failed", exc)

    @staticmethod
    def _loop_exception(what: str, exc: Exception) -> None:
        asyncio.get_running_loop().call_exception_handler({"message": what, "exception": exc})

    def _workdir(self) -> str:
        if self._cwd is not None:
            return self._cwd
        if self._tempdir is None:
            self._tempdir = tempfile.mkdtemp(prefix="nn-basics-")
            credentials = self._credentials()
            if credentials:
                os.chown(self._tempdir, credentials["user"], credentials["group"])
        return self._tempdir

    def _remove_tempdir(self) -> None:
        if self._tempdir is not None:
            shutil.rmtree(self._tempdir, ignore_errors=True)
            self._tempdir = None

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        path = [str(ROOT), *filter(None, [env.get("PYTHONPATH")])]
        env.update(
            PYTHONPATH=os.pathsep.join(path),
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONUNBUFFERED="1",
            OPENBLAS_NUM_THREADS="1",
            OMP_NUM_THREADS="1",
            MKL_NUM_THREADS="1",
            VECLIB_MAXIMUM_THREADS="1",
            NUMEXPR_NUM_THREADS="1",
            MALLOC_ARENA_MAX="1",  # each extra glibc arena reserves 64 MB of RLIMIT_AS
        )
        return env

    def _credentials(self) -> dict[str, Any]:
        """Popen arguments that drop root privileges in the child, if ``user`` is set."""
        if self._user is None or os.geteuid() != 0:
            return {}
        try:
            entry = pwd.getpwuid(self._user) if isinstance(self._user, int) else pwd.getpwnam(self._user)
        except KeyError:
            raise KernelError(f"there is no user {self._user!r}") from None
        return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}


def _retrieve(task: asyncio.Task[Any]) -> None:
    """Mark a background start's failure as seen; the next ``run`` reports it."""
    if not task.cancelled():
        task.exception()
