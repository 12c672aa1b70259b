"""Batches a running cell's output and plot snapshots and sends them from a thread.

Learner code on the main thread only appends to a deque (atomic, so a
KeyboardInterrupt can never leave a lock held); a daemon thread sends whatever is
pending at most every ``INTERVAL`` seconds. The first batch goes out at once, so
a slow loop's prints appear live without a message per ``print``.
"""

from __future__ import annotations

import queue
import threading
import time
from collections import deque
from typing import Any

from tui.sandbox.protocol import MAX_TEXT_MESSAGE, Channel

INTERVAL = 0.04
"""Seconds between batches while a cell runs."""


class Outbox:
    """Pending messages of the running cell and the thread that sends them."""

    def __init__(self, channel: Channel, answers: queue.SimpleQueue[dict[str, Any]] | None = None) -> None:
        self._channel = channel
        self._items: deque[tuple[str, Any]] = deque()
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self.run_id = 0
        self.answers: queue.SimpleQueue[dict[str, Any]] = answers or queue.SimpleQueue()
        """The parent's answers to ``ask`` (the command reader thread puts them here)."""
        self._asked = 0
        threading.Thread(target=self._loop, name="outbox", daemon=True).start()

    def put_text(self, text: str) -> None:
        self._items.append(("text", text))
        self._notify()

    def put_plot(self, index: int, figure: dict[str, Any]) -> None:
        self._items.append(("plot", (index, figure)))
        self._notify()

    def ask(self, request: dict[str, Any]) -> Any:
        """Send ``request`` to the parent and wait for its answer (the ``value`` it sends back).

        Waits in short slices so a Stop (SIGINT) still interrupts the waiting code.
        Answers to earlier, abandoned requests are skipped.
        """
        self.flush()
        self._asked += 1
        number = self._asked
        self._channel.send({"t": "ask", "id": self.run_id, "req": number, "request": request})
        while True:
            try:
                answer = self.answers.get(timeout=0.05)
            except queue.Empty:
                continue
            if answer.get("req") == number:
                return answer.get("value")

    def _notify(self) -> None:
        if not self._wake.is_set():  # lock-free check: most prints skip Event.set's lock
            self._wake.set()

    def flush(self) -> None:
        """Send everything pending now, in order (plots coalesced to their latest state)."""
        with self._lock:
            batch: list[tuple[str, Any]] = []
            plots: dict[int, int] = {}  # figure index -> position in batch
            while self._items:
                kind, value = self._items.popleft()
                if kind == "text":
                    if batch and batch[-1][0] == "text":
                        batch[-1][1].append(value)
                    else:
                        batch.append(("text", [value]))
                elif value[0] in plots:
                    batch[plots[value[0]]] = ("plot", value)
                else:
                    plots[value[0]] = len(batch)
                    batch.append(("plot", value))
            for kind, value in batch:
                if kind == "text":
                    text = "".join(value)
                    for start in range(0, len(text), MAX_TEXT_MESSAGE):  # bounded messages
                        piece = text[start : start + MAX_TEXT_MESSAGE]
                        self._channel.send({"t": "out", "id": self.run_id, "text": piece})
                else:
                    message = {"t": "plot", "id": self.run_id, "index": value[0], "figure": value[1]}
                    self._channel.send(message)

    def _loop(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            self.flush()
            time.sleep(INTERVAL)
