"""A class with real accounts: one teacher and two students, each running the real app as themselves.

As root, this module creates throwaway accounts (``nnb-cls-XXXX-t`` in a
teachers group, ``-s1`` and ``-s2``), installs this checkout into a virtual
environment built from the distribution's Python (one every account can run),
lets the teacher create a class with ``class init --teachers``, and runs the
students' apps in 80x24 pseudo-terminals as those accounts, as an sshd
ForceCommand would. Everything is removed afterwards. Without root, or without
useradd or a venv-capable /usr/bin/python3, it skips and says why.

What it shows: report, hand, goto, follow and messages work end to end; a
student cannot read or change a classmate's record, read the report or pose as
the teacher; the teacher cannot run code in a student's kernel; a killed
session is gone within 10 s; an idle student's terminal receives nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ptyprocess = pytest.importorskip("ptyprocess")
pyte = pytest.importorskip("pyte")

from tests.harness import pty  # noqa: E402
from tests.harness.processes import descendants  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = Path("/usr/bin/python3")
TOOLS = ("useradd", "userdel", "groupadd", "groupdel")
WAIT = 40.0
"""Seconds to wait for any one screen or record: generous for a loaded machine."""

F4, F8, F9 = "\x1bOS", "\x1b[19~", "\x1b[20~"

pytestmark = [
    pytest.mark.skipif(os.geteuid() != 0, reason="creating throwaway accounts needs root"),
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in TOOLS), reason=f"needs {', '.join(TOOLS)} (the passwd package)"
    ),
    pytest.mark.skipif(
        not SYSTEM_PYTHON.exists(), reason="needs /usr/bin/python3, a Python every account can run"
    ),
]


@dataclass(frozen=True)
class Account:
    name: str
    uid: int
    gid: int
    home: Path

    @property
    def groups(self) -> list[int]:
        return os.getgrouplist(self.name, self.gid)

    def env(self) -> dict[str, str]:
        return {
            "HOME": str(self.home),
            "USER": self.name,
            "LOGNAME": self.name,
            "PATH": "/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "TERM": "xterm-256color",
        }

    def become(self) -> None:
        """In a child process: drop to this account (its groups, then its gid and uid)."""
        os.setgroups(self.groups)
        os.setgid(self.gid)
        os.setuid(self.uid)


class Seat(pty.Term):
    """The app (or the console) in an 80x24 pty as ``account``, given 0.2 s after each key
    (as a person types)."""

    def __init__(self, account: Account, python: Path, *args: str) -> None:
        super().__init__(
            [str(python), "-m", "tui", "--no-mouse", *args],
            env={**account.env(), "NN_BASICS_KIOSK": "1"},
            inherit_env=False,
            cwd=str(account.home),
            preexec_fn=account.become,
        )

    def expect(
        self, wanted: str | Callable[[str], bool], what: str = "", limit: float = WAIT, finish: float = 0.3
    ) -> None:
        super().expect(wanted, what, limit, finish)

    def press(self, key: str | bytes) -> float:
        written = super().press(key)
        self.drain(0.2)
        return written


@dataclass
class Class:
    teacher: Account
    s1: Account
    s2: Account
    python: Path
    path: Path
    base: Path

    def run(self, account: Account, *args: str) -> subprocess.CompletedProcess[str]:
        """``python -m tui ARGS`` as ``account``."""
        return self.python_as(account, "-m", "tui", *args)

    def python_as(self, account: Account, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.python), *args],
            user=account.uid,
            group=account.gid,
            extra_groups=account.groups,
            env=account.env(),
            cwd=account.home,
            capture_output=True,
            text=True,
            timeout=120,
        )

    def report(self) -> dict[str, dict[str, object]]:
        """The teacher's ``class report --json``, by account."""
        result = self.run(self.teacher, "class", "report", str(self.path), "--json")
        assert result.returncode == 0, result.stderr
        return {row["account"]: row for row in json.loads(result.stdout)["students"]}

    def wait_report(self, condition, seconds: float = WAIT) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + seconds
        while True:
            report = self.report()
            if condition(report):
                return report
            if time.monotonic() > deadline:
                raise AssertionError(f"the report never matched: {report}")
            time.sleep(0.2)

    def folder_of(self, account: Account) -> Path:
        (folder,) = [p for p in (self.path / "students").iterdir() if p.stat().st_uid == account.uid]
        return folder

    @contextlib.contextmanager
    def seat(self, account: Account, *args: str) -> Iterator[Seat]:
        seat = Seat(account, self.python, *args)
        try:
            yield seat
        finally:
            seat.close()


