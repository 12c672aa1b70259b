"""The numbered list of lessons with how many exercises each has solved; Enter opens one."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
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
    def _prompt(lesson: Lesson, solved: int) -> LessonRow:
        total = len(lesson.exercises)
        if not lesson.ok:
            status = "⚠"
        elif total and solved == total:
            status = "✓"
        elif total:
            status = f"{solved}/{total}"
        else:
            status = ""
        return LessonRow(f"{lesson.number:02d} {lesson.title}", status)


class LessonRow:
    """One line: the title, cut with an ellipsis to fit, then `` status`` at the right edge.

    What a two-column ``rich.table.Table`` grid drew, at a fraction of its cost: the list
    renders every row when the first screen is drawn, once per login on a class server.
    """

    def __init__(self, title: str, status: str) -> None:
        self.title = title
        self.status = status

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        status = Text(f" {self.status}") if self.status else Text()
        title = Text(self.title, no_wrap=True, overflow="ellipsis")
        title.truncate(max(width - status.cell_len, 0), overflow="ellipsis", pad=True)
        line = title + status
        line.truncate(width)
        yield from line.render(console)
        yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, options.max_width)
