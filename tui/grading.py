"""Grade an exercise: run the learner's code in their kernel, then the checks in the judge.

The verdict must not be forgeable by the code it grades, so it is never computed
where that code runs. The learner's kernel runs their code; the judge, a second
kernel process where no learner code ever runs (``tui.sandbox.judge``), runs the
lesson's checks and reaches the learner's names only through requests this
module forwards to the learner's kernel (``learner.get``, ``learner.call``):
data in, data out. Checks get a fresh random ``seed`` per grading, shown in a
failure so the same inputs can be tried again (``grade(..., seed=N)``).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from lessons import Exercise
from tui.i18n import t
from tui.kernel import CellResult, Event, Kernel

Verdict = Literal["passed", "failed", "error"]

FORWARDED = frozenset({"learner.get", "learner.call"})
"""The only kernel functions the judge may have called in the learner's kernel."""

JUDGE_MARGIN = 10.0
"""Seconds the judge gets beyond its checks' own time limits (it starts NumPy first)."""


@dataclass(frozen=True)
class CheckOutcome:
    description: str
    passed: bool
    message: str


@dataclass(frozen=True)
class Grade:
    """``error`` means the learner's code itself did not run, or the checks could not (see ``result``)."""

    verdict: Verdict
    result: CellResult
    outcomes: tuple[CheckOutcome, ...] = ()
    seed: int | None = None

    @property
    def first_failure(self) -> CheckOutcome | None:
        return next((outcome for outcome in self.outcomes if not outcome.passed), None)


async def grade(
    kernel: Kernel,
    judge: Kernel,
    exercise: Exercise,
    code: str,
    namespace: str,
    *,
    on_event: Callable[[Event], None] | None = None,
    seed: int | None = None,
) -> Grade:
    """Run ``code`` (its output streams through ``on_event``), then the checks in ``judge``."""
    result = await kernel.run(code, namespace=namespace, timeout=exercise.timeout, on_event=on_event)
    if result.status != "ok":
        return Grade("error", result)
    seed = random.randrange(1, 1_000_000) if seed is None else seed

    async def forward(request: dict[str, Any]) -> dict[str, Any]:
        function, arguments = request.get("fn"), request.get("args")
        if function not in FORWARDED or not isinstance(arguments, dict):
            return {"status": "error", "error": "not a request the judge may make"}
        answer = await kernel.call(function, arguments, namespace=namespace, timeout=exercise.timeout)
        return {"status": answer.status, "value": answer.value, "error": answer.error}

    checks = [[check.description, check.code] for check in exercise.checks]
    limit = kernel.timeout if exercise.timeout is None else exercise.timeout
    report = await judge.call(
        "judge.run_checks",
        {"checks": checks, "learner_code": code, "seed": seed},
        timeout=limit * (len(checks) + 1) + JUDGE_MARGIN,
        on_request=forward,
    )
    outcomes = _outcomes(report.value) if report.status == "ok" else None
    if outcomes is None:
        failed = replace(
            result,
            status=report.status if report.status != "ok" else "error",
            error=report.error or t("exercise.checks_broken"),
            notes=[*result.notes, *report.notes],
            cancelled=report.cancelled,
        )
        return Grade("error", failed, seed=seed)
    verdict: Verdict = "passed" if outcomes and all(outcome.passed for outcome in outcomes) else "failed"
    return Grade(verdict, result, outcomes, seed)


def _outcomes(value: Any) -> tuple[CheckOutcome, ...] | None:
    """The judge's report as outcomes, or None if it is not one (the judge is trusted, but checked)."""
    rows = value.get("outcomes") if isinstance(value, dict) else None
    if not isinstance(rows, list):
        return None
    outcomes = []
    for row in rows:
        if not isinstance(row, dict):
            return None
        outcomes.append(
            CheckOutcome(str(row.get("description")), row.get("passed") is True, str(row.get("message")))
        )
    return tuple(outcomes)
