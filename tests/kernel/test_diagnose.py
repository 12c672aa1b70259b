"""The diagnosis module names each classic mistake, in both languages, and never accuses a right answer."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest

from lessons import nn
from lessons.diagnose import (
    UPHILL,
    WITHOUT_B,
    NotSolvedYet,
    compare_calls,
    course_example,
    diagnose,
    expect,
    expect_keys,
    expect_tuple,
    global_names,
    no_loops,
    random_example,
    run_first,
    size_literals,
    solve_first,
)
from tui.i18n import set_language


@pytest.fixture(params=["en", "zh"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    set_language(request.param)
    yield request.param
    set_language("en")


def says(message: str | None, lang: str, en: str, zh: str) -> None:
    assert message is not None
    assert (en if lang == "en" else zh) in message, message


ROW = np.array([[0.2, -0.4, 0.6, 0.1, -0.3]])  # (1, 5)
COLUMN = np.array([[0.5], [-1.5], [2.0]])  # (3, 1)
TERMS = np.array([[0.3, -1.2, 0.8, 2.0, -0.1], [1.1, 0.4, -0.7, 0.2, 0.9], [-0.5, 1.5, 0.6, -1.3, 0.05]])
"""(3, 5): a term per feature and example, as X * dZ would give (not a broadcast table)."""

# (what, actual, expected, context, English fragment, Chinese fragment)
MISTAKES: list[tuple[str, Any, Any, dict[str, Any], str, str]] = [
    ("outer product for a row", ROW - ROW.T, ROW, {}, "a whole table", "一整张表"),
    ("outer product for a number", np.ones((5, 5)), 0.3, {}, "a whole table", "一整张表"),
    (
        "not summed for a column",
        TERMS,
        TERMS.sum(axis=1, keepdims=True),
        {"m": 5},
        "one per example",
        "每个样本一个",
    ),
    (
        "not averaged for a column",
        TERMS,
        TERMS.mean(axis=1, keepdims=True),
        {"m": 5},
        "their mean along axis 1",
        "沿第 1 轴的平均值",
    ),
    ("not summed for a number", ROW, float(ROW.sum()), {"m": 5}, "one per example", "每个样本一个"),
    ("not averaged for a number", ROW, float(ROW.mean()), {"m": 5}, "divide by 5: np.mean", "除以 5"),
    (
        "a column met a row",
        COLUMN - ROW,
        COLUMN,
        {"m": 5},
        "a column of shape (3, 1) with a row of shape (1, 5)",
        "(3, 1) 的列向量",
    ),
    (
        "a column met a rank-1 array",
        COLUMN - COLUMN[:, 0],
        COLUMN,
        {},
        "a rank-1 array of shape (3,)",
        "形状为 (3,) 的一维数组",
    ),
    ("a table for a rank-1 array", COLUMN - COLUMN[:, 0], COLUMN[:, 0], {}, "a whole table", "一整张表"),
    (
        "an unexplained axis for a number",
        TERMS,
        0.3,
        {},
        "where a number was expected (15 values)",
        "这里有 15 个值",
    ),
    ("all zeros for a column", np.zeros((3, 1)), COLUMN, {}, "is all zeros ([0, 0, 0] instead of", "全是 0"),
    ("rank-1 for a column", COLUMN[:, 0], COLUMN, {}, "rank-1 array", "一维（秩为 1）"),
    ("rank-1 for a row", ROW[0], ROW, {}, "rank-1 array", "一维（秩为 1）"),
    ("transposed, same values", ROW.T, ROW, {}, "its transpose `.T` is exactly", "它的转置 `.T` 正好"),
    ("transposed, other values", ROW.T * 3, ROW, {}, "it is transposed", "转置了"),
    ("other layout", np.arange(6.0).reshape(1, 6), np.zeros((2, 3)) + 1, {}, "another layout", "排列不同"),
    ("other shape", np.ones((4, 1)), COLUMN, {}, "has shape (4, 1), expected (3, 1)", "应该是 (3, 1)"),
    ("missing 1/m (array)", COLUMN * 5, COLUMN, {"m": 5}, "the 1/m is missing", "漏了 1/m"),
    ("missing 1/m (number)", 0.25 * 7, 0.25, {"m": 7}, "m = 7 times too big", "大了 m = 7 倍"),
    ("extra 1/m", COLUMN / 5, COLUMN, {"m": 5}, "divided by m twice", "除了两次 m"),
    ("constant factor", COLUMN * 2.5, COLUMN, {}, "2.5 times the expected", "2.5 倍"),
    ("sign flipped (array)", -COLUMN, COLUMN, {}, "opposite sign", "符号却相反"),
    ("sign flipped (number)", -0.125, 0.125, {"m": 5}, "opposite sign", "符号却相反"),
    ("missing + b", ROW - 0.7, ROW, {"b": 0.7}, "is + b missing", "漏了 + b"),
    ("b added twice", ROW + 0.7, ROW, {"b": 0.7}, "is b added twice", "把 b 加了两次"),
    ("constant offset", ROW + 0.3, ROW, {}, "off by the same amount, 0.3", "同样的量 0.3"),
    ("ints for floats", np.zeros((3, 1), dtype=int), np.zeros((3, 1)), {}, "holds integers", "整数"),
    ("bools for floats", ROW > 0, (ROW > 0).astype(float), {}, "True/False", "True/False"),
    ("nan in an array", np.array([[np.nan, 1.0, 0.0, 1.0, 1.0]]), ROW, {}, "nan (not a number)", "nan"),
    ("nan for a number", float("nan"), 0.69, {}, "log of 0", "取了对数"),
    ("inf for a number", float("inf"), 0.69, {}, "log(0) is −inf", "log(0) 等于 −inf"),
    ("None for an array", None, COLUMN, {}, "is None", "是 None"),
    ("None for a number", None, 0.5, {}, "is None", "是 None"),
    ("a number for an array", 0.0, COLUMN, {}, "a single number", "只是一个数"),
    ("a (1, 1) array for a number", np.array([[0.5]]), 0.5, {}, "expected a plain number", "普通的数"),
    ("a (1, 1) array: .item(), not float()", np.array([[0.5]]), 0.5, {}, "with .item()", "用 .item()"),
    ("a (1,) array: its index", np.array([0.5]), 0.5, {}, "(or index it: [0])", "（或者用下标：[0]）"),
    ("a bool for a number", True, 1.0, {}, "(True or False)", "（True 或 False）"),
    ("a string for a number", "0.5", 0.5, {}, "is a str, expected a number", "是一个 str"),
    (
        "a list for an array",
        [[0.5], [-1.5], [2.0]],
        COLUMN,
        {},
        "is a list, expected a NumPy array",
        "NumPy 数组",
    ),
    (
        "probabilities for labels",
        np.array([[0.2, 0.9, 0.4]]),
        np.array([[0.0, 1.0, 0.0]]),
        {},
        "threshold",
        "阈值",
    ),
    ("not zeros", np.full((3, 1), 0.01), np.zeros((3, 1)), {}, "all zeros", "全是 0"),
    (
        "a few wrong values",
        np.array([[1.0, 2.0]]),
        np.array([[1.0, 3.0]]),
        {},
        "= [1, 2], expected [1, 3]",
        "应该是 [1, 3]",
    ),
    (
        "many values, one wrong",
        np.arange(8.0).reshape(1, 8) + np.eye(1, 8, 5),
        np.arange(8.0).reshape(1, 8),
        {},
        "in 1 of 8 places; at [0, 5] it is 6",
        "8 个位置中有 1 处不同",
    ),
    ("a wrong number", 0.4, 0.5, {"m": 3, "b": 0.2}, "= 0.4, expected 0.5", "应该是 0.5"),
    ("a list too long", [0.7, 0.6, 0.5], [0.7], {}, "has 3 entries, expected 1", "有 3 项，应该有 1 项"),
    ("a wrong list entry", [0.7, 0.5], [0.7, 0.6], {}, "[1]` = 0.5, expected 0.6", "应该是 0.6"),
    (
        "a dict without a key",
        {"dw": COLUMN},
        {"dw": COLUMN, "db": 0.1},
        {},
        "no key 'db' (its keys: 'dw')",
        "没有键 'db'",
    ),
    (
        "a tuple for a dict",
        (COLUMN, 0.1),
        {"dw": COLUMN, "db": 0.1},
        {},
        "expected a dict with the keys 'dw', 'db'",
        "含有键",
    ),
    (
        "a wrong dict entry",
        {"dw": COLUMN * 4, "db": 0.1},
        {"dw": COLUMN, "db": 0.1},
        {"m": 4},
        '`g["dw"]` is m = 4',
        "漏了 1/m",
    ),
    ("another string", "relu", "sigmoid", {}, "= 'relu', expected 'sigmoid'", "应该是 'sigmoid'"),
    ("a short tuple", (COLUMN,), (COLUMN, 0.1), {}, "returned 1 values, expected 2", "返回了 1 个值"),
]


@pytest.mark.parametrize(
    ("what", "actual", "expected", "context", "en", "zh"), MISTAKES, ids=[m[0] for m in MISTAKES]
)
def test_each_mistake_is_named(
    lang: str, what: str, actual: Any, expected: Any, context: dict[str, Any], en: str, zh: str
) -> None:
    says(diagnose(actual, expected, "g", **context), lang, en, zh)
    with pytest.raises(AssertionError) as raised:
        expect(actual, expected, "g", **context)
    assert str(raised.value) == diagnose(actual, expected, "g", **context)


def test_messages_name_the_shapes_and_values() -> None:
    message = diagnose(np.ones((13, 13)), np.ones((1, 13)), "dZ")
    assert message is not None and "`dZ` has shape (13, 13) where (1, 13)" in message
    message = diagnose(COLUMN * 5, COLUMN, "dw", m=5)
    assert message is not None and "[2.5, -7.5, 10]" in message and "[0.5, -1.5, 2]" in message


RIGHT: list[tuple[str, Any, Any]] = [
    ("equal arrays", COLUMN.copy(), COLUMN),
    ("rounding", COLUMN + 1e-12, COLUMN),
    ("float32", COLUMN.astype(np.float32), COLUMN),
    ("numpy float for a float", np.float64(0.25), 0.25),
    ("a 0-d array for a float", np.array(0.25), 0.25),
    ("int 0 for 0.0", 0, 0.0),
    ("labels", np.array([[0.0, 1.0]]), np.array([[0.0, 1.0]])),
    ("zeros", np.zeros((3, 1)), np.zeros((3, 1))),
    ("a list", [0.7, np.float64(0.6)], [0.7, 0.6]),
    ("an array for a list", np.array([0.7, 0.6]), [0.7, 0.6]),
    ("a dict with more keys", {"dw": COLUMN, "db": 0.1, "extra": 1}, {"dw": COLUMN, "db": 0.1}),
    ("a list for a tuple", [COLUMN, 0.1], (COLUMN, 0.1)),
    ("a number that is also b away", 0.3, 0.3),
    ("a string", "sigmoid", "sigmoid"),
]


@pytest.mark.parametrize(("what", "actual", "expected"), RIGHT, ids=[r[0] for r in RIGHT])
def test_a_right_answer_gets_no_diagnosis(what: str, actual: Any, expected: Any) -> None:
    assert diagnose(actual, expected, "g", m=5, b=0.3) is None
    expect(actual, expected, "g", m=5, b=0.3)


def test_zero_expected_values_are_not_called_a_factor_or_a_sign() -> None:
    assert "all zeros" in (diagnose(np.full((3, 1), -0.5), np.zeros((3, 1)), "w", m=3) or "")
    assert diagnose(0.0, 0.0, "db", m=4) is None


def test_tuples_and_dicts_by_parts(lang: str) -> None:
    grads, cost = expect_tuple(({"dw": COLUMN, "db": 0.5}, 0.3), ("grads", "cost"), "propagate")
    assert cost == 0.3
    assert expect_keys(grads, ("dw", "db"), "grads") == (grads["dw"], 0.5)
    with pytest.raises(AssertionError) as raised:
        expect_tuple(None, ("grads", "cost"), "propagate")
    says(str(raised.value), lang, "`propagate` returned None", "`propagate` 返回了 None")
    with pytest.raises(AssertionError) as raised:
        expect_tuple(({}, 0.1, 2), ("grads", "cost"), "propagate")
    says(
        str(raised.value),
        lang,
        "returned 3 values, expected 2: (grads, cost)",
        "返回了 3 个值，应该返回 2 个",
    )
    with pytest.raises(AssertionError) as raised:
        expect_tuple({"grads": 1}, ("grads", "cost"), "propagate")
    says(
        str(raised.value),
        lang,
        "is a dict, expected a tuple of 2 values (grads, cost)",
        "由 2 个值组成的元组",
    )
    with pytest.raises(AssertionError) as raised:
        expect_keys({"dw": 1, "d_b": 2}, ("dw", "db"), "grads")
    says(
        str(raised.value), lang, "no key 'db' (its keys: 'dw', 'd_b')", "没有键 'db'（现有的键：'dw', 'd_b'）"
    )
    with pytest.raises(AssertionError) as raised:
        expect_keys({}, ("dw",), "grads")
    says(str(raised.value), lang, "(its keys: none)", "（现有的键：无）")


# --------------------------------------------------------------------------- reading the code

VECTORISED = """
def helper(z):
    return 1 / (1 + np.exp(-z))

