"""The numbered list of lessons with how many exercises each has solved; Enter opens one."""

from __future__ import annotations

from rich.table import Table
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from lessons import Lesson
from tui.actions import bindings


class LessonList(OptionList):
    """One option per lesson: ``NN Title`` and ``solved/total`` (✓ when all are solved).

    A broken lesson file is marked with ⚠ so the teacher sees it at once.
    """

    BINDINGS = bindings("list")
    FOCUS_CONTEXT = "focus.list"

    def __init__(self, lessons: list[Lesson], solved: list[int], *, id: str | None = None) -> None:
        options = [self._option(lesson, count) for lesson, count in zip(lessons, solved, strict=True)]
        super().__init__(*options, id=id)
        self.lessons = lessons

    def set_lessons(self, lessons: list[Lesson], solved: list[int]) -> None:
        """Show another edition of the course (after a language switch), keeping the highlight."""
        highlighted = self.highlighted
        self.lessons = lessons
        self.clear_options()
        self.add_options([self._option(lesson, count) for lesson, count in zip(lessons, solved, strict=True)])
        if highlighted is not None and highlighted < len(lessons):
            self.highlighted = highlighted

    def show_solved(self, solved: list[int]) -> None:
        """Refresh the counts after an exercise is solved (the app passes one per lesson)."""
        for index, (lesson, count) in enumerate(zip(self.lessons, solved, strict=True)):
            self.replace_option_prompt_at_index(index, self._prompt(lesson, count))

    @classmethod
    def _option(cls, lesson: Lesson, solved: int) -> Option:
        return Option(cls._prompt(lesson, solved), id=lesson.id)

    @staticmethod
    def _prompt(lesson: Lesson, solved: int) -> Table:
        row = Table.grid(expand=True, padding=(0, 0, 0, 1))
        row.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        row.add_column(no_wrap=True, justify="right")
        total = len(lesson.exercises)
        if not lesson.ok:
            status = "⚠"
        elif total and solved == total:
            status = "✓"
        elif total:
            status = f"{solved}/{total}"
        else:
            status = ""
        row.add_row(f"{lesson.number:02d} {lesson.title}", status)
        return row
