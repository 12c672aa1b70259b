"""Name the mistake in a learner's answer, in the words of shapes and formulas.

Exercise checks (which run in the judge, ``tui.sandbox.judge``) compare what
the learner's code gives with what the reference in ``lessons.nn`` gives, and
when the two differ this module says *why* in a sentence: a rank-1 array, a
transposed one, an (m, m) table from broadcasting, a missing 1/m, a flipped
sign, a missing + b, integers or booleans where floats belong, nan from log(0),
a global read instead of an argument, a hard-coded size, an ignored argument,
an input changed in place, None returned, a tuple or dict of the wrong form.

A check uses it in a few lines::

    from lessons import nn
    from lessons.diagnose import compare_calls, course_example, random_example
    compare_calls(propagate, nn.propagate,
                  [course_example(), random_example(rng)],
                  returns=("grads", "cost"), learner_code=learner_code,
                  scope=globals())

or, piece by piece, ``expect(actual, expected, "dw", m=m)``,
``no_loops(learner_code, "propagate")``, ``expect_tuple`` and ``expect_keys``.
Each raises ``AssertionError`` with the diagnosis, which is what a failing
check shows. ``diagnose(...)`` returns the message (or None) without raising.

Messages come from ``lessons.diagnose_strings`` through ``tui.i18n.t`` in the
learner's language (the judge sets it before running checks). That is the one
import from ``tui`` in ``lessons``: ``tui.i18n`` is a tiny module with no
Textual and no NumPy, and the strings belong in its catalogue like all others.
"""

from __future__ import annotations

import ast
import builtins
import inspect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tui.i18n import t

__all__ = [
    "Variant",
    "compare_calls",
    "course_example",
    "diagnose",
    "expect",
    "expect_keys",
    "expect_solved",
    "expect_tuple",
    "global_names",
    "no_loops",
    "random_example",
    "run_first",
    "size_literals",
    "solve_first",
]

RTOL = 1e-5
ATOL = 1e-8
MODULES = frozenset({"np", "numpy", "math", "random"})
"""Free names in a function that are modules, not data: never "a global read"."""


# --------------------------------------------------------------------------- formatting


def _number(x: Any) -> str:
    x = float(x)
    return f"{x:.4g}" if np.isfinite(x) else str(x)


def _show(value: Any, limit: int = 4) -> str:
    """A short text for a number or an array: a few of its values."""
    if np.ndim(value) == 0:
        return _number(value)
    flat = np.ravel(np.asarray(value, dtype=np.float64))
    shown = ", ".join(_number(x) for x in flat[:limit])
    return f"[{shown}{', …' if flat.size > limit else ''}]"


def _short(value: Any) -> str:
    """An argument's value for a message: floats to 4 significant digits."""
    return _number(value) if isinstance(value, float | np.floating) else repr(value)


def _shape_args(shape: tuple[int, ...]) -> str:
    return ", ".join(str(n) for n in shape)


def _type_name(value: Any) -> str:
    """ "a list", "an ndarray": the value's type with its article (none in Chinese)."""
    name = str(getattr(value, "type_name", None) or type(value).__name__)
    vowel = name[:1].lower() in "aeiou" or name.startswith("nd")  # "an ndarray"
    return t("diagnose.an" if vowel else "diagnose.a", type=name)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_
    )


def _close(actual: Any, expected: Any) -> bool:
    return bool(np.allclose(actual, expected, rtol=RTOL, atol=ATOL))


# --------------------------------------------------------------------------- one value


def diagnose(
    actual: Any, expected: Any, name: str, *, m: int | None = None, b: float | None = None
) -> str | None:
    """What is wrong with ``actual`` compared with the right value ``expected``, or None if nothing.

    ``expected`` decides what is compared: an array (shape, dtype, values), a
    number, a list of numbers, a dict (its keys, then each value) or a tuple.
    ``m`` (the number of examples) and ``b`` (the bias) let a wrong value be
    named: m times too big is a missing 1/m, off by −b everywhere a missing + b.
    """
    if isinstance(expected, tuple):
        if actual is None:
            return t("diagnose.none", name=name)
        labels = [f"{name}[{i}]" for i in range(len(expected))]
        problem = _tuple_problem(actual, len(expected), labels, name)
        if problem:
            return problem
        return _first(
            diagnose(a, e, label, m=m, b=b) for a, e, label in zip(actual, expected, labels, strict=True)
        )
    if isinstance(expected, dict):
        return _dict_problem(actual, expected, name, m=m, b=b)
    if isinstance(expected, list):
        return _list_problem(actual, expected, name, m=m, b=b)
    if isinstance(expected, np.ndarray) and expected.ndim > 0:
        return _array_problem(actual, expected, name, m=m, b=b)
    return _number_problem(actual, expected, name, m=m, b=b)


