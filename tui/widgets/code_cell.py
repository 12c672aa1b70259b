"""A runnable code cell: an editor, its status, its output and its plots.

Until the learner enters it, a cell shows its code read-only (``CodePreview``):
the editor is built the first time it is asked for (``CodeCell.editor``), which
is what entering the cell (Tab, a click, Ctrl+R) does.

The cell does not know about the kernel. It asks for a run with a message, and
the run queue's events for it come back as `RunUpdate` messages (queued,
started, output, figure, finished, dropped), from which the cell keeps its own
`state` — messages up, messages down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import ScrollableContainer, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import TextArea

from lessons import Cell
from tui.actions import bindings
from tui.figures import Figure
from tui.i18n import t
from tui.kernel import CellResult
from tui.messages import RunUpdate
from tui.runs import Dropped, FigureShown, Finished, Output, Queued, RunEvent, Started
from tui.widgets.cell_editor import CellEditor
from tui.widgets.cell_output import CellOutput
from tui.widgets.code_preview import CodePreview
from tui.widgets.plot import PlotView

__all__ = ["FINISHED_STATES", "CellEditor", "CellHeader", "CellSnapshot", "CodeCell", "format_seconds"]

CellState = Literal["idle", "queued", "running", "ok", "error", "timeout", "crashed", "cancelled"]
"""Where a cell is in its life: never run (or dropped from the queue), waiting, running, or how it ended."""

FINISHED_STATES: tuple[CellState, ...] = ("ok", "error", "timeout", "crashed", "cancelled")

REVEAL_ROWS = 8
"""Rows of a finished run's output (or plot) scrolled into view below the editor."""


MISSING_NAME = re.compile(r"NameError: name '(\w+)' is not defined\s*$")
"""The last line of the traceback of a name that nothing defined."""


@dataclass(frozen=True)
class CellSnapshot:
    """What a cell shows besides its code, carried over when the lesson is rebuilt (F2)."""

    ended: tuple[CellState, float] | None
    ran_code: str | None
    stale_names: tuple[str, ...]
    output: Text | None
    expanded: bool
    figures: tuple[Figure, ...]
    cursor: tuple[int, int]


class CellHeader(Widget):
    """One line above the editor: the cell's name, its run status and its keys.

    A single widget rather than a row of labels: a lesson has many cells, and
    every widget costs styling and layout time when the lesson opens.
    """

    COMPONENT_CLASSES = {"cell-header--label", "cell-header--status", "cell-header--hint"}

    status: reactive[str] = reactive("")

    def __init__(self, label: str, hint: str) -> None:
        super().__init__()
        self.label = label
        self.hint = hint

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(self.label, style=self.get_component_rich_style("cell-header--label"))
        if self.status:
            text.append("  ")
            text.append(self.status, style=self.get_component_rich_style("cell-header--status"))
        gap = self.content_size.width - text.cell_len - cell_len(self.hint)
        if gap >= 2:
            text.append(" " * gap)
            text.append(self.hint, style=self.get_component_rich_style("cell-header--hint"))
        return text


