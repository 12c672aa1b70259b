"""What a benchmark records beside its figures: the machine, its load, and percentiles."""

from __future__ import annotations

import contextlib
import math
import os
import platform
from pathlib import Path


def load() -> list[float]:
    """The load average over 1, 5 and 15 minutes: others' work on the machine skews every figure."""
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory_kb = 0
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    import textual

    return {
        "nproc": os.cpu_count(),
        "cpu": model or platform.processor(),
        "ram_gb": round(memory_kb / 1024**2, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "textual": textual.__version__,
        "load_average_1_5_15_min": load(),  # others' work skews figures
    }


def percentile(values: list[float], fraction: float) -> float | None:
    """The ``fraction`` quantile by the nearest-rank method (None without values)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]
