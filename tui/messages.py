"""Messages between widgets that need the kernel and the app that owns it.

A lesson widget never imports NumPy or touches the kernel: it posts a
`KernelCall` naming a kernel function (``tui.sandbox.calls``) and its JSON
arguments; the app puts it on the run queue (``tui.runs``), whose events come
back to the widget that asked as `RunUpdate` messages, like a cell's.
Messages carry data, never callbacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message
from textual.widget import Widget

from tui.runs import RunEvent


@dataclass
class KernelCall(Message):
    """Call ``function`` with ``arguments`` in the kernel, for ``requester``.

    ``serial`` tells the requester's replies apart (a newer call makes older ones stale).
    """

    requester: Widget
    function: str
    arguments: dict[str, Any] = field(default_factory=dict)
    serial: int = 0
    timeout: float | None = None


@dataclass
class KernelCallCancel(Message):
    """Stop ``requester``'s call ``serial`` if it is running, or drop it if it waits."""

    requester: Widget
    serial: int


@dataclass
class RunUpdate(Message, bubble=False):
    """Something happened to a job this widget (a cell, an exercise, a lesson widget) asked for."""

    event: RunEvent
