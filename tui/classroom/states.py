"""Working, idle, stuck or gone: computed when a record is read, not when it is written.

A session publishes facts (its last key, the exercise it is on, since when without
progress, failed checks in a row), and whoever reads them decides the state at
that moment. So a student who stops typing becomes "idle" three minutes later
without their session writing anything, and a stale record cannot claim to be
"working" forever.
"""

from __future__ import annotations

from tui.classroom.records import Record

IDLE_AFTER = 180.0
"""Seconds without a key before a student counts as idle."""

STUCK_FAILS = 5
"""Failed checks of one exercise in a row, without progress, that make a student stuck."""

STUCK_AFTER = 600.0
"""Seconds in one exercise without progress that make a student stuck."""

STATES = ("working", "idle", "stuck", "gone")

ATTENTION = {"stuck": 0, "working": 1, "idle": 2, "gone": 3}
"""After raised hands, the order a teacher wants to look at students in."""


def state_of(record: Record | None, alive: bool, now: float) -> str:
    """The state of a student whose session is ``alive`` (or not) and who published ``record``.

    Gone beats everything (nobody is there); stuck beats idle (sitting for ten
    minutes in front of an exercise one cannot solve is being stuck, not idle).
    """
    if not alive:
        return "gone"
    if record is None:
        return "working"
    exercise = record.exercise
    if (
        exercise is not None
        and not exercise.solved
        and (exercise.fails >= STUCK_FAILS or now - exercise.since >= STUCK_AFTER)
    ):
        return "stuck"
    active = record.last_active if record.last_active is not None else record.started
    if active is not None and now - active >= IDLE_AFTER:
        return "idle"
    return "working"