for i in range(3):   # a loop outside the function is not its business
    pass

def propagate(w, b, X, Y):
    A = helper(np.dot(w.T, X) + b)
    return A
"""


@pytest.mark.parametrize(
    ("body", "en", "zh"),
    [
        (
            "    for i in range(3):\n        pass\n",
            "uses a `for` loop (line 3)",
            "用了 `for` 循环（第 3 行）",
        ),
        ("    while False:\n        pass\n", "uses a `while` loop (line 3)", "`while` 循环"),
        ("    s = [x for x in X]\n", "uses a comprehension (line 3)", "推导式"),
        ("    s = sum(x for x in X)\n", "uses a comprehension", "推导式"),
        ("    s = {i: 1 for i in range(2)}\n", "uses a comprehension", "推导式"),
    ],
)
def test_no_loops_names_the_loop_and_its_line(lang: str, body: str, en: str, zh: str) -> None:
    code = "def predict(w, b, X):\n    A = 0\n" + body + "    return A\n"
    with pytest.raises(AssertionError) as raised:
        no_loops(code, "predict")
    says(str(raised.value), lang, en, zh)
    assert "vectorised" in str(raised.value) or "向量化" in str(raised.value)


def test_no_loops_accepts_vectorised_code_and_follows_helpers(lang: str) -> None:
    no_loops(VECTORISED, "propagate")
    looping_helper = VECTORISED.replace("    return 1 / (1 + np.exp(-z))", "    return [s for s in z]")
    with pytest.raises(AssertionError) as raised:
        no_loops(looping_helper, "propagate")
    says(str(raised.value), lang, "calls `helper`, which uses a comprehension", "调用的 `helper` 用了推导式")
    with pytest.raises(AssertionError) as raised:
        no_loops("x = 1\n", "propagate")
    says(str(raised.value), lang, "There is no `def propagate(...)`", "没有 `def propagate(...)`")


GLOBAL_READER = """
def model(X_train, Y_train, X_test, Y_test, num_iterations=10):
    w, b = initialize_with_zeros(X_train.shape[0])
    out = optimize(w, b, train_x, Y_train, num_iterations)
    for k in range(LIMIT):
        pass
    return np.sum(out) + helper_value
