"""TutorialApp: wires the lesson list, the lesson pane, the run queue and saved progress.

The app decides nothing about how runs happen (``tui.runs``), how lessons are
built (``LessonPane``), which keys exist (``tui.actions``) or what a palette
command does (``tui.palette``). It connects them: widgets ask with messages,
the app puts their jobs on the queue, and the queue's events go back to the
widget that asked as ``RunUpdate`` messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList, Static

from lessons import Lesson
from tui import palette
from tui.actions import bindings
from tui.editor_service import EditorCall, EditorService, kernel_caller
from tui.framework import input_driver, install, install_filters
from tui.i18n import set_language, t
from tui.progress import Progress
from tui.student.base import ClassroomApp
from tui.widgets.header import AppHeader
from tui.widgets.key_bar import KeyBar
from tui.widgets.lesson_pane import LessonPane
from tui.widgets.prose import ProseStyles
from tui.widgets.shape_panel import ShapePanel
from tui.widgets.sidebar import LessonList

if TYPE_CHECKING:  # imported when first needed: the first screen shows none of them (start-up time)
    from tui.classroom.link import ClassLink
    from tui.kernel import Kernel
    from tui.messages import KernelCall, KernelCallCancel
    from tui.runs import CellJob, CheckJob, RunEvent, RunQueue
    from tui.widgets.code_cell import CodeCell
    from tui.widgets.exercise import ExerciseView
    from tui.widgets.lesson_view import LessonView

install()

MIN_WIDTH, MIN_HEIGHT = 60, 15
"""The smallest terminal the layout works in; below it the app asks for more room."""

WIDE_ENOUGH_FOR_SIDEBAR = 100
"""Below this many columns, opening a lesson hides the lesson list to give code room."""

SAVE_DELAY = 1.5
"""Seconds of quiet typing before edited code is written to disk."""

KERNEL_START = "NN_BASICS_KERNEL_START"
"""When the kernel process starts: ``paint`` once the first screen is drawn, ``lesson``
when a lesson first opens, ``need`` at the first run, check or widget call, ``now``
with the app (``benchmarks/ssh_class.py --kernel-start`` compares them)."""

KERNEL_STARTS = ("now", "paint", "lesson", "need")
DEFAULT_KERNEL_START = "paint"

KERNEL_NICE = "NN_BASICS_KERNEL_NICE"
"""The kernel's nice value (0 to 19): how far its CPU use gives way to the learners' apps."""

DEFAULT_KERNEL_NICE = 0


def kernel_start(environ: Mapping[str, str]) -> str:
    """When to start the kernel, from ``NN_BASICS_KERNEL_START`` (the default if unset or unknown)."""
    value = environ.get(KERNEL_START, "").strip().lower()
    return value if value in KERNEL_STARTS else DEFAULT_KERNEL_START


def kernel_nice(environ: Mapping[str, str]) -> int:
    """The kernel's nice value, from ``NN_BASICS_KERNEL_NICE`` (the default if unset or not 0-19)."""
    value = environ.get(KERNEL_NICE, "").strip()
    return int(value) if value.isdigit() and int(value) <= 19 else DEFAULT_KERNEL_NICE


