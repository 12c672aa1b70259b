"""The run queue: everything that needs the kernel, one job at a time, in the order asked.

Cells, exercise checks and lesson widgets' computations all share one kernel.
The queue orders them, runs them, and reports what happens as one stream of
events (queued, started, output, figure, finished, dropped) to a listener,
tagged with the *owner* that asked (a cell, an exercise, a widget: any hashable
object; the queue never looks inside). Knows nothing of Textual: the app turns
events into messages for their owners, and the command-line grader uses the
queue without any UI.

Also kept here, because it is about the kernel's state rather than any widget:
which cells have run cleanly in the current kernel (a check first runs the
cells above it that have not), and the judge, a second, clean kernel process
that grades exercises (see ``tui.grading``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import deque
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from lessons import Exercise
from tui.figures import Figure
from tui.grading import Grade, grade
from tui.i18n import t
from tui.kernel import CellResult, Event, Kernel, OutputEvent


@dataclass(frozen=True)
class CellJob:
    """Run a cell's ``code`` in the lesson ``namespace``."""

    code: str
    namespace: str
    cell_id: str
    timeout: float | None = None


@dataclass(frozen=True)
class CallJob:
    """Call the kernel function ``function`` (``tui.sandbox.calls``)."""

    function: str
    arguments: Mapping[str, Any] = field(default_factory=dict)
    namespace: str | None = None
    timeout: float | None = None


@dataclass(frozen=True)
class CheckJob:
    """Run an exercise's ``code``, then grade it in the judge."""

    exercise: Exercise
    code: str
    namespace: str
    seed: int | None = None


Job = CellJob | CallJob | CheckJob


@dataclass(eq=False)
class Ticket:
    """One job on its way through the queue; ``tag`` is the owner's own label for it."""

    job: Job
    owner: Hashable
    tag: int = 0
    number: int = 0
    batch: int | None = None
    """Tickets of a batch submitted with ``stop_on_error`` are dropped after one fails."""


@dataclass(frozen=True)
class Queued:
    ticket: Ticket


@dataclass(frozen=True)
class Started:
    ticket: Ticket


@dataclass(frozen=True)
class Output:
    ticket: Ticket
    text: str


@dataclass(frozen=True)
class FigureShown:
    ticket: Ticket
    index: int
    figure: Figure


@dataclass(frozen=True)
class Finished:
    """The job ended; ``grade`` is set for checks whose code ran (see ``Grade``)."""

    ticket: Ticket
    result: CellResult
    grade: Grade | None = None


DropReason = Literal["cancelled", "earlier_failed", "closed"]


@dataclass(frozen=True)
class Dropped:
    """The job never ran: cancelled while waiting, after a failure in its batch, or at close."""

    ticket: Ticket
    reason: DropReason


RunEvent = Queued | Started | Output | FigureShown | Finished | Dropped
Listener = Callable[[RunEvent], None]


