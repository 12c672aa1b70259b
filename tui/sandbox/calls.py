"""Kernel functions: computations the UI asks for by name, with data in and data out.

The UI never sends Python source to the kernel except the learner's own cells.
Everything else (a widget's numbers, completion, grading) is a function defined
here in the child, registered under a dotted name and called with a ``call``
message whose arguments and result are plain JSON data::

    @kernel_function("widgets.broadcast")
    def broadcast(context: CallContext, a: list[int], b: list[int]) -> dict[str, Any]:
        ...

The part of the name before the dot says which module defines it (``MODULES``),
so a process imports only the functions it is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Namespace = dict[str, Any]


@dataclass(frozen=True)
class CallContext:
    """What a kernel function may use besides its arguments.

    ``namespace`` is the lesson namespace named in the call (the learner's
    variables), or a private one for calls that name none. ``ask`` sends a
    request to the parent and blocks until it answers (grading uses it to reach
    the learner's kernel from the judge).
    """

    namespace: Namespace
    ask: Callable[[dict[str, Any]], Any]


KernelFunction = Callable[..., Any]
"""``function(context, **arguments)`` returning JSON-able data."""

MODULES: dict[str, str] = {
    "widgets": "tui.sandbox.widget_calls",
    "learner": "tui.sandbox.learner_calls",
    "judge": "tui.sandbox.judge",
    "editor": "tui.sandbox.editor_calls",
}
"""Name prefix -> the module whose ``@kernel_function``s have that prefix."""

_registry: dict[str, KernelFunction] = {}


class UnknownFunction(LookupError):
    """The parent asked for a function no module defines."""


def kernel_function(name: str) -> Callable[[KernelFunction], KernelFunction]:
    """Register ``function`` under ``name`` (``prefix.name``; the prefix must be in MODULES)."""
    prefix = name.partition(".")[0]
    if prefix not in MODULES:
        raise ValueError(f"kernel function {name!r}: its prefix {prefix!r} is not in MODULES")

    def register(function: KernelFunction) -> KernelFunction:
        _registry[name] = function
        return function

    return register


def lookup(name: str) -> KernelFunction:
    """The function registered as ``name``, importing its module on first use."""
    if name not in _registry:
        module = MODULES.get(name.partition(".")[0])
        if module is None:
            raise UnknownFunction(name)
        importlib.import_module(module)
    try:
        return _registry[name]
    except KeyError:
        raise UnknownFunction(name) from None
