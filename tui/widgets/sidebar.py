"""The numbered list of lessons; Enter opens one."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from lessons import Lesson
from tui.keys import sidebar_bindings


class LessonList(OptionList):
    """One option per lesson, ``NN  Title``; a broken lesson file is marked with ⚠."""

    BINDINGS = sidebar_bindings()

    def __init__(self, lessons: list[Lesson], *, id: str | None = None) -> None:
        super().__init__(*(self._option(lesson) for lesson in lessons), id=id)
        self.lessons = lessons

    @staticmethod
    def _option(lesson: Lesson) -> Option:
        mark = "" if lesson.ok else " ⚠"
        return Option(f"{lesson.number:02d} {lesson.title}{mark}", id=lesson.id)