def expect(actual: Any, expected: Any, name: str, *, m: int | None = None, b: float | None = None) -> None:
    """Raise AssertionError with the diagnosis if ``actual`` is not ``expected`` (see ``diagnose``)."""
    problem = diagnose(actual, expected, name, m=m, b=b)
    if problem:
        raise AssertionError(problem)


def _first(problems: Iterable[str | None]) -> str | None:
    return next((problem for problem in problems if problem), None)


def _tuple_problem(actual: Any, count: int, labels: Sequence[str], function: str) -> str | None:
    listed = ", ".join(labels)
    if actual is None:
        return t("diagnose.returned_none", function=function)
    if not isinstance(actual, tuple | list):
        return t(
            "diagnose.type",
            name=function,
            got=_type_name(actual),
            want=t("diagnose.want_tuple", count=count, labels=listed),
        )
    if len(actual) != count:
        return t("diagnose.arity", function=function, count=len(actual), want=count, labels=listed)
    return None


def _dict_problem(actual: Any, expected: Mapping[str, Any], name: str, **context: Any) -> str | None:
    keys = ", ".join(repr(key) for key in expected)
    if actual is None:
        return t("diagnose.none", name=name)
    if not isinstance(actual, dict):
        return t("diagnose.type", name=name, got=_type_name(actual), want=t("diagnose.want_dict", keys=keys))
    for key in expected:
        if key not in actual:
            have = ", ".join(repr(k) for k in actual) or t("diagnose.no_keys")
            return t("diagnose.missing_key", name=name, key=key, keys=have)
    return _first(
        diagnose(actual[key], value, f'{name}["{key}"]', **context) for key, value in expected.items()
    )


def _list_problem(actual: Any, expected: list[Any], name: str, **context: Any) -> str | None:
    if actual is None:
        return t("diagnose.none", name=name)
    if (isinstance(actual, np.ndarray) and actual.ndim == 1) or isinstance(actual, list | tuple):
        if len(actual) != len(expected):
            return t("diagnose.length", name=name, got=len(actual), want=len(expected))
        for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
            problem = _number_problem(got, want, f"{name}[{index}]", **context)
            if problem:
                return problem
        return None
    return t("diagnose.type", name=name, got=_type_name(actual), want=t("diagnose.want_list"))


def _number_problem(actual: Any, expected: Any, name: str, *, m: int | None, b: float | None) -> str | None:
    if actual is None:
        return t("diagnose.none", name=name)
    if not _is_number(expected) and not isinstance(expected, np.ndarray):  # a string, None, ...
        same = type(actual) is type(expected) and actual == expected
        return None if same else t("diagnose.values", name=name, got=repr(actual), want=repr(expected))
    if isinstance(actual, bool | np.bool_):
        return t("diagnose.bool_number", name=name, got=actual)
    if isinstance(actual, np.ndarray) and actual.dtype.kind in "biuf" and actual.ndim > 0:
        if actual.size == 1:
            index = "[" + ", ".join("0" * actual.ndim) + "]"
            return t("diagnose.array_for_number", name=name, got=actual.shape, index=index)
        return _shape_problem(actual, np.asarray(expected), name, m)
    if not _is_number(actual) and not (isinstance(actual, np.ndarray) and actual.dtype.kind in "iuf"):
        return t("diagnose.type", name=name, got=_type_name(actual), want=t("diagnose.want_number"))
    value = float(actual)
    want = float(expected)
    if not np.isfinite(value) and np.isfinite(want):
        return t("diagnose.nan" if np.isnan(value) else "diagnose.inf", name=name)
    if _close(value, want):
        return None
    return _named_factor(value, want, name, m=m, b=b) or t(
        "diagnose.values", name=name, got=_number(value), want=_number(want)
    )


