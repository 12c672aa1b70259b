"""When the kernel starts and how nice it is, from the environment (no Textual, no kernel import)."""

from __future__ import annotations

from collections.abc import Mapping

KERNEL_START = "NN_BASICS_KERNEL_START"
"""When the kernel process starts: ``paint`` once the first screen is drawn, ``lesson``
when a lesson first opens, ``need`` at the first run, check or widget call, ``now``
with the app (``benchmarks/ssh_class.py --kernel-start`` compares them)."""

KERNEL_STARTS = ("now", "paint", "lesson", "need")
DEFAULT_KERNEL_START = "paint"

KERNEL_NICE = "NN_BASICS_KERNEL_NICE"
"""The kernel's nice value (0 to 19): how far its CPU use gives way to the learners' apps."""

DEFAULT_KERNEL_NICE = 0


def kernel_start(environ: Mapping[str, str]) -> str:
    """When to start the kernel, from ``NN_BASICS_KERNEL_START`` (the default if unset or unknown)."""
    value = environ.get(KERNEL_START, "").strip().lower()
    return value if value in KERNEL_STARTS else DEFAULT_KERNEL_START


def kernel_nice(environ: Mapping[str, str]) -> int:
    """The kernel's nice value, from ``NN_BASICS_KERNEL_NICE`` (the default if unset or not 0-19)."""
    value = environ.get(KERNEL_NICE, "").strip()
    return int(value) if value.isdigit() and int(value) <= 19 else DEFAULT_KERNEL_NICE