"""


def test_global_names_are_free_variables_that_are_not_modules_or_called_functions() -> None:
    assert global_names(GLOBAL_READER, "model") == ["train_x", "LIMIT", "helper_value"]
    scope = {"train_x": np.ones((2, 3)), "LIMIT": 3, "helper_value": lambda: 0}
    assert global_names(GLOBAL_READER, "model", scope) == ["train_x", "LIMIT"]
    assert global_names(VECTORISED, "propagate") == []
    assert global_names("def f(x):\n    y = x\n    return y + len(x)\n", "f") == []


def test_size_literals_find_numbers_equal_to_the_example_sizes() -> None:
    code = "def init(dim):\n    w = np.zeros((2, 1))\n    return w, 0\n"
    assert size_literals(code, "init", [2]) == [(2, 2)]
    assert size_literals(code, "init", [1, 0]) == []
    assert size_literals(code, "other", [2]) == []


# --------------------------------------------------------------------------- calling the learner


class Proxy:
    """Like the judge's LearnerFunction: arguments and result travel as copies, last_args kept."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.__name__ = function.__name__
        self.last_args: tuple[Any, ...] = ()

    def __call__(self, *args: Any) -> Any:
        copies = copy.deepcopy(args)
        result = self.function(*copies)
        self.last_args = copies
        return copy.deepcopy(result)