class TutorialApp(ClassroomApp):
    """The whole tutorial; `python -m tui` builds one from the command line.

    ClassroomApp adds what a learner in a class (``--class DIR``) does: tui/student.

    Only what the first screen shows is imported with this module; the kernel, the
    run queue, lessons' widgets and other screens are imported when first needed, so
    a class of thirty logging in at once reaches the lesson list sooner. Messages
    from those widgets are therefore handled by name (``on_code_cell_edited``), not
    with ``@on(CodeCell.Edited)``, which would need the class at import time.
    """

    CSS_PATH = ["app.tcss", "widgets/lesson_widgets/lesson_widgets.tcss", "student/student.tcss"]
    TITLE = "nn-basics"
    BINDINGS = bindings("app")

    # repaint=False: only the header (bound to these) redraws, not the whole screen.
    kernel_state: reactive[str] = reactive("starting", repaint=False)
    lesson_title: reactive[str] = reactive("", repaint=False)

    def __init__(
        self,
        lessons: list[Lesson],
        *,
        lang: str = "en",
        start_lesson: int | None = None,
        ascii: bool = False,
        kiosk: bool = False,
        progress: Progress | None = None,
        kernel_timeout: float = 5.0,
        load_lessons: Callable[[str], list[Lesson]] | None = None,
        classroom: ClassLink | None = None,
    ) -> None:
        super().__init__(driver_class=input_driver(), classroom=classroom)
        self.lessons = lessons
        self.lang = lang
        self.load_lessons = load_lessons
        """The course in another language (None: these lessons have only one edition)."""
        self.start_lesson = start_lesson
        self.ascii = ascii
        self.kiosk = kiosk
        install_filters(self, no_color=self.no_color, ascii=ascii)
        self.mono = ascii or self.no_color
        self.progress = progress if progress is not None else Progress.load(save=False)
        self._kernel_timeout = kernel_timeout
        self._kernel_start = kernel_start(os.environ)
        if self._kernel_start in ("lesson", "need"):
            self.set_reactive(TutorialApp.kernel_state, "idle")
        self._kernel: Kernel | None = None
        self._runs: RunQueue | None = None
        self.editor_service = EditorService(kernel_caller(lambda: self.kernel), busy=self._kernel_busy)
        """Completion, help on names and the shape panel ask the kernel through this, never queued."""
        self.pane = LessonPane(
            lessons,
            saved_code=self.progress.code,
            solved=lambda lesson_id: frozenset(self.progress.solved_in(lesson_id)),
            mono=self.mono,
            ascii=ascii,
            id="pane",
        )
        """Held directly: the learner's code is still read from it while the app shuts down."""
        self._save_timer: Timer | None = None

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Static(t("app.too_small", width=MIN_WIDTH, height=MIN_HEIGHT), id="too-small")
        yield AppHeader(id="header").data_bind(TutorialApp.kernel_state, TutorialApp.lesson_title)
        with Horizontal(id="main"):
            yield LessonList(self.lessons, self._solved_counts(), id="sidebar")
            yield self.pane
        yield from self.compose_classroom()
        yield KeyBar(id="key-bar")
        yield ProseStyles()

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size)

    def _fit(self, size: Size) -> None:
        """Below the minimum size, say so plainly instead of drawing a broken layout."""
        self.set_class(size.width < MIN_WIDTH or size.height < MIN_HEIGHT, "-too-small")

    async def on_mount(self) -> None:
        self._fit(self.size)
        sidebar = self.query_one(LessonList)
        sidebar.highlighted = 0
        sidebar.focus()
        index = self._first_lesson_index()
        if index is not None:
            await self.open_lesson(index)
        self._show_progress_notices()
        if self._kernel_start == "now":
            self._start_kernel()
        elif self._kernel_start == "paint":
            self.call_after_refresh(self._start_kernel)
        # A closed SSH session sends SIGHUP; kill and shutdown send SIGTERM. Not possible
        # off the main thread (some test runners) or without POSIX signals.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            for number in (signal.SIGHUP, signal.SIGTERM):
                asyncio.get_running_loop().add_signal_handler(number, self._on_hangup, 128 + number)

    def _first_lesson_index(self) -> int | None:
        """``--lesson N`` if given, else the lesson the learner last had open."""
        numbers = [lesson.number for lesson in self.lessons]
        if self.start_lesson in numbers:
            return numbers.index(self.start_lesson)
        ids = [lesson.id for lesson in self.lessons]
        last = self.progress.last_lesson
        return ids.index(last) if self.start_lesson is None and last in ids else None

    def _on_hangup(self, return_code: int = 128 + signal.SIGHUP) -> None:
        """Stop the kernel first, then save, restore the terminal and exit."""
        self.kernel.kill_now()
        self._save_all_code()
        self.exit(return_code=return_code)

    async def on_unmount(self) -> None:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            for number in (signal.SIGHUP, signal.SIGTERM):  # the process may live on (tests)
                asyncio.get_running_loop().remove_signal_handler(number)
        self._save_all_code()
        if self._runs is not None:
            await self._runs.close()
        if self._kernel is not None:
            await self._kernel.shutdown()

    # ----------------------------------------------------------------- kernel
    @property
    def kernel(self) -> Kernel:
        """The kernel (its process starts later, see ``_start_kernel``)."""
        if self._kernel is None:
            from tui.kernel import Kernel

            self._kernel = Kernel(
                timeout=self._kernel_timeout,
                on_state=self._on_kernel_state,
                confine=self.kiosk,
                nice=kernel_nice(os.environ),
            )
        return self._kernel

    @property
    def runs(self) -> RunQueue:
        """Where cells, checks and widget calls wait for the kernel, one at a time."""
        if self._runs is None:
            from tui.runs import RunQueue

            self._runs = RunQueue(self.kernel, self._on_run_event)
        return self._runs

    def _on_kernel_state(self, state: str) -> None:
        self.kernel_state = state
        if state == "starting":
            self.editor_service.forget()  # a new kernel: every lesson's names are gone

    @work(exclusive=True, group="kernel-start", exit_on_error=False)
    async def _start_kernel(self) -> None:
        try:
            await self.kernel.start()
        except Exception as error:  # any start failure is shown, not raised
            self.kernel_state = "stopped"
            self.notify(t("kernel.failed", error=error), severity="error", timeout=30)

    async def action_restart_kernel(self) -> None:
        self.runs.stop()
        await self.kernel.restart()

    # ---------------------------------------------------------------- lessons
    @property
    def current_index(self) -> int | None:
        return self.pane.index

    @property
    def current_view(self) -> LessonView | None:
        return self.pane.view

    async def open_lesson(self, index: int, *, focus: bool = True) -> None:
        """Show lesson ``index`` (building its view the first time) and focus it."""
        if self._kernel_start == "lesson" and self.kernel_state == "idle":
            self.kernel_state = "starting"  # once the lesson is on screen
            self.call_after_refresh(self._start_kernel)
        lesson = self.lessons[index]
        view = await self.pane.show(index)
        self.lesson_title = lesson.label
        sidebar = self.query_one(LessonList)
        sidebar.highlighted = index
        if self.size.width < WIDE_ENOUGH_FOR_SIDEBAR:
            sidebar.display = False  # the lesson needs every column; Escape brings the list back
        if focus and not view.focus_restored():
            view.focus_reading()
        self._shapes_changed()
        if self.progress.last_lesson != lesson.id:
            self.progress.last_lesson = lesson.id
            self._schedule_save()

    @on(OptionList.OptionHighlighted, "#sidebar")
    def _lesson_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.current_index:
            self.pane.prebuild_soon(event.option_index)

    @on(OptionList.OptionSelected, "#sidebar")
    async def _lesson_chosen(self, event: OptionList.OptionSelected) -> None:
        await self.open_lesson(event.option_index)

    def on_lesson_view_back_requested(self) -> None:
        sidebar = self.query_one(LessonList)
        sidebar.display = True
        sidebar.focus()

    async def action_next_lesson(self) -> None:
        index = 0 if self.current_index is None else self.current_index + 1
        if index < len(self.lessons):
            await self.open_lesson(index)
        else:
            self.notify(t("course.end_notice"), timeout=8)

    async def action_previous_lesson(self) -> None:
        if self.current_index:
            await self.open_lesson(self.current_index - 1)

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one(LessonList)
        sidebar.display = not sidebar.display
        if not sidebar.display and self.focused is sidebar and self.current_view is not None:
            self.current_view.focus_reading()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(hidden=self.unavailable()))

    def action_progress(self) -> None:
        from tui.screens.progress import ProgressScreen

        if not isinstance(self.screen, ProgressScreen):
            solved = {lesson.id: self.progress.solved_in(lesson.id) for lesson in self.lessons}
            self.push_screen(ProgressScreen(self.lessons, solved))

    def unavailable(self) -> frozenset[str]:
        """What this session cannot do, so it is neither offered in the key bar, help nor palette."""
        no_language = self.ascii or self.load_lessons is None  # no Chinese on the console
        return frozenset({"key.toggle_language"} if no_language else ()) | self.classroom_unavailable()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a binding from the key bar.
        return not (action == "toggle_language" and "key.toggle_language" in self.unavailable())

    # --------------------------------------------------------------- progress
    def _solved_counts(self) -> list[int]:
        return [lesson.solved_count(self.progress.solved_in(lesson.id)) for lesson in self.lessons]

    def _save_all_code(self) -> None:
        """Record every editor's text, whatever edit messages are still in flight, and save."""
        for view in self.pane.views.values():
            for cell in view.editors:
                self._remember_code(view.lesson.id, cell)
        self.progress.save()

    def _remember_code(self, lesson_id: str, cell: CodeCell) -> None:
        if cell.code == cell.cell.code:
            self.progress.forget_code(lesson_id, cell.cell.id)
        else:
            self.progress.set_code(lesson_id, cell.cell.id, cell.code)

    def on_code_cell_edited(self, message: CodeCell.Edited) -> None:
        view = self.current_view
        if view is not None:
            self._remember_code(view.lesson.id, message.cell)
            self._schedule_save()

    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_progress)

    @work(thread=True, exclusive=True, group="save")
    def _save_progress(self) -> None:
        """Disk writes (with fsync) happen off the event loop."""
        self.progress.save()
        self.call_from_thread(self._show_progress_notices)

    def _show_progress_notices(self) -> None:
        for notice in self.progress.take_notices():
            self.notify(str(notice), severity="warning", timeout=15)

    def _solved(self, lesson_id: str, exercise: ExerciseView) -> None:
        if not self.progress.is_solved(lesson_id, exercise.exercise.id):
            self.progress.mark_solved(lesson_id, exercise.exercise.id)
            self._schedule_save()
            counts = self._solved_counts()
            self.query_one(LessonList).show_solved(counts)
            self.notify(t("exercise.solved_notify", title=exercise.exercise.title))
            total = sum(len(lesson.exercises) for lesson in self.lessons)
            if total and sum(counts) == total:
                self.notify(t("course.all_solved", total=total), title="★", timeout=30)

    # ------------------------------------------------------------------- runs
    def _on_run_event(self, event: RunEvent) -> None:
        """Every event of the run queue goes to the widget that asked for the job."""
        from tui.messages import RunUpdate
        from tui.runs import CellJob, CheckJob, Finished
        from tui.widgets.exercise import ExerciseView

        owner = event.ticket.owner
        if isinstance(owner, Widget) and owner.is_attached:
            owner.post_message(RunUpdate(event))
        job = event.ticket.job
        if isinstance(event, Finished) and isinstance(job, CellJob | CheckJob):
            self.editor_service.forget(job.namespace)  # its names may have changed
            self._shapes_changed()
        passed = isinstance(event, Finished) and event.grade is not None and event.grade.verdict == "passed"
        if passed and isinstance(owner, ExerciseView) and isinstance(job, CheckJob):
            self._solved(job.namespace, owner)
        self.classroom_run_event(event)

    def action_run_cell(self) -> None:
        """Reached only when no cell has focus (a focused cell handles Ctrl+R itself)."""
        self._no_cell_here()

    def action_reset_cell(self) -> None:
        """Reached only when no cell has focus (a focused cell handles Ctrl+O itself)."""
        self._no_cell_here()

    def _no_cell_here(self) -> None:
        self.notify(t("cell.no_cell" if self.current_view else "cell.no_lesson"), severity="warning")

    def action_hint(self) -> None:
        self.notify(t("exercise.none_focused"), severity="warning")

    action_solution = action_hint

    def action_run_all(self) -> None:
        view = self.current_view
        if view is None:
            self.notify(t("cell.no_lesson"), severity="warning")
            return
        lesson = view.lesson.id
        cells = [cell for cell in view.code if not self.runs.is_busy(cell)]  # exercises' code too
        self.runs.submit_batch([(cell, self._cell_job(lesson, cell)) for cell in cells], stop_on_error=True)

    @staticmethod
    def _cell_job(lesson_id: str, cell: CodeCell) -> CellJob:
        from tui.runs import CellJob

        return CellJob(cell.code, lesson_id, cell.cell.id, cell.cell.timeout)

    def on_code_cell_run_requested(self, message: CodeCell.RunRequested) -> None:
        view = self.current_view
        if view is not None:
            self.runs.submit(message.cell, self._cell_job(view.lesson.id, message.cell))

    def on_code_cell_stop_requested(self, message: CodeCell.StopRequested) -> None:
        self.runs.cancel(message.cell)

    def on_exercise_view_stop_requested(self, message: ExerciseView.StopRequested) -> None:
        self.runs.cancel(message.view)

    def action_stop(self) -> None:
        if not self.runs.stop():
            self.notify(t("cell.nothing_running"))

    def on_kernel_call(self, call: KernelCall) -> None:
        from tui.runs import CallJob

        job = CallJob(call.function, call.arguments, timeout=call.timeout)
        self.runs.submit(call.requester, job, tag=call.serial)

    def on_kernel_call_cancel(self, cancel: KernelCallCancel) -> None:
        self.runs.cancel(cancel.requester)

    def on_exercise_view_check_requested(self, message: ExerciseView.CheckRequested) -> None:
        """Run the code above (cells, earlier exercises) that this kernel has not run cleanly, then grade."""
        from tui.runs import CheckJob

        view, exercise = self.current_view, message.view
        if view is None or self.runs.is_busy(exercise):
            return
        lesson = view.lesson.id
        stale = [
            cell
            for cell in view.code_above(exercise)
            if self.runs.needs_run(lesson, cell.cell.id) and not self.runs.is_busy(cell)
        ]
        jobs: list[tuple[Hashable, CellJob | CheckJob]] = [
            (cell, self._cell_job(lesson, cell)) for cell in stale
        ]
        jobs.append((exercise, CheckJob(exercise.exercise, exercise.cell.code, lesson)))
        self.runs.submit_batch(jobs, stop_on_error=True)

    def on_exercise_view_solution_requested(self, message: ExerciseView.SolutionRequested) -> None:
        from tui.screens.confirm import ConfirmScreen

        exercise = message.view

        def answered(yes: bool | None) -> None:
            if yes:
                exercise.reveal_solution()
                exercise.cell.editor.focus()

        self.push_screen(ConfirmScreen(t("exercise.solution_confirm")), answered)

    # --------------------------------------------------------------- language
    async def action_toggle_language(self) -> None:
        """Switch lessons and interface between English and Chinese, keeping place and code."""
        other = "zh" if self.lang == "en" else "en"
        if self.ascii and other == "zh":
            self.notify(t("language.console"), severity="warning")
            return
        course = self.load_lessons(other) if self.load_lessons else []
        if not course:
            self.notify(t("language.unavailable"), severity="warning")
            return
        self._save_all_code()  # the new views read the learner's code back from here
        current = self.current_index
        set_language(other)
        self.lang, self.lessons = other, course
        self.progress.language = other
        self._schedule_save()
        await self.pane.replace_lessons(course)
        self.query_one(LessonList).set_lessons(course, self._solved_counts())
        self.query_one("#too-small", Static).update(t("app.too_small", width=MIN_WIDTH, height=MIN_HEIGHT))
        self.query_one(AppHeader).retranslate()
        self.query_one(KeyBar).refresh()
        if current is not None and current < len(course):
            await self.open_lesson(current)
        else:
            self.lesson_title = ""

    # ----------------------------------------------------------------- editor
    def _kernel_busy(self) -> bool:
        """A cell, check or widget call runs (or the kernel starts): an editor call would wait."""
        return self.runs.running is not None or self.kernel.state == "starting"

    @on(EditorCall)
    def _editor_call(self, call: EditorCall) -> None:
        view = self.current_view
        self.run_worker(self.editor_service.serve(call, view.lesson.id if view else None), group="editor")

    def action_toggle_shapes(self) -> None:
        panels = self.query(ShapePanel)
        if panels:
            panels.first().display = not panels.first().display
        else:
            self.query_one("#main").mount(ShapePanel())
        self._shapes_changed()

    def _shapes_changed(self) -> None:
        """Ask again for the open lesson's arrays, if the shape panel shows them."""
        for panel in self.query(ShapePanel):
            if panel.display:
                view = self.current_view
                lesson = view.lesson if view is not None else None
                self.run_worker(
                    panel.update_from(self.editor_service, lesson), group="shapes", exclusive=True
                )

    # ---------------------------------------------------------- command palette
    def action_command_palette(self) -> None:
        # is_open takes App[object], though App is invariant in its return type (an App[int] is fine).
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("palette.placeholder")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        return palette.commands(self)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Kiosk sessions open nothing outside the app."""
        if not self.kiosk:
            super().open_url(url, new_tab=new_tab)

    def action_suspend_process(self) -> None:
        """Kiosk sessions never drop to the shell behind them."""
        if not self.kiosk:
            super().action_suspend_process()
