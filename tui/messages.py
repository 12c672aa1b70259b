"""Messages that cross the widget tree, for widgets that need the kernel.

A lesson widget never imports NumPy or touches the kernel: it posts a
`KernelRequest` with the code to run, and the app runs it (in a worker, in the
widgets' own namespace) and calls back with the result.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message

from tui.kernel import CellResult, OutputEvent, PlotEvent

WIDGET_NAMESPACE = "__widgets__"
"""Kernel namespace for widget computations, apart from every lesson's variables."""


class KernelRequest(Message):
    """Run ``code`` in the kernel; ``on_result`` gets the CellResult on the event loop."""

    def __init__(
        self,
        code: str,
        on_result: Callable[[CellResult], None],
        *,
        namespace: str = WIDGET_NAMESPACE,
        timeout: float | None = None,
        on_event: Callable[[OutputEvent | PlotEvent], None] | None = None,
    ) -> None:
        super().__init__()
        self.code = code
        self.on_result = on_result
        self.namespace = namespace
        self.timeout = timeout
        self.on_event = on_event