def cases(seed: int = 3) -> list[tuple[Any, ...]]:
    rng = np.random.default_rng(seed)
    return [course_example(), random_example(rng), random_example(rng)]


def check_propagate(
    function: Callable[..., Any], code: str = "", scope: dict[str, Any] | None = None
) -> None:
    compare_calls(
        Proxy(function),
        nn.propagate,
        cases(),
        returns=("grads", "cost"),
        learner_code=code,
        scope=scope,
        variants=[WITHOUT_B],
    )


def test_random_examples_have_distinct_sizes_and_both_labels() -> None:
    rng = np.random.default_rng(0)
    for _ in range(200):
        w, b, X, Y = random_example(rng)
        n_x, m = X.shape
        assert n_x != m and w.shape == (n_x, 1) and Y.shape == (1, m) and abs(b) >= 0.2
        assert set(np.unique(Y)) == {0.0, 1.0}


def test_compare_calls_passes_the_reference_itself() -> None:
    results = compare_calls(Proxy(nn.propagate), nn.propagate, cases(), returns=("grads", "cost"))
    assert len(results) == 3


def test_compare_calls_names_a_missing_b(lang: str) -> None:
    def propagate(w, b, X, Y):
        return nn.propagate(w, 0.0, X, Y)

    with pytest.raises(AssertionError) as raised:
        check_propagate(propagate)
    says(str(raised.value), lang, "gives what b = 0 would give", "与 b = 0 时相同")


