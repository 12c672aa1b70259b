"""Nothing a cell starts outlives the cell, and nothing of the kernel outlives the app.

A cell starts processes every way a learner (or a library) can: a forked copy of the
kernel, a subprocess, a subprocess in a session of its own, and a double-forked
daemon. They must all be gone when the cell ends, however it ends (normally, with
an error, at its time limit, on Stop, ignoring Stop, crashing the kernel), and when
the app ends, however it ends. Every test runs with the kernel's cgroup and without
(``cgroup`` fixture), since most machines have none: then the kernel's subreaper
and the marker in the environment do the work.
"""

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

from tests.harness.processes import alive, wait_gone
from tui.kernel import ROOT, Kernel, KernelError, OutputEvent
from tui.sandbox import cgroups

pytestmark = pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs /proc")

SPAWN = """\
import os, subprocess, time
pids = []
forked = os.fork()
if forked == 0:
    time.sleep(60)
    os._exit(0)
pids.append(forked)
pids.append(subprocess.Popen(['sleep', '60']).pid)
pids.append(subprocess.Popen(['sleep', '60'], start_new_session=True).pid)
ready, done = os.pipe()
if os.fork() == 0:  # a daemon: its own session, and its parent exits at once
    os.setsid()
    if os.fork() == 0:
        os.write(done, f'{os.getpid()}\\n'.encode())
        time.sleep(60)
        os._exit(0)
    os._exit(0)
pids.append(int(os.read(ready, 100)))
print(*pids, flush=True)
"""

ENDINGS = {
    "ends": "",
    "error": "raise ValueError('on purpose')\n",
    "timeout": "time.sleep(60)\n",
    "stop": "time.sleep(60)\n",
    "ignores-stop": "while True:\n    try:\n        time.sleep(60)\n    except KeyboardInterrupt:\n"
    "        pass\n",
    "crash": "time.sleep(0.5)  # its output reaches the app first\nos._exit(3)\n",
}
"""What the cell does after starting its processes, by how the cell ends."""


