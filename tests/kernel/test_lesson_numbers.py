"""The numbers the lessons promise, read back from the kernel after running their cells."""

from __future__ import annotations

import json
import re

import pytest

import lessons
from tui.kernel import Kernel


async def run_lesson(kernel: Kernel, lesson: lessons.Lesson, namespace: str) -> str:
    printed = []
    for cell in lesson.cells:
        result = await kernel.run(cell.code, namespace=namespace, timeout=cell.timeout or 30.0)
        assert result.status == "ok", f"{cell.id}: {result.error}"
        printed.append(result.stdout)
    return "\n".join(printed)


async def values(kernel: Kernel, namespace: str, names: str) -> dict[str, float]:
    result = await kernel.run(
        f"import json; print(json.dumps({{n: float(globals()[n]) for n in {names.split()!r}}}))",
        namespace=namespace,
    )
    assert result.status == "ok", result.error
    return json.loads(result.stdout)


@pytest.mark.parametrize("lang", lessons.LANGUAGES)
async def test_lesson_05_computation_graph_numbers(lang: str) -> None:
    lesson = next(lesson for lesson in lessons.load(lang) if lesson.number == 5)
    async with Kernel(timeout=30.0) as kernel:
        printed = await run_lesson(kernel, lesson, "graph")
        got = await values(kernel, "graph", "a b c u v J dv da du db dc")
    assert got == {
        "a": 5, "b": 3, "c": 2,
        "u": 6, "v": 11, "J": 33,
        "dv": 3, "da": 3, "du": 3, "db": 6, "dc": 9,
    }  # fmt: skip
    for line in (
        "= 6",
        "= 11",
        "= 33",
        "dv = dJ·3  = 1·3  = 3",
        "db = du·c  = 3·2  = 6",
        "dc = du·b  = 3·3  = 9",
    ):
        assert line in printed, line


@pytest.mark.parametrize("lang", lessons.LANGUAGES)
async def test_lesson_10_trains_a_digit_detector_far_above_the_baseline(lang: str) -> None:
    lesson = next(lesson for lesson in lessons.load(lang) if lesson.number == 10)
    cell = next(cell for cell in lesson.cells if cell.id == "accuracy-vs-baseline")
    async with Kernel(timeout=60.0) as kernel:
        await run_lesson(kernel, lesson, "training")
        table = (await kernel.run(cell.code, namespace="training")).stdout
    rows = [re.findall(r"(\d+\.\d)%", line) for line in table.splitlines()]
    (_, base_test), (train, test) = [row for row in rows if len(row) == 2]
    assert float(test) >= 95.0 and float(train) >= 95.0, table
    assert float(test) - float(base_test) >= 5.0, table
