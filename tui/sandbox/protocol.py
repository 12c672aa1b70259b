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
from collections.abc import Callable
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


LOST_PIPE_EXIT = 86
"""Exit status of a kernel whose pipes to the app were closed or broken (by a cell):
the app says so in words instead of guessing at a crash."""


class Channel:
    """Thread-safe sender of whole messages on one file descriptor.

    ``on_lost`` is called (and should not return) if the descriptor no longer works.
    """

    def __init__(self, fd: int, on_lost: Callable[[], None] | None = None) -> None:
        self._fd = fd
        self._lock = threading.Lock()
        self._on_lost = on_lost

    def send(self, message: dict[str, Any]) -> None:
        # A leading newline ends whatever partial line learner code left on the pipe,
        # so its garbage cannot swallow this message (the parent skips empty lines).
        data = b"\n" + encode(message)
        with self._lock:
            try:
                write_all(self._fd, data)
            except OSError:
                if self._on_lost is None:
                    raise
                self._on_lost()


MAX_LINE = 16 * 1024**2
"""Longest message line the parent accepts. The largest real ones are grading values
(up to 8 MB of arrays, base64 in JSON: some 11 MB); anything longer comes from
learner code writing on the pipe."""

MAX_TOKENS = 250_000
"""Most separators (``,`` and ``:``) a message line may hold. JSON's parse time grows
with them (up to ~1 µs each on a busy machine; a long string costs a few ns a byte),
so this bounds how long one line can hold the UI up, whatever learner code forges.
Real messages stay below: a figure carries at most 4,000 points, a grading value at
most 100,000 items (``tui.sandbox.values``)."""

MAX_TEXT_MESSAGE = 16384
"""Characters of output per "out" message; more is sent as several messages."""

MAX_ERROR = 32768
"""Characters of a cell's error (traceback) in its "done" message."""


def tokens(data: bytes) -> int:
    """The separators in ``data``: what parsing it as JSON costs, roughly."""
    return data.count(b",") + data.count(b":")


class LineDecoder:
    """Turns a byte stream into messages; malformed lines are skipped, not fatal.

    The child runs learner code, which can write anything to any of its file
    descriptors, so the parent must survive garbage on the protocol pipe: a partial
    line is kept as a list of chunks (never re-joined per read), and a line longer
    than ``max_line`` bytes is dropped with everything up to its newline, as is one
    with more than ``max_tokens`` separators (never parsed). ``dropped`` counts them.
    """

    def __init__(self, max_line: int = MAX_LINE, max_tokens: int = MAX_TOKENS) -> None:
        self._max = max_line
        self._max_tokens = max_tokens
        self._chunks: list[bytes] = []
        self._size = 0
        self._tokens = 0
        self._skipping = False  # inside an over-long line: discard until its newline
        self.dropped = 0

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        *lines, rest = data.split(b"\n")
        messages = []
        for piece in lines:
            line = self._complete(piece)
            if line is None:
                continue
            try:
                message = decode(line)
            except (ValueError, RecursionError):
                continue
            if isinstance(message, dict):
                messages.append(message)
        if rest and not self._skipping:
            self._size += len(rest)
            self._tokens += tokens(rest)
            if self._size > self._max or self._tokens > self._max_tokens:
                self._drop()
            else:
                self._chunks.append(rest)
        return messages

    def _complete(self, piece: bytes) -> bytes | None:
        """The whole line that ``piece`` ends, or None if it is dropped."""
        if self._skipping:
            self._skipping = False
            return None
        chunks, size, count = self._chunks, self._size + len(piece), self._tokens + tokens(piece)
        self._chunks, self._size, self._tokens = [], 0, 0
        if size > self._max or count > self._max_tokens:
            self.dropped += 1
            return None
        if not chunks:
            return piece
        chunks.append(piece)
        return b"".join(chunks)

    def _drop(self) -> None:
        self.dropped += 1
        self._chunks, self._size, self._tokens = [], 0, 0
        self._skipping = True
