"""`python -m tui grade` and `python -m tui check --solutions`, run as a teacher or an author would."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.harness.cli import run_cli

COURSE = """\
---
id: tiny
title: Tiny
---

```python cell id=data
X = np.array([[1.0, 2.0, 3.0]])
```

```exercise double
title: Double it
--- prompt
Write `double(v)`.
--- starter
def double(v):
    return None
--- hint
Multiply.
--- solution
def double(v):
    return 2 * v
--- check doubles X
from lessons.diagnose import expect
expect(double(X), 2 * X, "double(X)")
--- check doubles random rows
from lessons.diagnose import expect
v = rng.normal(size=(1, 5))
expect(double(v), 2 * v, "double(v)")
--- mistake is None
def double(v):
    v * 2
--- mistake Every value of `double(X)` is 2 times
def double(v):
    return 4 * v
```
"""


@pytest.fixture
def course(tmp_path: Path) -> Path:
    folder = tmp_path / "course"
    folder.mkdir()
    (folder / "01-tiny.md").write_text(COURSE, encoding="utf-8")
    return folder


def answer(tmp_path: Path, code: str) -> Path:
    path = tmp_path / "answer.py"
    path.write_text(code, encoding="utf-8")
    return path


def grade(course: Path, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    return run_cli("--lessons", str(course), "grade", "--lang", lang, "--lesson", "1", *args)


def test_a_right_answer_passes_with_exit_0(course: Path, tmp_path: Path) -> None:
    result = grade(
        course, "--exercise", "double", str(answer(tmp_path, "def double(v):\n    return v + v\n"))
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "Lesson 1, exercise double: passed (2 of 2 checks).",
        "✓ doubles X",
        "✓ doubles random rows",
    ]


def test_a_wrong_answer_fails_with_exit_1_and_the_diagnosis(course: Path, tmp_path: Path) -> None:
    wrong = answer(tmp_path, "def double(v):\n    return v * 4\n")
    result = grade(course, "--exercise", "double", str(wrong), "--seed", "77")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Lesson 1, exercise double: failed (0 of 2 checks passed)."
    assert lines[1] == "✗ doubles X"
    assert lines[2].startswith("  Every value of `double(X)` is 2 times the expected one ([4, 8, 12] instead")
    assert "(random inputs, seed 77)" in result.stdout


def test_json_has_the_verdict_and_every_check(course: Path, tmp_path: Path) -> None:
    wrong = answer(tmp_path, "def double(v):\n    return None\n")
    result = grade(course, "--exercise", "double", str(wrong), "--json", "--seed", "5")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["verdict"] == "failed"
    assert [set(check) for check in report["checks"]] == [{"description", "passed", "message"}] * 2
    first = report["checks"][0]
    assert (first["description"], first["passed"]) == ("doubles X", False)
    assert first["message"].startswith("`double(X)` is None")
    assert report["seed"] == 5
    right = grade(
        course, "--exercise", "double", str(answer(tmp_path, "def double(v):\n    return 2 * v\n")), "--json"
    )
    assert json.loads(right.stdout)["verdict"] == "passed" and right.returncode == 0


def test_messages_in_chinese(course: Path, tmp_path: Path) -> None:
    wrong = answer(tmp_path, "def double(v):\n    return v * 4\n")
    result = grade(course, "--exercise", "double", str(wrong), lang="zh")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "第 1 课，练习 double：未通过（2 项检查通过 0 项）。"
    assert "的每个值都是正确值的 2 倍" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lesson", "9", "--exercise", "double"], "There is no lesson 9; lessons are numbered 1 to 1."),
        (["--exercise", "triple"], "Lesson 1 has no exercise 'triple'; its exercises: double."),
        (
            ["--exercise", "double", "/no/such/file.py"],
            "Cannot read /no/such/file.py: No such file or directory",
        ),
        (["--exercise"], "python -m tui grade: argument --exercise: expected one argument"),
    ],
)
def test_bad_arguments_exit_2_with_a_clear_message(
    course: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    if "/no/such/file.py" not in args and len(args) > 1:
        args = [*args, str(answer(tmp_path, "x = 1\n"))]
    result = grade(course, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    as_json = grade(course, *args, "--json")
    assert as_json.returncode == 2
    assert json.loads(as_json.stdout) == {"verdict": "error", "checks": [], "error": as_json.stderr.strip()}


def test_an_answer_that_does_not_run_is_an_error(course: Path, tmp_path: Path) -> None:
    result = grade(course, "--exercise", "double", str(answer(tmp_path, "def double(v):\n    return (\n")))
    assert result.returncode == 2
    assert "Lesson 1, exercise double: error." in result.stdout
    assert "SyntaxError" in result.stdout
    report = json.loads(
        grade(course, "--exercise", "double", str(answer(tmp_path, "1 / 0\n")), "--json").stdout
    )
    assert report["verdict"] == "error" and report["checks"] == [] and "ZeroDivisionError" in report["error"]


def test_cells_above_that_fail_are_an_error(course: Path, tmp_path: Path) -> None:
    lesson = course / "01-tiny.md"
    lesson.write_text(COURSE.replace("X = np.array", "X = np.arrray"), encoding="utf-8")
    result = grade(
        course, "--exercise", "double", str(answer(tmp_path, "def double(v):\n    return 2 * v\n"))
    )
    assert result.returncode == 2
    assert "The code above the exercise failed (cell data, line 6):" in result.stderr
    assert "arrray" in result.stderr


def test_grading_does_not_import_textual(course: Path, tmp_path: Path) -> None:
    path = answer(tmp_path, "def double(v):\n    return 2 * v\n")
    argv = ["--lessons", str(course), "grade", "--lesson", "1", "--exercise", "double", str(path)]
    code = f"import sys, tui.__main__ as m\ncode = m.main({argv!r})\nprint(code, 'textual' in sys.modules)\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines()[-1] == "0 False", result.stdout + result.stderr


def test_check_solutions_grades_solution_starter_and_mistakes(course: Path) -> None:
    good = run_cli("check", "--solutions", str(course / "01-tiny.md"))
    assert good.returncode == 0, good.stdout + good.stderr
    assert "1 exercise(s) behave as their files say" in good.stdout

    lesson = course / "01-tiny.md"
    broken = COURSE.replace(
        "--- mistake is None\ndef double(v):\n    v * 2",
        "--- mistake is None\ndef double(v):\n    return v * 2",
    )
    broken = broken.replace("Every value of `double(X)` is 2 times", "is m = 3 times too big")
    broken = broken.replace(
        "--- starter\ndef double(v):\n    return None", "--- starter\ndef double(v):\n    return v + v"
    )
    lesson.write_text(broken, encoding="utf-8")
    bad = run_cli("check", "--solutions", str(lesson))
    assert bad.returncode == 1
    lines = bad.stdout.splitlines()
    seeded = r" \(seed \d+\)"  # the seed these random inputs came from, to reproduce them
    starter = re.escape(f"{lesson}:10: exercise double: its starter code already passes every check")
    assert any(re.fullmatch(starter + seeded, line) for line in lines), lines
    mistake = re.escape(f"{lesson}:29: exercise double: this mistake passes every check")
    assert any(re.fullmatch(mistake + seeded, line) for line in lines), lines
    assert any(
        line.startswith(
            f"{lesson}:32: exercise double: this mistake should fail with a message containing "
            "'is m = 3 times too big', got: Every value of `double(X)` is 2 times"
        )
        for line in lines
    ), lines


def test_grading_lesson_13_names_the_mistake(tmp_path: Path) -> None:
    """A teacher grades a learner's propagate: right, then with the classic missing 1/m."""
    import lessons

    (lesson,) = [lesson for lesson in lessons.load("en") if lesson.number == 13]
    propagate = next(exercise for exercise in lesson.exercises if exercise.id == "propagate")
    right = grade_shipped(tmp_path, propagate.solution)
    assert right.returncode == 0, right.stdout + right.stderr
    missing_m = next(m for m in propagate.mistakes if m.expect == "the 1/m is missing")
    wrong = grade_shipped(tmp_path, missing_m.code, "--json")
    assert wrong.returncode == 1
    report = json.loads(wrong.stdout)
    assert report["verdict"] == "failed"
    assert "is m = 3 times too big" in report["checks"][0]["message"]
    assert report["checks"][1] == {"description": "no loop over the examples", "passed": True, "message": ""}


def grade_shipped(tmp_path: Path, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    path = answer(tmp_path, code)
    return run_cli("grade", "--lesson", "13", "--exercise", "propagate", str(path), *args)
