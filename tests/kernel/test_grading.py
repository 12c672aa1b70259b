"""The verdict cannot be forged by the code it grades: checks run in the judge, a clean process."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import lessons
from lessons import Exercise
from tui.grading import grade
from tui.kernel import Kernel

LESSON = """\
---
id: forge
title: Forging
---

```exercise double-it
title: Double
--- prompt
Write `double(v)` returning 2·v.
--- starter
def double(v):
    return None
--- hint
Multiply by 2.
--- solution
def double(v):
    return 2 * v
--- check doubles an array
x = rng.normal(size=(3, int(rng.integers(2, 9))))
out = double(x)
assert out is not None, "double returned None"
assert np.allclose(out, 2 * x), "double(v) is not 2·v"
--- check keeps the caller's array
x = np.ones((2, 2))
double(x)
assert np.array_equal(double.last_args[0], np.ones((2, 2))), "double changed its argument"
```
"""

WRONG = "def double(v):\n    return v\n"


@pytest.fixture
def exercise(tmp_path: Path) -> Exercise:
    path = tmp_path / "course" / "01-forge.md"
    path.parent.mkdir()
    path.write_text(LESSON, encoding="utf-8")
    (lesson,) = lessons.load_dir(path.parent)
    assert lesson.ok, lesson.errors
    return lesson.exercises[0]


@pytest.fixture
async def kernels():
    async with Kernel(timeout=5.0) as kernel, Kernel(timeout=5.0) as judge:
        yield kernel, judge


async def test_a_right_answer_passes_and_a_wrong_one_fails(kernels, exercise) -> None:
    kernel, judge = kernels
    right = await grade(kernel, judge, exercise, exercise.solution, "forge")
    assert right.verdict == "passed", right.outcomes
    wrong = await grade(kernel, judge, exercise, WRONG, "forge")
    assert wrong.verdict == "failed"
    assert wrong.first_failure is not None
    assert wrong.first_failure.message.startswith("double(v) is not 2·v")
    assert f"seed {wrong.seed}" in wrong.first_failure.message  # random inputs can be reproduced


@pytest.mark.parametrize(
    "forgery",
    [
        "print = lambda *a, **k: None",
        "import builtins\nbuiltins.print = lambda *a, **k: None",
        'import json\njson.dumps = lambda *a, **k: \'[["x", true, ""]]\'\njson.loads = lambda *a, **k: []',
        "np.allclose = lambda *a, **k: True",
        "np.isclose = lambda *a, **k: True",
        "np.array_equal = lambda *a, **k: True",
        "import numpy.testing\nnumpy.testing.assert_allclose = lambda *a, **k: None",
        "import builtins\nbuiltins.AssertionError = type('Never', (Exception,), {})",
        'import sys\nsys.stdout.write(\'[["doubles an array", true, ""]]\\n\')',
    ],
)
async def test_patching_the_kernel_cannot_turn_a_wrong_answer_into_a_pass(kernels, exercise, forgery) -> None:
    kernel, judge = kernels
    graded = await grade(kernel, judge, exercise, forgery + "\n" + WRONG, "forge")
    assert graded.verdict == "failed", graded.outcomes


async def test_a_function_that_changes_its_input_is_caught_and_later_checks_get_fresh_inputs(
    kernels, exercise
) -> None:
    kernel, judge = kernels
    code = "def double(v):\n    v *= 2\n    return v\n"
    graded = await grade(kernel, judge, exercise, code, "forge")
    messages = [outcome.message for outcome in graded.outcomes]
    assert graded.outcomes[0].passed  # the first check's copy was doubled in place: still 2·v
    assert messages[1] == "double changed its argument"


async def test_the_same_seed_gives_the_same_inputs(kernels, exercise) -> None:
    kernel, judge = kernels
    code = "seen = []\ndef double(v):\n    seen.append(v.shape)\n    return v\n"
    first = await grade(kernel, judge, exercise, code, "forge", seed=1234)
    shapes = (await kernel.run("seen", namespace="forge")).stdout
    await grade(kernel, judge, exercise, code, "forge", seed=1234)
    assert (await kernel.run("seen", namespace="forge")).stdout == shapes
    assert "seed 1234" in first.first_failure.message


async def test_a_learner_error_is_shown_with_their_own_lines(kernels, exercise) -> None:
    kernel, judge = kernels
    code = "def double(v):\n    return v @ v\n"
    # seed 1 draws a (3, 5) x: v @ v cannot run (a (3, 3) x, one seed in seven, would multiply)
    graded = await grade(kernel, judge, exercise, code, "forge", seed=1)
    message = graded.first_failure.message
    assert "`double` stopped with an error" in message
    assert "return v @ v" in message and "matmul" in message


async def test_an_endless_learner_function_is_a_failed_check_not_a_hang(kernels, exercise) -> None:
    kernel, judge = kernels
    code = "def double(v):\n    while True:\n        pass\n"
    quick = dataclasses.replace(exercise, timeout=1.0)
    graded = await grade(kernel, judge, quick, code, "forge")
    assert graded.verdict == "failed"
    assert "time limit" in graded.first_failure.message
    assert (await kernel.run("1 + 1", namespace="forge")).stdout == "2\n"


async def test_a_killed_judge_is_an_error_never_a_pass(kernels, exercise) -> None:
    kernel, judge = kernels
    await judge.start()
    code = f"import os, signal\nos.kill({judge.pid}, signal.SIGKILL)\n" + WRONG
    graded = await grade(kernel, judge, exercise, code, "forge")
    assert graded.verdict != "passed"


async def test_a_deep_learner_error_starts_at_a_frame_not_halfway_through_one(kernels, exercise) -> None:
    kernel, judge = kernels
    code = (
        "def inner(v):\n    return np.dot(v, np.ones((7, 2)))\n\n"
        "def middle(v):\n    return inner(v) + 1\n\n"
        "def double(v):\n    return middle(v) * 2\n"
    )
    graded = await grade(kernel, judge, exercise, code, "forge", seed=1)
    message = graded.first_failure.message
    error = message.split("\n", 1)[1]  # the lines after "`double` stopped with an error:"
    assert error.lstrip().startswith("File "), message
    assert "np.dot(v, np.ones((7, 2)))" in message and "not aligned" in message