def _named_factor(actual: Any, expected: Any, name: str, *, m: int | None, b: float | None) -> str | None:
    """A wrong value explained by a factor or an offset the course makes easy to get wrong."""
    got, want = _show(actual), _show(expected)
    if np.any(expected != 0) and _close(actual, -np.asarray(expected)):
        return t("diagnose.sign", name=name, got=got, want=want)
    if m is not None and m > 1 and np.any(expected != 0):
        if _close(actual, np.asarray(expected) * m):
            return t("diagnose.missing_m", name=name, m=m, got=got, want=want)
        if _close(actual, np.asarray(expected) / m):
            return t("diagnose.extra_m", name=name, m=m, got=got, want=want)
    if b is not None and abs(b) > 1e-6:
        if _close(actual, np.asarray(expected) - b):
            return t("diagnose.missing_b", name=name, offset=-b, got=got, want=want)
        if _close(actual, np.asarray(expected) + b):
            return t("diagnose.double_b", name=name, offset=b, got=got, want=want)
    return None


def _array_problem(
    actual: Any, expected: np.ndarray, name: str, *, m: int | None, b: float | None
) -> str | None:
    want_shape = expected.shape
    if actual is None:
        return t("diagnose.none", name=name)
    if _is_number(actual) or isinstance(actual, bool | np.bool_):
        return t("diagnose.number_for_array", name=name, got=_show(actual), want=want_shape)
    if not isinstance(actual, np.ndarray) or actual.dtype.kind not in "biuf":
        return t(
            "diagnose.type",
            name=name,
            got=_type_name(actual),
            want=t("diagnose.want_array", shape=want_shape),
        )
    if actual.ndim == 0:
        return t("diagnose.number_for_array", name=name, got=_show(actual), want=want_shape)
    if actual.shape != want_shape:
        return _shape_problem(actual, expected, name, m)
    if expected.dtype.kind == "f" and actual.dtype.kind == "b":
        return t("diagnose.bool_values", name=name)
    if expected.dtype.kind == "f" and actual.dtype.kind in "iu":
        return t("diagnose.int_values", name=name, dtype=actual.dtype)
    values = actual.astype(np.float64)
    if not np.all(np.isfinite(values)) and np.all(np.isfinite(expected)):
        return t("diagnose.nan" if np.any(np.isnan(values)) else "diagnose.inf", name=name)
    if _close(values, expected):
        return None
    return _value_problem(values, expected, name, m=m, b=b)


def _shape_problem(actual: np.ndarray, expected: np.ndarray, name: str, m: int | None = None) -> str:
    got, want = actual.shape, expected.shape
    if actual.ndim == 1 and len(want) == 2 and 1 in want and actual.size == expected.size:
        # sizes that work for any input, not the example's own (which a learner might copy)
        column = want[1] == 1
        general = {"shape_args": "-1, 1" if column else "1, -1", "zeros": "(n, 1)" if column else "(1, m)"}
        return t("diagnose.rank1", name=name, got=got, want=want, **general)
    if actual.ndim == 2 and got == want[::-1] and len(want) == 2:
        transposed = actual.T.astype(np.float64) if actual.dtype.kind in "biuf" else None
        if transposed is not None and expected.dtype.kind in "biuf" and _close(transposed, expected):
            return t("diagnose.transposed_values", name=name, got=got, want=want)
        return t("diagnose.transposed", name=name, got=got, want=want)
    extra = _extra_axis(actual, expected, name, m)
    if extra:
        return extra
    if want == ():
        return t("diagnose.array_for_number_shape", name=name, got=got, count=actual.size)
    column = len(want) == 2 and want[1] == 1 and got[:1] == want[:1] and got[1:] > (1,)
    row = len(want) == 2 and want[0] == 1 and got[1:] == want[1:] and got[:1] > (1,)
    if actual.ndim == 2 and (column or row):  # a column or a row with an axis too many
        return t("diagnose.extra_axis", name=name, got=got, want=want)
    if actual.size == expected.size and expected.size > 0:
        return t(
            "diagnose.same_size",
            name=name,
            got=got,
            want=want,
            size=actual.size,
            shape_args=_shape_args(want),
        )
    return t("diagnose.shape", name=name, got=got, want=want)


