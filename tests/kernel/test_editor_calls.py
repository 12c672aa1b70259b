"""The kernel-side editor functions, called directly on a namespace like the one cells run in."""

from __future__ import annotations

import numpy as np
import pytest

from tui.code_names import assigned_loosely, names_of, stale_below
from tui.sandbox.completion_target import Target, completion_target, name_at, wants_indent
from tui.sandbox.editor_calls import complete, describe, shapes


@pytest.fixture
def namespace() -> dict[str, object]:
    def sigmoid(z):
        """Squash z into (0, 1).

        More text that the help panel leaves out."""
        return 1 / (1 + np.exp(-z))

    return {
        "__name__": "__main__",
        "np": np,
        "img": np.zeros((5, 4, 3), dtype=int),
        "a": np.random.randn(5),
        "w": np.zeros((3, 1)),
        "image_count": 7,
        "sigmoid": sigmoid,
        "_hidden": np.ones(2),
    }


def names(reply: dict) -> list[str]:
    return [name for name, _kind in reply["items"]]


@pytest.mark.parametrize(
    ("before", "target"),
    [
        ("np.zeros_l", Target("np", "zeros_l")),
        ("x = np.zeros_l", Target("np", "zeros_l")),
        ("pri", Target("", "pri")),
        ("x = a.T.", Target("a.T", "")),
        ("np.zeros(", Target("", "")),
        ("return np.ex", Target("np", "ex")),
        ("for i in ra", Target("", "ra")),
        ("f().", None),
        ("a[0].T", None),
        ("1e5", None),
        ('print("np.ze', None),
        ("x = 1  # np.ze", None),
    ],
)
def test_what_is_completed_left_of_the_cursor(before: str, target: Target | None) -> None:
    assert completion_target(before) == target


def test_tab_indents_at_line_start_and_after_whitespace() -> None:
    assert wants_indent("") and wants_indent("    ") and wants_indent("x = ")
    assert not wants_indent("np.") and not wants_indent("    pri")


@pytest.mark.parametrize(
    ("line", "column", "name"),
    [
        ("np.zeros((2, 3))", 5, "np.zeros"),  # inside the name
        ("np.zeros((2, 3))", 8, "np.zeros"),  # just after it
        ("np.zeros((2, 3))", 12, "np.zeros"),  # in its arguments, inside a tuple
        ("y = sigmoid(z)", 13, "z"),
        ("y = sigmoid(z )", 14, "sigmoid"),
        ("x = f(a).T", 10, None),  # an attribute of a call's result: not looked up
        ("    ", 2, None),
    ],
)
def test_the_name_under_the_cursor(line: str, column: int, name: str | None) -> None:
    assert name_at(line, column) == name


def test_completes_numpy_names(namespace) -> None:
    reply = complete(namespace, code="x = np.zeros_l", line=0, column=14)
    assert reply["prefix"] == "zeros_l"
    assert reply["items"] == [["zeros_like", "function"]]
    several = names(complete(namespace, code="np.ze", line=0, column=5))
    assert several == ["zeros", "zeros_like"]


def test_completes_attributes_of_the_learners_arrays(namespace) -> None:
    reply = complete(namespace, code="print(w.res", line=0, column=11)
    assert names(reply) == ["reshape", "resize"]
    assert ["T", "value"] in complete(namespace, code="w.", line=0, column=2)["items"]


def test_completes_the_learners_names_first_then_builtins_and_keywords(namespace) -> None:
    reply = complete(namespace, code="if True:\n    im", line=1, column=6)
    assert names(reply)[:2] == ["image_count", "img"]
    assert reply["own"] == 2
    assert "import" in names(reply)  # a keyword comes last
    assert names(reply).index("import") > names(reply).index("img")
    everything = names(complete(namespace, code="sig", line=0, column=3))
    assert everything == ["sigmoid"]


def test_private_names_only_when_asked_for(namespace) -> None:
    assert "_hidden" not in names(complete(namespace, code="x = (", line=0, column=5))
    assert names(complete(namespace, code="_hi", line=0, column=3)) == ["_hidden"]
    assert "__add__" not in names(complete(namespace, code="w._", line=0, column=3))


def test_nothing_to_complete_inside_a_string_or_after_a_call(namespace) -> None:
    assert complete(namespace, code="print('np.ze", line=0, column=12)["items"] == []
    assert complete(namespace, code="sigmoid(1).", line=0, column=11)["items"] == []
    assert complete(namespace, code="undefined.x", line=0, column=11)["items"] == []


def test_help_on_a_numpy_function(namespace) -> None:
    reply = describe(namespace, code="z = np.zeros((2, 3))", line=0, column=8)
    assert reply["name"] == "np.zeros"
    assert reply["kind"] == "function"
    assert reply["signature"].startswith("zeros(shape")
    assert reply["doc"].startswith("Return a new array of given shape and type, filled with zeros")


def test_help_on_the_learners_function_and_array(namespace) -> None:
    reply = describe(namespace, code="sigmoid(w)", line=0, column=3)
    assert reply["signature"] == "sigmoid(z)"
    assert reply["doc"] == "Squash z into (0, 1)."  # the first paragraph only
    array = describe(namespace, code="w", line=0, column=1)
    assert array["summary"] == "ndarray shape=(3, 1) dtype=float64"
    assert describe(namespace, code="image_count", line=0, column=3)["summary"] == "int: 7"


