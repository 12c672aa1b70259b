"""The JSON-lines protocol between the kernel (parent) and the sandbox (child).

Both sides import this module, so it stays pure standard library and NumPy-free.
One message per line, ASCII-only JSON (``ensure_ascii``), so lone surrogates and
any bytes learner code prints survive the trip and are sanitised by the parent.

Parent -> child, on the child's stdin:
    {"op": "run", "id": 7, "ns": "08-vectorisation", "code": "...", "limit": 65536,
     "timeout": 5.0, "lang": "en"}               run a learner's cell
    {"op": "call", "id": 8, "fn": "widgets.broadcast", "args": {...}, "ns": null,
     "limit": 65536, "timeout": 5.0, "lang": "en"}   call a kernel function
                                                 (``tui.sandbox.calls``) with JSON data
    {"op": "answer", "req": 1, "value": ...}     the answer to an "ask" of the running call
Child -> parent, on the child's private dup of its original stdout:
    {"t": "ready", "bound": "cgroup" | "rlimit" | "none"}   NumPy is imported; the
                                                     bound on processes in force
    {"t": "out", "id": 7, "text": "..."}             cell stdout/stderr, batched
    {"t": "plot", "id": 7, "index": 0, "figure": {...}}   figure created or updated
    {"t": "ask", "id": 8, "req": 1, "request": {...}}    a running call needs the parent
                                                     (the judge reaching the learner's kernel)
    {"t": "done", "id": 7, "status": "ok" | "error", "error": str | None,
     "elapsed": 0.001, "truncated": false, "notes": [...], "value": ...}
                                                     "value": a call's result
Interrupts are signals (SIGINT), not messages, so they work while the child is busy.
The child's fds 1 and 2 both point at a third pipe the parent reads as raw output
(C-level writes, subprocesses), and its limits arrive as a JSON ``argv[1]``.
"""

from __future__ import annotations

import json
import os
import threading
from typing import Any

_ENCODER = json.JSONEncoder(separators=(",", ":"))
"""Our own encoder, so a cell that replaces ``json.dumps`` does not break the protocol."""


def encode(message: dict[str, Any]) -> bytes:
    """One message as one ASCII line."""
    return _ENCODER.encode(message).encode("ascii") + b"\n"


_DECODER = json.JSONDecoder()


def decode(line: bytes) -> Any:
    """One received line as JSON data (ValueError if it is not JSON)."""
    return _DECODER.decode(line.decode("utf-8", "replace"))


def to_json(value: Any) -> Any:
    """``value`` as it will arrive on the other side (TypeError/ValueError if it cannot travel)."""
    return _DECODER.decode(_ENCODER.encode(value))


def write_all(fd: int, data: bytes) -> None:
    """Write every byte to a blocking ``fd`` (pipes may accept partial writes)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def clip(text: str, room: int) -> tuple[str, int]:
    """The longest prefix of ``text`` that fits in ``room`` UTF-8 bytes, and its size.

    Output caps count bytes, so a 10 MB string costs one slice, never a full encode.
    """
    head = text[:room]  # a character takes at least one byte
    data = head.encode("utf-8", "surrogatepass")
    if len(data) <= room:
        return head, len(data)
    cut = room
    while cut and data[cut] & 0xC0 == 0x80:  # back off to a character boundary
        cut -= 1
    return data[:cut].decode("utf-8", "surrogatepass"), cut


class Channel:
    """Thread-safe sender of whole messages on one file descriptor."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._lock = threading.Lock()

    def send(self, message: dict[str, Any]) -> None:
        data = encode(message)
        with self._lock:
            write_all(self._fd, data)


class LineDecoder:
    """Turns a byte stream into messages; malformed lines are skipped, not fatal.

    The child runs learner code, which can write anything to any of its file
    descriptors, so the parent must survive garbage on the protocol pipe.
    """

    def __init__(self) -> None:
        self._partial = b""

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        *lines, self._partial = (self._partial + data).split(b"\n")
        messages = []
        for line in lines:
            try:
                message = decode(line)
            except ValueError:
                continue
            if isinstance(message, dict):
                messages.append(message)
        return messages