def _extra_axis(actual: np.ndarray, expected: np.ndarray, name: str, m: int | None) -> str | None:
    """An array with an axis too many where a number, a row, a column or a rank-1 array belongs.

    Only what the values show is claimed: "add them up" when their sum (or mean)
    along the extra axis is the right answer, "a whole table" when the result is
    a column combined with a row by broadcasting (a square table, or values
    c[i] + r[j] or c[i]·r[j]). None when neither explains it.
    """
    got, want = actual.shape, expected.shape
    numeric = actual.dtype.kind in "biuf" and expected.dtype.kind in "biuf"
    if want == () and actual.ndim in (1, 2) and numeric:
        values = actual.astype(np.float64)
        per = t("diagnose.per_example") if m is not None and actual.size == m else ""
        if _close(values.sum(), expected):
            return t("diagnose.not_summed_number", name=name, got=got, count=actual.size, per=per)
        if _close(values.mean(), expected):
            return t("diagnose.not_averaged_number", name=name, got=got, count=actual.size, per=per)
    if actual.ndim != 2 or min(got) < 2 or not numeric:
        return None
    values = actual.astype(np.float64)
    # (n, k) for an (n, 1) column summed along axis 1, (k, m) for a (1, m) row along axis 0
    for axis, fits in ((1, ((got[0], 1), (got[0],))), (0, ((1, got[1]), (got[1],)))):
        if want not in fits:
            continue
        count = got[axis]
        summed = values.sum(axis=axis).reshape(want)
        per = t("diagnose.per_example") if m is not None and count == m else ""
        fields = {"name": name, "got": got, "want": want, "count": count, "axis": axis, "per": per}
        if _close(summed, expected):
            return t("diagnose.not_summed", **fields)
        if _close(summed / count, expected):
            return t("diagnose.not_averaged", **fields)
    square = got[0] == got[1]
    if (square or _broadcast_table(values)) and (len(want) < 2 or 1 in want):
        shown = str(want) if want else t("diagnose.a_number")
        return t("diagnose.table", name=name, got=got, want=shown, rows=got[0], cols=got[1])
    return None


def _broadcast_table(values: np.ndarray) -> bool:
    """Whether a 2-D array is a column and a row combined: c[i] + r[j] or c[i]·r[j] everywhere."""
    if not np.all(np.isfinite(values)):
        return False
    scale = max(float(np.abs(values).max()), 1.0)
    added = values - values[:, :1] - values[:1, :] + values[0, 0]
    if np.allclose(added, 0.0, atol=1e-9 * scale):
        return True
    singular = np.linalg.svd(values, compute_uv=False)
    return bool(singular[0] > 0 and singular[1] <= 1e-9 * singular[0])


def _value_problem(
    actual: np.ndarray, expected: np.ndarray, name: str, *, m: int | None, b: float | None
) -> str:
    named = _named_factor(actual, expected, name, m=m, b=b)
    if named:
        return named
    got, want = _show(actual), _show(expected)
    if np.all(actual == 0) and np.any(expected != 0):  # not "0 times the expected values"
        return t("diagnose.all_zeros", name=name, got=got, want=want)
    labels = set(np.unique(expected).tolist())
    if labels <= {0.0, 1.0} and expected.size > 1 and not np.all(np.isin(actual, (0.0, 1.0))):
        strange = actual[~np.isin(actual, (0.0, 1.0))]
        if np.all(expected == 0):
            return t("diagnose.zeros", name=name, value=float(strange.flat[0]))
        return t("diagnose.not_labels", name=name, value=float(strange.flat[0]))
    if np.all(expected == 0):
        return t("diagnose.zeros", name=name, value=float(actual[actual != 0].flat[0]))
    if expected.size > 1:
        nonzero = np.abs(expected) > ATOL
        if np.count_nonzero(nonzero) > 1 and np.allclose(actual[~nonzero], 0, atol=ATOL):
            ratios = actual[nonzero] / expected[nonzero]
            factor = float(np.median(ratios))
            if np.allclose(ratios, factor, rtol=1e-4) and not np.isclose(factor, 1.0):
                return t("diagnose.factor", name=name, factor=factor, got=got, want=want)
        offsets = actual - expected
        offset = float(np.median(offsets))
        if np.allclose(offsets, offset, rtol=1e-4, atol=ATOL):
            return t("diagnose.offset", name=name, offset=offset, got=got, want=want)
    wrong = ~np.isclose(actual, expected, rtol=RTOL, atol=ATOL)
    if expected.size <= 4:
        return t("diagnose.values", name=name, got=got, want=want)
    first = tuple(int(i) for i in np.argwhere(wrong)[0])
    return t(
        "diagnose.values_at",
        name=name,
        count=int(np.count_nonzero(wrong)),
        size=expected.size,
        index=list(first),
        got=_number(actual[first]),
        want=_number(expected[first]),
    )


# --------------------------------------------------------------------------- structure


def expect_tuple(value: Any, labels: Sequence[str], function: str) -> tuple[Any, ...]:
    """``value`` as a tuple of ``len(labels)`` items, or AssertionError naming what it is instead."""
    problem = _tuple_problem(value, len(labels), labels, function)
    if problem:
        raise AssertionError(problem)
    return tuple(value)


