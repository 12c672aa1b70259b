"""One student, up close: where they are, their hand, their last check, their code and output (read-only)."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static, TextArea

from lessons import Lesson
from tui.classroom.report import clock_time
from tui.classroom.roster import Student
from tui.i18n import t
from tui.widgets.key_bar import KeyBar


class StudentScreen(Screen[None]):
    """Follows the student while open: the console hands it every new version of them."""

    BINDINGS = [
        Binding("escape,q", "dismiss", "teach.key.back"),
        Binding("m", "app.message", "teach.key.message"),
    ]

    def __init__(self, student: Student, lessons: list[Lesson]) -> None:
        super().__init__()
        self.student = student
        self.lessons = {lesson.number: lesson for lesson in lessons}

    def compose(self) -> ComposeResult:
        yield Static(id="student-title", markup=False)
        yield Static(id="student-facts", markup=False)
        yield Static(id="code-label", classes="section", markup=False)
        yield TextArea("", id="student-code", read_only=True, show_line_numbers=True, soft_wrap=False)
        yield Static(t("teach.student.output"), classes="section")
        with VerticalScroll(id="output-box"):
            yield Static(id="student-output", markup=False)
        yield KeyBar(id="key-bar")

    def on_mount(self) -> None:
        self.query_one(TextArea).language = "python"
        self.show(self.student, force=True)

    def show(self, student: Student, *, force: bool = False) -> None:
        """Show ``student`` (the same account, newer data)."""
        previous, self.student = self.student, student
        record = student.record
        lesson = self.lessons.get(record.lesson) if record is not None and record.lesson is not None else None
        where = (
            t("teach.student.lesson", number=lesson.number, title=lesson.title)
            if lesson
            else t("teach.student.no_lesson")
        )
        state = t(f"class.state.{student.state}")
        self.query_one("#student-title", Static).update(
            t("teach.student.title", account=student.account, where=where, state=state)
        )
        self.query_one("#student-facts", Static).update("\n".join(self._facts(student)))
        code = "" if record is None else record.code
        cell = None if record is None else record.cell
        label = t("teach.student.code", cell=cell) if cell else t("teach.student.no_code")
        self.query_one("#code-label", Static).update(label)
        editor = self.query_one(TextArea)
        old = previous.record.code if previous.record is not None else ""
        if force or code != old:
            editor.load_text(code)
        self.query_one("#student-output", Static).update("" if record is None else record.output)

    @staticmethod
    def _facts(student: Student) -> list[str]:
        record = student.record
        if record is None:
            return [t("teach.problem", problem=student.problem or "missing")]
        lines = [] if student.alive else [t("teach.student.gone")]
        if record.hand is not None and student.alive:
            when = clock_time(record.hand.at)
            lines.append(
                t("teach.student.hand", time=when, question=record.hand.question)
                if record.hand.question
                else t("teach.student.hand_bare", time=when)
            )
        check = record.check
        if check is not None:
            lines.append(
                t(
                    "teach.student.check",
                    time=clock_time(check.at),
                    exercise=check.exercise,
                    verdict=t(f"teach.student.verdict.{check.verdict}"),
                    passed=check.passed,
                    total=check.total,
                )
            )
            if check.diagnosis and check.verdict != "passed":
                lines.append(t("teach.student.diagnosis", diagnosis=check.diagnosis))
        work = record.exercise
        if work is not None and not work.solved:
            lines.append(
                t(
                    "teach.student.exercise",
                    exercise=work.id,
                    fails=work.fails,
                    minutes=max(0, int((time.time() - work.since) // 60)),
                    hints=work.hints,
                    hints_total=work.hints_total,
                )
            )
        follow = t("teach.student.yes" if record.follow else "teach.student.no")
        lines.append(
            t(
                "teach.student.totals",
                solved=record.solved,
                attempts=record.attempts,
                active=clock_time(record.last_active),
                follow=follow,
            )
        )
        return lines
