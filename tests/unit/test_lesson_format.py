"""The lesson parser: what a good file gives, and a path:line error for each kind of bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

import lessons
from lessons import Cell, Exercise, Prose, WidgetBlock, check_files, parse_file

GOOD = """\
---
id: demo
title: A demo lesson
summary: Just for tests.
---

Some prose with maths: ŷ = σ(wᵀx + b).

```python
print("shown, not run")
```

```python cell id=first timeout=12
x = np.arange(3)
x.shape
```

More prose.

```exercise sig
title: Write σ(z)
--- prompt
Fill in `sigmoid`.
--- starter
def sigmoid(z):
    return None  # your code here
--- hint
np.exp
--- hint
1 / (1 + np.exp(-z))
--- solution
def sigmoid(z):
    return 1 / (1 + np.exp(-z))
--- check sigmoid(0) is 0.5
assert sigmoid(0) == 0.5, "sigmoid(0) should be 0.5"
--- check it works on arrays
assert sigmoid(np.zeros(3)).shape == (3,)
```

```widget broadcast-explorer
start: 4,3
```

```python cell
y = x + 1
```
"""


def write(tmp_path: Path, text: str | bytes, name: str = "01-demo.md") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def only_error(path: Path) -> str:
    errors = check_files([path])
    assert len(errors) == 1, errors
    return str(errors[0])


def test_good_file_gives_blocks_in_order(tmp_path: Path) -> None:
    lesson = parse_file(write(tmp_path, GOOD))
    assert lesson.ok, lesson.errors
    assert (lesson.number, lesson.id, lesson.title) == (1, "demo", "A demo lesson")
    kinds = [type(block) for block in lesson.blocks]
    assert kinds == [Prose, Cell, Prose, Exercise, WidgetBlock, Cell]
    first, second = lesson.cells
    assert (first.id, first.timeout, first.code) == ("first", 12.0, "x = np.arange(3)\nx.shape")
    assert second.id == "cell-2"
    assert 'print("shown, not run")' in lesson.blocks[0].text  # static code stays in the prose
    (exercise,) = lesson.exercises
    assert exercise.hints == ("np.exp", "1 / (1 + np.exp(-z))")
    assert [c.description for c in exercise.checks] == ["sigmoid(0) is 0.5", "it works on arrays"]
    assert lesson.widgets[0].options == {"start": "4,3"}
    assert lesson.label == "01  A demo lesson"


def test_crlf_and_tilde_fences_are_accepted(tmp_path: Path) -> None:
    text = GOOD.replace("```python cell id=first", "~~~~python cell id=first").replace(
        "x.shape\n```", "x.shape\n~~~~"
    )
    lesson = parse_file(write(tmp_path, text.replace("\n", "\r\n")))
    assert lesson.ok, lesson.errors
    assert lesson.cells[0].code == "x = np.arange(3)\nx.shape"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("# no front matter\n", 1, "missing front matter"),
        ("---\nid: x\ntitle: X\n", 1, "never closed"),
        ("---\nid: x\n---\n```python cell\n1\n```\n", 3, "no 'title:'"),
        ("---\nid: x\ntitle: X\ncolour: red\n---\n", 4, "unknown front matter key 'colour'"),
        ("---\nid: Bad Id\ntitle: X\n---\n", 2, "lower-case"),
        ("---\nid: x\ntitle: X\n---\n\n```python cel\n1\n```\n", 6, "unknown block kind 'cel'"),
        ("---\nid: x\ntitle: X\n---\n```pyhton\n1\n```\n", 5, "unknown block kind 'pyhton'"),
        ("---\nid: x\ntitle: X\n---\ntext\n\n```python cell\nx = 1\n", 7, "never closed"),
        ("---\nid: x\ntitle: X\n---\n```python cell\nfor\n```\n", 6, "syntax error"),
        ("---\nid: x\ntitle: X\n---\n```python cell\n\n```\n", 5, "empty cell"),
        ("---\nid: x\ntitle: X\n---\n```python cell timeout=0\n1\n```\n", 5, "timeout"),
        ("---\nid: x\ntitle: X\n---\n```python cell colour=red\n1\n```\n", 5, "unknown attribute"),
        ("---\nid: x\ntitle: X\n---\n```widget nope\n```\n```python cell\n1\n```\n", 5, "unknown widget"),
        ("---\nid: x\ntitle: X\n---\nJust prose.\n", 4, "no runnable cell"),
        (
            "---\nid: x\ntitle: X\n---\n```python cell id=a\n1\n```\n```python cell id=a\n2\n```\n",
            8,
            "already used on line 5",
        ),
        (
            "---\nid: x\ntitle: X\n---\n```exercise e\ntitle: T\n--- prompt\nP\n```\n",
            5,
            "missing: starter, hint, solution, check",
        ),
        (
            "---\nid: x\ntitle: X\n---\n```exercise e\ntitle: T\n--- promt\nP\n```\n",
            7,
            "unknown exercise section 'promt'",
        ),
    ],
)
def test_malformed_files_name_path_and_line(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = write(tmp_path, text)
    message = only_error(path)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message


MISTAKES = GOOD.replace(
    "--- check it works on arrays",
    "--- mistake sigmoid(0) should be 0.5\n"
    "def sigmoid(z):\n"
    "    return 1 / (1 - np.exp(-z))\n"
    "--- mistake  is None \n"
    "def sigmoid(z):\n"
    "    pass\n"
    "--- check it works on arrays",
)


def test_mistakes_are_parsed_with_their_expected_message(tmp_path: Path) -> None:
    lesson = parse_file(write(tmp_path, MISTAKES))
    assert lesson.ok, lesson.errors
    (exercise,) = lesson.exercises
    assert [(m.expect, m.code) for m in exercise.mistakes] == [
        ("sigmoid(0) should be 0.5", "def sigmoid(z):\n    return 1 / (1 - np.exp(-z))"),
        ("is None", "def sigmoid(z):\n    pass"),
    ]
    assert exercise.mistakes[0].line == 36
    assert len(exercise.checks) == 2  # a mistake between two checks does not end the checks
    assert parse_file(write(tmp_path, GOOD)).exercises[0].mistakes == ()


@pytest.mark.parametrize(
    ("section", "line", "fragment"),
    [
        ("--- mistake\ndef sigmoid(z):\n    pass\n", 36, "a mistake needs the text its message must contain"),
        ("--- mistake is None\n", 36, "a mistake needs the wrong answer as its body"),
        ("--- mistake is None\ndef sigmoid(z)\n", 37, "exercise mistake has a Python syntax error"),
    ],
)
def test_malformed_mistakes_name_their_line(tmp_path: Path, section: str, line: int, fragment: str) -> None:
    path = write(
        tmp_path, GOOD.replace("--- check it works on arrays", section + "--- check it works on arrays")
    )
    message = only_error(path)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message


def test_non_utf8_reports_the_line_of_the_bad_byte(tmp_path: Path) -> None:
    path = write(tmp_path, b"---\nid: x\ntitle: X\n---\ncaf\xe9\n")
    assert only_error(path).startswith(f"{path}:5: not valid UTF-8")


def test_bad_file_name(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD, name="demo.md")
    assert "NN-slug.md" in only_error(path)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    first = write(tmp_path, GOOD, name="01-demo.md")
    second = write(tmp_path, GOOD, name="02-again.md")
    errors = check_files([first, second])
    assert [str(e) for e in errors] == [f"{second}:2: duplicate lesson id 'demo' (also in {first})"]


def test_missing_file(tmp_path: Path) -> None:
    assert "cannot read" in only_error(tmp_path / "07-missing.md")


def test_broken_lesson_still_loads_with_a_title(tmp_path: Path) -> None:
    lesson = parse_file(write(tmp_path, "no front matter", name="03-cost-function.md"))
    assert not lesson.ok
    assert (lesson.number, lesson.title, lesson.blocks) == (3, "Cost function", ())


def test_shipped_lessons_are_valid_and_numbered_in_order() -> None:
    course = lessons.load("en")
    assert course, "no English lessons found"
    problems = [str(error) for lesson in course for error in lesson.errors]
    assert problems == []
    numbers = [lesson.number for lesson in course]
    assert numbers == sorted(numbers)
    assert len({lesson.id for lesson in course}) == len(course)
    for lesson in course:
        ids = [block.id for block in lesson.blocks if isinstance(block, Cell | Exercise)]
        assert len(ids) == len(set(ids)), lesson.path
