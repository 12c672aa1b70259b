"""ClassroomApp: what the tutorial adds when its learner is in a class (``--class DIR``).

TutorialApp derives from it. Without a class it does nothing (no thread, no
widget, no file). With one:

* **It publishes** the learner's record through the ClassLink, paced by
  ``tui.classroom.pacing``: what matters to a teacher (lesson, focused cell, a
  check, a run's output, the hand, following) a moment after it changes; edited
  code and the last key's time at a calm pace. A key costs a timestamp; the
  record is built from a few attributes after a pause, compared with the last
  one published, and written (if different) by the link's thread.
* **It shows the teachers' news** in the class bar: the lesson they ask for
  (F8 goes there, or straight there when following), their latest message.
* **Raise hand / Lower hand** (palette, F4), **Follow the teacher** (palette,
  F9), **Go to the teacher's lesson** (palette, F8): actions of the registry
  (``tui.actions``, where "class"), bound by the app.

It takes from the app: ``lessons``, ``current_index``, ``progress`` and
``open_lesson(index)``; focus changes (``DescendantFocus`` reaches the app) and
the run queue's events (the app hands them to ``classroom_run_event``). Nothing
a teacher sends is run: it is shown as text, or is a lesson number looked up in
the learner's own lessons.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, ComposeResult
from textual.css.query import NoMatches
from textual.timer import Timer

from lessons import Lesson
from tui.actions import ACTIONS
from tui.i18n import t
from tui.progress import Progress

if TYPE_CHECKING:  # imported in a class only (or, for the widgets, once a lesson is open)
    from tui.classroom.board import Goto, Message
    from tui.classroom.link import ClassLink, News
    from tui.classroom.pacing import Pacer
    from tui.classroom.records import Check, Hand, Record
    from tui.grading import Grade
    from tui.runs import RunEvent
    from tui.widgets.code_cell import CodeCell
    from tui.widgets.exercise import ExerciseView

SOON = 0.2
"""Seconds from a change that matters to its publication (several changes make one write)."""

KEY_DELAY = 1.0
"""Seconds from a key to a look at whether the record changed (typing makes one look per second)."""

MESSAGE_SHOWN = 300.0
"""Seconds a teacher's message stays in the class bar."""

GOTO_FRESH = 3 * 3600.0
"""A goto older than this when the session starts is yesterday's class: not shown."""


@dataclass
class _Exercise:
    """The exercise the learner is on, and how it is going."""

    view: ExerciseView
    lesson: int | None
    since: float
    fails: int = 0
    best: int = 0
    solved: bool = False


def diagnosis(grade: Grade) -> str:
    """The first thing to fix: the first failing check's message, or the error's last line."""
    from tui.classroom.records import MAX_LINE

    failure = grade.first_failure
    if failure is not None:
        return failure.message[:MAX_LINE]
    lines = [line for line in (grade.result.error or "").splitlines() if line.strip()]
    return lines[-1].strip()[:MAX_LINE] if lines else ""


CLASS_ACTIONS = frozenset(action.description for action in ACTIONS if action.where == "class")
"""The class's keys and commands, which a session outside a class does not offer."""