class CodeCell(Vertical):
    """One ``python cell`` block of a lesson.

    The output box and the plots are mounted on the first run, not before, and
    the editor when the learner enters the cell: an unentered, unrun cell is just
    its header and its highlighted code.
    """

    BINDINGS = bindings("cell")

    state: reactive[CellState] = reactive("idle", init=False)

    class RunRequested(Message):
        def __init__(self, cell: CodeCell) -> None:
            super().__init__()
            self.cell = cell

    class StopRequested(Message):
        def __init__(self, cell: CodeCell) -> None:
            super().__init__()
            self.cell = cell

    class Edited(Message):
        """The learner changed the code (the app saves it)."""

        def __init__(self, cell: CodeCell) -> None:
            super().__init__()
            self.cell = cell

    class RunStarted(Message):
        """The cell started running (the lesson marks the cells that read its names stale)."""

        def __init__(self, cell: CodeCell, previous_code: str | None) -> None:
            super().__init__()
            self.cell = cell
            self.previous_code = previous_code
            """The code of the run before (None if this is the first): the names it assigned change too."""

    class NameMissing(Message):
        """The run failed on a name nothing had defined (the lesson may know which cell makes it)."""

        def __init__(self, cell: CodeCell, name: str) -> None:
            super().__init__()
            self.cell = cell
            self.name = name

    def __init__(
        self,
        block: Cell,
        *,
        code: str | None = None,
        label: str | None = None,
        hint: str | None = None,
        mono: bool = False,
        ascii: bool = False,
    ) -> None:
        super().__init__(classes="code-cell")
        self.block = block
        """The cell as the lesson wrote it (id, code, line, timeout); ``code`` is what the editor holds."""
        self._mono = mono
        self._ascii = ascii
        self._plots: list[PlotView] = []
        self._output: CellOutput | None = None
        self.header = CellHeader(label or t("cell.label", id=block.id), hint or t("cell.hint"))
        self._code = block.code if code is None else code
        """The code as last seen (the editor's text once there is one)."""
        self._editor: CellEditor | None = None
        """Held directly so the code can still be read while the app shuts down."""
        self._preview: CodePreview | None = None
        self.ran_code: str | None = None
        """The code of the last run (None before the first)."""
        self.stale_names: tuple[str, ...] = ()
        """Names changed above since this cell ran (its output may no longer match them)."""
        self._ended: tuple[CellState, float] | None = None
        """How the last run ended and how long it took (to redraw the status in another language)."""

    def compose(self) -> ComposeResult:
        yield self.header
        if self._editor is not None:
            yield self._editor
        else:
            self._preview = CodePreview(self._code)
            yield self._preview

    @property
    def editor(self) -> CellEditor:
        """The cell's editor, built (in place of the read-only code) the first time it is asked for.

        This is how the learner enters a cell: ``cell.editor.focus()``.
        """
        if self._editor is None:
            self._editor = CellEditor(self._code)
            preview, self._preview = self._preview, None
            if preview is not None and preview.parent is self:
                self.mount(self._editor, after=preview)
                preview.forward_to = self._editor
                preview.remove()
        return self._editor

    @property
    def has_editor(self) -> bool:
        """Whether the learner has entered this cell (its editor is built)."""
        return self._editor is not None

    @property
    def editing(self) -> bool:
        """Whether the cell's editor has the focus."""
        return self._editor is not None and self._editor.has_focus

    def on_code_preview_entered(self, message: CodePreview.Entered) -> None:
        """A click on the code, or focus reaching it another way than Tab: into the editor."""
        message.stop()
        if message.preview.has_focus:
            self.screen.set_focus(self.editor, scroll_visible=False)

    @property
    def code(self) -> str:
        return self._editor.text if self._editor is not None else self._code

    @property
    def running(self) -> bool:
        return self.state in ("queued", "running")

    @property
    def output_box(self) -> CellOutput | None:
        """The output box, once the cell has printed something."""
        return self._output

    @property
    def output_text(self) -> str:
        """What the output box shows (empty before the first run)."""
        return self._output.plain if self._output is not None else ""

    def action_run_cell(self) -> None:
        if self.running:
            self.post_message(self.StopRequested(self))
        else:
            self.post_message(self.RunRequested(self))

    def action_expand_output(self) -> None:
        if not self.expand_output():
            self.notify(t("editor.nothing_to_expand"), timeout=3)

    def expand_output(self) -> bool:
        """Show all of a long output; False if nothing was hidden."""
        expanded = self._output is not None and self._output.expand()
        self.refresh_bindings()
        return expanded

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "expand_output":  # offered in the key bar only when something is hidden
            return self._output is not None and self._output.hidden_lines > 0
        return True

    def snapshot(self) -> CellSnapshot:
        output = self._output
        return CellSnapshot(
            ended=self._ended,
            ran_code=self.ran_code,
            stale_names=self.stale_names,
            output=output.full_text if output is not None else None,
            expanded=output is not None and output.expanded,
            figures=tuple(plot.figure for plot in self._plots if plot.figure is not None),
            cursor=self._editor.cursor_location if self._editor is not None else (0, 0),
        )

    def restore(self, snapshot: CellSnapshot) -> None:
        """Show what ``snapshot`` recorded (this cell is the same cell in the other language)."""
        self.ran_code = snapshot.ran_code
        if snapshot.output is not None:
            box = self._output_box()
            box.expanded = snapshot.expanded
            box.show_text(snapshot.output)
        for index, figure in enumerate(snapshot.figures):
            self._show_figure(index, figure)
        if snapshot.ended is not None:
            state, elapsed = snapshot.ended
            self.state = state
            self._ended = snapshot.ended
            self.header.status = t(f"cell.{state}", elapsed=format_seconds(elapsed))
        self.mark_stale(snapshot.stale_names)
        if snapshot.cursor != (0, 0) or self._editor is not None:
            self.editor.move_cursor(snapshot.cursor)

    def action_reset_cell(self) -> None:
        self.replace_code(self.block.code)
        self.notify(t("cell.reset_done"))

    def replace_code(self, code: str) -> None:
        """Swap the editor's text as one undoable edit (Ctrl+Z brings the old code back)."""
        self.editor.replace(code, (0, 0), self.editor.document.end)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Bring the editor into view once laid out (Tab may arrive before a new lesson's layout)."""
        if event.widget is self._editor:
            self.call_after_refresh(self._show_editor)

    def _show_editor(self) -> None:
        if self._editor is not None and self._editor.is_attached:
            self.screen.scroll_to_widget(self._editor, animate=False)
            self._editor.keep_cursor_visible()

    def on_text_area_changed(self, message: TextArea.Changed) -> None:
        """The learner edited the code (an editor also reports a change when it is built: not an edit)."""
        message.stop()
        code = self.code
        if code != self._code:
            self._code = code
            self.post_message(self.Edited(self))

    def watch_state(self, state: str) -> None:
        # Classes go on the one-line header, not the cell: changing a widget's classes
        # restyles everything inside it, and the editor is expensive to restyle.
        self.header.set_classes(f"-{state}")
        if state in ("queued", "running"):
            self.header.status = t(f"cell.{state}")
        elif state == "idle":
            self.header.status = ""

    def mark_stale(self, names: tuple[str, ...]) -> None:
        """Code above changed ``names`` since this cell ran: say so until it runs again."""
        if self.running or not names:
            return
        self.stale_names = tuple(sorted(set(self.stale_names) | set(names)))
        self.header.set_classes("-stale")
        self.header.status = t("editor.stale", names=", ".join(self.stale_names))
        if self._output is not None:
            self._output.add_class("-stale")

    def _clear_stale(self) -> None:
        self.stale_names = ()
        if self._output is not None:
            self._output.remove_class("-stale")

    def on_run_update(self, message: RunUpdate) -> None:
        message.stop()
        self.apply(message.event)

    def apply(self, event: RunEvent) -> None:
        """Follow this cell's run through the queue (an exercise passes its own events on)."""
        if isinstance(event, Queued):
            self.state = "queued"
        elif isinstance(event, Started):
            self._begin_run()
        elif isinstance(event, Output):
            self._output_box().append(event.text)
        elif isinstance(event, FigureShown):
            self._show_figure(event.index, event.figure)
        elif isinstance(event, Finished):
            self._finish(event.result)
        elif isinstance(event, Dropped):
            self.state = "idle"

    def _begin_run(self) -> None:
        """The last run's output stays until the new run prints (no flicker); its plots go."""
        previous, self.ran_code = self.ran_code, self.code
        self._clear_stale()
        self.state = "running"
        self.post_message(self.RunStarted(self, previous))
        if self._output is not None:
            self._output.clear()
        for plot in self._plots:
            plot.remove()
        self._plots = []

    def _output_box(self) -> CellOutput:
        if self._output is None:
            self._output = CellOutput()
            self.mount(self._output, after=self._editor or self._preview or self.header)
        return self._output

    def _show_figure(self, index: int, figure: Figure) -> None:
        """Create plot ``index`` or update it (a live plot sends many updates)."""
        if index < len(self._plots):
            self._plots[index].figure = figure
            return
        while len(self._plots) <= index:
            view = PlotView(figure, mono=self._mono, ascii=self._ascii)
            self._plots.append(view)
            self.mount(view)

    def _finish(self, result: CellResult) -> None:
        """Add the error and the kernel's notes to what streamed, and show how the run ended."""
        if result.error or result.notes or self._output is not None:
            self._output_box().finish(result.error, result.notes)  # also clears a stale box
        state: CellState = "cancelled" if result.cancelled else result.status
        self.state = state
        self._ended = (state, result.elapsed)
        self.header.status = t(f"cell.{state}", elapsed=format_seconds(result.elapsed))
        self.refresh_bindings()
        self.call_after_refresh(self._reveal_output)
        missing = MISSING_NAME.search(result.error or "")
        if missing is not None:
            self.post_message(self.NameMissing(self, missing.group(1)))

    def add_note(self, note: str) -> None:
        """A line under the output that explains it (after the error it explains)."""
        self._output_box().add_note(note)

    def show_verdict(self, passed: bool, status: str) -> None:
        """An exercise's checks ran: the status line says how they went, not only that the
        code ran (a ✓ beside failing checks would mislead)."""
        self.header.set_classes("-ok" if passed else "-error")
        self.header.status = status

    def _reveal_output(self) -> None:
        """If the run's output starts below the screen, scroll up to show its first lines.

        Only for the cell being edited, and never so far that the cursor's line leaves the top.
        """
        shown = [widget for widget in (self._output, *self._plots) if widget is not None and widget.display]
        scroller = next((node for node in self.ancestors if isinstance(node, ScrollableContainer)), None)
        editor = self._editor
        if not shown or scroller is None or editor is None or not editor.has_focus:
            return
        view = scroller.content_region
        first = shown[0].region
        missing = first.y + min(first.height, REVEAL_ROWS) - view.bottom
        room = editor.cursor_screen_offset.y - view.y
        if missing > 0 and room > 0:
            scroller.scroll_relative(y=min(missing, room), animate=False, immediate=True)


def format_seconds(seconds: float) -> str:
    """Human time for a run: 12 ms, 1.24 s, 2 min 5 s."""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.2f} s"
    return f"{int(seconds // 60)} min {seconds % 60:.0f} s"
