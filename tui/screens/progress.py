"""Overall progress: exercises solved per lesson and in the whole course."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from lessons import Lesson
from tui.i18n import t


class ProgressScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f3", "dismiss", "key.back_to_sidebar", show=False)]

    def __init__(self, lessons: list[Lesson], solved: dict[str, set[str]]) -> None:
        super().__init__()
        self.lessons = lessons
        self.solved = solved

    def compose(self) -> ComposeResult:
        counts = [(lesson, self._done(lesson), len(lesson.exercises)) for lesson in self.lessons]
        done = sum(solved for _, solved, _ in counts)
        total = sum(exercises for _, _, exercises in counts)
        finished = sum(1 for _, solved, exercises in counts if exercises and solved == exercises)
        summary = t("progress.summary", done=done, total=total, finished=finished)
        with VerticalScroll(id="progress-box"):
            yield Static(t("progress.title"), classes="help-title")
            yield Static(summary, classes="help-intro")
            table = Table.grid(expand=True, padding=(0, 0, 0, 2))
            table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
            table.add_column(no_wrap=True, justify="right")
            for lesson, solved, exercises in counts:
                mark = " ✓" if exercises and solved == exercises else "  "
                table.add_row(lesson.label, f"{solved}/{exercises}{mark}")
            yield Static(table, classes="help-keys")
            yield Static(t("help.close_progress"), classes="help-close")

    def _done(self, lesson: Lesson) -> int:
        return lesson.solved_count(self.solved.get(lesson.id, set()))
