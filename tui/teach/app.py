"""TeachApp: one row per student, hands first, and the keys to act on the class.

A thread scans the class directory twice a second (a stat per file; a record is
parsed again only when it changed) and hands the result to the event loop,
which redraws the table only when something a teacher can see has changed. So
the console shows a raised hand within about half a second, and costs next to
nothing while the class works quietly.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from lessons import Lesson
from tui.classroom.board import send_goto, send_to_all, send_to_student
from tui.classroom.layout import ClassDir, ClassError
from tui.classroom.report import clock_time
from tui.classroom.roster import Roster, Student, attention_key
from tui.classroom.states import ATTENTION, STATES
from tui.framework import install_filters
from tui.i18n import t
from tui.teach.dialogs import GotoScreen, MessageScreen
from tui.teach.student_screen import StudentScreen
from tui.widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

POLL = 0.5
"""Seconds between two scans of the class directory."""

ACCOUNT_WIDTH = (8, 20)
"""The student column fits the longest account name, within these bounds."""

FIXED_COLUMNS = (
    ("account", "class.column.account", ACCOUNT_WIDTH[0]),
    ("lesson", "class.column.lesson", 6),
    ("state", "class.column.state", 8),
    ("solved", "class.column.solved", 6),
    ("attempts", "class.column.attempts", 5),
    ("active", "class.column.active", 6),
)
"""Column key, heading and width; the last column ("note") takes the rest of the line."""

COLUMN_KEYS = (*(key for key, _, _ in FIXED_COLUMNS), "note")

SORTS: dict[str, Callable[[Student], SupportsRichComparison]] = {
    "attention": attention_key,
    "account": lambda s: s.account,
    "lesson": lambda s: -1 if s.record is None or s.record.lesson is None else s.record.lesson,
    "state": lambda s: ATTENTION[s.state],
    "solved": lambda s: 0 if s.record is None else s.record.solved,
    "attempts": lambda s: 0 if s.record is None else s.record.attempts,
    "active": lambda s: s.last_active or 0.0,
}


def note(student: Student) -> str:
    """The last column: the question of a raised hand, else how the last check went."""
    record = student.record
    if student.problem and record is None:
        return t("teach.problem", problem=student.problem)
    if record is None:
        return ""
    if student.hand_raised:
        return t("class.hand_up", question=student.question) if student.question else t("class.hand_up_bare")
    check = record.check
    if check is None:
        return ""
    return t(
        f"teach.check.{check.verdict}", passed=check.passed, total=check.total, diagnosis=check.diagnosis
    )


class StateStyles(Widget):
    """Holds the colours of the states (``StateStyles > .state--stuck`` in teach.tcss); never shown."""

    COMPONENT_CLASSES = {f"state--{name}" for name in (*STATES, "hand")}


class RosterTable(DataTable[Text]):
    """The students, one per row; Enter opens the one under the cursor."""

    BINDINGS = [Binding("enter", "select_cursor", "teach.key.open")]


class TeachApp(App[int]):
    """`python -m tui teach DIR`."""

    CSS_PATH = "teach.tcss"
    TITLE = "nn-basics"
    BINDINGS = [
        Binding("m", "message", "teach.key.message"),
        Binding("a", "message_all", "teach.key.message_all"),
        Binding("g", "goto", "teach.key.goto"),
        Binding("s", "sort", "teach.key.sort"),
        Binding("r", "reverse", "teach.key.reverse", show=False),
        Binding("q", "quit", "teach.key.quit", show=False),
        Binding("ctrl+q", "quit", "teach.key.quit", priority=True),
    ]

    def __init__(self, found: ClassDir, lessons: list[Lesson], *, ascii: bool = False) -> None:
        super().__init__()
        self.found = found
        self.lessons = lessons
        self.roster = Roster(found)
        self.students: list[Student] = []
        self.sort_by = "attention"
        self.reverse = False
        self.goto: int | None = None
        """The lesson this console last sent the class to."""
        install_filters(self, no_color=self.no_color, ascii=ascii)
        if ascii:
            self.add_class("-ascii")
        self._wake = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._failed = False
        self._column_widths: dict[str, int] = {}
        self._shown_title = ""

    def compose(self) -> ComposeResult:
        yield Static(id="class-title", markup=False)
        yield RosterTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield Static(t("teach.empty", path=self.found.path), id="empty", markup=False)
        yield KeyBar(id="key-bar")
        yield StateStyles()

    def on_mount(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._columns()
        self._show(self.students)
        self._watch()

    def on_resize(self) -> None:
        self._show(self.students, force=True)

    # ----------------------------------------------------------------- watching
    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _watch(self) -> None:
        """Scan the class until the app ends; hand over what changed."""
        worker = get_current_worker()
        last: list[Student] | None = None
        while not worker.is_cancelled:
            try:
                students = self.roster.scan()
            except (ClassError, OSError) as error:
                self._deliver(self._scan_failed, str(error))
            else:
                if students != last:
                    last = students
                    self._deliver(self._show, students)
            self._wake.wait(POLL)
            self._wake.clear()

    def _deliver(self, callback: Callable[..., None], *args: object) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed in between: the app is gone
                loop.call_soon_threadsafe(callback, *args)

    def rescan(self) -> None:
        """Scan now rather than at the next tick (after sending something)."""
        self._wake.set()

    def _scan_failed(self, error: str) -> None:
        if not self._failed:
            self._failed = True
            self.notify(t("teach.scan_failed", error=error), severity="error", timeout=30)

    # ----------------------------------------------------------------- showing
    def _widths(self) -> dict[str, int]:
        widths = {key: width for key, _, width in FIXED_COLUMNS}
        longest = max((cell_len(student.account) for student in self.students), default=0)
        widths["account"] = min(max(longest, ACCOUNT_WIDTH[0]), ACCOUNT_WIDTH[1])
        return widths

    def _columns(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        self._column_widths = self._widths()
        for key, heading, _ in FIXED_COLUMNS:
            table.add_column(self._heading(key, heading), width=self._column_widths[key], key=key)
        table.add_column(self._heading("note", "teach.column.note"), key="note")

    def _heading(self, key: str, heading: str) -> Text:
        arrow = (" ▼" if self.reverse else " ▲") if key == self.sort_by else ""
        return Text(t(heading) + arrow, no_wrap=True)

    def _note_width(self) -> int:
        fixed = sum(width + 2 for width in self._column_widths.values())
        return max(self.size.width - fixed - 3, 10)

    def _show(self, students: list[Student], *, force: bool = False) -> None:
        """Redraw the table for ``students`` (keeping the cursor on the same student)."""
        if not self.is_running:
            return
        self.students = students
        self._failed = False
        self._title()
        if self._widths() != self._column_widths:
            self._columns()  # a longer name arrived
            force = True
        table = self.query_one(DataTable)
        if table.display != bool(students):
            self.query_one("#empty").display = not students
            table.display = bool(students)
        ordered = sorted(students, key=SORTS[self.sort_by], reverse=self.reverse)
        if force or [str(s.uid) for s in ordered] != [row.value for row in table.rows]:
            self._fill(table, ordered)
        else:  # the same rows: change only the cells that show something new
            width = self._note_width()
            for student in ordered:
                row = str(student.uid)
                for key, value, shown in zip(
                    COLUMN_KEYS, self._cells(student, width), table.get_row(row), strict=True
                ):
                    if value != shown:
                        table.update_cell(row, key, value)
        if isinstance(self.screen, StudentScreen):
            mine = next((s for s in students if s.uid == self.screen.student.uid), None)
            if mine is not None and mine != self.screen.student:
                self.screen.show(mine)

    def _fill(self, table: DataTable[Text], ordered: Sequence[Student]) -> None:
        chosen = self.chosen
        table.clear()
        width = self._note_width()
        for student in ordered:
            table.add_row(*self._cells(student, width), key=str(student.uid))
        if chosen is not None:
            for index, student in enumerate(ordered):
                if student.uid == chosen.uid:
                    table.move_cursor(row=index, animate=False)

    def _cells(self, student: Student, width: int) -> list[Text]:
        record = student.record
        lesson = "" if record is None or record.lesson is None else f"{record.lesson:02d}"
        styles = self.query_one(StateStyles)
        state_style = styles.get_component_rich_style(f"state--{student.state}")
        hand_style = styles.get_component_rich_style("state--hand") if student.hand_raised else ""
        cells = [
            Text(student.account, style=hand_style, no_wrap=True, overflow="ellipsis"),
            Text(lesson),
            Text(t(f"class.state.{student.state}"), style=state_style),
            Text("" if record is None else str(record.solved)),
            Text("" if record is None else str(record.attempts)),
            Text(clock_time(student.last_active)),
            Text(note(student), style=hand_style, no_wrap=True, overflow="ellipsis"),
        ]
        cells[-1].truncate(width, overflow="ellipsis")
        return cells

    def _title(self) -> None:
        counts = {state: sum(s.state == state for s in self.students) for state in ATTENTION}
        hands = sum(s.hand_raised for s in self.students)
        summary = t("teach.summary", students=len(self.students), hands=hands, **counts)
        title = f"{self.found.path} · {summary}"
        if title != self._shown_title:  # an update re-lays out the screen: only when it says something new
            self._shown_title = title
            self.query_one("#class-title", Static).update(title)

    # ----------------------------------------------------------------- acting
    @property
    def chosen(self) -> Student | None:
        """The student under the cursor."""
        table = self.query_one(DataTable)
        if not self.students or table.row_count == 0:
            return None
        row_key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return next((s for s in self.students if str(s.uid) == row_key.value), None)

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Sorting and opening are the list's; up close on one student they do nothing.
        return not (action in ("open", "sort", "reverse") and isinstance(self.screen, StudentScreen))

    def action_open(self) -> None:
        student = self.chosen
        if student is not None:
            self.push_screen(StudentScreen(student, self.lessons))

    def action_sort(self) -> None:
        names = list(SORTS)
        self.sort_by = names[(names.index(self.sort_by) + 1) % len(names)]
        self.reverse = False
        self._columns()
        self._show(self.students, force=True)

    def action_reverse(self) -> None:
        self.reverse = not self.reverse
        self._columns()
        self._show(self.students, force=True)

    def action_message(self) -> None:
        student = self.screen.student if isinstance(self.screen, StudentScreen) else self.chosen
        if student is None:
            self.notify(t("teach.no_student"), severity="warning")
            return

        def send(text: str | None) -> None:
            if text:
                self._send(
                    lambda: send_to_student(self.found, student, text),
                    t("teach.message.sent", account=student.account),
                )

        self.push_screen(MessageScreen(t("teach.message.to", account=student.account)), send)

    def action_message_all(self) -> None:
        def send(text: str | None) -> None:
            if text:
                self._send(lambda: send_to_all(self.found, text), t("teach.message.sent_all"))

        self.push_screen(MessageScreen(t("teach.message.to_all")), send)

    def action_goto(self) -> None:
        def chosen(number: int | None) -> None:
            if number is not None:
                self.goto = number
                lesson = next(lesson for lesson in self.lessons if lesson.number == number)
                done = t("teach.goto.sent", number=lesson.number, title=lesson.title)
                self._send(lambda: send_goto(self.found, number), done)

        self.push_screen(GotoScreen(self.lessons, self.goto), chosen)

    @work(thread=True, group="send", exit_on_error=False)
    def _send(self, write: Callable[[], object], done: str) -> None:
        """Write to the class directory off the event loop; say how it went."""
        try:
            write()
        except ClassError as error:
            self.call_from_thread(self.notify, str(error), severity="error", timeout=15)
            return
        self.call_from_thread(self.notify, done)
        self.rescan()

    def on_unmount(self) -> None:
        self._loop = None
        self._wake.set()  # the watcher sleeps on this: let it see it was cancelled