def expect_keys(value: Any, keys: Sequence[str], name: str) -> tuple[Any, ...]:
    """The values of ``keys`` in the dict ``value``, or AssertionError naming what is missing."""
    problem = (
        _dict_problem(value, dict.fromkeys(keys), name, m=None, b=None)
        if not isinstance(value, dict) or any(key not in value for key in keys)
        else None
    )
    if problem:
        raise AssertionError(problem)
    return tuple(value[key] for key in keys)


# --------------------------------------------------------------------------- reading the code


def _function_def(learner_code: str, function: str) -> ast.FunctionDef | None:
    try:
        tree = ast.parse(learner_code)
    except (SyntaxError, ValueError):
        return None
    found = None
    for node in tree.body:  # the last definition wins, as when the code runs
        if isinstance(node, ast.FunctionDef) and node.name == function:
            found = node
    return found


def _definitions(learner_code: str) -> dict[str, ast.FunctionDef]:
    try:
        tree = ast.parse(learner_code)
    except (SyntaxError, ValueError):
        return {}
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


_LOOPS: dict[type, str] = {
    ast.For: "diagnose.loop_for",
    ast.AsyncFor: "diagnose.loop_for",
    ast.While: "diagnose.loop_while",
    ast.ListComp: "diagnose.loop_comprehension",
    ast.SetComp: "diagnose.loop_comprehension",
    ast.DictComp: "diagnose.loop_comprehension",
    ast.GeneratorExp: "diagnose.loop_comprehension",
}


def _first_loop(node: ast.AST) -> ast.AST | None:
    loops = [child for child in ast.walk(node) if type(child) in _LOOPS]
    return min(loops, key=lambda loop: (loop.lineno, loop.col_offset), default=None)  # type: ignore[attr-defined]


def no_loops(learner_code: str, function: str) -> None:
    """AssertionError if ``function`` (or a function of the learner's it calls) has a loop.

    A loop is a ``for``, a ``while`` or a comprehension. ``learner_code`` is the
    exercise's code as the learner typed it (the check's ``learner_code``).
    """
    definitions = _definitions(learner_code)
    if function not in definitions:
        raise AssertionError(t("diagnose.no_function", function=function))
    seen: set[str] = set()
    pending = [function]
    while pending:
        name = pending.pop(0)
        if name in seen:
            continue
        seen.add(name)
        node = definitions[name]
        loop = _first_loop(node)
        if loop is not None:
            kind = t(_LOOPS[type(loop)])
            line = loop.lineno  # type: ignore[attr-defined]
            if name == function:
                raise AssertionError(t("diagnose.loop", function=function, kind=kind, line=line))
            raise AssertionError(
                t("diagnose.loop_in_helper", function=function, helper=name, kind=kind, line=line)
            )
        for call in ast.walk(node):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in definitions:
                pending.append(call.func.id)


def _free_names(node: ast.FunctionDef) -> dict[str, bool]:
    """Names ``node`` reads but does not define, each with whether it is only ever called."""
    arguments = node.args
    bound = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]}
    bound |= {a.arg for a in (arguments.vararg, arguments.kwarg) if a is not None}
    declared_global: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store | ast.Del):
            bound.add(child.id)
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and child is not node:
            bound.add(child.name)
        elif isinstance(child, ast.Import | ast.ImportFrom):
            bound |= {(alias.asname or alias.name).split(".")[0] for alias in child.names}
        elif isinstance(child, ast.Global):
            declared_global |= set(child.names)
        elif isinstance(child, ast.arg):
            bound.add(child.arg)
    bound -= declared_global
    called = {
        id(child.func)
        for child in ast.walk(node)
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Name)
    }
    free: dict[str, bool] = {}
    for child in ast.walk(node):
        if isinstance(child, ast.Name) and isinstance(child.ctx, ast.Load) and child.id not in bound:
            free[child.id] = free.get(child.id, True) and id(child) in called
    return free


def global_names(learner_code: str, function: str, scope: Mapping[str, Any] | None = None) -> list[str]:
    """The variables ``function`` reads from outside itself (not modules, builtins or functions it calls).

    With ``scope`` (a check's ``globals()``, which fetches the learner's names),
    only names that hold data there (arrays, numbers, lists) are kept.
    """
    node = _function_def(learner_code, function)
    if node is None:
        return []
    names = [
        name
        for name, only_called in _free_names(node).items()
        if not only_called and name not in MODULES and not hasattr(builtins, name)
    ]
    if scope is None:
        return names
    confirmed = []
    for name in names:
        try:
            value = scope[name]
        except Exception:  # not defined in the learner's kernel, or unreadable
            continue
        if isinstance(value, np.ndarray | list | tuple | dict) or _is_number(value):
            confirmed.append(name)
    return confirmed