class ClassroomApp(App[int]):
    lessons: list[Lesson]
    progress: Progress

    def __init__(self, *, classroom: ClassLink | None = None, **options: Any) -> None:
        super().__init__(**options)
        self.classroom = classroom
        self._class_hand: Hand | None = None
        self._class_follow = False
        self._class_attempts = 0
        self._class_check: Check | None = None
        self._class_exercise: _Exercise | None = None
        self._class_cell: CodeCell | None = None
        self._class_cell_lesson: int | None = None
        self._class_started = time.time()
        self._class_last_key = self._class_started
        self._class_pacer: Pacer | None = None
        if classroom is not None:  # only a session in a class imports the classroom's modules
            from tui.classroom.pacing import Pacer

            self._class_pacer = Pacer()
        self._class_flush_timer: Timer | None = None
        self._class_flush_deadline = 0.0
        self._class_goto: Goto | None = None
        self._class_goto_pending = False
        self._class_message: tuple[Message, bool] | None = None
        self._class_seen_at = self._class_started - MESSAGE_SHOWN
        self._class_loop: asyncio.AbstractEventLoop | None = None
        if classroom is not None and classroom.previous is not None:
            previous = classroom.previous  # a reconnect keeps the hand, the choice to follow, the count
            self._class_hand, self._class_follow, self._class_attempts = (
                previous.hand,
                previous.follow,
                previous.attempts,
            )

    @property
    def current_index(self) -> int | None:
        raise NotImplementedError  # the app's

    async def open_lesson(self, index: int, *, focus: bool = True) -> None:
        raise NotImplementedError  # the app's

    # ------------------------------------------------------------- wiring
    def compose_classroom(self) -> ComposeResult:
        """The class bar, for the app's compose (nothing outside a class)."""
        if self.classroom is not None:
            from tui.student.bar import ClassBar

            yield ClassBar(id="class-bar")

    def classroom_unavailable(self) -> frozenset[str]:
        """Outside a class, its keys are in neither the help, the key bar nor the palette."""
        return CLASS_ACTIONS if self.classroom is None else frozenset()

    async def on_mount(self) -> None:
        if self.classroom is None:
            return
        self._class_loop = asyncio.get_running_loop()
        self.classroom.start(
            on_news=lambda news: self._class_from_thread(self._class_news, news),
            on_error=lambda error: self._class_from_thread(self._class_error, error),
        )
        self._class_show_bar()
        self._class_soon(SOON)

    async def on_unmount(self) -> None:
        if self.classroom is None:
            return
        self._class_loop = None
        self.classroom.publish(self._class_record())  # the last word; the lock goes with the process anyway
        self.classroom.close()

    def _class_from_thread(self, callback: Callable[..., None], *args: object) -> None:
        """Run ``callback`` on the event loop, without waiting (the app may be closing)."""
        loop = self._class_loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed in between: the app is gone
                loop.call_soon_threadsafe(callback, *args)

    # ------------------------------------------------------- what happens
    async def on_event(self, event: events.Event) -> None:
        if (
            self.classroom is not None
            and isinstance(event, (events.Key, events.MouseDown))
            and not event.is_forwarded
        ):
            self._class_last_key = time.time()
            self._class_soon(KEY_DELAY)
        await super().on_event(event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if self.classroom is None:
            return
        from tui.widgets.code_cell import CodeCell
        from tui.widgets.exercise import ExerciseView

        widget = event.widget
        try:
            cell = widget if isinstance(widget, CodeCell) else widget.query_ancestor(CodeCell)
        except NoMatches:
            cell = None
        if cell is not None:
            self._class_cell, self._class_cell_lesson = cell, self.current_index
            view = cell.parent
            if isinstance(view, ExerciseView) and (
                self._class_exercise is None or self._class_exercise.view is not view
            ):
                self._class_exercise = _Exercise(view, self.current_index, time.time(), solved=view.solved)
        self._class_soon(SOON)

    def classroom_run_event(self, event: RunEvent) -> None:
        """Every event of the run queue, from the app: a run's end changes the output, a check more."""
        if self.classroom is None:
            return
        from tui.grading import Grade
        from tui.runs import Finished
        from tui.widgets.exercise import ExerciseView

        if not isinstance(event, Finished):
            return
        owner = event.ticket.owner
        if isinstance(owner, ExerciseView):
            grade = event.grade or Grade("error", event.result)  # no grade: the learner's code did not run
            self._class_graded(owner, grade)
        self._class_soon(SOON)

    def _class_graded(self, view: ExerciseView, grade: Grade) -> None:
        from tui.classroom.records import Check

        now = time.time()
        passed = sum(outcome.passed for outcome in grade.outcomes)
        total = len(grade.outcomes) or len(view.exercise.checks)
        self._class_attempts += 1
        self._class_check = Check(view.exercise.id, grade.verdict, passed, total, diagnosis(grade), now)
        work = self._class_exercise
        if work is None or work.view is not view:
            work = self._class_exercise = _Exercise(view, self.current_index, now)
        if grade.verdict == "passed":
            work.solved = True
        elif passed > work.best:  # progress: more checks pass than ever before
            work.best, work.fails, work.since = passed, 0, now
        else:
            work.fails += 1

    # ---------------------------------------------------------- publishing
    def _class_soon(self, delay: float) -> None:
        """Look at the record in ``delay`` seconds (or sooner, if a look is already due sooner)."""
        delay = max(delay, 0.01)  # a Textual timer cannot have no delay at all
        deadline = time.monotonic() + delay
        if self._class_flush_timer is not None:
            if self._class_flush_deadline <= deadline:
                return
            self._class_flush_timer.stop()
        self._class_flush_deadline = deadline
        self._class_flush_timer = self.set_timer(delay, self._class_flush, name="class-publish")

    def _class_record(self) -> Record:
        from tui.classroom.records import MAX_CODE, MAX_OUTPUT, Record, Working

        index = self.current_index
        lesson = self.lessons[index] if index is not None and 0 <= index < len(self.lessons) else None
        cell = (
            self._class_cell
            if self._class_cell_lesson == index and self._class_cell and self._class_cell.is_attached
            else None
        )
        work = self._class_exercise
        if work is not None and (work.lesson != index or not work.view.is_attached):
            work = self._class_exercise = None
        return Record(
            lesson=None if lesson is None else lesson.number,
            cell=None if cell is None else cell.block.id,
            solved=sum(lesson.solved_count(self.progress.solved_in(lesson.id)) for lesson in self.lessons),
            attempts=self._class_attempts,
            check=self._class_check,
            exercise=None
            if work is None
            else Working(
                work.view.exercise.id,
                work.since,
                work.fails,
                work.solved or work.view.solved,
                work.view.hints_shown,
                len(work.view.exercise.hints),
            ),
            hand=self._class_hand,
            last_active=self._class_last_key,
            follow=self._class_follow,
            code="" if cell is None else cell.code[:MAX_CODE],
            output="" if cell is None else cell.output_text[-MAX_OUTPUT:],
            started=self._class_started,
        )

    def _class_flush(self) -> None:
        self._class_flush_timer = None
        if self.classroom is None:
            return
        record = self._class_record()
        if (
            self._class_goto_pending
            and self._class_goto is not None
            and record.lesson == self._class_goto.lesson
        ):
            self._class_goto_pending = False  # the learner is there
            self._class_show_bar()
        now = time.monotonic()
        assert self._class_pacer is not None  # made with the class link
        wait = self._class_pacer.wait(record, now)
        if wait is None:
            return
        if wait > 0:
            self._class_soon(wait)
            return
        self._class_pacer.published(record, now)
        self.classroom.publish(replace(record, updated=time.time()))

    # ------------------------------------------------------------ the news
    def _class_news(self, news: News) -> None:
        if not self.is_running:
            return
        goto = news.goto
        if goto is not None and goto != self._class_goto and goto.at >= self._class_started - GOTO_FRESH:
            self._class_goto = goto
            index = self._class_lesson_index(goto.lesson)
            self._class_goto_pending = index is not None and index != self.current_index
            if index is None:
                self.notify(t("student.no_such_lesson", number=goto.lesson), severity="warning")
            elif self._class_follow and self._class_goto_pending:
                self._class_goto_pending = False
                self.call_later(self._class_follow_to, index)
        messages = [(m, False) for m in news.to_all] + [(m, True) for m in news.to_you]
        fresh = sorted(
            (item for item in messages if item[0].at > self._class_seen_at), key=lambda item: item[0].at
        )
        if fresh:
            self._class_seen_at = fresh[-1][0].at
            self._class_message = fresh[-1]
            left = MESSAGE_SHOWN - (time.time() - fresh[-1][0].at)
            self.set_timer(
                max(left, 0.1), lambda shown=fresh[-1]: self._class_expire(shown), name="class-message"
            )
        self._class_show_bar()

    def _class_expire(self, shown: tuple[Message, bool]) -> None:
        if self._class_message is shown:
            self._class_message = None
            self._class_show_bar()

    def _class_error(self, error: str) -> None:
        self.notify(t("student.write_failed", error=error), severity="warning", timeout=15)

    def _class_lesson_index(self, number: int) -> int | None:
        return next((i for i, lesson in enumerate(self.lessons) if lesson.number == number), None)

    async def _class_follow_to(self, index: int) -> None:
        await self.open_lesson(index)
        lesson = self.lessons[index]
        self.notify(t("student.moved", number=lesson.number, title=lesson.title))

    def _class_show_bar(self) -> None:
        from tui.classroom.report import clock_time
        from tui.student.bar import ClassBar

        try:
            bar = self.query_one(ClassBar)
        except NoMatches:
            return
        lines: list[tuple[str, str]] = []
        if self._class_hand is not None:
            question = self._class_hand.question
            lines.append(
                ("hand", t("student.bar.hand", question=question) if question else t("student.bar.hand_bare"))
            )
        if self._class_goto is not None and self._class_goto_pending:
            index = self._class_lesson_index(self._class_goto.lesson)
            if index is not None:
                lesson = self.lessons[index]
                lines.append(("goto", t("student.bar.goto", number=lesson.number, title=lesson.title)))
        if self._class_message is not None:
            message, to_you = self._class_message
            key = "student.bar.message_you" if to_you else "student.bar.message"
            text = t(key, teacher=message.by or "?", time=clock_time(message.at), text=message.text)
            lines.append(("message", text))
        bar.show(lines)

    # ------------------------------------------------------------- actions
    def _class_in_class(self) -> bool:
        if self.classroom is None:
            self.notify(t("student.not_in_class"), severity="warning")
        return self.classroom is not None

    def action_toggle_hand(self) -> None:
        if self._class_hand is None:
            self.action_raise_hand()
        else:
            self.action_lower_hand()

    def action_raise_hand(self) -> None:
        from tui.classroom.records import Hand
        from tui.student.hand import HandScreen

        if not self._class_in_class() or isinstance(self.screen, HandScreen):
            return

        def answered(question: str | None) -> None:
            if question is not None:
                self._class_hand = Hand(question, time.time())
                self.notify(t("student.hand.raised"))
                self._class_show_bar()
                self._class_soon(0)

        self.push_screen(HandScreen(), answered)

    def action_lower_hand(self) -> None:
        if not self._class_in_class():
            return
        if self._class_hand is None:
            self.notify(t("student.hand.not_raised"))
            return
        self._class_hand = None
        self.notify(t("student.hand.lowered"))
        self._class_show_bar()
        self._class_soon(0)

    async def action_teacher_lesson(self) -> None:
        if not self._class_in_class():
            return
        index = None if self._class_goto is None else self._class_lesson_index(self._class_goto.lesson)
        if index is None:
            self.notify(t("student.no_goto"))
            return
        self._class_goto_pending = False
        self._class_show_bar()
        await self.open_lesson(index)

    async def action_toggle_follow(self) -> None:
        if not self._class_in_class():
            return
        self._class_follow = not self._class_follow
        self.notify(t("student.follow.on" if self._class_follow else "student.follow.off"))
        self._class_soon(0)
        if self._class_follow and self._class_goto_pending:
            await self.action_teacher_lesson()
