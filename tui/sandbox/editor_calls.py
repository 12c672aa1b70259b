"""Kernel-side help for the editor: completions, help on a name, and the arrays of a lesson.

Registered as kernel functions ``editor.complete``, ``editor.describe`` and
``editor.shapes`` (``tui.sandbox.calls``), called in a lesson's namespace. Each
works on that live namespace (the dict its cells run in) and returns plain
JSON-able data; ``complete``, ``describe`` and ``shapes`` take the namespace
itself, so they can be tested without a kernel. They look things up with
``dir``, ``getattr`` and ``inspect`` only: no code is evaluated, no call is
made, and no analysis library is imported (the kernel stays small). Resolving
``a.T`` does run an attribute lookup, as ``rlcompleter`` does; a property that
misbehaves only costs its own completion.
"""

from __future__ import annotations

import builtins
import inspect
import keyword
import re
import sys
from typing import Any

from tui.sandbox.calls import CallContext, kernel_function
from tui.sandbox.completion_target import completion_target, fits, name_at

MAX_ITEMS = 200
"""At most this many completions are sent (the list shows a handful at a time)."""

MAX_NAMES = 5000
"""At most this many names of one object are sent (``dir(np)`` has about 600)."""

MAX_DOC = 800
"""Characters of a docstring's first paragraph sent for the help panel."""

_HEADING = re.compile(r"[^\n]*\n[=\-~^]{3,}")
"""A reStructuredText title and its underline (NumPy's module docstring starts with one)."""

HIDDEN = frozenset({"__name__", "__builtins__"})
"""Namespace entries that are machinery, not the learner's names."""

Namespace = dict[str, Any]


def names(namespace: Namespace, *, chain: str) -> dict[str, Any]:
    """Every name that can follow ``chain`` (``np``, ``w.T``; "" for the namespace itself).

    Returns ``{"found": True, "items": [["zeros", "function"], ...], "own": 0}``,
    private names included (the asker filters): for "" the learner's own names
    first (``own`` of them, sorted), then builtins and keywords; for a chain,
    ``dir()`` of what it names, sorted. ``found`` is False for an unknown chain.
    """
    if chain:
        found, owner = resolve(namespace, chain)
        if not found:
            return {"found": False, "items": [], "own": 0}
        return {
            "found": True,
            "items": [[n, _kind(_lookup(owner, n))] for n in _attributes(owner)[:MAX_NAMES]],
            "own": 0,
        }
    own = sorted(name for name in namespace if name not in HIDDEN)
    items = [[name, _kind(namespace[name])] for name in own]
    seen = set(own)
    items += [[name, _kind(getattr(builtins, name, None))] for name in dir(builtins) if name not in seen]
    items += [[name, "keyword"] for name in keyword.kwlist if name not in seen]
    return {"found": True, "items": items[:MAX_NAMES], "own": len(own)}


def complete(namespace: Namespace, *, code: str, line: int, column: int) -> dict[str, Any]:
    """Names that complete the word left of the cursor (``line`` and ``column`` count from 0).

    Returns ``{"prefix": "zeros_l", "items": [["zeros_like", "function"], ...], "own": 0}``:
    the part being replaced, the candidates, and how many of the first ones are
    the learner's own names (then come builtins and keywords). ``items`` is empty
    when nothing fits or there is nothing to complete there.
    """
    target = completion_target(_line(code, line)[:column])
    if target is None:
        return {"prefix": "", "items": [], "own": 0}
    every = names(namespace, chain=target.chain)
    own = sum(1 for name, _ in every["items"][: every["own"]] if fits(name, target.prefix))
    items = [item for item in every["items"] if fits(item[0], target.prefix)]
    return {"prefix": target.prefix, "items": items[:MAX_ITEMS], "own": own}


def describe(namespace: Namespace, *, code: str, line: int, column: int) -> dict[str, Any]:
    """Help on the name under the cursor: its signature and the first paragraph of its docstring.

    Returns ``{"name": "np.zeros", "found": True, "kind": "function", "signature":
    "zeros(shape, dtype=float, order='C', *, like=None)", "doc": "Return a new
    array ...", "summary": ""}``; for an array, ``summary`` holds its shape and
    dtype and ``doc`` is empty. ``found`` is False (and ``name`` may be "") when
    there is no name there or it is not defined (yet).
    """
    name = name_at(_line(code, line), column)
    if name is None:
        return {"name": "", "found": False}
    found, value = resolve(namespace, name)
    if not found:
        return {"name": name, "found": False}
    kind = _kind(value)
    answer: dict[str, Any] = {
        "name": name,
        "found": True,
        "kind": kind,
        "signature": "",
        "doc": "",
        "summary": "",
    }
    if kind == "module":
        answer["summary"] = f"module {value.__name__}"
        answer["doc"] = _first_paragraph(inspect.getdoc(value) or "", "")
    elif kind in ("function", "class"):
        answer["signature"] = _signature(value, name)
        answer["doc"] = _first_paragraph(inspect.getdoc(value) or "", answer["signature"])
    else:
        answer["summary"] = _summary(value)
    return answer


