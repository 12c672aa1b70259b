"""A runnable code cell: an editor, its status, its output and its plots.

The cell does not know about the kernel. It asks for a run with a message and
the app answers by calling `begin_run`, `append_output`, `show_figure` and
`finish` — attributes down, messages up.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import TextArea

from lessons import Cell
from tui.figures import Figure
from tui.i18n import t
from tui.kernel import CellResult
from tui.keys import editor_bindings
from tui.widgets.cell_output import CellOutput
from tui.widgets.plot import PlotView

FINISHED_STATES = ("ok", "error", "timeout", "crashed", "cancelled")


def _share_highlight_queries() -> None:
    """Compile tree-sitter's Python highlight query once, not twice per editor.

    Textual prepares the query for every TextArea (about 15 ms each, twice per
    editor), which made opening a lesson with ten cells take half a second. A
    prepared query is immutable and meant to be reused, so one per language and
    query text serves every editor.
    """
    from textual.document._syntax_aware_document import SyntaxAwareDocument

    compiled: dict[tuple[int, str], object] = {}
    prepare = SyntaxAwareDocument.prepare_query

    def prepare_once(document: SyntaxAwareDocument, query: str):  # type: ignore[no-untyped-def]
        key = (id(document.language), query)
        if key not in compiled:
            compiled[key] = prepare(document, query)
        return compiled[key]

    SyntaxAwareDocument.prepare_query = prepare_once  # type: ignore[method-assign]


_share_highlight_queries()


class CellEditor(TextArea):
    """A Python editor that keeps indentation on Enter and never blinks (idle = silent)."""

    BINDINGS = editor_bindings()

    class LeaveRequested(Message):
        """Escape: the learner wants out of the editor, back to reading."""

    def __init__(self, code: str) -> None:
        # Plain text until mounted: TextArea parses and highlights its document once
        # when built and again when its language takes effect on mount; doing it
        # only the second time halves the cost of every cell when a lesson opens.
        super().__init__(code, soft_wrap=False, tab_behavior="focus", show_line_numbers=True)
        self.cursor_blink = False

    def on_mount(self) -> None:
        self.language = "python"

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter" and not self.read_only:
            event.stop()
            event.prevent_default()
            self.insert("\n" + self._next_indent())
            return
        await super()._on_key(event)

    def _next_indent(self) -> str:
        row, column = self.cursor_location
        line = self.document.get_line(row)[:column]
        indent = line[: len(line) - len(line.lstrip(" "))]
        if line.rstrip().endswith(":"):
            indent += " " * self.indent_width
        return indent

    def action_leave_editor(self) -> None:
        self.post_message(self.LeaveRequested())


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

    The output box and the plots are mounted on the first run, not before: an
    unrun cell is just its header and its editor.
    """

    BINDINGS = [
        Binding("ctrl+r", "run", "key.run_cell"),
        Binding("ctrl+o", "reset", "key.reset_cell", show=False),
    ]

    state: reactive[str] = reactive("idle", init=False)

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

    def __init__(
        self,
        cell: Cell,
        *,
        code: str | None = None,
        label: str | None = None,
        hint: str | None = None,
        mono: bool = False,
        ascii: bool = False,
    ) -> None:
        super().__init__(classes="code-cell")
        self.cell = cell
        self.ok_generation = -1
        """The kernel generation this cell last ran cleanly in (the app keeps it)."""
        self._mono = mono
        self._ascii = ascii
        self._plots: list[PlotView] = []
        self._output: CellOutput | None = None
        self.header = CellHeader(label or t("cell.label", id=cell.id), hint or t("cell.hint"))
        self.editor = CellEditor(cell.code if code is None else code)
        """Held directly so the code can still be read while the app shuts down."""

    def compose(self) -> ComposeResult:
        yield self.header
        yield self.editor

    @property
    def code(self) -> str:
        return self.editor.text

    @property
    def running(self) -> bool:
        return self.state in ("queued", "running")

    @property
    def output_text(self) -> str:
        """What the output box shows (empty before the first run)."""
        return self._output.plain if self._output is not None else ""

    def action_run(self) -> None:
        if self.running:
            self.post_message(self.StopRequested(self))
        else:
            self.post_message(self.RunRequested(self))

    def action_reset(self) -> None:
        self.replace_code(self.cell.code)
        self.notify(t("cell.reset_done"))

    def replace_code(self, code: str) -> None:
        """Swap the editor's text as one undoable edit (Ctrl+Z brings the old code back)."""
        self.editor.replace(code, (0, 0), self.editor.document.end)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Bring the editor into view once laid out (Tab may arrive before a new lesson's layout)."""
        if event.widget is self.editor:
            self.call_after_refresh(self.screen.scroll_to_widget, self.editor, animate=False)

    def on_text_area_changed(self, message: TextArea.Changed) -> None:
        message.stop()
        self.post_message(self.Edited(self))

    def watch_state(self, state: str) -> None:
        # Classes go on the one-line header, not the cell: changing a widget's classes
        # restyles everything inside it, and the editor is expensive to restyle.
        self.header.set_classes(f"-{state}")
        if state in ("queued", "running"):
            self.header.status = t(f"cell.{state}")
        elif state == "idle":
            self.header.status = ""

    def queue(self) -> None:
        self.state = "queued"

    def begin_run(self) -> None:
        """Clear the last run's output and plots; the new run streams into them."""
        self.state = "running"
        if self._output is not None:
            self._output.clear()
        for plot in self._plots:
            plot.remove()
        self._plots = []

    def _output_box(self) -> CellOutput:
        if self._output is None:
            self._output = CellOutput()
            self.mount(self._output, after=self.editor)
        return self._output

    def append_output(self, text: str) -> None:
        self._output_box().append(text)

    def show_figure(self, index: int, figure: Figure) -> None:
        """Create plot ``index`` or update it (a live plot sends many updates)."""
        if index < len(self._plots):
            self._plots[index].figure = figure
            return
        while len(self._plots) <= index:
            view = PlotView(figure, mono=self._mono, ascii=self._ascii)
            self._plots.append(view)
            self.mount(view)

    def finish(self, result: CellResult) -> None:
        """Show the final state: the full output, the error and every figure."""
        if result.stdout or result.error or result.notes or self._output is not None:
            self._output_box().show_result(result)  # also hides a stale box when nothing printed
        for index, figure in enumerate(result.plots):
            self.show_figure(index, figure)
        state = "cancelled" if result.cancelled else result.status
        self.state = state
        self.header.status = t(f"cell.{state}", elapsed=format_seconds(result.elapsed))


def format_seconds(seconds: float) -> str:
    """Human time for a run: 12 ms, 1.24 s, 2 min 5 s."""
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.2f} s"
    return f"{int(seconds // 60)} min {seconds % 60:.0f} s"
