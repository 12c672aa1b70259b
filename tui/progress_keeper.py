"""The app's side of saved progress: code and solved exercises written to disk, off the event loop.

`tui.progress.Progress` is the model (plain Python, atomic files); this keeps it
up to date from the app: an edit is remembered at once and written after a
moment of quiet, a solved exercise is counted in the lesson list and announced,
and whatever the model has to say (another instance's changes, a file it could
not read) becomes a notification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lessons import Exercise
from tui.i18n import t
from tui.widgets.sidebar import LessonList

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.app import TutorialApp
    from tui.widgets.code_cell import CodeCell

SAVE_DELAY = 1.5
"""Seconds of quiet typing before edited code is written to disk."""


class ProgressKeeper:
    """Keeps ``app.progress`` in step with the learner's editors and checks."""

    def __init__(self, app: TutorialApp) -> None:
        self._app = app
        self._save_timer: Timer | None = None

    def solved_counts(self) -> list[int]:
        progress = self._app.progress
        return [lesson.solved_count(progress.solved_in(lesson.id)) for lesson in self._app.lessons]

    # ------------------------------------------------------------------- code
    def remember_code(self, lesson_id: str, cell: CodeCell) -> None:
        """Keep the editor's text, or forget it when it is the lesson's own again."""
        if cell.code == cell.block.code:
            self._app.progress.forget_code(lesson_id, cell.block.id)
        else:
            self._app.progress.set_code(lesson_id, cell.block.id, cell.code)

    def code_edited(self, lesson_id: str, cell: CodeCell) -> None:
        self.remember_code(lesson_id, cell)
        self.schedule_save()

    def save_all_code(self) -> None:
        """Record every editor's text, whatever edit messages are still in flight, and save."""
        for view in self._app.pane.views.values():
            for cell in view.editors:
                self.remember_code(view.lesson.id, cell)
        self._app.progress.save()

    def lesson_opened(self, lesson_id: str) -> None:
        if self._app.progress.last_lesson != lesson_id:
            self._app.progress.last_lesson = lesson_id
            self.schedule_save()

    # ---------------------------------------------------------------- saving
    def schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self._app.set_timer(SAVE_DELAY, self._save_soon)

    def _save_soon(self) -> None:
        self._app.run_worker(self._save, thread=True, exclusive=True, group="save")

    def _save(self) -> None:
        """Disk writes (with fsync) happen off the event loop."""
        self._app.progress.save()
        self._app.call_from_thread(self.show_notices)

    def show_notices(self) -> None:
        for notice in self._app.progress.take_notices():
            self._app.notify(str(notice), severity="warning", timeout=15)

    # ---------------------------------------------------------------- solved
    def solved(self, lesson_id: str, exercise: Exercise) -> None:
        """An exercise's check passed: count it (once), show it in the lesson list, say so."""
        progress = self._app.progress
        if progress.is_solved(lesson_id, exercise.id):
            return
        progress.mark_solved(lesson_id, exercise.id)
        self.schedule_save()
        counts = self.solved_counts()
        self._app.query_one(LessonList).show_solved(counts)
        self._app.notify(t("exercise.solved_notify", title=exercise.title))
        total = sum(len(lesson.exercises) for lesson in self._app.lessons)
        if total and sum(counts) == total:
            self._app.notify(t("course.all_solved", total=total), title="★", timeout=30)