def size_literals(learner_code: str, function: str, sizes: Iterable[int]) -> list[tuple[int, int]]:
    """``(value, line)`` of each integer literal in ``function`` equal to one of ``sizes`` (not 0 or 1)."""
    node = _function_def(learner_code, function)
    wanted = {int(size) for size in sizes} - {0, 1}
    if node is None or not wanted:
        return []
    return sorted(
        (child.value, child.lineno)
        for child in ast.walk(node)
        if isinstance(child, ast.Constant) and type(child.value) is int and child.value in wanted
    )


# --------------------------------------------------------------------------- examples


def course_example() -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """The small fixed example the course's assignment uses: w (2, 1), b = 2, X (2, 3), Y (1, 3)."""
    w = np.array([[1.0], [2.0]])
    X = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]])
    Y = np.array([[1.0, 0.0, 1.0]])
    return w, 2.0, X, Y


def random_example(
    rng: np.random.Generator, *, n_x: tuple[int, int] = (3, 12), m: tuple[int, int] = (15, 40)
) -> tuple[np.ndarray, float, np.ndarray, np.ndarray]:
    """(w, b, X, Y) with n_x and m drawn from ``rng`` (never equal), values that keep σ away from 0 and 1.

    b is at least 0.2 away from 0 and Y holds both labels, so a missing + b or a
    wrong label can always be seen.
    """
    n = int(rng.integers(n_x[0], n_x[1] + 1))
    count = int(rng.integers(m[0], m[1] + 1))
    if count == n:
        count += 1
    w = rng.normal(0.0, 0.5, size=(n, 1))
    b = float(rng.choice([-1.0, 1.0]) * rng.uniform(0.2, 1.0))
    X = rng.normal(0.0, 1.0, size=(n, count))
    Y = (rng.random((1, count)) > 0.5).astype(np.float64)
    Y[0, 0], Y[0, 1] = 0.0, 1.0
    return w, b, X, Y


# --------------------------------------------------------------------------- calling the learner


@dataclass(frozen=True)
class Variant:
    """A typical mistake, as the reference called differently: if the learner's result equals
    ``reference(**arguments with overrides)``, ``message`` (a ``diagnose.*`` key) names it."""

    message: str
    overrides: Mapping[str, Any | Callable[[Mapping[str, Any]], Any]]


UPHILL = Variant("diagnose.uphill", {"learning_rate": lambda a: -a["learning_rate"]})
"""Gradient ascent: the update adds α·dw instead of subtracting it."""
WITHOUT_B = Variant("diagnose.without_b", {"b": 0.0})
"""z = wᵀx with the + b left out."""


def _parameters(reference: Callable[..., Any]) -> list[inspect.Parameter]:
    """The reference's positional parameters: their names name the learner's arguments too."""
    return [
        p
        for p in inspect.signature(reference).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]


def _describe(arguments: Mapping[str, Any]) -> str:
    parts = []
    for name, value in arguments.items():
        if isinstance(value, np.ndarray):
            parts.append(f"{name} {value.shape}")
        elif isinstance(value, int | np.integer) and not isinstance(value, bool):
            parts.append(f"{name} = {value}")
    return ", ".join(parts)


def _context(arguments: Mapping[str, Any]) -> dict[str, Any]:
    """m and b for naming a wrong value, read from arguments named in the course's notation."""
    context: dict[str, Any] = {"m": None, "b": None}
    for name in ("X", "X_train"):
        if isinstance(arguments.get(name), np.ndarray) and arguments[name].ndim == 2:
            context["m"] = arguments[name].shape[1]
            break
    if _is_number(arguments.get("b")):
        context["b"] = float(arguments["b"])
    return context


def _changed(before: Any, after: Any) -> bool:
    if isinstance(before, np.ndarray):
        same = isinstance(after, np.ndarray) and before.shape == after.shape
        return not (same and np.array_equal(before, after, equal_nan=True))
    return False


