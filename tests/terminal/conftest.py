"""Terminal tests' fixture: the app in real 80x24 pseudo-terminals, closed after the test."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.harness import pty, sshd


@pytest.fixture
def terminal() -> Iterator[Callable[..., pty.Term]]:
    """Start ``python -m tui ARGS`` in a pty (``mouse=True`` for a desktop terminal's mouse)."""
    opened: list[pty.Term] = []

    def start(*args: str, mouse: bool = False, env: dict[str, str] | None = None) -> pty.Term:
        opened.append(pty.app(*args, mouse=mouse, env=env))
        return opened[-1]

    yield start
    for term in opened:
        term.close()


@pytest.fixture
def homes() -> Iterator[Path]:
    """A folder for throwaway homes that other accounts can reach (pytest's tmp_path is 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="nnb-promises-homes-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def installation() -> Iterator[sshd.Installation]:
    """The app installed as the README says, in a venv of the distribution's Python that
    throwaway accounts can run (skipped where accounts or OpenSSH are missing)."""
    reason = sshd.unavailable()
    if reason:
        pytest.skip(reason)
    parent = Path(tempfile.mkdtemp(prefix="nnb-install-"))
    parent.chmod(0o755)
    try:
        yield sshd.install(parent)
    finally:
        shutil.rmtree(parent, ignore_errors=True)
