"""The judge: runs an exercise's checks in a clean kernel process where no learner code runs.

A verdict the learner's own process computed could be forged: their code can
replace ``print``, ``json``, ``np.allclose`` or ``AssertionError`` there. So the
app starts a second kernel, the judge, and runs the lesson's checks in it. A
check reads the learner's names as if they were its own globals::

    out = propagate(w, b, X, Y)          # runs in the learner's kernel
    assert np.allclose(out[0]["dw"], ref)   # compared here, with the judge's NumPy

Each learner name is fetched on first use through the parent (``context.ask``):
values arrive as copies, functions as ``LearnerFunction`` proxies whose calls send
copies of their arguments to the learner's kernel and bring back copies of the
result (``tui.sandbox.values``). Every check starts from fresh copies, so learner
code that changes its inputs cannot change what a later check sees.

Names a check may use besides the learner's: ``np``, ``learner_code`` (the
exercise's code as the learner typed it, for checks that read it, e.g. "no
loops"), ``seed`` and ``rng`` (``np.random.default_rng(seed)``: a new seed per
grading, shown in a failure so it can be reproduced).
"""

from __future__ import annotations

import builtins
import contextlib
import io
import re
from collections.abc import Callable
from typing import Any

import numpy as np

from tui.i18n import t
from tui.sandbox.calls import CallContext, kernel_function
from tui.sandbox.values import decode, encode

Ask = Callable[[dict[str, Any]], Any]

ERROR_LINES = 8
"""Lines of a learner function's traceback a failed check shows."""

UNDEFINED = re.compile(r"NameError: name '(\w+)' is not defined")
"""The last line of a traceback when a learner's function uses a name nothing defined."""


class LearnerError(Exception):
    """The learner's kernel could not answer: their function raised, timed out, or crashed."""


class LearnerFunction:
    """A learner's function, called by value in their kernel.

    ``last_args`` and ``last_kwargs`` hold the arguments as they were after the
    latest call, so a check can tell whether the function changed them in place.
    """

    def __init__(self, ask: Ask, name: str, signature: str) -> None:
        self._ask = ask
        self.__name__ = name
        self.signature = signature
        self.last_args: tuple[Any, ...] = ()
        self.last_kwargs: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"<your function {self.signature}>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        arguments = {"name": self.__name__, "args": encode(list(args)), "kwargs": encode(kwargs)}
        value = _answer(self._ask({"fn": "learner.call", "args": arguments}), self.__name__)
        try:
            self.last_args = tuple(decode(value["args"]))
            self.last_kwargs = decode(value["kwargs"])
            return decode(value["result"])
        except (KeyError, TypeError, ValueError) as error:
            raise LearnerError(t("judge.unreadable", name=self.__name__, error=error)) from None


class CheckScope(dict[str, Any]):
    """The globals of one check: the judge's own names, and the learner's fetched on first use."""

    def __init__(self, ask: Ask, learner_code: str, seed: int) -> None:
        super().__init__(__builtins__=builtins, __name__="__check__", np=np, learner_code=learner_code)
        self._ask = ask
        self._seed = seed
        self.random_used = False

    def __missing__(self, name: str) -> Any:
        if name in ("seed", "rng"):
            self.random_used = True
            self["seed"], self["rng"] = self._seed, np.random.default_rng(self._seed)
            return self[name]
        if hasattr(builtins, name):
            return getattr(builtins, name)
        reply = _answer(self._ask({"fn": "learner.get", "args": {"name": name}}), name)
        if not isinstance(reply, dict) or reply.get("missing"):
            raise NameError(t("judge.not_defined", name=name))
        if "function" in reply:
            value: Any = LearnerFunction(self._ask, name, str(reply["function"])[:200])
        else:
            try:
                value = decode(reply.get("value"))
            except ValueError as error:
                raise LearnerError(t("judge.unreadable", name=name, error=error)) from None
        self[name] = value
        return value


def _answer(reply: Any, name: str) -> Any:
    """The value of a request's answer, or LearnerError saying in words why there is none."""
    if not isinstance(reply, dict):
        raise LearnerError(t("judge.no_answer", name=name))
    status = reply.get("status")
    if status == "ok":
        return reply.get("value")
    error = str(reply.get("error") or "")
    if status == "timeout":
        raise LearnerError(t("judge.too_slow", name=name))
    if status == "crashed":
        raise LearnerError(t("judge.crashed", name=name, error=error.strip()))
    lines = _last_frames(error.strip().splitlines())
    missing = UNDEFINED.fullmatch(lines[-1]) if lines else None
    if missing:  # their function uses a name no code above defines (or not yet, after a restart)
        raise LearnerError(t("judge.uses_undefined", name=name, missing=missing.group(1)))
    raise LearnerError(t("judge.raised", name=name, error="\n".join(lines)))


def _last_frames(lines: list[str]) -> list[str]:
    """The end of a traceback, at most ``ERROR_LINES`` lines, starting at a frame's ``File`` line
    (not halfway through one, with a lone row of ``^^^`` at the top) when one fits."""
    tail = lines[-ERROR_LINES:]
    if len(lines) <= ERROR_LINES:
        return tail
    starts = [i for i, line in enumerate(tail) if line.lstrip().startswith("File ")]
    return tail[starts[0] :] if starts else tail


@kernel_function("judge.run_checks")
def run_checks(context: CallContext, checks: list[list[str]], learner_code: str, seed: int) -> dict[str, Any]:
    """Run each (description, source) check; one outcome per check, passed or with what to fix."""
    outcomes = []
    for description, source in checks:
        scope = CheckScope(context.ask, learner_code, seed)
        message = ""
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                exec(compile(source, "<check>", "exec"), scope)
        except AssertionError as error:
            message = str(error) or description
        except (LearnerError, NameError) as error:
            message = str(error)
        except Exception as error:
            message = t(
                "judge.check_error", description=description, error=f"{type(error).__name__}: {error}"
            )
        if message and scope.random_used:
            message += t("judge.seed", seed=seed)
        outcomes.append({"description": description, "passed": not message, "message": message})
    return {"outcomes": outcomes}
