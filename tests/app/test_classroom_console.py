"""The teacher's console at 80x24, driven with Pilot over a class directory of fake students."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, TextArea

import lessons
from tests.harness.classroom import STUDENT_UIDS, fake_student, live_session, needs_root
from tests.harness.pilot import SIZE, wait_for
from tui.classroom.layout import BOARD, INBOX, ClassDir, init_class
from tui.classroom.records import Check, Hand, Record, Working
from tui.teach.app import TeachApp
from tui.teach.dialogs import GotoScreen, MessageScreen
from tui.teach.student_screen import StudentScreen

pytestmark = needs_root

ADA, BOB, CY = STUDENT_UIDS


@pytest.fixture
def found() -> Iterator[ClassDir]:
    base = Path(tempfile.mkdtemp(prefix="nnb-classroom-", dir="/tmp"))
    os.chmod(base, 0o755)
    try:
        yield init_class(base / "class")
    finally:
        shutil.rmtree(base, ignore_errors=True)


def class_of_three(found: ClassDir) -> dict[int, Path]:
    now = time.time()
    return {
        ADA: fake_student(
            found,
            ADA,
            Record(lesson=3, solved=1, attempts=2, last_active=now, code="a = 1\n", output="1\n", cell="c1"),
        ),
        BOB: fake_student(
            found,
            BOB,
            Record(
                lesson=6,
                attempts=7,
                exercise=Working("dz", now - 60, 5, False, 2, 3),
                check=Check("dz", "failed", 1, 3, "dz has shape (1, 5), expected (1, 4)", now - 5),
                last_active=now,
                code="dz = a - y.T\n",
                cell="dz",
            ),
        ),
        CY: fake_student(found, CY, Record(lesson=1, last_active=now - 600)),
    }


def rows(app: TeachApp) -> list[list[str]]:
    table = app.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]


def accounts(app: TeachApp) -> list[str]:
    return [row[0] for row in rows(app)]


async def test_one_row_per_student_hands_first_then_stuck(found: ClassDir) -> None:
    folders = class_of_three(found)
    with live_session(folders[ADA], ADA), live_session(folders[BOB], BOB):  # Cy's session is gone
        app = TeachApp(found, lessons.load("en"))
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: len(rows(app)) == 3)
            assert accounts(app) == [f"uid:{BOB}", f"uid:{ADA}", f"uid:{CY}"]  # stuck, working, gone
            bob = rows(app)[0]
            assert bob[1:5] == ["06", "stuck", "0", "7"] and bob[6].startswith("✗ 1/3 dz has shape")
            title = str(app.query_one("#class-title").render())
            assert "3 students · ✋ 0 · 1 stuck · 1 working · 0 idle · 1 gone" in title

            raised = Record(lesson=3, last_active=time.time(), hand=Hand("[b]why[/b] \x1b[2J?", time.time()))
            fake_student(found, ADA, raised, name=folders[ADA].name)
            started = time.monotonic()
            await wait_for(pilot, lambda: accounts(app)[0] == f"uid:{ADA}", 5)
            assert time.monotonic() - started < 3  # the console polls twice a second
            assert rows(app)[0][6] == "✋ [b]why[/b] \ufffd[2J?"  # markup and escapes shown as text

            await pilot.press("s")  # sort by account
            assert accounts(app) == sorted(accounts(app))
            await pilot.press("r")
            assert accounts(app) == sorted(accounts(app), reverse=True)
            await pilot.press(*"ssssss")  # back round to attention order
            assert accounts(app)[0] == f"uid:{ADA}"


async def test_opening_a_row_shows_the_code_and_output_read_only(found: ClassDir) -> None:
    folders = class_of_three(found)
    with live_session(folders[BOB], BOB):
        app = TeachApp(found, lessons.load("en"))
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: len(rows(app)) == 3)
            await pilot.press("enter")  # Bob is first: stuck
            assert isinstance(app.screen, StudentScreen)
            title = str(app.screen.query_one("#student-title").render())
            assert (
                title.startswith(f"uid:{BOB} · lesson 6 · Logistic-regression gradient") and "stuck" in title
            )
            facts = str(app.screen.query_one("#student-facts").render())
            assert "First thing to fix: dz has shape (1, 5), expected (1, 4)" in facts
            assert "5 failed checks in a row" in facts and "hints 2/3" in facts
            editor = app.screen.query_one(TextArea)
            assert editor.text == "dz = a - y.T\n" and editor.read_only
            await pilot.press("x")  # read-only: typing changes nothing
            assert editor.text == "dz = a - y.T\n"

            now = time.time()
            newer = Record(lesson=6, last_active=now, code="dz = a - y\n", output="[[0.1]]\n", cell="dz")
            fake_student(found, BOB, newer, name=folders[BOB].name)
            await wait_for(pilot, lambda: editor.text == "dz = a - y\n", 5)  # follows the student
            assert str(app.screen.query_one("#student-output").render()).strip() == "[[0.1]]"
            await pilot.press("escape")
            assert not isinstance(app.screen, StudentScreen)


async def test_messages_and_goto_are_written_where_students_read_them(found: ClassDir) -> None:
    folders = class_of_three(found)
    app = TeachApp(found, lessons.load("en"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: len(rows(app)) == 3)
        await pilot.press("m")  # to the student under the cursor (the first row)
        assert isinstance(app.screen, MessageScreen)
        first = int(app.query_one(DataTable).coordinate_to_cell_key((0, 0)).row_key.value)
        await pilot.press(*"Look at line 2", "enter")
        inbox = folders[first] / INBOX
        await wait_for(pilot, lambda: inbox.exists(), 5)
        assert [m["text"] for m in json.loads(inbox.read_text())["messages"]] == ["Look at line 2"]
        assert os.stat(inbox).st_uid == found.owner and oct(os.stat(inbox).st_mode & 0o777) == "0o644"

        await pilot.press("a")
        await pilot.press(*"Everyone: lesson 5 now", "enter")
        board = found.path / BOARD
        await wait_for(pilot, lambda: "lesson 5 now" in board.read_text(), 5)

        await pilot.press("g")
        assert isinstance(app.screen, GotoScreen)
        await pilot.press("down", "down", "down", "down", "enter")  # the fifth lesson
        await wait_for(pilot, lambda: (json.loads(board.read_text())["goto"] or {}).get("lesson") == 5, 5)
        await pilot.press("g")
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 4 and "(now)" in str(options.get_option_at_index(4).prompt)
        await pilot.press("escape", "a", "escape")  # nothing sent
        assert isinstance(app.screen.query_one(DataTable), DataTable) and not app.screen.query(Input)


async def test_an_empty_class_says_how_students_join(found: ClassDir) -> None:
    app = TeachApp(found, lessons.load("en"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        empty = app.query_one("#empty")
        assert empty.display and f"python -m tui --class {found.path}" in str(empty.render())


async def test_only_what_changed_is_redrawn(found: ClassDir, monkeypatch: pytest.MonkeyPatch) -> None:
    """A busy class must not cost the teacher's terminal a full table on every record written."""
    folders = class_of_three(found)
    app = TeachApp(found, lessons.load("en"))
    fills: list[int] = []
    original = TeachApp._fill
    monkeypatch.setattr(TeachApp, "_fill", lambda self, *args: (fills.append(1), original(self, *args)))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: len(rows(app)) == 3)
        fills.clear()
        now = time.time()
        typed = Record(
            lesson=3, solved=1, attempts=2, last_active=now, code="a = 12\n", output="1\n", cell="c1"
        )
        fake_student(
            found, ADA, typed, name=folders[ADA].name
        )  # only the code changed: nothing shown changes
        await pilot.pause(1.5)
        checked = replace(typed, attempts=3)
        fake_student(found, ADA, checked, name=folders[ADA].name)
        await wait_for(pilot, lambda: "3" in [row[4] for row in rows(app) if row[0] == f"uid:{ADA}"], 5)
        assert fills == []  # same rows in the same order: cells updated in place
