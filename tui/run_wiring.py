"""The app's side of running code: the kernel, the run queue, and where their events go.

`TutorialApp` makes one `RunWiring` when the kernel is first needed (see
``tui.kernel_settings`` for when), so this module is the unit of lazy import: the
first screen imports neither the kernel nor the run queue. Widgets ask with
messages (a cell's ``RunRequested``, an exercise's ``CheckRequested``, a lesson
widget's `KernelCall`); the app hands them here; every event of the queue goes
back to the widget that asked as a `RunUpdate` message.
"""

from __future__ import annotations

import os
from collections.abc import Hashable
from typing import TYPE_CHECKING

from textual.widget import Widget

from tui.i18n import t
from tui.kernel import Kernel
from tui.kernel_settings import kernel_nice
from tui.messages import KernelCall, RunUpdate
from tui.runs import CallJob, CellJob, CheckJob, Finished, RunEvent, RunQueue

if TYPE_CHECKING:
    from tui.app import TutorialApp
    from tui.widgets.code_cell import CodeCell
    from tui.widgets.exercise import ExerciseView
    from tui.widgets.lesson_view import LessonView


def cell_job(lesson_id: str, cell: CodeCell) -> CellJob:
    """Run what ``cell``'s editor holds now, in the namespace of lesson ``lesson_id``."""
    return CellJob(cell.code, lesson_id, cell.block.id, cell.block.timeout)


class RunWiring:
    """One kernel and its run queue, for one app."""

    def __init__(self, app: TutorialApp, *, timeout: float, confine: bool) -> None:
        self._app = app
        self.kernel = Kernel(
            timeout=timeout, on_state=self._on_kernel_state, confine=confine, nice=kernel_nice(os.environ)
        )
        """The kernel (its process starts later, see ``start``)."""
        self._runs: RunQueue | None = None

    @property
    def runs(self) -> RunQueue:
        """Where cells, checks and widget calls wait for the kernel, one at a time."""
        if self._runs is None:
            self._runs = RunQueue(self.kernel, self._on_run_event)
        return self._runs

    def busy(self) -> bool:
        """A cell, check or widget call runs (or the kernel starts): an editor call would wait."""
        return self.runs.running is not None or self.kernel.state == "starting"

    # --------------------------------------------------------------- lifetime
    async def start(self) -> None:
        try:
            await self.kernel.start()
        except Exception as error:  # any start failure is shown, not raised
            self._app.kernel_state = "stopped"
            self._app.notify(t("kernel.failed", error=error), severity="error", timeout=30)

    async def restart(self) -> None:
        self.runs.stop()
        await self.kernel.restart()

    async def close(self) -> None:
        if self._runs is not None:
            await self._runs.close()
        await self.kernel.shutdown()

    def _on_kernel_state(self, state: str) -> None:
        self._app.kernel_state = state
        if state == "starting":
            self._app.editor_service.forget()  # a new kernel: every lesson's names are gone

    # ----------------------------------------------------------------- events
    def _on_run_event(self, event: RunEvent) -> None:
        """Every event of the run queue goes to the widget that asked for the job."""
        owner = event.ticket.owner
        if isinstance(owner, Widget) and owner.is_attached:
            owner.post_message(RunUpdate(event))
        job = event.ticket.job
        if isinstance(event, Finished) and isinstance(job, CellJob | CheckJob):
            self._app.editor_service.forget(job.namespace)  # its names may have changed
            self._app.shapes_changed()
            if isinstance(job, CheckJob) and event.grade is not None and event.grade.verdict == "passed":
                self._app.keeper.solved(job.namespace, job.exercise)
        self._app.classroom_run_event(event)

    # ------------------------------------------------------------------- jobs
    def run_cell(self, view: LessonView, cell: CodeCell) -> None:
        self.runs.submit(cell, cell_job(view.lesson.id, cell))

    def run_all(self, view: LessonView) -> None:
        """Every cell of the lesson, exercises' code too, top to bottom; the first error stops the rest."""
        lesson = view.lesson.id
        cells = [cell for cell in view.code if not self.runs.is_busy(cell)]
        self.runs.submit_batch([(cell, cell_job(lesson, cell)) for cell in cells], stop_on_error=True)

    def check(self, view: LessonView, exercise: ExerciseView) -> None:
        """Run the code above (cells, earlier exercises) that this kernel has not run cleanly, then grade."""
        if self.runs.is_busy(exercise):
            return
        lesson = view.lesson.id
        stale = [
            cell
            for cell in view.code_above(exercise)
            if self.runs.needs_run(lesson, cell.block.id) and not self.runs.is_busy(cell)
        ]
        jobs: list[tuple[Hashable, CellJob | CheckJob]] = [(cell, cell_job(lesson, cell)) for cell in stale]
        jobs.append((exercise, CheckJob(exercise.exercise, exercise.cell.code, lesson)))
        self.runs.submit_batch(jobs, stop_on_error=True)

    def call(self, call: KernelCall) -> None:
        """A lesson widget's kernel function, queued like a cell."""
        job = CallJob(call.function, call.arguments, timeout=call.timeout)
        self.runs.submit(call.requester, job, tag=call.serial)

    def cancel(self, owner: Hashable) -> None:
        self.runs.cancel(owner)

    def stop(self) -> bool:
        """Stop what runs and drop what waits; False if nothing did."""
        return self.runs.stop()
