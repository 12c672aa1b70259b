"""Shared fixtures: small lesson files written on the fly, and an app built from them."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import lessons
from lessons import Lesson

TINY_LESSONS = {
    "01-first.md": """\
---
id: first
title: First steps
---

Some prose about **arrays**.

```python cell id=make
a = np.arange(6).reshape(2, 3)
print("shape", a.shape)
```

```python cell id=use
total = int(a.sum())
print("total", total)
```
""",
    "02-plots.md": """\
---
id: plots
title: Plots
---

A curve.

```python cell id=curve
x = np.linspace(-5, 5, 50)
plot(x, 1 / (1 + np.exp(-x)), label="sigma", title="The sigmoid", xlabel="z")
```

```python cell id=fails
undefined_name + 1
```

```python cell id=after-failure
print("never reached by run-all")
```
""",
    "03-slow.md": """\
---
id: slow
title: Slow things
---

```python cell id=forever timeout=1
while True:
    pass
```

```python cell id=quick
print("still alive")
```
""",
}


PRACTICE_LESSON = """\
---
id: practice
title: Practice
---

```python cell id=setup
base = 10
```

```exercise add-base
title: Add the base
--- prompt
Set `total` to `base + 5`.
--- starter
total = None  # your code here
--- hint
Use the variable `base` from the cell above.
--- hint
total = base + 5
--- solution
total = base + 5
--- check total is set
assert total is not None, "total is still None: replace None with an expression"
--- check total is base + 5
assert total == base + 5, f"total is {total}, expected {base + 5}"
```
"""


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user's progress."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("NN_BASICS_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def practice_course(tmp_path: Path) -> list[Lesson]:
    path = tmp_path / "practice" / "01-practice.md"
    path.parent.mkdir()
    path.write_text(PRACTICE_LESSON, encoding="utf-8")
    course = lessons.load_dir(path.parent)
    assert course[0].ok, course[0].errors
    return course


@pytest.fixture
def lesson_dir(tmp_path: Path) -> Path:
    for name, text in TINY_LESSONS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def tiny_course(lesson_dir: Path) -> list[Lesson]:
    course = [lessons.parse_file(path) for path in sorted(lesson_dir.glob("*.md"))]
    assert all(lesson.ok for lesson in course), [lesson.errors for lesson in course]
    return course


@pytest.fixture
def make_app(tiny_course: list[Lesson]) -> Callable[..., object]:
    from tui.app import TutorialApp

    def make(course: list[Lesson] | None = None, **options: object) -> TutorialApp:
        return TutorialApp(course if course is not None else tiny_course, **options)

    return make


@pytest.fixture
def class_path() -> Iterator[Path]:
    """Where a class can be made: under /tmp in a folder every uid can pass through."""
    base = Path(tempfile.mkdtemp(prefix="nnb-classroom-", dir="/tmp"))
    os.chmod(base, 0o755)
    try:
        yield base / "class"
    finally:
        shutil.rmtree(base, ignore_errors=True)
