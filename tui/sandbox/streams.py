"""sys.stdout, sys.stderr and sys.stdin as cells see them.

Output is capped per cell at write time, so a 10 MB ``print`` costs one slice and
never travels to the parent; stdin refuses to read with a message a learner can act
on instead of hanging on a pipe nobody writes to. Threads left running by an earlier
cell write into the void: their output would otherwise appear under later cells.
"""

from __future__ import annotations

import io
import threading

from tui.i18n import t
from tui.sandbox.outbox import Outbox
from tui.sandbox.protocol import clip


class CappedStream(io.TextIOBase):
    """A text stream that forwards at most ``limit`` UTF-8 bytes per cell to the outbox."""

    def __init__(self, outbox: Outbox) -> None:
        super().__init__()
        self._outbox = outbox
        self._active = False
        self._left = 0
        self._earlier: frozenset[int] = frozenset()  # threads that were running before the cell
        self.truncated = False

    encoding = "utf-8"

    def begin(self, limit: int) -> None:
        main = threading.main_thread()
        self._earlier = frozenset(t.ident for t in threading.enumerate() if t is not main and t.ident)
        self._left = limit
        self.truncated = False
        self._active = True

    def end(self) -> bool:
        """Stop accepting text (stray threads write into the void); True if truncated."""
        self._active = False
        return self.truncated

    def writable(self) -> bool:
        return True

    def write(self, s: str) -> int:
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        if not self._active or self.truncated or not s or threading.get_ident() in self._earlier:
            return len(s)
        chunk, size = clip(s, self._left)
        self._left -= size
        self.truncated = len(chunk) < len(s)
        if chunk:
            self._outbox.put_text(chunk)
        return len(s)


class NoInput(io.TextIOBase):
    """stdin for cells: reading raises a clear error (there is no one to type)."""

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1, /) -> str:
        raise RuntimeError(t("kernel.no_input"))

    # typeshed's _IOBase.readline returns bytes; its own TextIOBase overrides it the same way.
    def readline(self, size: int | None = -1, /) -> str:  # type: ignore[override]
        raise RuntimeError(t("kernel.no_input"))
