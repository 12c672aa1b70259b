"""Runaway, hostile and crashing cells end in a result, and the kernel keeps working."""

from __future__ import annotations

import asyncio
import os
import signal
import time

import pytest

from tui.i18n import t
from tui.kernel import GRACE, RESTARTED, Kernel, KernelError

TIMEOUT = 1.0
KERNEL_TIMEOUT = TIMEOUT
SWALLOW = (
    "import time\n"
    "while True:\n"
    "    try:\n"
    "        time.sleep(0.01)\n"
    "    except KeyboardInterrupt:\n"
    "        pass\n"
)


async def test_infinite_loop_times_out_and_keeps_the_namespace(kernel: Kernel) -> None:
    await kernel.run("kept = 'still here'")
    pid = kernel.pid
    started = time.monotonic()
    result = await kernel.run("while True: pass")
    took = time.monotonic() - started
    assert result.status == "timeout"
    assert result.error == "Stopped: the cell ran longer than 1 s."
    assert TIMEOUT <= took < TIMEOUT + GRACE
    assert t(RESTARTED) not in result.notes
    assert kernel.pid == pid
    assert (await kernel.run("kept")).stdout == "'still here'\n"


async def test_output_before_a_timeout_is_kept(kernel: Kernel) -> None:
    result = await kernel.run("print('before')\nwhile True: pass")
    assert result.status == "timeout"
    assert result.stdout == "before\n"


async def test_per_run_timeout_override(kernel: Kernel) -> None:
    result = await kernel.run("import time\ntime.sleep(1.5)\n'done'", timeout=3.0)
    assert result.status == "ok"
    result = await kernel.run("time.sleep(5)", timeout=0.3)
    assert result.status == "timeout"
    assert "0.3 s" in (result.error or "")


async def test_swallowed_interrupt_is_killed_and_restarted(kernel: Kernel) -> None:
    await kernel.run("lost = 1")
    pid = kernel.pid
    started = time.monotonic()
    result = await kernel.run(SWALLOW)
    assert time.monotonic() - started < TIMEOUT + GRACE + 1.0
    assert result.status == "timeout"
    assert "restarted" in (result.error or "")
    assert t(RESTARTED) in result.notes
    follow = await kernel.run("lost")
    assert follow.status == "error" and "NameError" in (follow.error or "")
    assert (await kernel.run("1 + 1")).stdout == "2\n"
    assert kernel.pid != pid


async def test_memory_bomb_is_a_memory_error(kernel: Kernel) -> None:
    await kernel.start()
    pid = kernel.pid
    result = await kernel.run("kept = 1\nblob = bytearray(8 * 1024**3)")
    assert result.status == "error"
    assert "MemoryError" in (result.error or "")
    assert "memory limit" in (result.error or "")
    result = await kernel.run("np.ones((50000, 50000))")
    assert result.status == "error"
    assert "MemoryError" in (result.error or "")
    assert (await kernel.run("kept")).stdout == "1\n"
    assert kernel.pid == pid


async def test_lesson_sized_work_fits_the_memory_limit(kernel: Kernel) -> None:
    code = (
        "a = np.random.rand(1_000_000)\nb = np.random.rand(1_000_000)\n"
        "m = np.random.randn(500, 500)\n"
        "big = np.ones(50 * 1024**2 // 8)\n"
        "float(np.dot(a, b) > 0), (m @ m).shape, big.nbytes"
    )
    result = await kernel.run(code)
    assert result.status == "ok", result.error
    assert result.stdout == "(1.0, (500, 500), 52428800)\n"


@pytest.mark.parametrize(
    ("code", "cause"),
    [
        ("import os\nos._exit(1)", "exited with code 1"),
        ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "SIGKILL"),
        ("import ctypes\nctypes.string_at(0)", "SIGSEGV"),
    ],
)
async def test_crash_is_reported_and_the_kernel_restarts(kernel: Kernel, code: str, cause: str) -> None:
    states: list[str] = []
    await kernel.run("lost = 1")
    kernel._on_state = states.append
    result = await kernel.run(code)
    assert result.status == "crashed"
    assert cause in (result.error or "")
    assert t(RESTARTED) in result.notes
    follow = await kernel.run("'lost' in globals(), 2 + 2")
    assert follow.status == "ok"
    assert follow.stdout == "(False, 4)\n"
    assert "restarted" in states


async def test_a_child_dead_while_idle_is_restarted_on_the_next_run() -> None:
    states: list[str] = []
    async with Kernel(on_state=states.append) as k:
        await k.run("x = 1")
        assert k.pid is not None
        os.kill(k.pid, signal.SIGKILL)
        for _ in range(100):
            if k.state == "stopped":
                break
            await asyncio.sleep(0.02)
        assert k.state == "stopped"
        result = await k.run("'x' in globals()")
        assert result.status == "ok"
        assert result.stdout == "False\n"
        assert t(RESTARTED) in result.notes


