"""A closed SSH session sends SIGHUP; kill and shutdown send SIGTERM: the app hears both.

Not possible off the main thread (some test runners) or without POSIX signals:
there, nothing is installed and nothing fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable

SIGNALS = (signal.SIGHUP, signal.SIGTERM)


def catch_hangup(on_hangup: Callable[[int], None]) -> None:
    """Call ``on_hangup(128 + signal number)`` (the shell's exit code for it) on either signal."""
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        for number in SIGNALS:
            asyncio.get_running_loop().add_signal_handler(number, on_hangup, 128 + number)


def release_hangup() -> None:
    """Leave the signals to their defaults again (the process may live on: tests)."""
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        for number in SIGNALS:
            asyncio.get_running_loop().remove_signal_handler(number)
