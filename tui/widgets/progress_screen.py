"""Overall progress: exercises solved per lesson and in the whole course."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from lessons import Lesson
from tui.i18n import t
from tui.widgets.help_screen import pad


class ProgressScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,f3", "dismiss", "key.back", show=False)]

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
            rows = []
            for lesson, solved, exercises in counts:
                mark = " ✓" if exercises and solved == exercises else ""
                rows.append(f"{pad(lesson.label, 44)}{solved}/{exercises}{mark}")
            yield Static("\n".join(rows), classes="help-keys", markup=False)
            yield Static(t("help.close_progress"), classes="help-close")

    def _done(self, lesson: Lesson) -> int:
        return lesson.solved_count(self.solved.get(lesson.id, set()))
