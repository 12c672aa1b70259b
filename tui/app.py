"""TutorialApp: the lesson list, the lesson pane and the kernel, wired together.

The app owns the kernel and is the only place that talks to it: cells ask for
runs with messages, the app runs them in workers (so the event loop never waits
on learner code) and hands results back down to the cells.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Iterable

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Footer, OptionList

from lessons import Lesson
from tui.i18n import t
from tui.kernel import CellResult, Kernel, OutputEvent, PlotEvent
from tui.keys import app_bindings
from tui.messages import KernelRequest
from tui.widgets.code_cell import CodeCell
from tui.widgets.header import AppHeader
from tui.widgets.help_screen import HelpScreen
from tui.widgets.lesson_view import LessonView
from tui.widgets.sidebar import LessonList
from tui.widgets.welcome import Welcome

WIDE_ENOUGH_FOR_SIDEBAR = 100
"""Below this many columns, opening a lesson hides the lesson list to give code room."""


class TutorialApp(App[int]):
    """The whole tutorial; `python -m tui` builds one from the command line."""

    CSS_PATH = ["app.tcss", "widgets/lesson_widgets/lesson_widgets.tcss"]
    TITLE = "nn-basics"
    BINDINGS = app_bindings()

    kernel_state: reactive[str] = reactive("starting")
    lesson_title: reactive[str] = reactive("")

    def __init__(
        self,
        lessons: list[Lesson],
        *,
        lang: str = "en",
        start_lesson: int | None = None,
        ascii: bool = False,
        kernel_timeout: float = 5.0,
    ) -> None:
        super().__init__()
        self.lessons = lessons
        self.lang = lang
        self.start_lesson = start_lesson
        self.ascii = ascii
        self.mono = ascii or bool(os.environ.get("NO_COLOR"))
        self.kernel = Kernel(timeout=kernel_timeout, on_state=self._on_kernel_state)
        self.current_index: int | None = None
        self._views: dict[int, LessonView] = {}
        self._run_lock = asyncio.Lock()
        self._running_cell: CodeCell | None = None

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield AppHeader(id="header").data_bind(TutorialApp.kernel_state, TutorialApp.lesson_title)
        with Horizontal(id="main"):
            yield LessonList(self.lessons, id="sidebar")
            with ContentSwitcher(id="pane", initial="welcome"):
                yield Welcome(id="welcome")
        yield Footer()

    async def on_mount(self) -> None:
        sidebar = self.query_one(LessonList)
        sidebar.highlighted = 0
        sidebar.focus()
        numbers = [lesson.number for lesson in self.lessons]
        if self.start_lesson in numbers:
            await self.open_lesson(numbers.index(self.start_lesson))
        self.call_after_refresh(self._start_kernel)
        self._watch_hangup()

    def _watch_hangup(self) -> None:
        """A closed SSH session sends SIGHUP: stop the kernel first, then exit."""
        # Not possible off the main thread (some test runners) or without POSIX signals.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._on_hangup)

    def _on_hangup(self) -> None:
        self.kernel.kill_now()
        self.exit(return_code=129)

    async def on_unmount(self) -> None:
        await self.kernel.shutdown()

    # ----------------------------------------------------------------- kernel
    def _on_kernel_state(self, state: str) -> None:
        self.kernel_state = state

    @work(exclusive=True, group="kernel-start", exit_on_error=False)
    async def _start_kernel(self) -> None:
        try:
            await self.kernel.start()
        except Exception as error:  # any start failure is shown, not raised
            self.kernel_state = "stopped"
            self.notify(t("kernel.failed", error=error), severity="error", timeout=30)

    # ---------------------------------------------------------------- lessons
    async def open_lesson(self, index: int, *, focus: bool = True) -> None:
        """Show lesson ``index`` (building its view the first time) and focus it."""
        lesson = self.lessons[index]
        switcher = self.query_one(ContentSwitcher)
        view = self._views.get(index)
        if view is None:
            view = LessonView(lesson, mono=self.mono, ascii=self.ascii, id=f"lesson-{lesson.number:02d}")
            view.display = False
            self._views[index] = view
            await switcher.mount(view)
        switcher.current = view.id
        self.current_index = index
        self.lesson_title = lesson.label
        sidebar = self.query_one(LessonList)
        sidebar.highlighted = index
        if self.size.width < WIDE_ENOUGH_FOR_SIDEBAR:
            sidebar.display = False  # the lesson needs every column; Escape brings the list back
        if focus:
            view.focus(scroll_visible=False)

    @property
    def current_view(self) -> LessonView | None:
        return None if self.current_index is None else self._views.get(self.current_index)

    @on(OptionList.OptionSelected, "#sidebar")
    async def _lesson_chosen(self, event: OptionList.OptionSelected) -> None:
        await self.open_lesson(event.option_index)

    @on(LessonView.BackRequested)
    def _back_to_sidebar(self) -> None:
        sidebar = self.query_one(LessonList)
        sidebar.display = True
        sidebar.focus()

    async def action_next_lesson(self) -> None:
        index = 0 if self.current_index is None else self.current_index + 1
        if index < len(self.lessons):
            await self.open_lesson(index)

    async def action_previous_lesson(self) -> None:
        if self.current_index:
            await self.open_lesson(self.current_index - 1)

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one(LessonList)
        sidebar.display = not sidebar.display
        if not sidebar.display and self.focused is sidebar:
            view = self.current_view
            (view or self.query_one(Welcome)).focus()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # ------------------------------------------------------------------- runs
    def _focused_cell(self) -> CodeCell | None:
        node = self.focused
        while node is not None and not isinstance(node, CodeCell):
            node = node.parent
        return node

    def action_run_cell(self) -> None:
        """Reached only when no cell has focus (a focused cell handles Ctrl+R itself)."""
        self.notify(t("cell.no_cell" if self.current_view else "cell.no_lesson"), severity="warning")

    def action_reset_cell(self) -> None:
        self.notify(t("cell.no_cell" if self.current_view else "cell.no_lesson"), severity="warning")

    def action_run_all(self) -> None:
        view = self.current_view
        if view is None:
            self.notify(t("cell.no_lesson"), severity="warning")
            return
        self._run_cells([cell for cell in view.cells if not cell.running], view.lesson.id, stop_on_error=True)

    @on(CodeCell.RunRequested)
    def _run_requested(self, message: CodeCell.RunRequested) -> None:
        view = self.current_view
        if view is not None:
            self._run_cells([message.cell], view.lesson.id, stop_on_error=False)

    @on(CodeCell.StopRequested)
    async def _stop_requested(self, message: CodeCell.StopRequested) -> None:
        if message.cell is self._running_cell:
            await self.kernel.interrupt()
        else:
            message.cell.state = "idle"

    async def action_stop(self) -> None:
        queued = [cell for cell in self.query(CodeCell) if cell.state == "queued"]
        for cell in queued:
            cell.state = "idle"
        if self._running_cell is not None:
            await self.kernel.interrupt()
        elif not queued:
            self.notify(t("cell.nothing_running"))

    async def action_restart_kernel(self) -> None:
        await self.kernel.restart()

    @on(KernelRequest)
    def _kernel_request(self, request: KernelRequest) -> None:
        self.run_worker(self._serve(request), group="widgets")

    async def _serve(self, request: KernelRequest) -> None:
        """Run a widget's computation between cells, never during one."""
        async with self._run_lock:
            result = await self.kernel.run(
                request.code, namespace=request.namespace, timeout=request.timeout, on_event=request.on_event
            )
        request.on_result(result)

    def _run_cells(self, cells: list[CodeCell], namespace: str, *, stop_on_error: bool) -> None:
        for cell in cells:
            cell.queue()
        self.run_worker(self._run_in_order(cells, namespace, stop_on_error), group="cells")

    async def _run_in_order(self, cells: list[CodeCell], namespace: str, stop_on_error: bool) -> None:
        for position, cell in enumerate(cells):
            result = await self._run_one(cell, namespace)
            if result is not None and result.status != "ok" and stop_on_error:
                for later in cells[position + 1 :]:
                    if later.state == "queued":
                        later.state = "idle"
                return

    async def _run_one(self, cell: CodeCell, namespace: str) -> CellResult | None:
        """Run one cell when the kernel is free; None if it was unqueued meanwhile."""
        async with self._run_lock:
            if cell.state != "queued":
                return None
            self._running_cell = cell
            cell.begin_run()

            def stream(event: OutputEvent | PlotEvent) -> None:
                if isinstance(event, OutputEvent):
                    cell.append_output(event.text)
                else:
                    cell.show_figure(event.index, event.figure)

            try:
                result = await self.kernel.run(
                    cell.code, namespace=namespace, timeout=cell.cell.timeout, on_event=stream
                )
            finally:
                self._running_cell = None
            cell.finish(result)
            return result

    # ---------------------------------------------------------- command palette
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(t("key.run_cell"), t("command.run_cell_help"), self._palette_run_cell)
        yield SystemCommand(t("key.run_all"), t("command.run_all_help"), self.action_run_all)
        yield SystemCommand(t("key.reset_cell"), t("command.reset_cell_help"), self._palette_reset_cell)
        yield SystemCommand(t("key.stop"), t("command.stop_help"), self.action_stop)
        yield SystemCommand(t("key.restart_kernel"), t("command.restart_help"), self.action_restart_kernel)
        yield SystemCommand(t("key.next_lesson"), t("command.goto_help"), self.action_next_lesson)
        yield SystemCommand(t("key.prev_lesson"), t("command.goto_help"), self.action_previous_lesson)
        yield SystemCommand(t("key.sidebar"), t("command.sidebar_help"), self.action_toggle_sidebar)
        yield SystemCommand(t("key.help"), t("command.help_help"), self.action_help)
        for index, lesson in enumerate(self.lessons):
            yield SystemCommand(
                t("command.goto", label=lesson.label),
                t("command.goto_help"),
                lambda index=index: self.open_lesson(index),
                discover=False,
            )

    def _palette_run_cell(self) -> None:
        cell = self._focused_cell()
        if cell is None:
            self.action_run_cell()
        else:
            cell.action_run()

    def _palette_reset_cell(self) -> None:
        cell = self._focused_cell()
        if cell is None:
            self.action_reset_cell()
        else:
            cell.action_reset()
