"""Which lesson is open: the lesson list, the lesson pane, next and previous, and where to start.

`LessonNavigation` is the layer of the app between the class (``tui.student``)
and `TutorialApp`: it owns the choice of lesson and nothing else. What else
changes with the open lesson (the kernel's start, the shape panel, the saved
place) is the app's, around ``open_lesson``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.reactive import reactive
from textual.widgets import OptionList

from tui.i18n import t
from tui.student.base import ClassroomApp
from tui.widgets.sidebar import LessonList

if TYPE_CHECKING:
    from tui.widgets.lesson_pane import LessonPane
    from tui.widgets.lesson_view import LessonView

WIDE_ENOUGH_FOR_SIDEBAR = 100
"""Below this many columns, opening a lesson hides the lesson list to give code room."""


class LessonNavigation(ClassroomApp):
    """The lesson list beside the lesson pane; Enter, n, p and Escape move between them."""

    pane: LessonPane
    start_lesson: int | None

    # repaint=False: only the header (bound to it) redraws, not the whole screen.
    lesson_title: reactive[str] = reactive("", repaint=False)

    @property
    def current_index(self) -> int | None:
        return self.pane.index

    @property
    def current_view(self) -> LessonView | None:
        return self.pane.view

    def first_lesson_index(self) -> int | None:
        """``--lesson N`` if given, else the lesson the learner last had open."""
        numbers = [lesson.number for lesson in self.lessons]
        if self.start_lesson in numbers:
            return numbers.index(self.start_lesson)
        ids = [lesson.id for lesson in self.lessons]
        last = self.progress.last_lesson
        return ids.index(last) if self.start_lesson is None and last in ids else None

    async def open_lesson(self, index: int, *, focus: bool = True) -> None:
        """Show lesson ``index`` (building its view the first time) and focus it."""
        lesson = self.lessons[index]
        view = await self.pane.show(index)
        self.lesson_title = lesson.label
        sidebar = self.query_one(LessonList)
        sidebar.highlighted = index
        if self.size.width < WIDE_ENOUGH_FOR_SIDEBAR:
            sidebar.display = False  # the lesson needs every column; Escape brings the list back
        if focus and not view.focus_restored():
            view.focus_reading()

    @on(OptionList.OptionHighlighted, "#sidebar")
    def _lesson_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.current_index:
            self.pane.prebuild_soon(event.option_index)

    @on(OptionList.OptionSelected, "#sidebar")
    async def _lesson_chosen(self, event: OptionList.OptionSelected) -> None:
        await self.open_lesson(event.option_index)

    def on_lesson_view_back_requested(self) -> None:
        sidebar = self.query_one(LessonList)
        sidebar.display = True
        sidebar.focus()

    async def action_next_lesson(self) -> None:
        index = 0 if self.current_index is None else self.current_index + 1
        if index < len(self.lessons):
            await self.open_lesson(index)
        else:
            self.notify(t("course.end_notice"), timeout=8)

    async def action_previous_lesson(self) -> None:
        if self.current_index:
            await self.open_lesson(self.current_index - 1)

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one(LessonList)
        sidebar.display = not sidebar.display
        if not sidebar.display and self.focused is sidebar and self.current_view is not None:
            self.current_view.focus_reading()
