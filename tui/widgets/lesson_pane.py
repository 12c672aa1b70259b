"""The right-hand pane: the welcome page, then one view per lesson, built when first shown.

A lesson's view is built the first time it is shown, and only as far as the learner
reads (``LessonView``); while the learner reads, the first screen of the lessons they
are likely to open next (the neighbours, the one highlighted in the list) is built in
the background, so opening them is instant. Built in the background, they are hidden,
and they cost no bytes on the terminal (see ``refresh``).

At most ``KEPT_VIEWS`` views are kept: the one shown, its neighbours and the one left
last. Each holds a couple of megabytes of widgets, and a class server holds one app per
learner; a view dropped is built again when the learner comes back, from a snapshot.

Another edition of the course (F2) rebuilds the views, each from a snapshot of
its predecessor: where it was scrolled to, what its cells showed, the focus.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Self

from textual.geometry import Region
from textual.message import Message
from textual.timer import Timer
from textual.widgets import ContentSwitcher

from lessons import Lesson
from tui.widgets.welcome import Welcome

if TYPE_CHECKING:  # imported with the first lesson built: the first screen shows none
    from tui.widgets.code_cell import CodeCell
    from tui.widgets.lesson_view import LessonSnapshot, LessonView

KEPT_VIEWS = 4
"""Lesson views kept built (see the module docstring)."""

PREBUILD_DELAY = 0.4
"""Seconds after a lesson opens before its neighbours are built in the background."""

SavedCode = Callable[[str, str], str | None]
"""(lesson id, block id) -> the learner's saved code, if any."""

Solved = Callable[[str], frozenset[str]]
"""lesson id -> the exercises solved in it."""


