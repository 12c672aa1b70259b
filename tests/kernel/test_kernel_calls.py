"""Kernel functions: called by name with JSON data, answered with data, never with parsed stdout."""

from __future__ import annotations

import ast
from pathlib import Path

from tui.kernel import Kernel

TUI = Path(__file__).resolve().parents[2] / "tui"


async def test_a_call_returns_data(kernel: Kernel) -> None:
    result = await kernel.call("widgets.graph", {"a": 5, "b": 3, "c": 2})
    assert result.status == "ok"
    assert result.value == {"u": 6, "v": 11, "J": 33, "dv": 3, "du": 3, "da": 3, "db": 6, "dc": 9}
    assert result.stdout == ""


async def test_what_learner_code_prints_cannot_pose_as_the_result(kernel: Kernel) -> None:
    await kernel.run('print = lambda *a, **k: None\nimport json\njson.dumps = lambda *a, **k: "{}"')
    result = await kernel.call("widgets.broadcast", {"a": [4, 3], "b": [3]})
    assert result.value == {"shape": [4, 3]}


async def test_numpy_errors_come_back_as_data(kernel: Kernel) -> None:
    result = await kernel.call("widgets.broadcast", {"a": [4, 3], "b": [4]})
    assert result.status == "ok"
    assert "shape mismatch" in result.value["error"]


async def test_unknown_functions_and_bad_arguments_are_errors_not_crashes(kernel: Kernel) -> None:
    unknown = await kernel.call("widgets.nothing_here")
    assert unknown.status == "error" and "widgets.nothing_here" in (unknown.error or "")
    no_module = await kernel.call("os.system", {"command": "true"})
    assert no_module.status == "error" and "UnknownFunction" in (no_module.error or "")
    missing = await kernel.call("widgets.graph", {"a": 1})
    assert missing.status == "error" and "missing 2 required" in (missing.error or "")
    assert (await kernel.run("1 + 1")).stdout == "2\n"


async def test_a_call_sees_the_lesson_namespace_it_names(kernel: Kernel) -> None:
    await kernel.run("def double(v):\n    return v * 2", namespace="lesson")
    result = await kernel.call(
        "learner.call", {"name": "double", "args": [21], "kwargs": {"dict": {}}}, namespace="lesson"
    )
    assert result.status == "ok" and result.value["result"] == 42
    elsewhere = await kernel.call(
        "learner.call", {"name": "double", "args": [21], "kwargs": {"dict": {}}}, namespace="other"
    )
    assert elsewhere.status == "error" and "double is not a function" in (elsewhere.error or "")


async def test_a_call_that_runs_too_long_is_stopped_like_a_cell(kernel: Kernel) -> None:
    await kernel.run("def forever():\n    while True:\n        pass", namespace="lesson")
    call = {"name": "forever", "args": [], "kwargs": {"dict": {}}}
    result = await kernel.call("learner.call", call, namespace="lesson", timeout=0.5)
    assert result.status == "timeout"
    assert (await kernel.run("1 + 1", namespace="lesson")).stdout == "2\n"


async def test_a_running_call_can_ask_the_parent(kernel: Kernel) -> None:
    """The judge reaches the learner's kernel this way: ask, and wait for the answer."""
    asked = []

    async def answer(request: dict) -> dict:
        asked.append(request)
        return {"status": "ok", "value": {"missing": True}}

    checks = [["x exists", "x"]]
    result = await kernel.call(
        "judge.run_checks", {"checks": checks, "learner_code": "", "seed": 1}, on_request=answer
    )
    assert asked == [{"fn": "learner.get", "args": {"name": "x"}}]
    (outcome,) = result.value["outcomes"]
    assert outcome["passed"] is False and "`x` is not defined" in outcome["message"]


async def test_an_ask_without_anyone_to_answer_fails_the_check_instead_of_hanging(kernel: Kernel) -> None:
    result = await kernel.call("judge.run_checks", {"checks": [["y", "y"]], "learner_code": "", "seed": 1})
    assert result.status == "ok"
    assert result.value["outcomes"][0]["passed"] is False


def test_no_python_source_is_built_by_formatting_in_the_ui() -> None:
    """Only learner code is sent to run; what the UI computes goes through named kernel functions."""
    problems = []
    for path in TUI.rglob("*.py"):
        if "sandbox" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            if is_call and node.func.attr == "run":
                first = node.args[0] if node.args else None
                if isinstance(first, ast.JoinedStr | ast.BinOp) or (
                    isinstance(first, ast.Call)
                    and isinstance(first.func, ast.Attribute)
                    and first.func.attr == "format"
                ):
                    problems.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and "\ndef " in node.value:
                problems.append(f"{path.name}:{node.lineno}: Python source in a string")
    assert problems == []