@pytest.fixture(params=["cgroup", "no-cgroup"])
def cgroup(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    """Run the test with the kernel's cgroup (where one can be made) and without."""
    if request.param == "no-cgroup":
        monkeypatch.setattr(cgroups, "locate", lambda *args, **kwargs: None)
    return request.param == "cgroup"


def pids_in(text: str) -> list[int]:
    return [int(word) for word in text.split()]


async def run_until_started(k: Kernel, code: str, timeout: float = 60) -> tuple[asyncio.Task, list[int]]:
    """Start ``code`` (which prints the pids it started, then goes on) and return them."""
    printed: list[str] = []

    def on_event(event: object) -> None:
        if isinstance(event, OutputEvent):
            printed.append(event.text)

    task = asyncio.create_task(k.run(code, timeout=timeout, on_event=on_event))
    deadline = time.monotonic() + 20
    while not "".join(printed).endswith("\n"):
        assert time.monotonic() < deadline and not task.done(), "the cell never printed its pids"
        await asyncio.sleep(0.02)
    return task, pids_in("".join(printed))


@pytest.mark.slow
@pytest.mark.parametrize("ending", ENDINGS)
async def test_nothing_a_cell_starts_outlives_it(cgroup: bool, ending: str) -> None:
    async with Kernel() as k:
        task, pids = await run_until_started(k, SPAWN + ENDINGS[ending], timeout=2)
        assert len(pids) == 4
        if ending in ("timeout", "stop", "ignores-stop"):  # the cell goes on meanwhile
            assert all(alive(pid) for pid in pids)
        if ending in ("stop", "ignores-stop"):
            await k.interrupt()
        result = await task
        expected = {"ends": "ok", "error": "error", "timeout": "timeout", "crash": "crashed"}
        assert result.status == expected.get(ending, "error"), result.error
        assert wait_gone(pids, 5.0) == []
        assert (await k.run("6 * 7")).stdout == "42\n"


async def test_a_cell_that_ignores_interrupts_does_not_make_the_next_one_unstoppable() -> None:
    async with Kernel(timeout=1) as k:
        ignoring = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nsignal.pthread_sigmask("
        ignoring += "signal.SIG_BLOCK, {signal.SIGINT})"
        assert (await k.run(ignoring)).status == "ok"
        pid = k.pid
        result = await k.run("while True:\n    pass")
        assert result.status == "timeout"
        assert "restarted" not in (result.error or "") and not result.notes  # interrupted, not killed
        assert k.pid == pid


async def test_the_cpu_limit_cannot_be_raised_by_a_cell() -> None:
    async with Kernel() as k:
        code = (
            "import resource\n"
            "soft, hard = resource.getrlimit(resource.RLIMIT_CPU)\n"
            "print(soft <= hard == 3600)\n"
            "try:\n"
            "    resource.setrlimit(resource.RLIMIT_CPU, (hard, resource.RLIM_INFINITY))\n"
            "except (ValueError, OSError):\n"
            "    print('refused')"
        )
        result = await k.run(code)
        assert result.stdout.split()[0] == "True", result.stdout
        if os.geteuid() != 0:  # root may raise a hard limit (CAP_SYS_RESOURCE)
            assert result.stdout.split()[1] == "refused"


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


BLOCKING = SPAWN + "time.sleep(60)\n"


async def test_leaving_the_context_during_a_run_kills_everything(cgroup: bool) -> None:
    async with Kernel() as k:
        task, pids = await run_until_started(k, BLOCKING)
        child = k.pid
        assert child is not None
        workdir = Path(os.readlink(f"/proc/{child}/cwd"))
    assert (await task).cancelled
    assert k.state == "stopped" and k.pid is None
    assert wait_gone([child, *pids], 3.0) == []
    assert not workdir.exists()


async def test_restart_kills_the_old_tree(cgroup: bool) -> None:
    async with Kernel() as k:
        task, pids = await run_until_started(k, BLOCKING)
        old = k.pid
        assert old is not None
        await k.restart()
        await task
        assert wait_gone([old, *pids], 3.0) == []
        assert (await k.run("1")).stdout == "1\n"


async def test_kill_now_is_synchronous_and_complete(cgroup: bool) -> None:
    k = Kernel()
    task, pids = await run_until_started(k, BLOCKING)
    child = k.pid
    assert child is not None
    workdir = Path(os.readlink(f"/proc/{child}/cwd"))
    k.kill_now()
    assert not workdir.exists()
    assert [pid for pid in [child, *pids] if alive(pid)] == []  # at once, not eventually
    await task
    await k.shutdown()  # still safe afterwards, and reaps the child


async def test_explicit_cwd_is_used_and_kept(tmp_path: Path) -> None:
    async with Kernel(cwd=tmp_path) as k:
        await k.run("open('note.txt', 'w').write('hi')")
    assert (tmp_path / "note.txt").read_text() == "hi"


PARENT = textwrap.dedent(
    """
    import asyncio, os, sys
    sys.path.insert(0, sys.argv[1])
    from tui.kernel import Kernel, OutputEvent
    from tui.sandbox import cgroups

    if sys.argv[3] == "no-cgroup":
        cgroups.locate = lambda *args, **kwargs: None

    async def main():
        k = Kernel()
        await k.start()
        def show(event):
            if isinstance(event, OutputEvent):
                print(k.pid, os.readlink(f"/proc/{k.pid}/cwd"), event.text.strip(), flush=True)
        await k.run(sys.argv[2], timeout=60, on_event=show)

    asyncio.run(main())
    """
)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGHUP, signal.SIGTERM], ids=lambda s: s.name)
def test_killing_the_app_leaves_no_kernel_behind(how: signal.Signals, cgroup: bool) -> None:
    mode = "cgroup" if cgroup else "no-cgroup"
    command = [sys.executable, "-c", PARENT, str(ROOT), BLOCKING, mode]
    app = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert app.stdout is not None
        child, workdir, *started = app.stdout.readline().split()
        pids = [int(child), *map(int, started)]
        assert len(pids) == 5 and all(alive(pid) for pid in pids)
        app.send_signal(how)
        app.wait(5)
        assert wait_gone(pids, 5.0) == []
        deadline = time.monotonic() + 3.0
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
