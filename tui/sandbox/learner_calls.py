"""The learner's side of grading: read a name, or call a function, in a lesson's namespace.

The judge (``tui.sandbox.judge``) runs an exercise's checks in a clean process and
reaches the learner's variables and functions only through these two kernel
functions, by value: arguments and results travel as data (``tui.sandbox.values``),
so each call gets its own copy of the inputs and nothing the learner's code does
can reach the judge's objects.
"""

from __future__ import annotations

import inspect
from typing import Any

from tui.sandbox.calls import CallContext, kernel_function
from tui.sandbox.values import decode, encode


@kernel_function("learner.get")
def get(context: CallContext, name: str) -> dict[str, Any]:
    """``{"value": ...}``, ``{"function": signature}`` for something callable, or ``{"missing": True}``."""
    if name not in context.namespace:
        return {"missing": True}
    value = context.namespace[name]
    if callable(value):
        return {"function": _signature(name, value)}
    return {"value": encode(value)}


@kernel_function("learner.call")
def call(context: CallContext, name: str, args: Any, kwargs: Any) -> dict[str, Any]:
    """Call the learner's ``name(*args, **kwargs)``; the result, and the arguments as they are after the call.

    The arguments come back so a check can tell whether the function changed the
    caller's arrays in place.
    """
    function = context.namespace.get(name)
    if not callable(function):
        raise TypeError(f"{name} is not a function")
    positional, keywords = decode(args), decode(kwargs)
    if not isinstance(positional, list) or not isinstance(keywords, dict):
        raise TypeError("malformed arguments")
    result = function(*positional, **keywords)
    return {"result": encode(result), "args": encode(positional), "kwargs": encode(keywords)}


def _signature(name: str, function: Any) -> str:
    try:
        return f"{name}{inspect.signature(function)}"
    except (TypeError, ValueError):
        return f"{name}(...)"
