"""No kernel process (or anything it started) outlives the app, however the app ends."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from processes import alive, wait_gone

from tui.kernel import ROOT, Kernel, KernelError

pytestmark = pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc")

SPAWN = (
    "import os, subprocess, time\n"
    "forked = os.fork()\n"
    "if forked == 0:\n"
    "    time.sleep(60)\n"
    "sleeper = subprocess.Popen(['sleep', '60'])\n"
    "print(forked, sleeper.pid)"
)


async def test_leaving_the_context_kills_the_child_and_its_descendants() -> None:
    async with Kernel() as k:
        result = await k.run(SPAWN)
        assert result.status == "ok", result.error
        forked, sleeper = map(int, result.stdout.split())
        child = k.pid
        assert child is not None
        workdir = Path(os.readlink(f"/proc/{child}/cwd"))
        assert all(alive(pid) for pid in (child, forked, sleeper))
    assert k.state == "stopped"
    assert k.pid is None
    assert wait_gone([child, forked, sleeper], 2.0) == []
    assert not workdir.exists()


async def test_a_forked_copy_never_answers_as_the_kernel() -> None:
    async with Kernel() as k:
        code = (
            "import os\npid = os.fork()\nif pid:\n    os.waitpid(pid, 0)\nprint('parent' if pid else 'copy')"
        )
        result = await k.run(code)
        assert result.status == "ok", result.error
        assert sorted(result.stdout.split()) == ["copy", "parent"]
        follow = await k.run("40 + 2")
        assert follow.stdout == "42\n"


async def test_restart_kills_the_old_group() -> None:
    async with Kernel() as k:
        result = await k.run(SPAWN)
        forked, sleeper = map(int, result.stdout.split())
        old = k.pid
        assert old is not None
        await k.restart()
        assert wait_gone([old, forked, sleeper], 2.0) == []
        assert (await k.run("1")).stdout == "1\n"


async def test_a_crash_takes_the_learners_processes_with_it() -> None:
    async with Kernel() as k:
        result = await k.run(SPAWN)
        forked, sleeper = map(int, result.stdout.split())
        crashed = await k.run("import os\nos._exit(3)")
        assert crashed.status == "crashed"
        assert wait_gone([forked, sleeper], 2.0) == []


async def test_kill_now_is_synchronous_and_complete() -> None:
    k = Kernel()
    result = await k.run(SPAWN)
    forked, sleeper = map(int, result.stdout.split())
    child = k.pid
    assert child is not None
    workdir = Path(os.readlink(f"/proc/{child}/cwd"))
    k.kill_now()
    assert not workdir.exists()
    assert wait_gone([child, forked, sleeper], 2.0) == []
    await k.shutdown()  # still safe afterwards, and reaps the child


async def test_explicit_cwd_is_used_and_kept(tmp_path: Path) -> None:
    async with Kernel(cwd=tmp_path) as k:
        await k.run("open('note.txt', 'w').write('hi')")
    assert (tmp_path / "note.txt").read_text() == "hi"


PARENT = textwrap.dedent(
    """
    import asyncio, os, sys
    sys.path.insert(0, sys.argv[1])
    from tui.kernel import Kernel

    async def main():
        k = Kernel()
        result = await k.run(sys.argv[2])
        print(k.pid, os.readlink(f"/proc/{k.pid}/cwd"), result.stdout.strip(), flush=True)
        await asyncio.sleep(60)

    asyncio.run(main())
    """
)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGHUP])
def test_killing_the_app_leaves_no_kernel_behind(how: signal.Signals) -> None:
    app = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(ROOT), SPAWN],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stdout is not None
        child, workdir, forked, sleeper = app.stdout.readline().split()
        pids = [int(child), int(forked), int(sleeper)]
        assert all(alive(pid) for pid in pids)
        app.send_signal(how)
        app.wait(5)
        assert wait_gone(pids, 3.0) == []
        deadline = time.monotonic() + 2.0
        while Path(workdir).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(workdir).exists()
    finally:
        app.kill()
        app.wait()
        if app.stdout is not None:
            app.stdout.close()


async def test_shutdown_during_start_is_clean() -> None:
    k = Kernel()
    start = asyncio.create_task(k.start())
    await asyncio.sleep(0.01)
    await k.shutdown()
    with pytest.raises(KernelError):
        await start
    assert k.pid is None and k.state == "stopped"


async def test_shutdown_during_a_run_ends_it() -> None:
    k = Kernel()
    task = asyncio.create_task(k.run("print('go')\nimport time\ntime.sleep(30)", timeout=60))
    while k.state != "running":
        await asyncio.sleep(0.01)
    child = k.pid
    assert child is not None
    await k.shutdown()
    result = await task
    assert result.status == "error" and result.cancelled
    assert k.state == "stopped" and k.pid is None
    assert wait_gone([child], 2.0) == []
