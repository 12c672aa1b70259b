"""One bound per learner, not per process: memory of all a cell's processes, and files.

Three processes from one cell used to hold three times what one may (2.2 GB with no
error). Now the kernel and everything it starts share ``tree_memory``: in a memory
cgroup where the app may create one, else watched by the app while the cell runs.
The kernel's own folder (where a confined kernel may write, and where its temporary
files go) is bounded as a whole, not only file by file.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.harness.processes import descendants
from tui.kernel import Kernel
from tui.sandbox import cgroups

pytestmark = pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux /proc")

LIMIT = 300 * 2**20

THREE_HOGS = """\
import os, time
children = []
for _ in range(3):
    pid = os.fork()
    if pid == 0:
        block = b'x' * (160 * 2**20)  # written, so resident: 3 x 160 MB > 300 MB
        time.sleep(30)
        os._exit(0)
    children.append(pid)
time.sleep(4)
print('all alive:', all(os.waitpid(pid, os.WNOHANG) == (0, 0) for pid in children))
"""


@pytest.mark.slow
@pytest.mark.parametrize("bound", ["cgroup", "watchdog"])
async def test_a_cells_processes_share_one_memory_bound(bound: str, monkeypatch: pytest.MonkeyPatch) -> None:
    if bound == "watchdog":
        monkeypatch.setattr(cgroups, "locate", lambda *args, **kwargs: None)
    async with Kernel(timeout=30, tree_memory=LIMIT) as k:
        await k.start()
        if k.memory_bound != bound:
            pytest.skip(f"no memory cgroup can be made here (the bound is {k.memory_bound})")
        started = time.monotonic()
        result = await k.run(THREE_HOGS)
        took = time.monotonic() - started
        pid = k.pid
        assert pid is not None and descendants(pid) == []
        if bound == "cgroup":  # the largest process was stopped; the cell went on
            assert result.status == "ok", result.error
            assert "all alive: False" in result.stdout
            assert any("300 MiB of memory, the share of one learner" in note for note in result.notes)
        else:  # the app stopped the cell's processes, then the cell
            assert result.status == "error"
            assert "used more than 300 MiB of memory, the share of one learner" in (result.error or "")
            assert took < 4, "stopped within a few watchdog ticks, not at the end of the cell"
        assert (await k.run("6 * 7")).stdout == "42\n"


async def test_the_watchdog_does_not_count_shared_pages_twice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forked copies share the kernel's pages: twenty of them are not twenty kernels."""
    monkeypatch.setattr(cgroups, "locate", lambda *args, **kwargs: None)
    async with Kernel(timeout=30, tree_memory=LIMIT) as k:
        code = (
            "import os, time\n"
            "children = []\n"
            "for _ in range(20):\n"
            "    pid = os.fork()\n"
            "    if pid == 0:\n"
            "        time.sleep(30)\n"
            "        os._exit(0)\n"
            "    children.append(pid)\n"
            "time.sleep(1.5)\n"
            "print(all(os.waitpid(pid, os.WNOHANG) == (0, 0) for pid in children))"
        )
        result = await k.run(code)
        assert result.status == "ok", result.error
        assert result.stdout == "True\n"


async def test_files_are_bounded_as_a_whole() -> None:
    async with Kernel(timeout=30, disk_limit=32 * 2**20) as k:
        assert (await k.run("import os, tempfile\ntempfile.gettempdir() == os.getcwd()")).stdout == "True\n"
        quick = await k.run("for i in range(3):\n    open(f'part{i}', 'wb').write(b'x' * 16 * 2**20)")
        assert quick.status == "ok", quick.error
        assert "The files in the kernel's folder took more than 32 MiB" in " ".join(quick.notes)
        assert (await k.run("sorted(os.listdir())")).stdout == "[]\n"
        started = time.monotonic()
        slow = await k.run(
            "import time\n"
            "for i in range(20):\n"
            "    open(f'more{i}', 'wb').write(b'y' * 8 * 2**20)\n"
            "    time.sleep(0.2)"
        )
        assert slow.status == "error"
        assert "the files this cell wrote took more than 32 MiB" in (slow.error or "")
        assert time.monotonic() - started < 4  # stopped while it ran
        assert (await k.run("sorted(os.listdir())")).stdout == "[]\n"


async def test_a_folder_given_by_the_caller_is_never_emptied(tmp_path: Path) -> None:
    async with Kernel(cwd=tmp_path, disk_limit=2**20) as k:
        assert (await k.run("open('big', 'wb').write(b'x' * 2 * 2**20)")).status == "ok"
    assert os.path.getsize(tmp_path / "big") == 2 * 2**20
