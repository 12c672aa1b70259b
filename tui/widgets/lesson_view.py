"""One lesson, scrollable: its title, prose, code cells, exercises and widgets, in file order."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from lessons import Block, Cell, Exercise, Lesson, Prose, WidgetBlock
from tui.actions import bindings
from tui.code_names import assigned_loosely, names_of, stale_below
from tui.editor_service import EditorCall
from tui.grading import Grade
from tui.i18n import t
from tui.widgets.code_cell import FINISHED_STATES, CellEditor, CellSnapshot, CodeCell
from tui.widgets.code_preview import CodePreview
from tui.widgets.exercise import ExerciseView
from tui.widgets.lesson_end import LessonEnd
from tui.widgets.lesson_rest import LessonRest, estimated_rows
from tui.widgets.lesson_widgets import REGISTRY
from tui.widgets.lesson_widgets.base import LessonWidget
from tui.widgets.prose import ProseView


@dataclass(frozen=True)
class LessonSnapshot:
    """Where the learner is in a lesson and what its cells show, carried over a rebuild (F2)."""

    anchor: tuple[int, float]
    """The block at the top of the view (its index among the lesson's widgets) and how far into it."""
    cells: dict[str, CellSnapshot]
    exercises: dict[str, tuple[int, Grade | None]]
    """Exercise id -> hints shown and the last check's result."""
    focused_cell: str | None


ANCHOR_PASSES = 3
"""Layout passes a rebuilt lesson is scrolled back to its place on (its outputs settle meanwhile)."""

FIRST_BLOCKS = 4
"""Blocks mounted with the lesson itself: about a screenful."""

STEP_BLOCKS = 3
"""Blocks mounted per step as the learner reads down."""

REST_GUTTER = 3
"""Columns of the view that prose does not wrap into (padding, scrollbar)."""

AHEAD_SCREENS = 1.0
"""Built lesson kept below the screen, in screen heights: a page down always lands on
built blocks, and the next ones are built meanwhile."""

MOUNT_WAIT = 5.0
"""Seconds ``finish`` waits at most for a lesson view still being mounted."""


class LessonHeading(Static, can_focus=True):
    """The lesson's title line, and where focus rests while the learner reads.

    Arrows and PgUp/PgDn scroll the whole lesson from here. Focus sits on this
    one-line widget rather than on the lesson itself because Textual restyles a
    focused widget's whole subtree: focusing a lesson of fifty widgets took a
    tenth of a second on every switch.
    """

    BINDINGS = bindings("reading")
    FOCUS_CONTEXT = "focus.lesson"

    async def action_scroll_lesson(self, how: str) -> None:
        lesson = self.parent
        if isinstance(lesson, LessonView):
            if how == "end":
                await lesson.finish()  # the end of the lesson, not of what is built so far
            getattr(lesson, f"scroll_{how}")(animate=False)

    def action_back_to_sidebar(self) -> None:
        self.post_message(LessonView.BackRequested())

    async def action_next_lesson(self) -> None:
        await self.app.run_action("next_lesson")

    async def action_previous_lesson(self) -> None:
        await self.app.run_action("previous_lesson")

    def action_expand_outputs(self) -> None:
        lesson = self.parent
        if isinstance(lesson, LessonView):
            lesson.expand_outputs()

    def action_enter_block(self, direction: int) -> None:
        """Tab while reading: into the next cell or widget on screen (Shift+Tab: the previous)."""
        lesson = self.parent
        if isinstance(lesson, LessonView):
            lesson.enter_block(direction)


class LessonView(VerticalScroll, can_focus=False):
    """A lesson, scrolled from its heading; a broken lesson file shows its problems
    here instead of its content, so the rest of the course keeps working.

    A lesson is built as far as it is read: its first screenful with the view, then a
    few blocks at a time while fewer than ``AHEAD_SCREENS`` of built lesson are left
    below the screen; a blank of about the rest's height (``LessonRest``) keeps the
    scrollbar true meanwhile. Opening a lesson thus costs a screenful, not the whole
    lesson (on a class server, first visits were most of the slow keys). What needs
    the whole lesson (Run all, End, a Tab past the last built block, a jump into the
    blank) calls ``finish``.
    """

    class BackRequested(Message):
        """Escape while reading: go back to the lesson list."""

    def __init__(
        self,
        lesson: Lesson,
        *,
        saved_code: Callable[[str], str | None] = lambda block_id: None,
        solved: frozenset[str] = frozenset(),
        mono: bool = False,
        ascii: bool = False,
        next_label: str | None = None,
        restore: LessonSnapshot | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="lesson-view")
        self.lesson = lesson
        self._saved_code = saved_code
        self._solved = solved
        self._mono = mono
        self._ascii = ascii
        self._next_label = next_label
        self._restore = restore
        self._pending_focus: str | None = None
        self._left: Widget | None = None
        """The editor the learner left with Escape (Tab goes on from there)."""
        self._anchor_pending: tuple[int, float] | None = None
        self._place: tuple[int, float] = (0, 0.0)
        """Where the learner was when the view was last left (``remember_place``)."""
        self._ran = False
        """Whether a cell of this lesson has started running (stale marks only matter after that)."""
        self.editors: list[CodeCell] = []
        """Every editor of the lesson, cells and exercises, kept for saving at shutdown."""
        self._unbuilt: list[Block] = []
        """Blocks not mounted yet (``_grow``)."""
        self._growing = False
        """Whether a step of blocks is being mounted (the layout then tells if more are needed)."""
        self._rest = LessonRest(classes="lesson-rest")
        """Stands in for the unbuilt blocks, below the built ones, until the last is built."""
        self._mounted = asyncio.Event()
        self._ended = False
        """Whether the lesson's end is mounted or on its way (then nothing is left to build)."""
        self._restoring: tuple[dict[str, CellSnapshot], dict[str, tuple[int, Grade | None]]] = ({}, {})
        """What a snapshot recorded for cells and exercises not mounted yet."""

    def compose(self) -> ComposeResult:
        yield LessonHeading(
            f"{self.lesson.number:02d} · {self.lesson.title}", classes="lesson-title", markup=False
        )
        if not self.lesson.ok:
            yield Static(t("lesson.broken"), classes="lesson-broken")
            yield Static("\n".join(str(e) for e in self.lesson.errors), classes="lesson-errors", markup=False)
            yield Static(t("lesson.broken_hint"), classes="lesson-broken-hint")
            yield LessonEnd(self._next_label)
            self._ended = True
            return
        first = FIRST_BLOCKS
        if self._restore is not None:  # built down to the place the learner comes back to
            first += self._restore.anchor[0]
        blocks = self.lesson.blocks
        self._unbuilt = list(blocks[first:])
        yield from self._widgets(blocks[:first])
        if self._unbuilt:
            self._measure_rest()
            yield self._rest
        else:
            yield LessonEnd(self._next_label)
            self._ended = True

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._grow_if_near_end, init=False)
        snapshot, self._restore = self._restore, None
        if snapshot is not None:
            self._restore_from(snapshot)
        self._mounted.set()

    async def until_mounted(self) -> None:
        """Wait (``MOUNT_WAIT`` at most) until the view is mounted: a view built in the background
        may be asked for between its creation and its mounting."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._mounted.wait(), MOUNT_WAIT)

    async def finish(self) -> None:
        """Mount every block not mounted yet: something needs the whole lesson."""
        await self.until_mounted()
        await self._mount_blocks(len(self._unbuilt))

    @property
    def built(self) -> bool:
        """Whether every block of the lesson is mounted (or on its way)."""
        return self._ended

    def on_show(self) -> None:
        if self._anchor_pending is not None:
            self.call_after_refresh(self._scroll_to_anchor)
        self.call_after_refresh(self._grow_if_near_end)

    def on_resize(self) -> None:
        if not self._ended:
            self._measure_rest()
        self._grow_if_near_end()

    def _measure_rest(self) -> None:
        """Size the blank for the unbuilt blocks at the view's width (the app's before the
        view is laid out: about right, and corrected on its first resize)."""
        width = self.size.width or self.app.size.width
        self._rest.show_rows(estimated_rows(self._unbuilt, width - REST_GUTTER))

    def _grow_if_near_end(self) -> None:
        """Mount the next few blocks when less than ``AHEAD_SCREENS`` of built lesson is below the
        screen; every block at once when the learner jumped into the blank (a scrollbar dragged)."""
        if self._ended or self._growing or not self.display or not self.size.height:
            return
        rest = self._rest.virtual_region.y
        if not rest:  # not laid out yet
            return
        bottom = self.scroll_y + self.size.height
        if rest < self.scroll_y:
            self._growing = True
            self.call_later(self._grow, len(self._unbuilt))
        elif rest - bottom < self.size.height * AHEAD_SCREENS:
            self._growing = True
            self.call_later(self._grow, STEP_BLOCKS)

    async def _grow(self, count: int) -> None:
        try:
            await self._mount_blocks(count)
        finally:
            self._growing = False
        self.call_after_refresh(self._grow_if_near_end)  # laid out, the new blocks may not be enough

    async def _mount_blocks(self, count: int) -> None:
        """Mount the next ``count`` unbuilt blocks (and the lesson's end after the last)."""
        if self._ended or not self.is_attached:  # built, or dropped before this step came
            return
        step, self._unbuilt = self._unbuilt[:count], self._unbuilt[count:]
        widgets = self._widgets(step)
        if self._unbuilt:
            self._measure_rest()
        else:
            self._ended = True
            widgets.append(LessonEnd(self._next_label))
        await self.mount_all(widgets, before=self._rest)
        if self._ended:
            await self._rest.remove()
        self._restore_mounted()

    def _restore_from(self, snapshot: LessonSnapshot) -> None:
        """Show again what a snapshot recorded: in the blocks mounted, and in the rest as they come."""
        self._restoring = (dict(snapshot.cells), dict(snapshot.exercises))
        self._ran = any(cell.ran_code is not None for cell in snapshot.cells.values())
        self._restore_mounted()
        self._anchor_pending = snapshot.anchor
        if self.display:
            self.call_after_refresh(self._scroll_to_anchor)
        if snapshot.focused_cell is not None:
            self._pending_focus = snapshot.focused_cell

    def _restore_mounted(self) -> None:
        cells, exercises = self._restoring
        if cells:
            for cell in self.code:
                if cell.block.id in cells:
                    cell.restore(cells.pop(cell.block.id))
        if exercises:
            for exercise in self.query(ExerciseView):
                if exercise.exercise.id in exercises:
                    hints, grade = exercises.pop(exercise.exercise.id)
                    exercise.hints_shown = min(hints, len(exercise.exercise.hints))
                    if grade is not None:
                        exercise.show_grade(grade)

    def snapshot(self) -> LessonSnapshot:
        """Where the view is scrolled to, what has focus, and what every cell and exercise shows."""
        cells = self.code
        focused = next((cell.block.id for cell in cells if cell.editing), None)
        unmounted_cells, unmounted_exercises = self._restoring  # still waiting to be shown again
        exercises = {
            **unmounted_exercises,
            **{view.exercise.id: (view.hints_shown, view.last_grade) for view in self.query(ExerciseView)},
        }
        anchor = self._anchor() if self.display else self._place
        shown = {cell.block.id: cell.snapshot() for cell in cells}
        return LessonSnapshot(anchor, {**unmounted_cells, **shown}, exercises, focused)

    def remember_place(self) -> None:
        """Note where the learner is, while the view is still on screen (``snapshot`` of a hidden view)."""
        self._place = self._anchor()

    def _anchor(self) -> tuple[int, float]:
        top = self.scroll_y
        for index, child in enumerate(self.children):
            region = child.virtual_region_with_margin
            if region.height and region.y <= top < region.bottom:
                return index, (top - region.y) / region.height
        return 0, 0.0

    def _scroll_to_anchor(self, passes: int = ANCHOR_PASSES) -> None:
        """Scroll back to where the snapshot was taken, once laid out (the regions are known).

        Again after the next few refreshes: restored outputs and plots are mounted a
        moment later and push the blocks below them down.
        """
        if self._anchor_pending is None:
            return
        index, fraction = self._anchor_pending
        children = list(self.children)
        if index < len(children):
            region = children[index].virtual_region_with_margin
            self.scroll_to(y=region.y + round(fraction * region.height), animate=False, immediate=True)
        if passes > 1:
            self.call_after_refresh(self._scroll_to_anchor, passes - 1)
        else:
            self._anchor_pending = None

    def focus_restored(self) -> bool:
        """Put the focus back in the editor that had it before the rebuild; False if none did."""
        cell_id, self._pending_focus = self._pending_focus, None
        cell = next((cell for cell in self.code if cell.block.id == cell_id), None)
        if cell is None:
            return False
        cell.editor.focus(scroll_visible=False)
        return True

    def _widgets(self, blocks: Sequence[Block]) -> list[Widget]:
        mono, ascii = self._mono, self._ascii
        widgets: list[Widget] = []
        for block in blocks:
            if isinstance(block, Prose):
                widgets.append(ProseView(block.text, ascii=self._ascii, classes="prose"))
            elif isinstance(block, Cell):
                cell = CodeCell(block, code=self._saved_code(block.id), mono=mono, ascii=ascii)
                self.editors.append(cell)
                widgets.append(cell)
            elif isinstance(block, Exercise):
                solved = block.id in self._solved
                exercise = ExerciseView(
                    block, code=self._saved_code(block.id), solved=solved, mono=mono, ascii=ascii
                )
                self.editors.append(exercise.cell)
                widgets.append(exercise)
            elif isinstance(block, WidgetBlock) and block.name in REGISTRY:
                widgets.append(REGISTRY[block.name](block.options))
        return widgets

    @property
    def busy(self) -> bool:
        """Whether a cell, an exercise or a lesson widget here waits for the kernel."""
        return any(cell.running for cell in self.query(CodeCell)) or any(
            widget.pending for widget in self.query(LessonWidget)
        )

    @property
    def cells(self) -> list[CodeCell]:
        """The lesson's code cells, top to bottom (exercises' editors are not cells)."""
        return [cell for cell in self.query(CodeCell) if not isinstance(cell.parent, ExerciseView)]

    @property
    def code(self) -> list[CodeCell]:
        """Every editor of the lesson, top to bottom: its cells and its exercises' editors."""
        return list(self.query(CodeCell))

    def code_above(self, exercise: ExerciseView) -> list[CodeCell]:
        """The code an exercise may build on: cells and earlier exercises' editors before it."""
        return [cell for cell in self.code if cell.block.line < exercise.exercise.line]

    def focus_heading_now(self) -> None:
        """Focus the lesson's heading in this very turn (it must be displayed)."""
        self.screen.set_focus(self.query_one(LessonHeading), scroll_visible=False)

    def focus_reading(self) -> None:
        """Put focus on the lesson for reading, without scrolling it."""
        self.query_one(LessonHeading).focus(scroll_visible=False)

    def watch_virtual_size(self) -> None:
        """Narrower or wider (shape panel, resized terminal): prose re-wraps; keep the cursor on screen."""
        if not self.is_mounted:
            return
        self._grow_if_near_end()
        focused = self.screen.focused
        if isinstance(focused, CellEditor) and self in focused.ancestors:
            self.call_after_refresh(self._follow_cursor, focused, ANCHOR_PASSES)

    def _follow_cursor(self, editor: CellEditor, passes: int) -> None:
        """Keep the cursor on screen over a few layout passes (re-wrapped prose settles meanwhile)."""
        editor.keep_cursor_visible()
        if passes > 1:
            self.call_after_refresh(self._follow_cursor, editor, passes - 1)

    def on_cell_editor_leave_requested(self, message: CellEditor.LeaveRequested) -> None:
        message.stop()
        self._left = message.editor
        self.focus_reading()

    def enter_block(self, direction: int) -> None:
        """Focus the next (``direction`` 1) or previous (-1) editor or widget from where the learner reads.

        After Escape from an editor that is still on screen, that is the one after
        (or before) it; otherwise the first one that starts on screen or below it
        (going back: the last one that starts above the screen's bottom). Past the
        lesson's last (or first) one, the focus stays where it is.
        """
        stops = [
            widget
            for widget in self.screen.focus_chain
            if self in widget.ancestors and not isinstance(widget, LessonHeading)
        ]
        view = self.content_region
        left, self._left = self._left, None
        chosen: Widget | None
        if not view.height and stops:  # not laid out yet (a Tab right after opening): nothing is "on screen"
            chosen = stops[0] if direction > 0 else stops[-1]
        elif left in stops and left.region.overlaps(view):
            index = stops.index(left) + direction
            chosen = stops[index] if 0 <= index < len(stops) else None
        elif direction > 0:
            chosen = next((widget for widget in stops if widget.region.bottom > view.y), None)
        else:
            chosen = next((widget for widget in reversed(stops) if widget.region.y < view.bottom), None)
        if chosen is None and direction > 0 and not self._ended:  # past the blocks built so far
            self._left = left
            self.call_later(self._enter_when_built, direction)
            return
        if isinstance(chosen, CodePreview) and isinstance(chosen.parent, CodeCell):
            chosen = chosen.parent.editor  # entering a cell builds its editor, in the preview's place
        if chosen is not None:
            self.screen.set_focus(chosen)  # at once: a Ctrl+R right behind the Tab runs this cell

    async def _enter_when_built(self, direction: int) -> None:
        await self.finish()
        self.call_after_refresh(self.enter_block, direction)  # once laid out: "on screen" needs regions

    def expand_outputs(self) -> None:
        """Show every long output of the lesson in full (Ctrl+L while reading)."""
        for cell in self.query(CodeCell):
            cell.expand_output()

    # ------------------------------------------------------------ editor help
    def on_editor_call(self, call: EditorCall) -> None:
        """Tell the kernel's answer which code sits above the asking editor (it goes on up)."""
        cells = self.code
        asking = call.requester.parent
        if asking in cells:
            call.earlier = [cell.code for cell in cells[: cells.index(asking)]]

    def on_code_cell_edited(self, message: CodeCell.Edited) -> None:
        if self._ran:  # nothing is stale before something ran (editors report a change when built)
            self._mark_stale(message.cell, None)  # not stopped: the app saves the code

    def on_code_cell_run_started(self, message: CodeCell.RunStarted) -> None:
        message.stop()
        self._ran = True
        self._mark_stale(message.cell, message.previous_code)

    def on_code_cell_name_missing(self, message: CodeCell.NameMissing) -> None:
        """Say which cell above makes the missing name: in a notebook the usual reason is a
        cell not run yet (or not since a restart)."""
        message.stop()
        cells = self.code
        if message.cell not in cells:
            return
        above = cells[: cells.index(message.cell)]
        maker = next((cell for cell in reversed(above) if message.name in assigned_loosely(cell.code)), None)
        if maker is not None:
            message.cell.add_note(t("cell.made_above", name=message.name, cell=maker.block.id))

    def _mark_stale(self, changed: CodeCell, previous_code: str | None) -> None:
        """Mark the cells below ``changed`` that read a name it assigns (or assigned when it last ran)."""
        cells = self.code
        if changed not in cells:
            return
        index = cells.index(changed)
        before = names_of(previous_code or "") if previous_code is not None else None
        earlier = set(before.assigned) if before is not None else set()
        if changed.ran_code is not None:
            ran = names_of(changed.ran_code)
            earlier |= set(ran.assigned) if ran is not None else set()
        codes = [cell.code for cell in cells]
        ran_ok = [cell.ran_code is not None and cell.state in FINISHED_STATES for cell in cells]
        for stale, names in stale_below(codes, index, ran_ok, also=earlier).items():
            cells[stale].mark_stale(tuple(sorted(names)))
