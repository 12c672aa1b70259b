"""TutorialApp: wires the lesson list, the lesson pane, the run queue and saved progress.

The app decides nothing itself. How runs happen is ``tui.runs``, wired to the
widgets by ``tui.run_wiring``; completion and the shape panel go through
``tui.editor_wiring``; progress is kept by ``tui.progress_keeper``; the language
changes in ``tui.language_switch``; which lesson is open is ``tui.navigation``;
help, palette and kiosk limits are ``tui.menus``; keys are ``tui.actions``.
Widgets ask with messages, and the app hands each to the module that answers it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.geometry import Size
from textual.reactive import reactive
from textual.widgets import Static

from lessons import Lesson
from tui.actions import bindings
from tui.editor_service import EditorCall, EditorService, kernel_caller
from tui.editor_wiring import EditorWiring
from tui.framework import input_driver, install, install_filters
from tui.hangup import catch_hangup, release_hangup
from tui.i18n import t
from tui.kernel_settings import kernel_start
from tui.menus import Menus
from tui.progress import Progress
from tui.progress_keeper import ProgressKeeper
from tui.widgets.header import AppHeader
from tui.widgets.key_bar import KeyBar
from tui.widgets.lesson_pane import LessonPane
from tui.widgets.prose import ProseStyles
from tui.widgets.sidebar import LessonList

if TYPE_CHECKING:  # imported when first needed: the first screen shows none of them (start-up time)
    from tui.classroom.link import ClassLink
    from tui.kernel import Kernel
    from tui.messages import KernelCall, KernelCallCancel
    from tui.run_wiring import RunWiring
    from tui.runs import RunQueue
    from tui.widgets.code_cell import CodeCell
    from tui.widgets.exercise import ExerciseView

install()

MIN_WIDTH, MIN_HEIGHT = 60, 15
"""The smallest terminal the layout works in; below it the app asks for more room."""


class TutorialApp(Menus):
    """The whole tutorial; `python -m tui` builds one from the command line.

    Its bases, each a layer of its own: `Menus` (help, palette, what this session
    leaves out: ``tui.menus``) on `LessonNavigation` (which lesson is open:
    ``tui.navigation``) on `ClassroomApp` (what a learner in a class does: ``tui.student``).

    Only what the first screen shows is imported with this module; the kernel, the
    run queue, lessons' widgets and other screens are imported when first needed, so
    a class of thirty logging in at once reaches the lesson list sooner. Messages
    from those widgets are therefore handled by name (``on_code_cell_edited``), not
    with ``@on(CodeCell.Edited)``, which would need the class at import time.
    """

    CSS_PATH = ["app.tcss", "widgets/lesson_widgets/lesson_widgets.tcss", "student/student.tcss"]
    TITLE = "nn-basics"
    BINDINGS = bindings("app")

    # repaint=False: only the header (bound to it) redraws, not the whole screen.
    kernel_state: reactive[str] = reactive("starting", repaint=False)

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
        self.keeper = ProgressKeeper(self)
        self.editor_wiring = EditorWiring(self)
        self._kernel_timeout = kernel_timeout
        self._kernel_start = kernel_start(os.environ)
        if self._kernel_start in ("lesson", "need"):
            self.set_reactive(TutorialApp.kernel_state, "idle")
        self._wiring: RunWiring | None = None
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

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Static(t("app.too_small", width=MIN_WIDTH, height=MIN_HEIGHT), id="too-small")
        yield AppHeader(id="header").data_bind(TutorialApp.kernel_state, TutorialApp.lesson_title)
        with Horizontal(id="main"):
            yield LessonList(self.lessons, self.keeper.solved_counts(), id="sidebar")
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
        index = self.first_lesson_index()
        if index is not None:
            await self.open_lesson(index)
        self.keeper.show_notices()
        if self._kernel_start == "now":
            self._start_kernel()
        elif self._kernel_start == "paint":
            self.call_after_refresh(self._start_kernel)
        catch_hangup(self._on_hangup)

    def _on_hangup(self, return_code: int) -> None:
        """Stop the kernel first, then save, restore the terminal and exit."""
        if self._wiring is not None:
            self._wiring.kernel.kill_now()
        self.keeper.save_all_code()
        self.exit(return_code=return_code)

    async def on_unmount(self) -> None:
        release_hangup()
        self.keeper.save_all_code()
        if self._wiring is not None:
            await self._wiring.close()

    # ----------------------------------------------------------------- kernel
    @property
    def wiring(self) -> RunWiring:
        """The kernel and the run queue, made (and their modules imported) when first needed."""
        if self._wiring is None:
            from tui.run_wiring import RunWiring

            self._wiring = RunWiring(self, timeout=self._kernel_timeout, confine=self.kiosk)
        return self._wiring

    @property
    def kernel(self) -> Kernel:
        """The kernel (its process starts later, see ``_start_kernel``)."""
        return self.wiring.kernel

    @property
    def runs(self) -> RunQueue:
        return self.wiring.runs

    @work(exclusive=True, group="kernel-start", exit_on_error=False)
    async def _start_kernel(self) -> None:
        await self.wiring.start()

    async def action_restart_kernel(self) -> None:
        await self.wiring.restart()

    def _kernel_busy(self) -> bool:
        return self.wiring.busy()

    # ---------------------------------------------------------------- lessons
    async def open_lesson(self, index: int, *, focus: bool = True) -> None:
        """The lesson, and what changes with it: the kernel may start, the shape panel, the saved place."""
        if self._kernel_start == "lesson" and self.kernel_state == "idle":
            self.kernel_state = "starting"  # once the lesson is on screen
            self.call_after_refresh(self._start_kernel)
        lesson_id = self.lessons[index].id
        await super().open_lesson(index, focus=focus)
        self.shapes_changed()
        self.keeper.lesson_opened(lesson_id)

    # ------------------------------------------------------------------- runs
    def on_lesson_pane_dropped(self, message: LessonPane.Dropped) -> None:
        for cell in message.editors:
            self.keeper.remember_code(message.lesson_id, cell)
        self.keeper.schedule_save()

    def on_code_cell_edited(self, message: CodeCell.Edited) -> None:
        if self.current_view is not None:
            self.keeper.code_edited(self.current_view.lesson.id, message.cell)

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

    async def action_run_all(self) -> None:
        view = self.current_view
        if view is None:
            self.notify(t("cell.no_lesson"), severity="warning")
        else:
            await view.finish()  # every cell, also those below what the learner has read
            self.wiring.run_all(view)

    def on_code_cell_run_requested(self, message: CodeCell.RunRequested) -> None:
        if self.current_view is not None:
            self.wiring.run_cell(self.current_view, message.cell)

    def on_exercise_view_check_requested(self, message: ExerciseView.CheckRequested) -> None:
        if self.current_view is not None:
            self.wiring.check(self.current_view, message.view)

    def on_kernel_call(self, call: KernelCall) -> None:
        self.wiring.call(call)

    def on_code_cell_stop_requested(self, message: CodeCell.StopRequested) -> None:
        self.wiring.cancel(message.cell)

    def on_exercise_view_stop_requested(self, message: ExerciseView.StopRequested) -> None:
        self.wiring.cancel(message.view)

    def on_kernel_call_cancel(self, cancel: KernelCallCancel) -> None:
        self.wiring.cancel(cancel.requester)

    def action_stop(self) -> None:
        if not self.wiring.stop():
            self.notify(t("cell.nothing_running"))

    # --------------------------------------------------------------- language
    async def action_toggle_language(self) -> None:
        """Switch lessons and interface between English and Chinese, keeping place and code."""
        from tui.language_switch import toggle_language

        await toggle_language(self)

    def retranslate(self) -> None:
        """Redraw the app's own texts in the language just chosen."""
        self.query_one("#too-small", Static).update(t("app.too_small", width=MIN_WIDTH, height=MIN_HEIGHT))
        self.query_one(AppHeader).retranslate()
        self.query_one(KeyBar).refresh()

    # ----------------------------------------------------------------- editor
    @on(EditorCall)
    def _editor_call(self, call: EditorCall) -> None:
        self.editor_wiring.serve(call)

    def action_toggle_shapes(self) -> None:
        self.editor_wiring.toggle_shapes()

    def shapes_changed(self) -> None:
        self.editor_wiring.shapes_changed()
