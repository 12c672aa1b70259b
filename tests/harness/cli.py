"""Running ``python -m tui`` as a learner or teacher types it."""

from __future__ import annotations

import os
import subprocess
import sys


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m tui ARGS`` in a UTF-8 locale; its output as text."""
    environment = {**os.environ, "LANG": "C.UTF-8", **(env or {})}
    environment.pop("LC_ALL", None)
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
    )