@dataclass(frozen=True)
class _Calls:
    """What ``compare_calls`` compares, and how it explains a difference."""

    name: str
    reference: Callable[..., Any]
    returns: str | Sequence[str]
    ignore: frozenset[str]
    learner_code: str | None
    scope: Mapping[str, Any] | None
    variants: Sequence[Variant]
    ignored: Mapping[str, Sequence[Any]]

    def problem(
        self, actual: Any, arguments: Mapping[str, Any], given: Mapping[str, Any] | None = None
    ) -> str | None:
        """What is wrong with ``actual`` as the result of these arguments, or None.

        ``given``: the arguments the learner's function was really called with,
        when ``arguments`` are a variant; a returned dict that echoes an argument
        (``d["learning_rate"]``) is expected to echo the one really given.
        """
        expected = self.reference(**arguments)
        if isinstance(expected, dict):
            echoed = given or {}
            expected = {
                key: echoed.get(key, value) for key, value in expected.items() if key not in self.ignore
            }
        context = _context(arguments)
        if isinstance(self.returns, str):
            if actual is None:
                return t("diagnose.returned_none", function=self.name)
            return diagnose(actual, expected, self.returns, **context)
        problem = _tuple_problem(actual, len(self.returns), self.returns, self.name)
        if problem:
            return problem
        parts = zip(actual, expected, self.returns, strict=True)
        return _first(diagnose(got, want, label, **context) for got, want, label in parts)

    def reads_globals(self, arguments: Mapping[str, Any], detail: str) -> str | None:
        """The function reads data from outside itself (confirmed in ``scope``): say so, then ``detail``."""
        if self.learner_code is None or self.scope is None:
            return None
        names = global_names(self.learner_code, self.name, self.scope)
        if not names:
            return None
        listed = t("diagnose.list_sep").join(f"`{name}`" for name in names)
        own = ", ".join(arguments)
        return t("diagnose.global", function=self.name, names=listed, arguments=own, detail=detail)

    def explain(self, actual: Any, arguments: Mapping[str, Any], problem: str) -> str | None:
        """The named mistake behind a wrong result, if one explains it."""
        global_read = self.reads_globals(arguments, problem)
        if global_read:
            return global_read
        for variant in self.variants:
            changed = dict(arguments)
            for key, value in variant.overrides.items():
                changed[key] = value(arguments) if callable(value) else value
            if self.problem(actual, changed, arguments) is None:
                return t(variant.message, function=self.name)
        for argument, stuck_at in self.ignored.items():
            if argument not in arguments:
                continue
            given = arguments[argument]
            for value in stuck_at:
                if given != value and self.problem(actual, {**arguments, argument: value}, arguments) is None:
                    shown = {"given": _short(given), "used": _short(value)}
                    return t("diagnose.ignored", function=self.name, argument=argument, **shown)
        return None

    def hard_coded(self, example: Mapping[str, Any], other: Mapping[str, Any], detail: str) -> str:
        """Right on the fixed example, wrong on another: name a size literal that matches the example."""
        sizes = [n for value in example.values() if isinstance(value, np.ndarray) for n in value.shape]
        sizes += [
            int(v) for v in example.values() if isinstance(v, int | np.integer) and not isinstance(v, bool)
        ]
        found = size_literals(self.learner_code, self.name, sizes) if self.learner_code else []
        literal = t("diagnose.literal", value=found[0][0], line=found[0][1]) if found else ""
        return t(
            "diagnose.hard_coded",
            example=_describe(example),
            other=_describe(other),
            literal=literal,
            detail=detail,
        )