async def test_interrupt_cancels_the_running_cell(kernel: Kernel) -> None:
    await kernel.run("kept = 7")
    events: list[object] = []
    task = asyncio.create_task(
        kernel.run("import time\nprint('go')\ntime.sleep(30)", on_event=events.append, timeout=60)
    )
    while not events:
        await asyncio.sleep(0.01)
    await kernel.interrupt()
    result = await task
    assert result.status == "error"
    assert result.cancelled
    assert result.stdout == "go\n"
    assert (await kernel.run("kept")).stdout == "7\n"


async def test_interrupt_escalates_when_ignored(kernel: Kernel) -> None:
    task = asyncio.create_task(kernel.run("print('go')\n" + SWALLOW, timeout=60))
    while kernel.state != "running":
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.2)
    started = time.monotonic()
    await kernel.interrupt()
    result = await task
    assert time.monotonic() - started < GRACE + 1.0
    assert result.cancelled and result.status == "error"
    assert t(RESTARTED) in result.notes
    assert (await kernel.run("3")).stdout == "3\n"


async def test_interrupt_when_idle_does_nothing(kernel: Kernel) -> None:
    await kernel.run("x = 1")
    await kernel.interrupt()
    assert (await kernel.run("x")).stdout == "1\n"


async def test_cancelling_run_stops_the_cell(kernel: Kernel) -> None:
    await kernel.run("kept = 5")
    task = asyncio.create_task(kernel.run("import time\ntime.sleep(30)", timeout=60))
    while kernel.state != "running":
        await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    result = await kernel.run("kept")
    assert result.status == "ok" and result.stdout == "5\n"


async def test_restart_forgets_everything(kernel: Kernel) -> None:
    states: list[str] = []
    await kernel.run("x = 1")
    kernel._on_state = states.append
    pid = kernel.pid
    await kernel.restart()
    assert kernel.pid != pid
    assert states[-1] == "restarted"
    assert (await kernel.run("'x' in globals()")).stdout == "False\n"


async def test_restart_cancels_a_running_cell(kernel: Kernel) -> None:
    task = asyncio.create_task(kernel.run("import time\ntime.sleep(30)", timeout=60))
    while kernel.state != "running":
        await asyncio.sleep(0.01)
    await kernel.restart()
    result = await task
    assert result.cancelled
    assert (await kernel.run("1")).stdout == "1\n"


async def test_runs_are_serialised(kernel: Kernel) -> None:
    cells = [f"import time\ntime.sleep(0.05)\nstep = {i}\nstep" for i in range(4)]
    results = await asyncio.gather(*(kernel.run(code) for code in cells))
    assert [r.stdout for r in results] == ["0\n", "1\n", "2\n", "3\n"]


async def test_huge_file_write_fails_instead_of_filling_the_disk(kernel: Kernel) -> None:
    code = "with open('big.bin', 'wb') as f:\n    f.write(b'0' * (100 * 1024**2))"
    result = await kernel.run(code, timeout=10)
    assert result.status == "error"
    assert "File too large" in (result.error or "")


async def test_start_failure_is_reported_not_raised(tmp_path) -> None:
    async with Kernel(cwd=tmp_path / "missing") as k:
        result = await k.run("1")
        assert result.status == "crashed"
        assert "could not start" in (result.error or "")


async def test_child_start_up_error_is_reported(tmp_path, monkeypatch) -> None:
    (tmp_path / "numpy.py").write_text("raise ImportError('no numpy here')\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    states: list[str] = []
    async with Kernel(on_state=states.append) as k:
        with pytest.raises(KernelError, match="no numpy here"):
            await k.start()
        assert k.state == "stopped"
        result = await k.run("1")
        assert result.status == "crashed"
        assert (result.error or "").startswith("The kernel could not start:")
        assert "no numpy here" in (result.error or "")
    assert states[:2] == ["starting", "stopped"]


@pytest.mark.skipif(os.geteuid() != 0, reason="dropping privileges needs root")
async def test_unprivileged_user_and_process_limit() -> None:
    """The hook for shared servers: as root, run cells as ``nobody`` with RLIMIT_NPROC."""
    code = (
        "import os, time\n"
        "started, error = 0, None\n"
        "try:\n"
        "    for _ in range(100):\n"
        "        if os.fork() == 0:\n"
        "            time.sleep(30)\n"
        "            os._exit(0)\n"
        "        started += 1\n"
        "except OSError as exc:\n"
        "    error = type(exc).__name__\n"
        "os.getuid(), started, error"
    )
    async with Kernel(user="nobody", max_processes=8) as k:
        result = await k.run(code)
        if result.status == "crashed" and "Permission denied" in (result.error or ""):
            pytest.skip("this Python is not readable by 'nobody' (e.g. under /root)")
        assert result.status == "ok", result.error
        uid, started, error = eval(result.stdout)
        assert uid != 0
        assert started < 8 and error == "BlockingIOError"