def shapes(namespace: Namespace) -> dict[str, Any]:
    """Every NumPy array among the learner's names: ``{"arrays": [{"name", "shape", "dtype"}]}``.

    In the order the names were first assigned; names starting with ``_`` are left out.
    """
    ndarray = _ndarray()
    arrays = []
    if ndarray is not None:
        for name, value in list(namespace.items()):
            if not name.startswith("_") and isinstance(value, ndarray):
                arrays.append(
                    {"name": name, "shape": [int(size) for size in value.shape], "dtype": str(value.dtype)}
                )
    return {"arrays": arrays}


def resolve(namespace: Namespace, chain: str) -> tuple[bool, Any]:
    """Look up a dotted name (``np.linalg.norm``) with getattr only: (found, value)."""
    first, *rest = chain.split(".")
    if first in namespace:
        value = namespace[first]
    elif hasattr(builtins, first):
        value = getattr(builtins, first)
    else:
        return False, None
    for part in rest:
        try:
            value = getattr(value, part)
        except Exception:  # a property may raise anything
            return False, None
    return True, value


def _line(code: str, line: int) -> str:
    lines = code.split("\n")
    return lines[line] if 0 <= line < len(lines) else ""


def _attributes(owner: Any) -> list[str]:
    try:
        return sorted(dir(owner))
    except Exception:  # a learner's __dir__ may raise
        return []


def _lookup(owner: Any, name: str) -> Any:
    try:
        return inspect.getattr_static(owner, name)
    except AttributeError:
        return None


def _kind(value: Any) -> str:
    """A one-word kind for the list: module, class, function, array, or value."""
    if inspect.ismodule(value):
        return "module"
    if inspect.isclass(value):
        return "class"
    if callable(value) or isinstance(value, (staticmethod, classmethod)):
        return "function"
    ndarray = _ndarray()
    return "array" if ndarray is not None and isinstance(value, ndarray) else "value"


def _ndarray() -> type[Any] | None:
    """NumPy's array type if NumPy is loaded (the kernel loads it; this module never does)."""
    numpy = sys.modules.get("numpy")
    return getattr(numpy, "ndarray", None)


def _signature(value: Any, name: str) -> str:
    short = name.rsplit(".", 1)[-1]
    try:
        return f"{short}{inspect.signature(value)}"
    except (TypeError, ValueError):
        pass
    doc = inspect.getdoc(value) or ""
    first = doc.split("\n", 1)[0].strip()
    if first.startswith(f"{short}(") and first.endswith(")"):
        return first  # NumPy's C functions say their signature on the docstring's first line
    return f"{short}(...)" if callable(value) and not inspect.ismodule(value) else short


def _first_paragraph(doc: str, signature: str) -> str:
    """The docstring's first paragraph, without a repeated signature line."""
    paragraphs = [part.strip() for part in doc.strip().split("\n\n") if part.strip()]
    if paragraphs and signature and paragraphs[0].startswith(signature.split("(", 1)[0] + "("):
        paragraphs = paragraphs[1:]
    paragraphs = [part for part in paragraphs if not _HEADING.fullmatch(part)]
    text = " ".join(paragraphs[0].split()) if paragraphs else ""
    return text if len(text) <= MAX_DOC else text[: MAX_DOC - 1] + "…"


def _summary(value: Any) -> str:
    """What a value is, in one line: an array's shape and dtype, else its type and repr."""
    ndarray = _ndarray()
    if ndarray is not None and isinstance(value, ndarray):
        return f"ndarray shape={tuple(int(n) for n in value.shape)} dtype={value.dtype}"
    try:
        text = repr(value)
    except Exception:
        text = "?"
    text = " ".join(text.split())
    if len(text) > 120:
        text = text[:119] + "…"
    return f"{type(value).__name__}: {text}"


# -- as kernel functions ----------------------------------------------------------------


@kernel_function("editor.complete")
def complete_call(context: CallContext, code: str, line: int, column: int) -> dict[str, Any]:
    return complete(context.namespace, code=str(code), line=int(line), column=int(column))


@kernel_function("editor.describe")
def describe_call(context: CallContext, code: str, line: int, column: int) -> dict[str, Any]:
    return describe(context.namespace, code=str(code), line=int(line), column=int(column))


@kernel_function("editor.shapes")
def shapes_call(context: CallContext) -> dict[str, Any]:
    return shapes(context.namespace)


@kernel_function("editor.names")
def names_call(context: CallContext, chain: str) -> dict[str, Any]:
    return names(context.namespace, chain=str(chain))