def compare_calls(
    function: Callable[..., Any],
    reference: Callable[..., Any],
    cases: Sequence[Sequence[Any]],
    *,
    returns: str | Sequence[str],
    learner_code: str | None = None,
    scope: Mapping[str, Any] | None = None,
    variants: Sequence[Variant] = (),
    ignored: Mapping[str, Sequence[Any]] | None = None,
    ignore: Iterable[str] = (),
    unchanged: bool = True,
) -> list[Any]:
    """Call the learner's ``function`` and ``reference`` on each case; AssertionError names a mistake.

    ``cases`` are positional arguments, the first the lesson's fixed example and
    the rest random shapes (from the check's ``rng``). ``returns`` names the
    result: a label (``"d"``) or one per item of a returned tuple
    (``("grads", "cost")``). When a result is wrong the message says, in order of
    preference: the function reads a variable from outside it (``scope``, the
    check's ``globals()``, confirms the name holds data), it matches a
    ``Variant`` (a typical mistake), it ignores an argument (``ignored``:
    argument -> values it may be stuck at), it is right on the first case only
    (a hard-coded size), or what is wrong with the first wrong part. With
    ``unchanged`` a function that changes its array arguments in place fails
    even if its result is right. ``ignore`` lists keys of a returned dict the
    learner need not give. Returns the learner's results.
    """
    name = getattr(function, "__name__", "function")
    calls = _Calls(
        name, reference, returns, frozenset(ignore), learner_code, scope, tuple(variants), ignored or {}
    )
    parameters = [p.name for p in _parameters(reference)]
    example = dict(zip(parameters, cases[0], strict=False))
    results = []
    for index, case in enumerate(cases):
        arguments = dict(zip(parameters, case, strict=False))
        try:
            actual = function(*case)
        except Exception as error:
            if type(error).__name__ != "LearnerError":  # the judge's own: the check is broken
                raise
            explained = calls.reads_globals(arguments, str(error))
            if explained is None and index == 0:
                raise
            raise AssertionError(explained or calls.hard_coded(example, arguments, str(error))) from None
        problem = calls.problem(actual, arguments)
        if problem:
            explained = calls.explain(actual, arguments, problem)
            if explained is None and index > 0:
                explained = calls.hard_coded(example, arguments, problem)
            raise AssertionError(explained or problem)
        if unchanged:
            after = getattr(function, "last_args", ())
            for parameter, before, now in zip(parameters, case, after, strict=False):
                if _changed(before, now):
                    raise AssertionError(t("diagnose.changed_input", function=name, argument=parameter))
        results.append(actual)
    return results


def expect_solved(
    function: Callable[..., Any],
    reference: Callable[..., Any],
    cases: Sequence[Sequence[Any]],
    *,
    returns: str | Sequence[str],
) -> None:
    """For an exercise that builds on an earlier one: AssertionError if the learner's ``function``
    (from the exercise above) is not right yet, saying so before what is wrong with it."""
    try:
        compare_calls(function, reference, cases, returns=returns)
    except AssertionError as error:
        name = getattr(function, "__name__", "function")
        raise AssertionError(t("diagnose.fix_above", function=name, detail=error)) from None


# --------------------------------------------------------------------------- lesson cells


class NotSolvedYet(NameError):
    """A lesson cell needs a function the learner writes in an exercise above."""


def _course_examples() -> dict[str, tuple[Callable[..., Any], list[tuple[Any, ...]], str | tuple[str, ...]]]:
    """The course's functions a lesson cell may need from the learner: reference, examples, result."""
    from lessons import nn

    w, b, X, Y = course_example()
    X_test, Y_test = np.array([[0.5, -1.0], [1.0, -2.0]]), np.array([[1.0, 0.0]])
    return {
        "initialize_with_zeros": (nn.initialize_with_zeros, [(2,), (5,)], ("w", "b")),
        "propagate": (nn.propagate, [(w, b, X, Y)], ("grads", "cost")),
        "optimize": (nn.optimize, [(w, b, X, Y, 100, 0.009, False)], ("params", "grads", "costs")),
        "predict": (nn.predict, [(w, -9.5, X)], "Y_prediction"),
        "model": (nn.model, [(X, Y, X_test, Y_test, 150, 0.1, False)], "d"),
    }


def solve_first(*names: str, scope: Mapping[str, Any]) -> None:
    """In a lesson cell: NotSolvedYet unless each of ``names`` (functions the learner writes in the
    exercises above) is in ``scope`` (the cell's ``globals()``) and, for the course's own functions
    (``lessons.nn``), gives the reference's result on a small example."""
    examples = _course_examples()
    for name in names:
        if name not in scope:
            raise NotSolvedYet(t("diagnose.solve_first", name=name))
        if name not in examples:
            continue
        reference, cases, returns = examples[name]
        try:
            extras = ("train_accuracy", "test_accuracy")  # lessons.nn.model's, not the course's
            compare_calls(scope[name], reference, cases, returns=returns, ignore=extras, unchanged=False)
        except AssertionError as error:
            raise NotSolvedYet(t("diagnose.not_solved", name=name, detail=error)) from None
        except Exception as error:  # the learner's function raised
            detail = f"{type(error).__name__}: {error}"
            raise NotSolvedYet(t("diagnose.not_solved", name=name, detail=detail)) from None


def run_first(*names: str, scope: Mapping[str, Any]) -> None:
    """In a lesson cell: NotSolvedYet naming the first of ``names`` (made by cells above) missing."""
    for name in names:
        if name not in scope:
            raise NotSolvedYet(t("diagnose.run_first", name=name))
