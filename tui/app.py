"""TutorialApp: the lesson list, the lesson pane and the kernel, wired together.

The app owns the kernel and the learner's saved progress, and is the only place
that talks to either: cells and exercises ask for runs with messages, the app
runs them in workers (so the event loop never waits on learner code) and hands
results back down.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable, Iterable
from typing import TypeVar

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.command import CommandPalette
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.filter import Monochrome, NoColor
from textual.geometry import Size
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ContentSwitcher, OptionList, Static

from lessons import Lesson
from tui.cjk import allow_breaks_between_cjk
from tui.grading import grade
from tui.i18n import set_language, t
from tui.kernel import CellResult, Event, Kernel, OutputEvent
from tui.keys import app_bindings
from tui.messages import KernelRequest
from tui.progress import Progress
from tui.terminal import ConsoleGlyphs
from tui.widgets.code_cell import CodeCell
from tui.widgets.confirm import ConfirmScreen
from tui.widgets.exercise import ExerciseView
from tui.widgets.header import AppHeader
from tui.widgets.help_screen import HelpScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.lesson_view import LessonView
from tui.widgets.progress_screen import ProgressScreen
from tui.widgets.prose import ProseStyles
from tui.widgets.sidebar import LessonList
from tui.widgets.welcome import Welcome

allow_breaks_between_cjk()

W = TypeVar("W", bound=Widget)

MIN_WIDTH, MIN_HEIGHT = 60, 15
"""The smallest terminal the layout works in; below it the app asks for more room."""

WIDE_ENOUGH_FOR_SIDEBAR = 100
"""Below this many columns, opening a lesson hides the lesson list to give code room."""

SAVE_DELAY = 1.5
"""Seconds of quiet typing before edited code is written to disk."""

PREBUILD_DELAY = 0.4
"""Seconds after a lesson opens before its neighbours are built in the background."""


class TutorialApp(App[int]):
    """The whole tutorial; `python -m tui` builds one from the command line."""

    CSS_PATH = ["app.tcss", "widgets/lesson_widgets/lesson_widgets.tcss"]
    TITLE = "nn-basics"
    BINDINGS = app_bindings()

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
    ) -> None:
        super().__init__()
        self.lessons = lessons
        self.lang = lang
        self.load_lessons = load_lessons
        """The course in another language (None: these lessons have only one edition)."""
        self.start_lesson = start_lesson
        self.ascii = ascii
        self.kiosk = kiosk
        if self.no_color:  # Textual only greys colours out; NO_COLOR asks for none at all
            self._filters = [f for f in self._filters if not isinstance(f, Monochrome)]
            self._filters.append(NoColor())
        if ascii:
            self._filters.append(ConsoleGlyphs())
            self.add_class("-ascii")
        self.mono = ascii or self.no_color
        self.progress = progress if progress is not None else Progress.load(save=False)
        self.kernel = Kernel(timeout=kernel_timeout, on_state=self._on_kernel_state)
        self.kernel_generation = 0
        """Counts kernel starts: a cell that ran cleanly in an older generation must run again."""
        self.current_index: int | None = None
        self._views: dict[int, LessonView] = {}
        self._run_lock = asyncio.Lock()
        self._running_cell: CodeCell | None = None
        self._serving = False
        """True while a widget's computation runs (Ctrl+G stops those too)."""
        self._save_timer: Timer | None = None
        self._prebuild_timer: Timer | None = None

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        yield Static(t("app.too_small", width=MIN_WIDTH, height=MIN_HEIGHT), id="too-small")
        yield AppHeader(id="header").data_bind(TutorialApp.kernel_state, TutorialApp.lesson_title)
        with Horizontal(id="main"):
            yield LessonList(self.lessons, self._solved_counts(), id="sidebar")
            with ContentSwitcher(id="pane", initial="welcome"):
                yield Welcome(id="welcome")
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
        self.call_after_refresh(self._start_kernel)
        self._watch_hangup()

    def _first_lesson_index(self) -> int | None:
        """``--lesson N`` if given, else the lesson the learner last had open."""
        numbers = [lesson.number for lesson in self.lessons]
        if self.start_lesson in numbers:
            return numbers.index(self.start_lesson)
        ids = [lesson.id for lesson in self.lessons]
        last = self.progress.last_lesson
        return ids.index(last) if self.start_lesson is None and last in ids else None

    def _watch_hangup(self) -> None:
        """A closed SSH session sends SIGHUP: stop the kernel first, then exit."""
        # Not possible off the main thread (some test runners) or without POSIX signals.
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._on_hangup)

    def _on_hangup(self) -> None:
        self.kernel.kill_now()
        self._save_all_code()
        self.exit(return_code=129)

    async def on_unmount(self) -> None:
        self._save_all_code()
        await self.kernel.shutdown()

    def _save_all_code(self) -> None:
        """Record every editor's text, whatever edit messages are still in flight, and save."""
        for view in self._views.values():
            for cell in view.editors:
                self._remember_code(view.lesson.id, cell)
        self.progress.save()

    def _remember_code(self, lesson_id: str, cell: CodeCell) -> None:
        if cell.code == cell.cell.code:
            self.progress.forget_code(lesson_id, cell.cell.id)
        else:
            self.progress.set_code(lesson_id, cell.cell.id, cell.code)

    # ----------------------------------------------------------------- kernel
    def _on_kernel_state(self, state: str) -> None:
        if state == "starting":
            self.kernel_generation += 1
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
        view = await self._view_for(index)
        self.query_one(ContentSwitcher).current = view.id
        self.current_index = index
        self.lesson_title = lesson.label
        sidebar = self.query_one(LessonList)
        sidebar.highlighted = index
        if self.size.width < WIDE_ENOUGH_FOR_SIDEBAR:
            sidebar.display = False  # the lesson needs every column; Escape brings the list back
        if focus:
            view.focus_reading()
        if self.progress.last_lesson != lesson.id:
            self.progress.last_lesson = lesson.id
            self._schedule_save()
        self._prebuild_soon(index + 1, index - 1)

    async def _view_for(self, index: int, *, background: bool = False) -> LessonView:
        """The view of lesson ``index``, built (hidden) and mounted the first time it is asked for.

        Built ``background``, it is mounted in small steps, so the learner's keys are
        not held up meanwhile."""
        view = self._views.get(index)
        if view is None:
            lesson = self.lessons[index]
            view = LessonView(
                lesson,
                saved_code=lambda block_id: self.progress.code(lesson.id, block_id),
                solved=frozenset(self.progress.solved_in(lesson.id)),
                mono=self.mono,
                ascii=self.ascii,
                gradual=background,
                id=f"lesson-{lesson.number:02d}",
            )
            view.display = False
            self._views[index] = view
            await self.query_one(ContentSwitcher).mount(view)
        return view

    def _prebuild_soon(self, *indices: int) -> None:
        """Build these lessons' views once the learner pauses, so opening them is instant.

        The lessons next to the open one (for n and p) and the one highlighted in
        the list (for Enter) are the likely next moves.
        """
        wanted = [i for i in indices if 0 <= i < len(self.lessons) and i not in self._views]
        if self._prebuild_timer is not None:
            self._prebuild_timer.stop()
        if wanted:
            self._prebuild_timer = self.set_timer(PREBUILD_DELAY, lambda: self._prebuild(wanted))

    async def _prebuild(self, indices: list[int]) -> None:
        if not self.is_running:
            return  # the app is shutting down: nothing to build into
        first, *rest = indices
        if first not in self._views:
            await self._view_for(first, background=True)
        # One at a time, so a key pressed meanwhile waits for one build at most.
        self._prebuild_soon(*rest)

    @on(OptionList.OptionHighlighted, "#sidebar")
    def _lesson_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.current_index:
            self._prebuild_soon(event.option_index)

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
            if view is not None:
                view.focus_reading()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(hidden=self._unavailable_keys()))

    def _unavailable_keys(self) -> frozenset[str]:
        """What this session cannot do, so it is neither offered in the key bar nor in help."""
        no_language = self.ascii or self.load_lessons is None  # no Chinese on the console
        return frozenset({"key.language"} if no_language else ())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a binding from the key bar.
        return not (action == "toggle_language" and "key.language" in self._unavailable_keys())

    def action_progress(self) -> None:
        if not isinstance(self.screen, ProgressScreen):
            solved = {lesson.id: self.progress.solved_in(lesson.id) for lesson in self.lessons}
            self.push_screen(ProgressScreen(self.lessons, solved))

    # --------------------------------------------------------------- progress
    def _solved_counts(self) -> list[int]:
        return [lesson.solved_count(self.progress.solved_in(lesson.id)) for lesson in self.lessons]

    @on(CodeCell.Edited)
    def _code_edited(self, message: CodeCell.Edited) -> None:
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

    # ------------------------------------------------------------------- runs
    def _focused_within(self, kind: type[W]) -> W | None:
        """The ``kind`` widget that holds the focus (itself or around it), if any."""
        focused = self.focused
        if focused is None or isinstance(focused, kind):
            return focused
        try:
            return focused.query_ancestor(kind)
        except NoMatches:
            return None

    def action_run_cell(self) -> None:
        """Reached only when no cell has focus (a focused cell handles Ctrl+R itself)."""
        self._no_cell_here()

    def action_reset_cell(self) -> None:
        """Reached only when no cell has focus (a focused cell handles Ctrl+O itself)."""
        self._no_cell_here()

    def _no_cell_here(self) -> None:
        self.notify(t("cell.no_cell" if self.current_view else "cell.no_lesson"), severity="warning")

    def _no_exercise_here(self) -> None:
        self.notify(t("exercise.none_focused"), severity="warning")

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
        if self._running_cell is not None or self._serving:
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
            self._serving = True
            try:
                result = await self.kernel.run(
                    request.code,
                    namespace=request.namespace,
                    timeout=request.timeout,
                    on_event=request.on_event,
                )
            finally:
                self._serving = False
        if self.is_running:  # not while shutting down: the asking widget may be half gone
            request.on_result(result)

    def _run_cells(self, cells: list[CodeCell], namespace: str, *, stop_on_error: bool) -> None:
        for cell in cells:
            cell.queue()
        self.run_worker(self._run_in_order(cells, namespace, stop_on_error), group="cells")

    async def _run_in_order(self, cells: list[CodeCell], namespace: str, stop_on_error: bool) -> bool:
        """Run ``cells`` one by one; False if one failed (and, with stop_on_error, the rest were skipped)."""
        ok = True
        for position, cell in enumerate(cells):
            result = await self._run_one(cell, namespace)
            if result is not None and result.status != "ok":
                ok = False
                if stop_on_error:
                    for later in cells[position + 1 :]:
                        if later.state == "queued":
                            later.state = "idle"
                    break
        return ok

    async def _run_one(self, cell: CodeCell, namespace: str) -> CellResult | None:
        """Run one cell when the kernel is free; None if it was unqueued meanwhile."""
        async with self._run_lock:
            if cell.state != "queued":
                return None
            self._running_cell = cell
            cell.begin_run()
            try:
                result = await self.kernel.run(
                    cell.code, namespace=namespace, timeout=cell.cell.timeout, on_event=self._streamer(cell)
                )
            finally:
                self._running_cell = None
            cell.finish(result)
            if result.status == "ok":
                cell.ok_generation = self.kernel_generation
            return result

    @staticmethod
    def _streamer(cell: CodeCell):
        def stream(event: Event) -> None:
            if isinstance(event, OutputEvent):
                cell.append_output(event.text)
            else:
                cell.show_figure(event.index, event.figure)

        return stream

    # -------------------------------------------------------------- exercises
    @on(ExerciseView.CheckRequested)
    def _check_requested(self, message: ExerciseView.CheckRequested) -> None:
        view = self.current_view
        exercise = message.view
        if view is None or exercise.cell.running:
            return
        stale = [c for c in view.cells_above(exercise) if c.ok_generation != self.kernel_generation]
        for cell in [*stale, exercise.cell]:
            if not cell.running:
                cell.queue()
        self.run_worker(self._check(view, exercise, stale), group="cells")

    async def _check(self, view: LessonView, exercise: ExerciseView, stale: list[CodeCell]) -> None:
        """Bring the cells above up to date in this kernel, then grade the learner's answer."""
        lesson_id = view.lesson.id
        if stale and not await self._run_in_order(stale, lesson_id, stop_on_error=True):
            exercise.cell.state = "idle"
            self.notify(t("exercise.cells_above_failed"), severity="warning", timeout=10)
            return
        cell = exercise.cell
        async with self._run_lock:
            if cell.state != "queued":
                return
            self._running_cell = cell
            cell.begin_run()
            try:
                stream = self._streamer(cell)
                graded = await grade(self.kernel, exercise.exercise, cell.code, lesson_id, on_event=stream)
            finally:
                self._running_cell = None
        cell.finish(graded.result)
        exercise.show_grade(graded)
        if graded.verdict == "passed" and not self.progress.is_solved(lesson_id, exercise.exercise.id):
            self.progress.mark_solved(lesson_id, exercise.exercise.id)
            self._schedule_save()
            self.query_one(LessonList).show_solved(self._solved_counts())
            self.notify(t("exercise.solved_notify", title=exercise.exercise.title))

    @on(ExerciseView.SolutionRequested)
    def _solution_requested(self, message: ExerciseView.SolutionRequested) -> None:
        exercise = message.view

        def answered(yes: bool | None) -> None:
            if yes:
                exercise.reveal_solution()
                exercise.cell.query_one("CellEditor").focus()

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
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "welcome"  # the new view reuses the old id; the switcher must see a change
        for view in self._views.values():
            await view.remove()
        self._views.clear()
        self.current_index = None
        set_language(other)
        self.lang = other
        self.lessons = course
        self.query_one(LessonList).set_lessons(course, self._solved_counts())
        await self.query_one(Welcome).recompose()
        self.query_one("#too-small", Static).update(t("app.too_small", width=MIN_WIDTH, height=MIN_HEIGHT))
        self.query_one(AppHeader).retranslate()
        self.query_one(KeyBar).refresh()
        if current is not None and current < len(course):
            await self.open_lesson(current)
        else:
            self.lesson_title = ""

    # ---------------------------------------------------------- command palette
    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("palette.placeholder")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(t("command.theme"), t("command.theme_help"), self.action_change_theme)
        yield SystemCommand(t("key.quit"), t("command.quit_help"), self.action_quit)
        if not self.kiosk:  # kiosk: nothing writes files
            yield SystemCommand(t("command.screenshot"), t("command.screenshot_help"), self._screenshot_soon)
        yield SystemCommand(t("key.language"), t("command.language_help"), self.action_toggle_language)
        yield SystemCommand(
            t("key.run_cell"),
            t("command.run_cell_help"),
            self._on_focused(CodeCell, "run", self._no_cell_here),
        )
        yield SystemCommand(t("key.run_all"), t("command.run_all_help"), self.action_run_all)
        yield SystemCommand(
            t("key.reset_cell"),
            t("command.reset_cell_help"),
            self._on_focused(CodeCell, "reset", self._no_cell_here),
        )
        yield SystemCommand(
            t("key.hint"),
            t("command.hint_help"),
            self._on_focused(ExerciseView, "hint", self._no_exercise_here),
        )
        yield SystemCommand(
            t("key.solution"),
            t("command.solution_help"),
            self._on_focused(ExerciseView, "solution", self._no_exercise_here),
        )
        yield SystemCommand(t("key.stop"), t("command.stop_help"), self.action_stop)
        yield SystemCommand(t("key.restart_kernel"), t("command.restart_help"), self.action_restart_kernel)
        yield SystemCommand(t("key.next_lesson"), t("command.goto_help"), self.action_next_lesson)
        yield SystemCommand(t("key.prev_lesson"), t("command.goto_help"), self.action_previous_lesson)
        yield SystemCommand(t("key.sidebar"), t("command.sidebar_help"), self.action_toggle_sidebar)
        yield SystemCommand(t("key.progress"), t("command.progress_help"), self.action_progress)
        yield SystemCommand(t("key.help"), t("command.help_help"), self.action_help)
        for index, lesson in enumerate(self.lessons):
            yield SystemCommand(
                t("command.goto", label=lesson.label),
                t("command.goto_help"),
                lambda index=index: self.open_lesson(index),
                discover=False,
            )

    def _screenshot_soon(self) -> None:
        """After the palette has closed, so it is not in the picture."""
        self.set_timer(0.1, self.deliver_screenshot)

    def _on_focused(self, kind: type[W], action: str, otherwise: Callable[[], None]) -> Callable[[], None]:
        """A palette command doing ``action`` on the focused ``kind`` (a cell, an exercise)."""

        def run() -> None:
            widget = self._focused_within(kind)
            if widget is None:
                otherwise()
            else:
                getattr(widget, f"action_{action}")()

        return run

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Kiosk sessions open nothing outside the app."""
        if not self.kiosk:
            super().open_url(url, new_tab=new_tab)

    def action_suspend_process(self) -> None:
        """Kiosk sessions never drop to the shell behind them."""
        if not self.kiosk:
            super().action_suspend_process()
