"""The kernel tests' fixture: a fresh kernel per test, with the module's time limit."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tui.kernel import Kernel


@pytest.fixture
async def kernel(request: pytest.FixtureRequest) -> AsyncIterator[Kernel]:
    """A started kernel, shut down after the test; a module sets ``KERNEL_TIMEOUT`` (seconds
    a cell may run, default 5) to test time limits quickly."""
    async with Kernel(timeout=getattr(request.module, "KERNEL_TIMEOUT", 5.0)) as started:
        yield started
