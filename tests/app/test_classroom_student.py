"""A student's app in a class, driven with Pilot: the hand, the teacher's notices, following, publishing.

The class directory is real (under /tmp) and so are the files; the teacher's side
is played by the model's own functions (``send_goto``, ``send_to_all`` ...) and
read back with the roster, as the console would.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.widgets import Input

from tests.harness.pilot import SIZE, wait_for
from tui.actions import help_sections
from tui.classroom.board import send_goto, send_to_all, send_to_student
from tui.classroom.layout import ClassDir, init_class
from tui.classroom.link import ClassLink
from tui.classroom.roster import Roster, Student
from tui.classroom.states import STUCK_FAILS
from tui.screens.help import HelpScreen
from tui.student.bar import ClassBar
from tui.student.base import CLASS_ACTIONS
from tui.student.hand import HandScreen
from tui.widgets.exercise import ExerciseView


@pytest.fixture
def classroom() -> Iterator[tuple[ClassDir, ClassLink]]:
    base = Path(tempfile.mkdtemp(prefix="nnb-classroom-", dir="/tmp"))
    os.chmod(base, 0o755)
    found = init_class(base / "class")
    link = ClassLink.join(found.path)
    try:
        yield found, link
    finally:
        link.close()
        shutil.rmtree(base, ignore_errors=True)


def me(found: ClassDir) -> Student:
    (student,) = Roster(found).scan()
    return student


async def published(
    pilot, found: ClassDir, condition: Callable[[Student], bool], timeout: float = 10
) -> Student:
    """Wait until the record on disk satisfies ``condition``, as a teacher would read it."""
    deadline = time.monotonic() + timeout
    while True:
        student = me(found)
        if student.record is not None and condition(student):
            return student
        if time.monotonic() > deadline:
            raise AssertionError(f"never published; last record: {student.record}")
        await pilot.pause(0.05)


def bar_text(app) -> str:
    return app.query_one(ClassBar).plain


async def test_raise_the_hand_with_a_question_then_lower_it(make_app, classroom) -> None:
    found, link = classroom
    app = make_app(classroom=link, start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        student = await published(pilot, found, lambda s: s.record.lesson == 1)
        assert student.alive and student.state == "working" and not student.hand_raised
        await pilot.press("f4")
        assert isinstance(app.screen, HandScreen)
        await pilot.press(*"why (5,)?")
        assert app.screen.query_one(Input).value == "why (5,)?"
        await pilot.press("enter")
        student = await published(pilot, found, lambda s: s.hand_raised)
        assert student.question == "why (5,)?"
        assert "Your hand is raised: why (5,)? · F4 lowers it" in bar_text(app)
        await pilot.press("f4")  # raised: F4 lowers it, no question asked
        assert not isinstance(app.screen, HandScreen)
        await published(pilot, found, lambda s: not s.hand_raised)
        assert bar_text(app) == "" and not app.query_one(ClassBar).display

        await pilot.press("f4", "escape")  # changed their mind: nothing is published
        assert not isinstance(app.screen, HandScreen)
        assert not me(found).hand_raised


async def test_the_palette_says_raise_hand_and_lower_hand_in_a_class_only(make_app, classroom) -> None:
    _, link = classroom
    inside, outside = make_app(classroom=link), make_app()
    for app, expected in ((inside, True), (outside, False)):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            titles = {command.title for command in app.get_system_commands(app.screen)}
            for words in ("Raise hand", "Lower hand", "Follow the teacher", "Go to the teacher's lesson"):
                assert (words in titles) is expected, words
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            sections = dict(help_sections(app.unavailable()))
            assert ("class" in sections) is expected
            if expected:
                assert [action.shown for action in sections["class"]] == ["F4", "F8", "F9"]
    assert len(CLASS_ACTIONS) == 5


async def test_the_teacher_sends_the_class_to_a_lesson_and_f8_goes_there(make_app, classroom) -> None:
    found, link = classroom
    app = make_app(classroom=link, start_lesson=1)
    notes: list[str] = []
    app.notify = lambda message, **options: notes.append(str(message))
    async with app.run_test(size=SIZE) as pilot:
        await published(pilot, found, lambda s: s.record.lesson == 1)
        send_goto(found, 2)
        await wait_for(pilot, lambda: "open lesson 2 · Plots · F8 goes there" in bar_text(app), 5)
        assert app.current_index == 0  # not following: only told
        await pilot.press("f8")
        assert app.current_index == 1
        await wait_for(pilot, lambda: "open lesson 2" not in bar_text(app))
        await published(pilot, found, lambda s: s.record.lesson == 2)
        send_goto(found, 99)  # a lesson this course does not have
        await wait_for(pilot, lambda: any("lesson 99" in note for note in notes), 5)
        assert app.current_index == 1


async def test_following_the_teacher_moves_the_student(make_app, classroom) -> None:
    found, link = classroom
    app = make_app(classroom=link, start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f9")
        await published(pilot, found, lambda s: s.record.follow)
        send_goto(found, 3)
        await wait_for(pilot, lambda: app.current_index == 2, 5)
        await published(pilot, found, lambda s: s.record.lesson == 3)
        assert "open lesson" not in bar_text(app)
        await pilot.press("f9")
        await published(pilot, found, lambda s: not s.record.follow)
        send_goto(found, 1)
        await wait_for(pilot, lambda: "open lesson 1 · First steps" in bar_text(app), 5)
        assert app.current_index == 2


async def test_messages_to_all_and_to_one_are_shown_as_plain_text(make_app, classroom) -> None:
    found, link = classroom
    app = make_app(classroom=link, start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await published(pilot, found, lambda s: True)
        send_to_all(found, "Look at [bold red]the board[/] \x1b[2J")
        await wait_for(pilot, lambda: "Look at [bold red]the board[/]" in bar_text(app), 5)
        assert "\x1b" not in bar_text(app)
        assert f"✉ {me(found).account} at " in bar_text(app)
        send_to_student(found, me(found), "Well done, __import__('os').system('true')")
        await wait_for(pilot, lambda: "to you at" in bar_text(app), 5)
        assert "Well done, __import__('os').system('true')" in bar_text(app)


async def test_five_failed_checks_make_a_stuck_student_with_a_diagnosis(
    practice_course, make_app, classroom
) -> None:
    found, link = classroom
    app = make_app(practice_course, classroom=link, start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(ExerciseView)
        view.cell.editor.focus()
        await pilot.press("ctrl+t")  # one hint
        student = await published(pilot, found, lambda s: s.record.exercise is not None)
        assert student.record.exercise.id == "add-base" and student.record.cell == "add-base"
        for attempt in range(1, STUCK_FAILS + 1):
            await pilot.press("ctrl+r")  # the starter code: total is None
            await published(pilot, found, lambda s, n=attempt: s.record.attempts == n, timeout=30)
        student = me(found)
        assert student.state == "stuck"
        record = student.record
        assert record.exercise.fails == STUCK_FAILS and record.exercise.hints == 1
        assert record.check.verdict == "failed" and (record.check.passed, record.check.total) == (0, 2)
        assert record.check.diagnosis == "total is still None: replace None with an expression"
        assert record.code.startswith("total = None")

        view.cell.editor.select_all()
        await pilot.press(*"total = base + 5", "ctrl+r")
        student = await published(pilot, found, lambda s: s.record.solved == 1, timeout=30)
        assert student.state == "working" and student.record.exercise.solved


async def test_an_idle_student_writes_nothing(make_app, classroom) -> None:
    found, link = classroom
    app = make_app(classroom=link, start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await published(pilot, found, lambda s: s.record.lesson == 1)
        await pilot.pause(0.5)
        writes = link.writes
        await pilot.pause(2.5)
        assert link.writes == writes
        await pilot.press("down")  # a key: the last-activity time is due, but not at once
        await pilot.pause(0.5)
        assert link.writes == writes


async def test_a_reconnect_keeps_the_hand_and_following(make_app, classroom) -> None:
    found, link = classroom
    app = make_app(classroom=link, start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f4", *"still stuck", "enter", "f9")
        await published(pilot, found, lambda s: s.hand_raised and s.record.follow)
    link.close()
    assert me(found).state == "gone"
    again = ClassLink.join(found.path)
    try:
        app = make_app(classroom=again, start_lesson=1)
        async with app.run_test(size=SIZE) as pilot:
            student = await published(pilot, found, lambda s: s.alive and s.record.lesson == 1)
            assert student.question == "still stuck" and student.record.follow
            assert "Your hand is raised: still stuck" in bar_text(app)
    finally:
        again.close()