class LessonPane(ContentSwitcher):
    """Shows the welcome page or one lesson; ``views`` maps lesson index -> built view."""

    @dataclass
    class Dropped(Message):
        """A lesson's view was dropped to save memory: keep what its editors hold."""

        lesson_id: str
        editors: list[CodeCell]

    def __init__(
        self,
        lessons: Sequence[Lesson],
        *,
        saved_code: SavedCode,
        solved: Solved,
        mono: bool,
        ascii: bool,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, initial="welcome")
        self.lessons = list(lessons)
        self.views: dict[int, LessonView] = {}
        self.index: int | None = None
        """The lesson shown, if any."""
        self._saved_code = saved_code
        self._solved = solved
        self._looks = {"mono": mono, "ascii": ascii}
        self._prebuild_timer: Timer | None = None
        self._carried: dict[str, LessonSnapshot] = {}
        """Snapshots of the previous edition's views, by lesson id, until their successors are built."""
        self._edition = 0
        """How many times the course was replaced (a language switch): part of the views' ids."""
        self._retired: list[LessonView] = []
        """The previous edition's views: the one shown stays on screen until its successor is."""
        self._recent: list[int] = []
        """Indices of the built views, the one shown most recently last and views built ahead
        but never shown first: which to drop first (``_drop_views``)."""

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """Lay out again without repainting the pane itself.

        Textual repaints a parent whole when a child is mounted into it. Lessons built
        in the background are mounted hidden, so that repaint re-sent the entire pane
        (about 5 KB at 80x24) a moment after every lesson switch, with nothing on
        screen changed. The pane draws nothing of its own (a lesson or the welcome
        page always covers it), and the layout pass marks exactly the regions whose
        widgets moved, appeared or vanished.
        """
        if layout and not regions:
            repaint = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def compose(self) -> Sequence[Welcome]:
        return [Welcome(id="welcome")]

    @property
    def view(self) -> LessonView | None:
        """The view of the lesson shown, if any."""
        return None if self.index is None else self.views.get(self.index)

    async def show(self, index: int) -> LessonView:
        """Show lesson ``index``, building its view first if needed."""
        leaving = self.view
        if leaving is not None:
            leaving.remember_place()  # once hidden, its blocks have no regions to measure
        view = await self._view_for(index)
        focused = self.screen.focused
        had_focus = leaving is not None and focused is not None and leaving in focused.ancestors_with_self
        self.current = view.id
        if had_focus and view is not leaving:
            # At once: a key pressed as soon as the lesson shows went to the hidden one
            # (Textual's own focus comes a turn later, and the app sets it after this).
            view.focus_heading_now()
        self.index = index
        self._recent = [*(i for i in self._recent if i != index), index]
        await self._retire()
        self.call_after_refresh(self._drop_views)  # once the lesson is on screen: removing one takes a while
        self.prebuild_soon(index + 1, index - 1)
        return view

    async def _drop_views(self) -> None:
        """Drop the views shown longest ago, beyond ``KEPT_VIEWS``: never the one shown or its
        neighbours, nor one whose cells or widgets are still waiting for the kernel."""
        near = {self.index, (self.index or 0) - 1, (self.index or 0) + 1}
        for index in [i for i in self._recent if i not in near]:
            if len(self.views) <= KEPT_VIEWS:
                return
            view = self.views[index]
            if view.busy:
                continue
            del self.views[index]
            self._recent.remove(index)
            self._carried[view.lesson.id] = view.snapshot()
            self.post_message(self.Dropped(view.lesson.id, list(view.editors)))
            await view.remove()

    async def _view_for(self, index: int) -> LessonView:
        """The view of lesson ``index``, built (hidden) and mounted the first time it is asked for."""
        view = self.views.get(index)
        if view is None:
            from tui.widgets.lesson_view import LessonView

            lesson = self.lessons[index]
            following = self.lessons[index + 1].label if index + 1 < len(self.lessons) else None
            view = LessonView(
                lesson,
                saved_code=lambda block_id: self._saved_code(lesson.id, block_id),
                solved=self._solved(lesson.id),
                next_label=following,
                restore=self._carried.pop(lesson.id, None),
                id=f"lesson-{lesson.number:02d}" + (f"-{self._edition}" if self._edition else ""),
                **self._looks,
            )
            view.display = False
            self.views[index] = view
            self._recent.insert(0, index)  # built ahead: dropped first unless shown
            await self.mount(view)
        else:
            await view.until_mounted()  # it may still be being mounted in the background
        return view

    def prebuild_soon(self, *indices: int) -> None:
        """Build these lessons' views once the learner pauses, so opening them is instant."""
        wanted = [i for i in indices if 0 <= i < len(self.lessons) and i not in self.views]
        if self._prebuild_timer is not None:
            self._prebuild_timer.stop()
        if wanted:
            self._prebuild_timer = self.set_timer(PREBUILD_DELAY, lambda: self._prebuild(wanted))

    async def _prebuild(self, indices: list[int]) -> None:
        if not self.app.is_running or any(index >= len(self.lessons) for index in indices):
            return  # shutting down, or another edition of the course came meanwhile
        first, *rest = indices
        if first not in self.views:
            await self._view_for(first)
        # One at a time, so a key pressed meanwhile waits for one build at most.
        self.prebuild_soon(*rest)

    async def replace_lessons(self, lessons: Sequence[Lesson]) -> None:
        """Another edition of the course (a language switch): the built views are retired.

        The lesson on screen stays there until the app shows its successor (building it
        can take a moment on a busy server: the welcome page in between would flash)."""
        if self._prebuild_timer is not None:
            self._prebuild_timer.stop()
        self._carried = {view.lesson.id: view.snapshot() for view in self.views.values()}
        self._retired += self.views.values()
        self.views, self._edition, self._recent = {}, self._edition + 1, []
        if self.index is None or self.index >= len(lessons):  # nothing to keep on screen
            self.current = "welcome"
            await self._retire()
        self.index = None
        self.lessons = list(lessons)
        await self.query_one(Welcome).recompose()

    async def _retire(self) -> None:
        retired, self._retired = self._retired, []
        for view in retired:
            await view.remove()