def _processes_of(uids: set[int]) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                for line in (entry / "status").read_text().splitlines():
                    if line.startswith("Uid:") and int(line.split()[1]) in uids:
                        found.append(int(entry.name))
    return found


def _add_account(name: str, *extra: str) -> Account:
    subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", *extra, name], check=True)
    import pwd

    entry = pwd.getpwnam(name)
    return Account(name, entry.pw_uid, entry.pw_gid, Path(entry.pw_dir))


@pytest.fixture(scope="module")
def school() -> Iterator[Class]:
    prefix = f"nnb-cls-{secrets.token_hex(2)}"
    base = Path(tempfile.mkdtemp(prefix=f"{prefix}-", dir="/tmp"))
    os.chmod(base, 0o755)
    users: list[Account] = []
    group = f"{prefix}-teach"
    made_group = False
    try:
        # A Python every account can run, with this checkout installed (from a copy: pip
        # would write build files into the checkout itself).
        source = base / "src"
        shutil.copytree(
            ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "*.egg-info", "__pycache__")
        )
        venv = base / "venv"
        made = subprocess.run([str(SYSTEM_PYTHON), "-m", "venv", str(venv)], capture_output=True, text=True)
        if made.returncode != 0:
            pytest.skip(
                f"/usr/bin/python3 cannot make a venv (apt-get install python3-venv): {made.stderr[-300:]}"
            )
        installed = subprocess.run(
            [str(venv / "bin/pip"), "install", "-q", "--no-input", str(source)],
            capture_output=True,
            text=True,
            timeout=900,
        )
        if installed.returncode != 0:
            pytest.skip(f"could not install the checkout for other accounts: {installed.stderr[-500:]}")
        subprocess.run(["groupadd", group], check=True)
        made_group = True
        teacher = _add_account(f"{prefix}-t", "--groups", group)
        users.append(teacher)
        s1 = _add_account(f"{prefix}-s1")
        users.append(s1)
        s2 = _add_account(f"{prefix}-s2")
        users.append(s2)
        teaching = base / "teaching"  # the teacher's own folder, under a root-owned one
        teaching.mkdir()
        os.chown(teaching, teacher.uid, teacher.gid)
        school = Class(teacher, s1, s2, venv / "bin/python", teaching / "class", base)
        made_class = school.run(teacher, "class", "init", str(school.path), "--teachers", group)
        assert made_class.returncode == 0, made_class.stderr
        assert f"Teachers: {teacher.name} (group {group})" in made_class.stdout
        yield school
    finally:
        uids = {account.uid for account in users}
        deadline = time.monotonic() + 10
        while _processes_of(uids) and time.monotonic() < deadline:
            time.sleep(0.1)  # the kernels follow their apps out
        for pid in _processes_of(uids):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for account in users:
            subprocess.run(["userdel", "--remove", account.name], capture_output=True)
        if made_group:
            subprocess.run(["groupdel", group], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


# ---------------------------------------------------------------------------- the class
def test_report_hand_goto_follow_and_messages(school: Class) -> None:
    s1, s2 = school.s1, school.s2
    with (
        school.seat(s1, "--class", str(school.path), "--lesson", "1") as one,
        school.seat(s2, "--class", str(school.path), "--lesson", "1") as two,
    ):
        one.expect("01 · Binary classification")
        two.expect("01 · Binary classification")
        report = school.wait_report(lambda r: {s1.name, s2.name} <= set(r))
        assert set(report) == {s1.name, s2.name}  # the OS says who they are
        for name in (s1.name, s2.name):
            assert report[name]["lesson"] == 1 and report[name]["state"] == "working"

        one.press(F4)
        one.expect("Raise your hand")
        one.press("why is (5,) not a column?")
        one.press("\r")
        one.expect(r"Your hand is raised: why is \(5,\) not a column\?")
        report = school.wait_report(lambda r: r[s1.name]["hand_raised"])
        assert report[s1.name]["question"] == "why is (5,) not a column?"
        assert report[s2.name]["hand_raised"] is False

        with school.seat(school.teacher, "teach", str(school.path)) as console:
            console.expect(rf"{re.escape(s1.name)} .*✋ why is")
            rows = [line for line in console.text.splitlines() if s1.name in line or s2.name in line]
            assert s1.name in rows[0]  # hands first

        two.press(F9)
        two.expect("You follow the teacher")
        sent = school.run(school.teacher, "class", "goto", str(school.path), "3")
        assert sent.returncode == 0, sent.stderr
        one.expect("open lesson 3 · Cost function · F8 goes there")
        two.expect("03 · Cost function")  # following: taken there
        one.press(F8)
        one.expect("03 · Cost function")
        school.wait_report(lambda r: r[s1.name]["lesson"] == 3 and r[s2.name]["lesson"] == 3)

        school.run(school.teacher, "class", "message", str(school.path), "Look at the board")
        one.expect("Look at the board")
        two.expect("Look at the board")
        school.run(school.teacher, "class", "message", str(school.path), "Well done", "--to", s1.name)
        one.expect(rf"{re.escape(school.teacher.name)} to you at .*Well done")
        two.drain(2.0)
        assert "Well done" not in two.text


# ------------------------------------------------------------------------- security
STUDENT_TRIES = """
import json, os, sys
from pathlib import Path
klass, victim = Path(sys.argv[1]), Path(sys.argv[2])
tries = {
    "read record": lambda: (victim / "state.json").read_bytes(),
    "list folder": lambda: os.listdir(victim),
    "change record": lambda: (victim / "state.json").write_bytes(b"{}"),
    "plant inbox": lambda: (victim / "inbox.json").write_bytes(b"{}"),
    "list students": lambda: os.listdir(klass / "students"),
    "write board": lambda: (klass / "board.json").write_bytes(b"{}"),
    "add to class": lambda: (klass / "x.tmp").write_bytes(b"{}"),
    "rename folder": lambda: os.rename(victim, klass / "students" / "mine"),
    "remove folder": lambda: os.rmdir(victim),
}
outcome = {}
for what, attempt in tries.items():
    try:
        attempt()
        outcome[what] = "allowed"
    except OSError as error:
        outcome[what] = type(error).__name__
print(json.dumps(outcome))
"""


def test_a_student_cannot_reach_a_classmate_nor_pose_as_the_teacher(school: Class) -> None:
    s1, s2 = school.s1, school.s2
    with school.seat(s1, "--class", str(school.path), "--lesson", "2") as one:
        one.expect("02 · Logistic regression")
        school.wait_report(lambda r: r.get(s1.name, {}).get("lesson") == 2)
        victim = school.folder_of(s1)
        before = (victim / "state.json").read_bytes()
        tried = school.python_as(s2, "-c", STUDENT_TRIES, str(school.path), str(victim))
        assert tried.returncode == 0, tried.stderr
        outcome = json.loads(tried.stdout)
        assert set(outcome.values()) <= {"PermissionError", "FileNotFoundError"}, outcome
        assert outcome["read record"] == outcome["change record"] == "PermissionError"
        assert (victim / "state.json").read_bytes() == before

        for args in (
            ("class", "report", str(school.path)),
            ("class", "report", str(school.path), "--json"),
            ("class", "goto", str(school.path), "5"),
            ("class", "message", str(school.path), "I am the teacher now"),
            ("teach", str(school.path)),
        ):
            result = school.run(s2, *args)
            assert result.returncode == 2, (args, result.stdout, result.stderr)
            assert result.stdout == ""  # nothing of the class leaks
        assert (
            "Only the teachers of this class can see it"
            in school.run(s2, "class", "report", str(school.path)).stderr
        )

        # A student forging the teacher's files for themselves: their own app ignores them.
        with school.seat(s2, "--class", str(school.path), "--lesson", "1") as two:
            two.expect("01 · Binary classification")
            own = school.folder_of(s2)
            forged = {
                "version": 1,
                "messages": [{"text": "FORGED by a student", "at": time.time(), "by": "x"}],
            }
            planted = school.python_as(
                s2, "-c", f"open({str(own / 'inbox.json')!r}, 'w').write({json.dumps(forged)!r})"
            )
            assert planted.returncode == 0, planted.stderr
            two.drain(3.0)  # the app looks at its inbox every second
            assert "FORGED" not in two.text
            school.run(
                school.teacher, "class", "message", str(school.path), "Only mine count", "--to", s2.name
            )
            two.expect("Only mine count")


TEACHER_TRIES = """
import json, os, sys
home, kernel = sys.argv[1], int(sys.argv[2])
tries = {
    "write home": lambda: open(os.path.join(home, "planted.py"), "w"),
    "read kernel environment": lambda: open(f"/proc/{kernel}/environ", "rb").drain(),
    "read kernel memory": lambda: open(f"/proc/{kernel}/mem", "rb"),
    "signal kernel": lambda: os.kill(kernel, 0),
}
outcome = {}
for what, attempt in tries.items():
    try:
        attempt()
        outcome[what] = "allowed"
    except OSError as error:
        outcome[what] = type(error).__name__
print(json.dumps(outcome))
"""

PAYLOAD = "open({marker!r}, 'w').write('the teacher ran code here')\n"


def test_the_teacher_cannot_run_code_in_a_students_kernel(school: Class) -> None:
    s1, teacher = school.s1, school.teacher
    marker = s1.home / "PWNED"
    with school.seat(s1, "--class", str(school.path), "--lesson", "1") as one:
        one.expect("01 · Binary classification")
        school.wait_report(lambda r: s1.name in r)
        folder = school.folder_of(s1)
        # Python files where a careless app would import them from: the student's class
        # folder (teachers may add files there) and the class directory.
        payload = PAYLOAD.format(marker=str(marker))
        for place in (folder, school.path):
            for name in ("sitecustomize.py", "usercustomize.py", "numpy.py", "tui.py"):
                planted = school.python_as(
                    teacher, "-c", f"open({str(place / name)!r}, 'w').write({payload!r})"
                )
                assert planted.returncode == 0, planted.stderr
        board = {
            "version": 1,
            "goto": {"lesson": 2, "at": time.time(), "by": teacher.name, "code": payload, "cell": payload},
            "messages": [
                {"text": f"exec({payload!r})", "at": time.time(), "by": teacher.name, "code": payload}
            ],
        }
        wrote = school.python_as(
            teacher, "-c", f"open({str(school.path / 'board.json')!r}, 'w').write({json.dumps(board)!r})"
        )
        assert wrote.returncode == 0, wrote.stderr
        one.expect("open lesson 2 · Logistic regression")
        one.expect(r"exec\(")  # the message is shown, as text
        one.press("\t")  # into the first cell, then run it: the kernel imports NumPy
        one.press("\x12")
        one.expect(r"img\.shape \(5, 4, 3\)")
        assert not marker.exists()

        kernels = [
            pid
            for pid in descendants(one.process.pid)
            if b"tui.sandbox" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]
        assert kernels, "the student's kernel is running"
        tried = school.python_as(teacher, "-c", TEACHER_TRIES, str(s1.home), str(kernels[0]))
        assert tried.returncode == 0, tried.stderr
        assert json.loads(tried.stdout) == {
            "write home": "PermissionError",
            "read kernel environment": "PermissionError",
            "read kernel memory": "PermissionError",
            "signal kernel": "PermissionError",
        }
        assert not marker.exists()


# ------------------------------------------------------------------------ liveness
def test_a_killed_session_is_gone_within_ten_seconds_and_its_record_intact(school: Class) -> None:
    s2 = school.s2
    with school.seat(s2, "--class", str(school.path), "--lesson", "4") as two:
        two.expect("04 · Gradient descent")  # (or the teacher's lesson: s2 follows the teacher)
        two.settle(quiet=1.5, limit=15)  # following may move it on: its record must have caught up
        report = school.wait_report(lambda r: r.get(s2.name, {}).get("state") == "working")
        os.kill(two.process.pid, signal.SIGKILL)  # a dropped connection, or kill -9
        killed = time.monotonic()
        gone = school.wait_report(lambda r: r[s2.name]["state"] == "gone", seconds=10)
        assert time.monotonic() - killed < 10
        assert gone[s2.name]["lesson"] == report[s2.name]["lesson"] is not None  # the last record is whole


def test_an_idle_student_in_a_class_sends_nothing(school: Class) -> None:
    with school.seat(school.s1, "--class", str(school.path), "--lesson", "1") as one:
        one.expect("01 · Binary classification")
        one.expect("kernel ready")
        one.settle(quiet=1.5)
        assert one.drain(3.0) == 0