def test_compare_calls_names_a_part_of_the_result(lang: str) -> None:
    def propagate(w, b, X, Y):
        grads, cost = nn.propagate(w, b, X, Y)
        return {"dw": grads["dw"] * X.shape[1], "db": grads["db"]}, cost

    with pytest.raises(AssertionError) as raised:
        check_propagate(propagate)
    says(str(raised.value), lang, '`grads["dw"]` is m = 3 times too big', '`grads["dw"]` 大了 m = 3 倍')


def test_compare_calls_names_a_hard_coded_size(lang: str) -> None:
    code = "def propagate(w, b, X, Y):\n    m = 3\n    ...\n"

    def propagate(w, b, X, Y):
        grads, cost = nn.propagate(w, b, X, Y)
        m = X.shape[1]
        return {"dw": grads["dw"] * m / 3, "db": grads["db"] * m / 3}, cost

    with pytest.raises(AssertionError) as raised:
        check_propagate(propagate, code)
    message = str(raised.value)
    says(
        message,
        lang,
        "Right on the example (w (2, 1), X (2, 3), Y (1, 3)) but wrong on w (",
        "在示例（w (2, 1), X (2, 3), Y (1, 3)）上是对的",
    )
    says(message, lang, "(the 3 on line 2?)", "（第 2 行的 3？）")
    says(message, lang, '`grads["dw"]`', '`grads["dw"]`')


def test_compare_calls_names_a_hard_coded_size_that_raises(lang: str) -> None:
    class LearnerError(Exception):
        pass

    def propagate(w, b, X, Y):
        if X.shape != (2, 3):
            raise LearnerError(
                "`propagate` stopped with an error:\nValueError: shapes (1,2) and (7,19) not aligned"
            )
        return nn.propagate(w, b, X, Y)

    with pytest.raises(AssertionError) as raised:
        check_propagate(propagate)
    says(str(raised.value), lang, "Right on the example", "在示例")
    assert "not aligned" in str(raised.value)