class RunQueue:
    """Runs jobs on ``kernel`` one at a time; ``listener`` hears every event, on the event loop."""

    def __init__(self, kernel: Kernel, listener: Listener, *, judge: Kernel | None = None) -> None:
        self.kernel = kernel
        self._listener = listener
        self._judge = judge
        self._waiting: deque[Ticket] = deque()
        self._numbers = itertools.count(1)
        self._batches = itertools.count(1)
        self._failed_batches: set[int] = set()
        self._running: Ticket | None = None
        self._current: asyncio.Task[Finished] | None = None
        self._wake = asyncio.Event()
        self._worker: asyncio.Task[None] | None = None
        self._clean: dict[tuple[str, str], int] = {}
        """(namespace, cell id) -> the kernel generation the cell last ran cleanly in."""

    # ------------------------------------------------------------------ asking
    def submit(self, owner: Hashable, job: Job, *, tag: int = 0) -> Ticket:
        """Queue one job for ``owner``."""
        return self.submit_batch([(owner, job)], tag=tag)[0]

    def submit_batch(
        self, jobs: Sequence[tuple[Hashable, Job]], *, tag: int = 0, stop_on_error: bool = False
    ) -> list[Ticket]:
        """Queue jobs in order; with ``stop_on_error`` the rest are dropped once one fails."""
        batch = next(self._batches) if stop_on_error else None
        tickets = [Ticket(job, owner, tag, next(self._numbers), batch) for owner, job in jobs]
        for ticket in tickets:
            self._waiting.append(ticket)
            self._emit(Queued(ticket))
        self._start_worker()
        self._wake.set()
        return tickets

    def cancel(self, owner: Hashable) -> bool:
        """Drop ``owner``'s waiting jobs and stop its running one; True if there was any."""
        dropped = self._drop(lambda ticket: ticket.owner == owner, "cancelled")
        running = self._running
        if running is not None and running.owner == owner:
            self._interrupt()
            return True
        return dropped

    def stop(self) -> bool:
        """Drop every waiting job and stop the running one; True if there was anything."""
        dropped = self._drop(lambda ticket: True, "cancelled")
        if self._running is not None:
            self._interrupt()
            return True
        return dropped

    @property
    def running(self) -> Ticket | None:
        return self._running

    def is_busy(self, owner: Hashable) -> bool:
        """Whether ``owner`` has a job waiting or running."""
        running = self._running is not None and self._running.owner == owner
        return running or any(ticket.owner == owner for ticket in self._waiting)

    def needs_run(self, namespace: str, cell_id: str) -> bool:
        """Whether the cell (or exercise, by its id) has not run cleanly in the current kernel."""
        return self._clean.get((namespace, cell_id)) != self.kernel.generation

    async def close(self) -> None:
        """Drop what waits, stop what runs, and shut the judge down (the kernel is the caller's)."""
        self._drop(lambda ticket: True, "closed")
        worker, self._worker = self._worker, None
        if worker is not None:
            if self._running is not None:
                self._interrupt()
            worker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await worker
        if self._judge is not None:
            await self._judge.shutdown()

    # --------------------------------------------------------------- the loop
    def _start_worker(self) -> None:
        if self._worker is None or self._worker.done():
            self._worker = asyncio.create_task(self._work())

    async def _work(self) -> None:
        while True:
            while not self._waiting:
                self._wake.clear()
                await self._wake.wait()
            ticket = self._waiting.popleft()
            if ticket.batch is not None and ticket.batch in self._failed_batches:
                self._emit(Dropped(ticket, "earlier_failed"))
                continue
            self._running = ticket
            self._emit(Started(ticket))
            self._current = asyncio.create_task(self._perform(ticket))
            try:
                finished = await asyncio.shield(self._current)
            except asyncio.CancelledError:
                worker = asyncio.current_task()
                if not self._current.cancelled() or (worker is not None and worker.cancelling()):
                    raise  # the queue itself is closing (even if the job's own cancel came first)
                finished = Finished(ticket, CellResult("error", error=t("kernel.cancelled"), cancelled=True))
            finally:
                self._running = self._current = None
            if finished.result.status != "ok" and ticket.batch is not None:
                self._failed_batches.add(ticket.batch)
            self._emit(finished)

    async def _perform(self, ticket: Ticket) -> Finished:
        job = ticket.job

        def stream(event: Event) -> None:
            if isinstance(event, OutputEvent):
                self._emit(Output(ticket, event.text))
            else:
                self._emit(FigureShown(ticket, event.index, event.figure))

        if isinstance(job, CellJob):
            result = await self.kernel.run(
                job.code, namespace=job.namespace, timeout=job.timeout, on_event=stream
            )
            if result.status == "ok":  # it ran to its end in the kernel that runs now
                self._clean[(job.namespace, job.cell_id)] = self.kernel.generation
            return Finished(ticket, result)
        if isinstance(job, CallJob):
            result = await self.kernel.call(
                job.function, job.arguments, namespace=job.namespace, timeout=job.timeout
            )
            return Finished(ticket, result)
        graded = await grade(
            self.kernel, self.judge, job.exercise, job.code, job.namespace, on_event=stream, seed=job.seed
        )
        if graded.result.status == "ok":  # the exercise's code now defines its names in this kernel
            self._clean[(job.namespace, job.exercise.id)] = self.kernel.generation
        return Finished(ticket, graded.result, graded)

    @property
    def judge(self) -> Kernel:
        """The clean kernel process that grades checks, started on first use."""
        if self._judge is None:
            self._judge = Kernel(
                timeout=self.kernel.timeout, confine=self.kernel.confine, nice=self.kernel.nice
            )
        return self._judge

    def _interrupt(self) -> None:
        """Stop the running job: cancelling it stops its cell or call in the kernel (and the judge)."""
        if self._current is not None:
            self._current.cancel()

    def _drop(self, which: Callable[[Ticket], bool], reason: DropReason) -> bool:
        dropped = [ticket for ticket in self._waiting if which(ticket)]
        for ticket in dropped:
            self._waiting.remove(ticket)
            self._emit(Dropped(ticket, reason))
        return bool(dropped)

    def _emit(self, event: RunEvent) -> None:
        try:
            self._listener(event)
        except Exception as exc:  # a UI bug must not stop the queue
            asyncio.get_running_loop().call_exception_handler(
                {"message": "RunQueue listener failed", "exception": exc}
            )
