"""What kiosk mode changes in the UI process itself.

Cells run as the same account as the app (one account per student). Marked not
*dumpable*, the app's ``/proc/PID`` files become root's: code in a cell cannot open
the app's terminal or pipes through ``/proc/PID/fd``, read its memory or attach a
debugger (ptrace) to it. The kernel's own confinement is ``tui.sandbox.landlock``.
"""

from __future__ import annotations

import contextlib
import sys

PR_SET_DUMPABLE = 4


def protect() -> bool:
    """Make this process non-dumpable (Linux); False where that is not possible."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0
    return False