def test_compare_calls_lets_an_error_on_the_example_through() -> None:
    class LearnerError(Exception):
        pass

    def propagate(w, b, X, Y):
        raise LearnerError("boom")

    with pytest.raises(LearnerError):
        check_propagate(propagate)


def test_compare_calls_names_a_global_read(lang: str) -> None:
    X_demo = np.ones((2, 3))  # the learner's global, as in a lesson cell
    code = "def propagate(w, b, X, Y):\n    return reference(w, b, X_demo, Y)\n"

    def propagate(w, b, X, Y):
        return nn.propagate(w, b, X_demo, Y) if X.shape == X_demo.shape else nn.propagate(w, b, X * 0, Y)

    with pytest.raises(AssertionError) as raised:
        check_propagate(propagate, code, scope={"X_demo": X_demo})
    says(
        str(raised.value),
        lang,
        "reads `X_demo` from outside the function instead of using its arguments (w, b, X, Y)",
        "读取了函数外面的 `X_demo`",
    )


def test_compare_calls_names_an_ignored_argument_and_gradient_ascent(lang: str) -> None:
    w, b, X, Y = course_example()
    rng = np.random.default_rng(1)
    w2, b2, X2, Y2 = random_example(rng)
    examples = [(w, b, X, Y, 100, 0.009), (w2, b2, X2, Y2, 150, 0.3)]

    def stuck(w, b, X, Y, num_iterations=100, learning_rate=0.009):
        return nn.optimize(w, b, X, Y, num_iterations, 0.009)

    def uphill(w, b, X, Y, num_iterations=100, learning_rate=0.009):
        return nn.optimize(w, b, X, Y, num_iterations, -learning_rate)

    def few(w, b, X, Y, num_iterations=100, learning_rate=0.009):
        return nn.optimize(w, b, X, Y, 100, learning_rate)

    def check(function: Callable[..., Any]) -> str:
        with pytest.raises(AssertionError) as raised:
            compare_calls(
                Proxy(function),
                nn.optimize,
                examples,
                returns=("params", "grads", "costs"),
                variants=[UPHILL],
                ignored={"learning_rate": [0.009], "num_iterations": [100]},
            )
        return str(raised.value)

    says(
        check(stuck),
        lang,
        "ignores its argument `learning_rate`: called with learning_rate=0.3, "
        "it gives what learning_rate=0.009 gives",
        "忽略了参数 `learning_rate`",
    )
    says(check(few), lang, "ignores its argument `num_iterations`", "忽略了参数 `num_iterations`")
    says(check(uphill), lang, "moves the parameters uphill", "往上坡方向移动")


def test_compare_calls_catches_an_argument_changed_in_place(lang: str) -> None:
    def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009):
        params, grads, costs = nn.optimize(w, b, X, Y, num_iterations, learning_rate)
        w -= 0.0 * w + 1.0  # the right result, but the caller's w is changed
        return params, grads, costs

    w, b, X, Y = course_example()
    with pytest.raises(AssertionError) as raised:
        compare_calls(
            Proxy(optimize), nn.optimize, [(w, b, X, Y, 100, 0.009)], returns=("params", "grads", "costs")
        )
    says(str(raised.value), lang, "changed its argument `w` in place", "原地修改了参数 `w`")
    assert np.array_equal(w, course_example()[0])  # the check's own copy is untouched


def test_compare_calls_names_none_and_a_wrong_tuple(lang: str) -> None:
    def propagate(w, b, X, Y):
        nn.propagate(w, b, X, Y)  # and no return

    def triple(w, b, X, Y):
        return (*nn.propagate(w, b, X, Y), 0)

    with pytest.raises(AssertionError) as raised:
        check_propagate(propagate)
    says(str(raised.value), lang, "`propagate` returned None", "`propagate` 返回了 None")
    with pytest.raises(AssertionError) as raised:
        check_propagate(triple)
    says(str(raised.value), lang, "returned 3 values, expected 2: (grads, cost)", "返回了 3 个值")


