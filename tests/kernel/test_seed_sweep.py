"""The seed sweep grades every answer over many seeds and names the seeds where one misbehaves."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import lessons
from tui import seed_sweep
from tui.i18n import set_language

COURSE = """\
---
id: swept
title: Swept
---

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
--- check doubles a row of random length
n = int(rng.integers(2, 6))
x = rng.normal(size=(1, n))
assert np.allclose(double(x), 2 * x), "double(v) is not 2·v"
--- mistake is not 2·v
def double(v):
    return 2 * v if v.shape[1] > 3 else v
```

```exercise fixed
title: No random inputs
--- prompt
Write `one()`.
--- starter
def one():
    return None
--- hint
Return 1.
--- solution
def one():
    return 1
--- check gives 1
assert one() == 1, "one() is not 1"
--- mistake one() is not 1
def one():
    return 2
```
"""

SEEDS = list(range(1, 9))


def lengths(seeds: list[int]) -> dict[int, int]:
    """The row length each seed draws in the check above (the judge's rng: default_rng(seed))."""
    return {seed: int(np.random.default_rng(seed).integers(2, 6)) for seed in seeds}


@pytest.fixture
def lesson(tmp_path: Path) -> lessons.Lesson:
    path = tmp_path / "course" / "01-swept.md"
    path.parent.mkdir()
    path.write_text(COURSE, encoding="utf-8")
    (parsed,) = lessons.load_dir(path.parent)
    assert parsed.ok, parsed.errors
    return parsed


async def test_a_mistake_that_passes_on_some_seeds_is_reported_with_those_seeds(lesson) -> None:
    hidden = [seed for seed, n in lengths(SEEDS).items() if n > 3]  # the mistake doubles these
    assert 0 < len(hidden) < len(SEEDS)  # the seeds chosen show both cases
    set_language("en")
    problems, count = await seed_sweep.sweep([(lesson, ["double", "fixed"])], SEEDS)
    assert count == 2
    (problem,) = problems  # the solution, the starter and the other exercise behave
    assert problem.line == lesson.exercises[0].mistakes[0].line
    shown = ", ".join(str(seed) for seed in hidden)
    assert "this mistake passes every check" in problem.message
    assert f"(with seed {shown}: {len(hidden)} of {len(SEEDS)} seeds)" in problem.message


async def test_exercises_without_random_inputs_are_graded_once(lesson, monkeypatch) -> None:
    import tui.verify

    graded: list[int | None] = []
    real = tui.verify.grade

    async def counting(*args, **kwargs):
        graded.append(kwargs.get("seed"))
        return await real(*args, **kwargs)

    monkeypatch.setattr(tui.verify, "grade", counting)
    await seed_sweep.sweep([(lesson, ["fixed"])], SEEDS)
    assert graded == [1, 1, 1]  # solution, starter, one mistake: one seed each


def test_the_command_sweeps_a_real_lesson_over_a_few_seeds(capsys) -> None:
    """A cheap run of the real thing: lesson 4 in both editions, three seeds."""
    assert seed_sweep.main(["--seeds", "3", "--first", "41", "--lesson", "4"]) == 0
    out = capsys.readouterr().out
    assert "over 3 seed(s): 0 problem(s)" in out
