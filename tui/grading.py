"""Grade an exercise in the kernel: run the learner's code, then every hidden check.

All checks run in one kernel round trip. Each gets a copy of the lesson's
namespace (so a check's scratch variables cannot leak into the learner's) and
its own verdict: passed, or failed with a sentence the learner can act on — the
assertion's message when it has one, otherwise the check's description.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from lessons import Exercise
from tui.i18n import t
from tui.kernel import CellResult, Event, Kernel

REPORT_MARKER = "@@nn-basics-check-report@@"
"""Prefix of the one line the check program prints; learner prints are captured apart."""

Verdict = Literal["passed", "failed", "error"]


@dataclass(frozen=True)
class CheckOutcome:
    description: str
    passed: bool
    message: str


@dataclass(frozen=True)
class Grade:
    """``error`` means the learner's code itself did not run (see ``result``)."""

    verdict: Verdict
    result: CellResult
    outcomes: tuple[CheckOutcome, ...] = ()

    @property
    def first_failure(self) -> CheckOutcome | None:
        return next((outcome for outcome in self.outcomes if not outcome.passed), None)


def check_program(exercise: Exercise) -> str:
    """Python source that runs ``exercise``'s checks and prints one JSON report line."""
    checks = [(check.description, check.code) for check in exercise.checks]
    return f"""\
def __nn_basics_checks(checks):
    import contextlib, io, json
    outcomes = []
    for description, source in checks:
        scope = dict(globals())
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                exec(compile(source, "<check>", "exec"), scope)
        except AssertionError as error:
            outcomes.append([description, False, str(error) or description])
        except Exception as error:
            outcomes.append([description, False, f"{{description}}: {{type(error).__name__}}: {{error}}"])
        else:
            outcomes.append([description, True, ""])
    print({REPORT_MARKER!r} + json.dumps(outcomes))
try:
    __nn_basics_checks({checks!r})
finally:
    del __nn_basics_checks
"""


def parse_report(stdout: str) -> tuple[CheckOutcome, ...] | None:
    """The outcomes from the check program's output, or None if it printed no report."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(REPORT_MARKER):
            try:
                rows = json.loads(line[len(REPORT_MARKER) :])
                return tuple(CheckOutcome(str(d), bool(p), str(m)) for d, p, m in rows)
            except (ValueError, TypeError):
                return None
    return None


async def grade(
    kernel: Kernel,
    exercise: Exercise,
    code: str,
    namespace: str,
    *,
    on_event: Callable[[Event], None] | None = None,
) -> Grade:
    """Run ``code`` then the checks; the learner's output streams through ``on_event``."""
    result = await kernel.run(code, namespace=namespace, timeout=exercise.timeout, on_event=on_event)
    if result.status != "ok":
        return Grade("error", result)
    report = await kernel.run(check_program(exercise), namespace=namespace, timeout=exercise.timeout)
    outcomes = parse_report(report.stdout) if report.status == "ok" else None
    if outcomes is None:
        failed = replace(
            result,
            status=report.status,
            error=report.error or t("exercise.checks_broken"),
            notes=[*result.notes, *report.notes],
            cancelled=report.cancelled,
        )
        return Grade("error", failed)
    verdict: Verdict = "passed" if all(outcome.passed for outcome in outcomes) else "failed"
    return Grade(verdict, result, outcomes)
