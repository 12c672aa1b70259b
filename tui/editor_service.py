"""The editor's questions to the kernel: completions, help on a name, a lesson's arrays.

An editor posts an `EditorCall` (data only, like `KernelCall`); the app hands it
to the `EditorService`, which calls the kernel function of that name
(``tui.sandbox.editor_calls``) in the open lesson's namespace and posts the
answer back to the editor as an `EditorReply`. Unlike a widget's `KernelCall`,
it does not queue behind a running cell: while one runs (or the kernel is
starting) the answer is "busy" at once, and the editor falls back to the names
it can read in the lesson's code.

The names an object offers (``editor.names``) are kept per lesson until code
runs in that lesson again (the app calls `forget`), so completing ``np.`` a
second time costs no trip to the kernel, and works while a cell runs.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from textual.message import Message
from textual.widget import Widget

CALL_TIMEOUT = 1.0
"""Seconds an answer may take before the editor stops waiting for it."""

Status = Literal["ok", "busy", "unavailable", "failed"]


@dataclass(frozen=True)
class Reply:
    """What came back: ``value`` is the kernel function's JSON result when ``status`` is "ok"."""

    status: Status
    value: dict[str, Any] = field(default_factory=dict)


class KernelCaller(Protocol):
    """Calls a kernel function by name in a lesson's namespace."""

    def __call__(self, function: str, arguments: dict[str, Any], namespace: str) -> Awaitable[Reply]: ...


@dataclass
class EditorCall(Message):
    """Ask the kernel function ``function`` about the open lesson, for ``requester``.

    ``earlier`` is filled in on the way up by the lesson the editor sits in: the
    code of the cells above it, for names that exist before those cells have run.
    """

    requester: Widget
    function: str
    arguments: dict[str, Any]
    serial: int
    earlier: list[str] = field(default_factory=list)


@dataclass
class EditorReply(Message, bubble=False):
    """The answer to the requester's call ``serial`` (``earlier`` as the lesson filled it in)."""

    serial: int
    reply: Reply
    earlier: list[str]


class EditorService:
    """Calls editor functions in the kernel, or answers "busy" / "unavailable" without waiting."""

    def __init__(self, call: KernelCaller | None, busy: Callable[[], bool]) -> None:
        self._call = call
        self._busy = busy
        self._names: dict[tuple[str, str], Reply] = {}
        """(lesson namespace, dotted chain) -> the kernel's answer to ``editor.names``."""

    def forget(self, namespace: str | None = None) -> None:
        """Code ran in ``namespace`` (None: the kernel restarted): its names may have changed."""
        if namespace is None:
            self._names.clear()
        else:
            self._names = {key: reply for key, reply in self._names.items() if key[0] != namespace}

    async def ask(self, function: str, namespace: str, **arguments: Any) -> Reply:
        key = (namespace, str(arguments.get("chain", "")))
        if function == "editor.names" and key in self._names:
            return self._names[key]
        if self._call is None:
            return Reply("unavailable")
        if self._busy():
            return Reply("busy")
        try:
            reply = await asyncio.wait_for(self._call(function, arguments, namespace), CALL_TIMEOUT * 2)
        except TimeoutError:
            return Reply("failed")
        if function == "editor.names" and reply.status == "ok":
            self._names[key] = reply
        return reply

    async def serve(self, call: EditorCall, namespace: str | None) -> None:
        """Answer ``call`` for the lesson ``namespace`` (None: no lesson is open)."""
        if namespace is None:
            reply = Reply("unavailable")
        else:
            reply = await self.ask(call.function, namespace, **call.arguments)
        if call.requester.is_attached:
            call.requester.post_message(EditorReply(call.serial, reply, call.earlier))


def kernel_caller(kernel: Callable[[], Any]) -> KernelCaller:
    """``Kernel.call`` as a `KernelCaller` (the result's JSON value, or why there is none).

    ``kernel`` returns the kernel: the app makes its kernel when first needed."""

    async def call(function: str, arguments: dict[str, Any], namespace: str) -> Reply:
        result = await kernel().call(function, arguments, namespace=namespace, timeout=CALL_TIMEOUT)
        if result.status == "ok" and isinstance(result.value, dict):
            return Reply("ok", result.value)
        return Reply("failed")

    return call