def test_help_when_there_is_no_name_or_it_is_not_defined(namespace) -> None:
    assert describe(namespace, code="x = 1 + ", line=0, column=8) == {"name": "", "found": False}
    assert describe(namespace, code="later_name", line=0, column=4) == {"name": "later_name", "found": False}


def test_shapes_lists_arrays_in_the_order_they_were_made(namespace) -> None:
    assert shapes(namespace) == {
        "arrays": [
            {"name": "img", "shape": [5, 4, 3], "dtype": "int64"},
            {"name": "a", "shape": [5], "dtype": "float64"},
            {"name": "w", "shape": [3, 1], "dtype": "float64"},
        ]
    }


def test_replies_are_plain_json(namespace) -> None:
    import json

    for reply in (
        complete(namespace, code="np.", line=0, column=3),
        describe(namespace, code="np.exp", line=0, column=6),
        shapes(namespace),
    ):
        assert json.loads(json.dumps(reply)) == reply


def test_names_a_cell_assigns_and_reads() -> None:
    names = names_of(
        "import numpy as np\n"
        "x = np.zeros(3)\n"
        "def f(a, b=y):\n"
        "    c = a + z\n"
        "    return c + x\n"
        "for i in range(3):\n"
        "    total += i\n"
        "squares = [k * k for k in range(n)]\n"
    )
    assert names is not None
    assert names.assigned == {"np", "x", "f", "i", "total", "squares"}
    assert names.read == {"np", "y", "z", "x", "i", "total", "n"}  # not a, c, k; not range
    assert names_of("x = (") is None
    assert assigned_loosely("a = 1\nb, c = f(\nd += 2\nif x == 1:\ndef h(") == {"a", "b", "c", "d", "h"}


def test_cells_below_that_read_a_changed_name_are_stale() -> None:
    cells = ["a = 1", "b = a + 1", "c = b * 2", "d = 5", "print(d)"]
    assert stale_below(cells, 0, [True] * 5) == {1: {"a"}, 2: {"b"}}
    assert stale_below(cells, 0, [True, False, True, True, True]) == {}  # b was never computed from a
    assert stale_below(cells, 3, [True] * 5) == {4: {"d"}}
    # a name the cell assigned when it last ran counts too (it was renamed since)
    assert stale_below(["e = 1", "print(a)"], 0, [True, True], also={"a"}) == {1: {"a"}}


async def test_the_editor_functions_run_in_the_real_kernel() -> None:
    """Through Kernel.call by name, in a lesson's namespace, after a cell ran there."""
    from tui.editor_service import EditorService, kernel_caller
    from tui.kernel import Kernel

    async with Kernel(timeout=10.0) as kernel:
        ran = await kernel.run("w = np.zeros((3, 1))\nb = np.arange(4)", namespace="lesson")
        assert ran.status == "ok", ran.error
        service = EditorService(kernel_caller(lambda: kernel), busy=lambda: False)
        reply = await service.ask("editor.complete", "lesson", code="np.zeros_l", line=0, column=10)
        assert reply.status == "ok" and reply.value["items"] == [["zeros_like", "function"]]
        attributes = await service.ask("editor.complete", "lesson", code="w.resh", line=0, column=6)
        assert attributes.value["items"] == [["reshape", "function"]]
        help_on = await service.ask("editor.describe", "lesson", code="np.exp(w)", line=0, column=3)
        assert help_on.value["signature"].startswith("exp(")
        arrays = await service.ask("editor.shapes", "lesson")
        assert [(a["name"], a["shape"]) for a in arrays.value["arrays"]] == [("w", [3, 1]), ("b", [4])]
        other = await service.ask("editor.shapes", "another-lesson")
        assert other.value == {"arrays": []}  # each lesson has its own namespace
        busy = EditorService(kernel_caller(lambda: kernel), busy=lambda: True)
        assert (await busy.ask("editor.complete", "lesson", code="w.", line=0, column=2)).status == "busy"


async def test_names_are_kept_until_code_runs_in_the_lesson_again() -> None:
    """A second ``np.`` costs no trip to the kernel, and is answered while a cell runs."""
    from typing import Any

    from tui.editor_service import EditorService, Reply
    from tui.sandbox.editor_calls import names

    asked: list[tuple[str, str]] = []
    busy = {"now": False}

    async def caller(function: str, arguments: dict[str, Any], namespace: str) -> Reply:
        asked.append((function, namespace))
        return Reply("ok", names({"np": np}, chain=arguments["chain"]))

    service = EditorService(caller, busy=lambda: busy["now"])
    first = await service.ask("editor.names", "lesson", chain="np")
    assert ["zeros_like", "function"] in first.value["items"]
    busy["now"] = True
    assert await service.ask("editor.names", "lesson", chain="np") == first
    assert (await service.ask("editor.names", "lesson", chain="")).status == "busy"  # never asked yet
    assert len(asked) == 1
    busy["now"] = False
    service.forget("another-lesson")
    await service.ask("editor.names", "lesson", chain="np")
    assert len(asked) == 1
    service.forget("lesson")  # code ran there
    await service.ask("editor.names", "lesson", chain="np")
    assert len(asked) == 2
    service.forget()  # a new kernel
    await service.ask("editor.names", "lesson", chain="np")
    assert len(asked) == 3