def test_compare_calls_with_one_label_and_ignored_keys(lang: str) -> None:
    def init(dim):
        return np.zeros((dim, 1)), 0.0

    def reference(dim):
        return {"w": np.zeros((dim, 1)), "b": 0.0, "extra": 1}

    def learner(dim):
        return {"w": np.zeros(dim), "b": 0.0}

    compare_calls(
        Proxy(lambda dim: {"w": init(dim)[0], "b": 0.0}),
        reference,
        [(2,), (5,)],
        returns="d",
        ignore=["extra"],
    )
    with pytest.raises(AssertionError) as raised:
        compare_calls(Proxy(learner), reference, [(2,), (5,)], returns="d", ignore=["extra"])
    says(str(raised.value), lang, '`d["w"]` has shape (2,), a rank-1 array', "一维（秩为 1）")


def test_solve_first_names_the_missing_function(lang: str) -> None:
    solve_first("helper", scope={"helper": print})  # not one of the course's functions: only defined
    solve_first("model", "predict", scope={"model": nn.model, "predict": nn.predict})
    with pytest.raises(NotSolvedYet) as raised:
        solve_first("model", "predict", scope={"model": nn.model})
    says(
        str(raised.value),
        lang,
        "Solve the exercises above first: `predict` is not defined.",
        "请先完成上面的练习：`predict` 还没有定义。",
    )
    assert isinstance(raised.value, NameError)


def test_solve_first_checks_the_course_functions_on_a_small_example(lang: str) -> None:
    def predict(w, b, X):
        return nn.predict(w, b, X) > 0

    def broken(dim):
        raise ValueError("not yet")

    with pytest.raises(NotSolvedYet) as raised:
        solve_first("predict", scope={"predict": predict})
    says(
        str(raised.value),
        lang,
        "your `predict` does not give the right result yet. `Y_prediction` holds True/False",
        "你的 `predict` 还没有给出正确的结果。`Y_prediction` 里是 True/False",
    )
    with pytest.raises(NotSolvedYet) as raised:
        solve_first("initialize_with_zeros", scope={"initialize_with_zeros": broken})
    assert str(raised.value).endswith("ValueError: not yet")
    with pytest.raises(NotSolvedYet) as raised:
        run_first("d", scope={})
    says(
        str(raised.value),
        lang,
        "Run the cells above first: `d` is not defined.",
        "请先运行上面的代码格：`d` 还没有定义。",
    )


# --------------------------------------------------------------------------- in the judge

JUDGED = """\
---
id: judged
title: Judged
---

```exercise propagate
title: propagate
--- prompt
Write propagate.
--- starter
def propagate(w, b, X, Y):
    return None
--- hint
Look at lessons.nn.
--- solution
from lessons.nn import propagate as _reference


def propagate(w, b, X, Y):
    return _reference(w, b, X, Y)
--- check matches the reference
from lessons import nn
from lessons.diagnose import WITHOUT_B, compare_calls, course_example, random_example
compare_calls(propagate, nn.propagate, [course_example(), random_example(rng)],
              returns=("grads", "cost"), variants=[WITHOUT_B],
              learner_code=learner_code, scope=globals())
```
"""


