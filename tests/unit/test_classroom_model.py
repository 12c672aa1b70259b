"""The class model without a screen: the directory, records as hostile input, states, liveness, the roster.

Tests that need several owners run as root and act as uids that have no account
(``as_user`` forks and drops privileges); tests/terminal/test_classroom_accounts.py does
the same with real accounts and the real app.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.harness.classroom import STUDENT_UIDS, as_user, fake_student, live_session, needs_root
from tui.classroom import safeio
from tui.classroom.board import read_board_file, send_goto, send_to_all, send_to_student
from tui.classroom.layout import (
    BOARD,
    INBOX,
    STATE,
    ClassDir,
    ClassError,
    init_class,
    open_as_teacher,
    open_class,
)
from tui.classroom.link import ClassLink, News
from tui.classroom.pacing import Pacer
from tui.classroom.records import MAX_CODE, MAX_LINE, BadRecord, Check, Hand, Record, Working, parse_record
from tui.classroom.report import as_json, as_text
from tui.classroom.roster import Roster, Student
from tui.classroom.states import IDLE_AFTER, STUCK_AFTER, STUCK_FAILS, state_of

NOW = float(int(time.time()))


@pytest.fixture
def found(class_path: Path) -> ClassDir:
    return init_class(class_path)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


# ------------------------------------------------------------------ the directory
def test_init_makes_the_documented_layout(class_path: Path) -> None:
    found = init_class(class_path)
    assert found.path == class_path.resolve()
    assert found.owner == os.geteuid()
    assert mode(class_path) == 0o2771
    assert mode(class_path / "students") == 0o3773
    assert mode(class_path / BOARD) == 0o644
    assert mode(class_path / "teachers.lock") == 0o660
    assert json.loads((class_path / BOARD).read_text()) == {
        "version": 1,
        "created": pytest.approx(time.time(), abs=60),
        "goto": None,
        "messages": [],
    }
    assert init_class(class_path) == found  # again: nothing lost, modes repaired


def test_init_refuses_a_folder_with_other_things_in_it(class_path: Path) -> None:
    class_path.mkdir()
    (class_path / "notes.txt").write_text("mine")
    with pytest.raises(ClassError) as error:
        init_class(class_path)
    assert error.value.key == "class.not_empty"
    assert "already exists" in str(error.value)


def test_init_refuses_an_unknown_teachers_group(class_path: Path) -> None:
    with pytest.raises(ClassError, match="There is no group nnb-no-such-group"):
        init_class(class_path, "nnb-no-such-group")


def test_open_refuses_what_is_not_a_class(class_path: Path) -> None:
    with pytest.raises(ClassError, match="no class directory"):
        open_class(class_path)
    class_path.mkdir()
    with pytest.raises(ClassError, match="not a class directory"):
        open_class(class_path)


@pytest.mark.parametrize(
    ("where", "new_mode", "reason"),
    [
        (".", 0o2777, "class.unsafe"),  # anyone could replace the board
        ("students", 0o2777, "class.unsafe"),  # no sticky bit: anyone could rename others' folders
        ("students", 0o1777, "class.unsafe"),  # no setgid: teachers could not read records
        ("..", 0o777, "class.unsafe_above"),  # anyone could swap the whole class
    ],
)
def test_open_refuses_a_class_others_could_tamper_with(
    found: ClassDir, where: str, new_mode: int, reason: str
) -> None:
    os.chmod(found.path / where, new_mode)
    with pytest.raises(ClassError) as error:
        open_class(found.path)
    assert error.value.key == reason
    assert "Refusing the class" in str(error.value)


@needs_root
def test_open_refuses_a_symlink_planted_by_another_account(found: ClassDir) -> None:
    link = found.path.parent / "link"
    link.symlink_to(found.path)
    assert open_class(link) == found
    os.lchown(link, STUDENT_UIDS[0], STUDENT_UIDS[0])
    with pytest.raises(ClassError) as error:
        open_class(link)
    assert error.value.key == "class.unsafe_above"


# ------------------------------------------------------------ records as hostile input
def full_record() -> Record:
    return Record(
        lesson=3,
        cell="add-base",
        solved=4,
        attempts=17,
        check=Check("add-base", "failed", 1, 2, "total is 14, expected 15", NOW - 5),
        exercise=Working("add-base", NOW - 100, 2, False, 1, 2),
        hand=Hand("why (5,)?", NOW - 30),
        last_active=NOW - 1,
        follow=True,
        code="total = base + 4\n",
        output="14\n",
        started=NOW - 1000,
        updated=NOW,
    )


def test_a_record_survives_its_own_round_trip() -> None:
    record = full_record()
    assert parse_record(record.to_json()) == record


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xff\xfe not utf-8",
        b"{not json",
        b"[1, 2, 3]",
        b'"a string"',
        b'{"version": 2}',
        b'{"lesson": 3}',
        b"[" * 100_000 + b"]" * 100_000,  # nested too deep for the parser
    ],
)
def test_what_is_not_a_record_is_refused(data: bytes) -> None:
    with pytest.raises(BadRecord):
        parse_record(data)


def test_every_field_is_checked_and_bad_ones_are_dropped() -> None:
    raw = {
        "version": 1,
        "lesson": True,
        "cell": ["not", "text"],
        "solved": -4,
        "attempts": 10**12,
        "check": {"exercise": "x", "verdict": "hacked", "at": NOW},
        "exercise": {"id": "x", "since": float("nan"), "fails": 3},
        "hand": {"question": 42, "at": NOW},
        "last_active": "yesterday",
        "follow": "yes",
        "code": 12,
        "output": None,
        "started": 1e300,
        "extra": {"ignored": True},
    }
    record = parse_record(json.dumps(raw).encode())
    assert record == Record(hand=Hand("", NOW))


def test_text_loses_escape_sequences_and_is_cut_to_size() -> None:
    raw = {
        "version": 1,
        "cell": "\x1b]0;pwned\x07cell",
        "hand": {"question": "help\x1b[2J\x1b[31m me\u202e" + "x" * 10_000, "at": NOW},
        "code": "print(1)\n\x1b[1;1H\tdone\ud800\n" + "#" * (MAX_CODE * 2),
        "check": {
            "exercise": "e",
            "verdict": "failed",
            "passed": 9,
            "total": 2,
            "diagnosis": "a\nb",
            "at": NOW,
        },
    }
    record = parse_record(json.dumps(raw).encode())
    for text in (record.cell, record.hand.question, record.code, record.check.diagnosis):
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert len(record.hand.question) <= MAX_LINE
    assert len(record.code) <= MAX_CODE
    assert record.code.startswith("print(1)\n\ufffd[1;1H\tdone?\n")  # newlines and tabs kept in code
    assert record.check.diagnosis == "a b"  # one line
    assert record.check.passed == 2  # never more than the total


# ------------------------------------------------------------------------ states
def record_at(**changes: object) -> Record:
    base = {"last_active": NOW, "started": NOW - 60}
    return Record(**{**base, **changes})


def test_states_follow_the_issue_thresholds() -> None:
    assert state_of(record_at(), True, NOW) == "working"
    assert state_of(record_at(), False, NOW) == "gone"
    assert state_of(None, True, NOW) == "working"  # joined, nothing published yet
    assert state_of(record_at(last_active=NOW - IDLE_AFTER + 1), True, NOW) == "working"
    assert state_of(record_at(last_active=NOW - IDLE_AFTER), True, NOW) == "idle"
    on = Working("e", NOW - 30, STUCK_FAILS - 1, False, 0, 2)
    assert state_of(record_at(exercise=on), True, NOW) == "working"
    failing = Working("e", NOW - 30, STUCK_FAILS, False, 0, 2)
    assert state_of(record_at(exercise=failing), True, NOW) == "stuck"
    long = Working("e", NOW - STUCK_AFTER, 0, False, 0, 2)
    assert state_of(record_at(exercise=long), True, NOW) == "stuck"
    assert state_of(record_at(exercise=long, last_active=NOW - 3600), True, NOW) == "stuck"  # beats idle
    solved = Working("e", NOW - STUCK_AFTER * 3, 9, True, 2, 2)
    assert state_of(record_at(exercise=solved), True, NOW) == "working"
    assert state_of(record_at(exercise=long), False, NOW) == "gone"


# ------------------------------------------------------------------ the roster
@needs_root
def test_the_roster_reads_owners_not_names(found: ClassDir) -> None:
    first, second, third = STUDENT_UIDS
    live = fake_student(found, first, full_record(), name="teacher")  # a misleading folder name
    fake_student(found, second, Record(lesson=1, started=NOW, last_active=time.time()))
    fake_student(found, second, Record(lesson=7, started=NOW), name="another-folder-of-second")
    fake_student(found, third, None)
    with live_session(live, first), live_session(found.students / f"student-{second}", second):
        students = Roster(found).scan()
    by_account = {student.account: student for student in students}
    assert set(by_account) == {f"uid:{uid}" for uid in STUDENT_UIDS}
    assert by_account[f"uid:{first}"].hand_raised and by_account[f"uid:{first}"].question == "why (5,)?"
    assert by_account[f"uid:{second}"].record.lesson == 1  # the folder with a live session wins
    assert by_account[f"uid:{second}"].state == "working"
    assert by_account[f"uid:{third}"].problem == "missing" and by_account[f"uid:{third}"].state == "gone"
    assert students[0].account == f"uid:{first}"  # hands first


@needs_root
@pytest.mark.parametrize(
    ("plant", "problem"),
    [
        ("symlink", "symlink"),
        ("fifo", "not-a-file"),
        ("huge", "too-large"),
        ("foreign", "foreign"),
        ("garbage", "invalid"),
        ("folder", "not-a-file"),
    ],
)
def test_a_hostile_record_is_reported_not_trusted(found: ClassDir, plant: str, problem: str) -> None:
    uid = STUDENT_UIDS[0]
    folder = fake_student(found, uid, None)
    target = folder / STATE
    secret = found.path.parent / "teacher-secret.json"
    secret.write_text(full_record().to_json().decode())
    if plant == "symlink":
        target.symlink_to(secret)
    elif plant == "fifo":
        os.mkfifo(target)
    elif plant == "huge":
        target.write_bytes(b" " * (safeio.MAX_FILE + 1))
    elif plant == "foreign":  # someone else's file in the student's folder
        target.write_bytes(full_record().to_json())
        os.chown(target, STUDENT_UIDS[1], -1)
    elif plant == "garbage":
        target.write_bytes(os.urandom(2000))
    elif plant == "folder":
        target.mkdir()
    if plant != "symlink":
        os.lchown(target, uid if plant != "foreign" else STUDENT_UIDS[1], -1)
    started = time.monotonic()
    (student,) = Roster(found).scan()
    assert time.monotonic() - started < 5  # a FIFO does not hang the teacher
    assert student.record is None
    assert student.problem == problem
    assert student.account == f"uid:{uid}"


@needs_root
def test_a_record_is_read_again_only_when_it_changes(found: ClassDir) -> None:
    uid = STUDENT_UIDS[0]
    fake_student(found, uid, Record(lesson=1))
    roster = Roster(found)
    assert roster.scan()[0].record.lesson == 1
    first = roster._records["student-" + str(uid)]
    roster.scan()
    assert roster._records["student-" + str(uid)] is first  # unchanged file: not parsed again
    time.sleep(0.01)
    fake_student(found, uid, Record(lesson=2))
    assert roster.scan()[0].record.lesson == 2


def test_report_json_has_exactly_the_issue_fields() -> None:
    students = [
        Student(61001, "ada", "ada", True, "stuck", full_record()),
        Student(61002, "bob", "bob", False, "gone", None, "missing"),
    ]
    report = json.loads(as_json(students))
    fields = {"account", "lesson", "solved", "attempts", "hand_raised", "question", "state", "last_active"}
    assert [set(row) for row in report["students"]] == [fields, fields]
    ada, bob = report["students"]
    assert ada["account"] == "ada" and ada["lesson"] == 3 and ada["solved"] == 4 and ada["attempts"] == 17
    assert ada["hand_raised"] is True and ada["question"] == "why (5,)?" and ada["state"] == "stuck"
    assert ada["last_active"].startswith(time.strftime("%Y-%m-%dT", time.localtime(NOW - 1)))
    assert bob == {
        "account": "bob",
        "lesson": None,
        "solved": 0,
        "attempts": 0,
        "hand_raised": False,
        "question": None,
        "state": "gone",
        "last_active": None,
    }
    text = as_text(students, now=NOW).splitlines()
    assert text[0].split() == ["Student", "Lesson", "State", "Solved", "Tries", "Active", "Hand"]
    assert text[1].split()[:5] == ["ada", "03", "stuck", "4", "17"] and text[1].endswith("✋ why (5,)?")
    assert text[-1].startswith("2 students: 1 hands raised, 1 stuck")


# ------------------------------------------------------------- a student's session
def test_joining_makes_a_private_folder_and_publishes_atomically(found: ClassDir) -> None:
    link = ClassLink.join(found.path)
    try:
        folder = found.students / link.folder
        assert link.folder == link.account
        assert mode(folder) == 0o2730 and os.stat(folder).st_gid == found.group
        news: list[News] = []
        link.start(news.append)
        link.publish(full_record())
        deadline = time.monotonic() + 5
        while not (folder / STATE).exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert parse_record((folder / STATE).read_bytes()) == full_record()
        assert mode(folder / STATE) == 0o640 and os.stat(folder / STATE).st_gid == found.group
        assert [name for name in os.listdir(folder) if safeio.is_temp_name(name)] == []
        (student,) = Roster(found).scan()
        assert student.alive and student.hand_raised and student.record == full_record()
    finally:
        link.close()
    assert Roster(found).scan()[0].state == "gone"
    again = ClassLink.join(found.path)
    try:
        assert again.folder == link.folder
        assert again.previous == full_record()  # a reconnect carries its hand, count and choice over
    finally:
        again.close()


def test_the_teachers_news_reaches_the_session(found: ClassDir) -> None:
    link = ClassLink.join(found.path)
    try:
        assert link.poll() == News(None, (), ())
        assert link.poll() is None  # nothing changed: two stats, nothing read
        goto = send_goto(found, 4)
        everyone = send_to_all(found, "Look at the board\x1b[2J")
        (me,) = Roster(found).scan()
        mine = send_to_student(found, me, "Well done")
        news = link.poll()
        assert news == News(goto, (everyone,), (mine,))
        assert everyone.text == "Look at the board\ufffd[2J"
        assert goto.lesson == 4 and goto.by == me.account
    finally:
        link.close()


@needs_root
def test_nobody_but_a_teacher_is_believed(found: ClassDir) -> None:
    uid = STUDENT_UIDS[0]
    folder = fake_student(found, uid, None)
    forged = b'{"version": 1, "goto": {"lesson": 9, "at": 1}, "messages": [{"text": "free pizza", "at": 1}]}'
    (folder / INBOX).write_bytes(forged)
    os.chown(folder / INBOX, uid, -1)  # the student's own file, posing as the teacher's
    with safeio.folder(folder) as fd:
        assert read_board_file(INBOX, dir_fd=fd, teachers=found.teachers()).messages == ()
        os.chown(folder / INBOX, found.owner, -1)
        assert read_board_file(INBOX, dir_fd=fd, teachers=found.teachers()).messages[0].text == "free pizza"


@needs_root
def test_a_squatted_name_does_not_capture_a_student(found: ClassDir) -> None:
    """A classmate makes a folder named after the account that is about to join."""
    me = os.geteuid()
    squatter = STUDENT_UIDS[0]
    own = found.students / "root"
    own.mkdir()
    os.chown(own, squatter, squatter)
    link = ClassLink.join(found.path)
    try:
        assert link.folder != "root"
        assert os.stat(found.students / link.folder).st_uid == me
        link.publish(Record(lesson=5))
        link.close()
        accounts = {student.account: student for student in Roster(found).scan()}
        assert accounts["root"].record.lesson == 5
        assert accounts[f"uid:{squatter}"].record is None
    finally:
        link.close()


# --------------------------------------------------------- security, as other uids
def _student_tries(found: ClassDir, victim: Path) -> dict[str, str]:
    """What a student can do to a classmate's folder, the board and the class (run as the student)."""
    outcomes = {}
    attempts = {
        "read record": lambda: (victim / STATE).read_bytes(),
        "list folder": lambda: os.listdir(victim),
        "write record": lambda: (victim / STATE).write_bytes(b"{}"),
        "plant file": lambda: (victim / "inbox.json").write_bytes(b"{}"),
        "list students": lambda: os.listdir(found.students),
        "write board": lambda: (found.path / BOARD).write_bytes(b"{}"),
        "replace board": lambda: (found.path / "x.tmp").write_bytes(b"{}"),
        "rename folder": lambda: os.rename(victim, found.students / "mine-now"),
        "report": lambda: Roster(open_as_teacher(found.path)).scan(),
        "goto": lambda: send_goto(open_class(found.path), 9),
    }
    for what, attempt in attempts.items():
        try:
            attempt()
            outcomes[what] = "allowed"
        except (PermissionError, ClassError) as error:
            outcomes[what] = type(error).__name__
    return outcomes


