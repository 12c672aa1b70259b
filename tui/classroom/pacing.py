"""When a student's record goes out: what matters at once, the rest at a calm pace.

A teacher needs to see a raised hand, a lesson change or a failed check within a
second; they do not need every keystroke of the code, nor the last key's time
to the second (idle means three minutes without one). So a changed record is
published at once if anything but the code and the last key changed; otherwise
changed code waits until CODE_EVERY seconds have passed since the last
publication, and a newer last key until ACTIVITY_EVERY have. A student who
types for an hour causes one write every few seconds; one who does nothing
causes none.

The app and the classroom benchmark's simulated students use the same Pacer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from tui.classroom.records import Record

CODE_EVERY = 5.0
"""Edited code is published at most this often (seconds)."""

ACTIVITY_EVERY = 20.0
"""The time of the last key is published at most this often (seconds)."""


def essential(record: Record) -> Record:
    """What must reach the teacher at once: all but the code, the last key and the write time."""
    return replace(record, code="", last_active=None, updated=None)


@dataclass
class Pacer:
    code_every: float = CODE_EVERY
    activity_every: float = ACTIVITY_EVERY
    last: Record | None = None
    last_at: float = -math.inf

    def wait(self, record: Record, now: float) -> float | None:
        """Seconds until ``record`` should be published (0: now), or None if it says nothing new."""
        last = self.last
        if last is None or essential(record) != essential(last):
            return 0.0
        waits = []
        if record.code != last.code:
            waits.append(self.code_every)
        if record.last_active != last.last_active:
            waits.append(self.activity_every)
        if not waits:
            return None
        return max(0.0, min(waits) - (now - self.last_at))

    def published(self, record: Record, now: float) -> None:
        self.last, self.last_at = record, now