@pytest.mark.parametrize(
    ("code", "en", "zh"),
    [
        (
            "from lessons.nn import propagate as _p\n\n"
            "def propagate(w, b, X, Y):\n    return _p(w, 0.0, X, Y)\n",
            "gives what b = 0 would give",
            "与 b = 0 时相同",
        ),
        (
            "from lessons.nn import propagate as _p\n\ndef propagate(w, b, X, Y):\n"
            "    g, c = _p(w, b, X, Y)\n    w -= 1\n    return g, c\n",
            "changed its argument `w` in place",
            "原地修改了参数 `w`",
        ),
        (
            "import numpy as np\nfrom lessons.nn import propagate as _p\nX_demo = np.ones((2, 3))\n\n"
            "def propagate(w, b, X, Y):\n    return _p(w, b, X_demo, Y)\n",
            "reads `X_demo` from outside the function",
            "读取了函数外面的 `X_demo`",
        ),
        (
            "from lessons.nn import propagate as _p\n\ndef propagate(w, b, X, Y):\n"
            "    if X.shape != (2, 3):\n        raise ValueError('shapes (2,3) and (7,9) not aligned')\n"
            "    return _p(w, b, X, Y)\n",
            "Right on the example",
            "在示例",
        ),
        (  # a (1, 1) array for the cost: float() of it raises in NumPy 2, so advise .item()
            "import numpy as np\nfrom lessons.nn import propagate as _p\n\ndef propagate(w, b, X, Y):\n"
            "    g, c = _p(w, b, X, Y)\n    return g, np.array([[c]])\n",
            "with .item() (or index it: [0, 0])",
            "用 .item() 取出它唯一的值",
        ),
        (  # None: the hint quotes the starter's comment in the lesson's language
            "from lessons.nn import propagate as _p\n\ndef propagate(w, b, X, Y):\n"
            "    g, c = _p(w, b, X, Y)\n    cost = None  # your code here\n    return g, cost\n",
            "still `None  # your code here`",
            "仍是 `None  # 在这里写代码`",
        ),
        (  # all zeros is not "0 times the expected values"
            "import numpy as np\nfrom lessons.nn import propagate as _p\n\ndef propagate(w, b, X, Y):\n"
            "    g, c = _p(w, b, X, Y)\n    return {'dw': np.zeros_like(w), 'db': g['db']}, c\n",
            '`grads["dw"]` is all zeros',
            '`grads["dw"]` 全是 0',
        ),
        (  # Y.T makes A − Y an (m, m) table: no "add them up and divide by m"
            "import numpy as np\nfrom lessons.nn import propagate as _p, sigmoid\n\n"
            "def propagate(w, b, X, Y):\n    g, c = _p(w, b, X, Y)\n    m = X.shape[1]\n"
            "    A = sigmoid(np.dot(w.T, X) + b)\n    dw = np.dot(X, (A - Y.T).T) / m\n"
            "    return {'dw': dw, 'db': g['db']}, c\n",
            '`grads["dw"]` has shape (2, 3) where (2, 1) was expected: an array somewhere',
            "计算过程中某个数组的形状与公式不符",
        ),
        (  # dw summed along the wrong axis, then w − dw: a column met a row
            "import numpy as np\nfrom lessons.nn import propagate as _p, sigmoid\n\n"
            "def propagate(w, b, X, Y):\n    g, c = _p(w, b, X, Y)\n    m = X.shape[1]\n"
            "    dZ = sigmoid(np.dot(w.T, X) + b) - Y\n"
            "    dw = g['dw'] - np.sum(X * dZ, axis=0, keepdims=True) / m\n"
            "    return {'dw': dw, 'db': g['db']}, c\n",
            "a column of shape (2, 1) with a row of shape (1, 3)",
            "形状为 (2, 1) 的列向量",
        ),
    ],
    ids=["missing b", "in place", "global", "hard-coded", "(1, 1) cost", "None", "all zeros", "Y.T", "table"],
)
async def test_diagnoses_reach_the_learner_through_the_judge(
    tmp_path, lang: str, code: str, en: str, zh: str
) -> None:
    import lessons
    from tui.grading import grade
    from tui.kernel import Kernel

    path = tmp_path / "course" / "01-judged.md"
    path.parent.mkdir()
    path.write_text(JUDGED, encoding="utf-8")
    (lesson,) = lessons.load_dir(path.parent)
    assert lesson.ok, lesson.errors
    (exercise,) = lesson.exercises
    async with Kernel(timeout=10.0) as kernel, Kernel(timeout=10.0) as judge:
        right = await grade(kernel, judge, exercise, exercise.solution, "right")
        assert right.verdict == "passed", right.outcomes
        wrong = await grade(kernel, judge, exercise, code, "wrong")
    assert wrong.verdict == "failed"
    says(wrong.first_failure.message, lang, en, zh)


def test_a_rank1_hint_suggests_no_size_a_learner_could_hard_code(lang: str) -> None:
    """np.zeros((2, 1)) for initialize_with_zeros(2) would be right on the example only."""
    column = diagnose(np.zeros(2), np.zeros((2, 1)), "w")
    row = diagnose(ROW[0], ROW, "A")
    assert column is not None and ".reshape(-1, 1)" in column and "np.zeros((n, 1))" in column
    assert row is not None and ".reshape(1, -1)" in row
    assert "(2, 1))" not in column and "reshape(2, 1)" not in column