@needs_root
def test_a_student_can_touch_nothing_of_anyone_else(found: ClassDir) -> None:
    victim_uid, attacker = STUDENT_UIDS[0], STUDENT_UIDS[1]
    victim = fake_student(found, victim_uid, full_record())
    outcomes = as_user(attacker, attacker, _student_tries, found, victim)
    assert outcomes == {
        "read record": "PermissionError",
        "list folder": "PermissionError",
        "write record": "PermissionError",
        "plant file": "PermissionError",
        "list students": "PermissionError",
        "write board": "PermissionError",
        "replace board": "PermissionError",
        "rename folder": "PermissionError",
        "report": "ClassError",
        "goto": "ClassError",
    }
    assert parse_record((victim / STATE).read_bytes()) == full_record()


@needs_root
def test_a_session_killed_with_sigkill_is_gone_at_once_and_its_record_intact(found: ClassDir) -> None:
    uid = STUDENT_UIDS[2]
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from tui.classroom.link import ClassLink\n"
        "from tui.classroom.records import Record\n"
        "link = ClassLink.join(Path(sys.argv[1]))\n"
        "link.start(lambda news: None)\n"
        "n = 0\n"
        "while True:\n"
        "    n += 1\n"
        "    link.publish(Record(lesson=1 + n % 12, attempts=n, code='x = 1\\n' * 500))\n"
        "    print(n, flush=True) if n == 50 else None\n"
        "    time.sleep(0.001)\n"
    )
    # A student's process needs a Python they can run: this one may live under /root.
    python = shutil.which("python3", path="/usr/bin") or sys.executable
    env = {"PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PATH": "/usr/bin:/bin"}
    probe = subprocess.run(
        [python, "-c", "import tui.classroom.link"],
        env=env,
        capture_output=True,
        user=uid,
        group=uid,
        extra_groups=[],
    )
    if probe.returncode != 0:
        pytest.skip(f"no Python the uid {uid} can run with this checkout: {probe.stderr[-200:]!r}")
    child = subprocess.Popen(
        [python, "-c", script, str(found.path)],
        env=env,
        stdout=subprocess.PIPE,
        user=uid,
        group=uid,
        extra_groups=[],
    )
    try:
        assert child.stdout is not None and child.stdout.readline()
        (student,) = Roster(found).scan()
        assert student.alive and student.state == "working"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        killed = time.monotonic()
        (student,) = Roster(found).scan()
        assert student.state == "gone"
        assert time.monotonic() - killed < 10
        assert student.problem is None and student.record is not None  # whole, not half-written
        assert student.record.attempts > 0 and student.record.code == "x = 1\n" * 500
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        assert child.stdout is not None
        child.stdout.close()


def test_the_pace_of_publishing() -> None:
    pacer = Pacer(code_every=5.0, activity_every=20.0)
    first = Record(lesson=1, code="a", last_active=NOW)
    assert pacer.wait(first, 0.0) == 0.0  # nothing published yet
    pacer.published(first, 0.0)
    assert pacer.wait(first, 1.0) is None  # nothing new: nothing written
    typed = replace(first, code="ab", last_active=NOW + 1)
    assert pacer.wait(typed, 1.0) == 4.0  # code waits for its turn
    assert pacer.wait(typed, 6.0) == 0.0
    keys_only = replace(first, last_active=NOW + 1)
    assert pacer.wait(keys_only, 1.0) == 19.0
    raised = replace(typed, hand=Hand("?", NOW + 1))
    assert pacer.wait(raised, 1.0) == 0.0  # a hand goes out at once, with the code as it is
