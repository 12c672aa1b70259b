"""A fork bomb in a cell is bounded, and nothing it started survives the cell.

The app often runs as root on a teaching server, where RLIMIT_NPROC does not bind,
so the bound that matters is the kernel's pids cgroup. These tests run real fork
bombs: they are safe because the bound is checked first (skip where none holds).
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

import lessons
from tests.harness.processes import alive, descendants, wait_gone
from tui.kernel import ROOT, Kernel
from tui.sandbox import cgroups
from tui.widgets.code_cell import FINISHED_STATES, CodeCell

pytestmark = pytest.mark.skipif(not Path("/proc/self").exists(), reason="needs Linux /proc")

LIMIT = 16

BOMB = """\
import os, time
got = 0
for _ in range(200):
    try:
        pid = os.fork()
    except OSError:  # BlockingIOError (EAGAIN) once the bound is reached
        break
    if pid == 0:
        time.sleep(60)
        os._exit(0)
    got += 1
print(got)
"""

ESCAPE = """\
import os, time
ready, done = os.pipe()
pid = os.fork()
if pid == 0:
    os.setsid()  # leaves the kernel's process group: killpg no longer reaches it
    os.write(done, b"x")
    time.sleep(60)
    os._exit(0)
os.read(ready, 1)
print(pid, os.getpgid(pid) != os.getpgid(0), flush=True)
"""


async def removed(group: Path, seconds: float = 5.0) -> bool:
    """Wait (letting the event loop run: the kernel removes groups there) until ``group`` is gone."""
    deadline = time.monotonic() + seconds
    while group.exists() and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    return not group.exists()


async def bounded_kernel() -> Kernel:
    """A started kernel with some bound on processes, or a skip saying why there is none."""
    k = Kernel(max_processes=LIMIT)
    await k.start()
    if k.process_bound == "none":
        await k.shutdown()
        pytest.skip("running as root with no writable pids cgroup: nothing here bounds processes")
    return k


async def test_a_fork_bomb_gets_at_most_the_limit_and_the_kernel_lives_on() -> None:
    k = await bounded_kernel()
    try:
        first = k.pid
        assert first is not None
        group = k.cgroup
        if k.process_bound == "cgroup":
            assert group is not None and (group / "pids.max").read_text().strip() == str(LIMIT)
        forked: list[int] = []
        result = await k.run(BOMB, timeout=30, on_event=lambda _: forked.extend(descendants(first)))
        assert result.status == "ok", result.error
        got = int(result.stdout)
        # The child's own threads count against the same limit, so fewer than LIMIT forks.
        assert 0 < got < LIMIT
        assert wait_gone(forked) == [] and descendants(first) == []  # gone with the cell
        assert subprocess.run(["true"], timeout=10).returncode == 0  # the machine still forks
        assert (await k.run("40 + 2")).stdout == "42\n"  # the kernel still answers
        assert k.pid == first
        again = await k.run(BOMB, timeout=30)  # the bound is whole again
        assert int(again.stdout) == got

        await k.restart()
        assert wait_gone([first]) == []
        if group is not None:
            assert not group.exists()
        assert k.pid not in (None, first)
        assert k.process_bound in ("cgroup", "rlimit")
    finally:
        await k.shutdown()


STUBBORN = BOMB.replace("print(got)", "print(got, flush=True)") + (
    "while True:\n    try:\n        time.sleep(60)\n    except KeyboardInterrupt:\n        pass\n"
)


async def test_a_fork_bomb_that_ignores_the_timeout_is_killed_with_its_kernel() -> None:
    k = await bounded_kernel()
    try:
        first, group = k.pid, k.cgroup
        assert first is not None
        forked: list[int] = []
        result = await k.run(STUBBORN, timeout=2, on_event=lambda _: forked.extend(descendants(first)))
        assert result.status == "timeout", result.error
        assert 0 < int(result.stdout) < LIMIT
        assert forked, "the cell printed before it forked nothing?"
        assert wait_gone([first, *forked]) == []
        if group is not None:
            assert await removed(group)
        assert (await k.run("1")).stdout == "1\n"
        assert k.pid != first
    finally:
        await k.shutdown()


SPINNING_BOMB = BOMB.replace("time.sleep(60)", "while True: pass").replace(
    "print(got)", "print(got, flush=True)\ntime.sleep(60)"
)


@pytest.mark.slow
async def test_a_fork_bomb_stopped_at_its_time_limit_leaves_nothing_spinning() -> None:
    k = await bounded_kernel()
    try:
        first = k.pid
        assert first is not None
        forked: list[int] = []
        result = await k.run(SPINNING_BOMB, timeout=2, on_event=lambda _: forked.extend(descendants(first)))
        assert result.status == "timeout", result.error
        assert "restarted" not in (result.error or "")  # the kernel itself stopped when asked
        assert forked and wait_gone(forked) == [] and descendants(first) == []
        assert k.pid == first
    finally:
        await k.shutdown()


async def test_processes_that_leave_the_process_group_are_in_the_cgroup() -> None:
    k = await bounded_kernel()
    try:
        if k.process_bound != "cgroup":
            pytest.skip("no pids cgroup here")
        group = k.cgroup
        assert group is not None
        seen: list[str] = []
        result = await k.run(
            ESCAPE + "import time\ntime.sleep(0.5)",
            on_event=lambda event: seen.append(" ".join(map(str, cgroups.members(group)))),
        )
        pid, escaped = result.stdout.split()
        assert escaped == "True"
        assert any(pid in members.split() for members in seen)
        assert wait_gone([int(pid)]) == []
    finally:
        await k.shutdown()
    assert not group.exists()


async def test_a_crash_takes_escaped_processes_and_the_group_with_it() -> None:
    k = await bounded_kernel()
    try:
        if k.process_bound != "cgroup":
            pytest.skip("no pids cgroup here: only the process group is killed")
        group = k.cgroup
        assert group is not None
        pid = int((await k.run(ESCAPE)).stdout.split()[0])
        crashed = await k.run("import os\nos._exit(3)")
        assert crashed.status == "crashed"
    finally:
        await k.shutdown()  # right away: it must still wait for the crashed child's group
    assert not group.exists()
    assert wait_gone([pid]) == []


async def test_without_a_cgroup_the_fallback_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cgroups, "locate", lambda *args, **kwargs: None)
    async with Kernel(max_processes=LIMIT) as k:
        assert (await k.run("1 + 1")).stdout == "2\n"
        assert k.cgroup is None
        assert k.process_bound == ("none" if os.getuid() == 0 else "rlimit")


PARENT = textwrap.dedent(
    """
    import asyncio, sys
    sys.path.insert(0, sys.argv[1])
    from tui.kernel import Kernel

    async def main():
        k = Kernel(max_processes=int(sys.argv[3]))
        await k.start()
        show = lambda event: print(k.process_bound, k.pid, k.cgroup, event.text.strip(), flush=True)
        await k.run(sys.argv[2] + "import time\\ntime.sleep(60)", timeout=60, on_event=show)

    asyncio.run(main())
    """
)


def test_an_orphaned_kernel_removes_its_cgroup() -> None:
    """SIGKILL gives the app no chance to clean up: the child's lifeline does it."""
    app = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(ROOT), ESCAPE, str(LIMIT)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert app.stdout is not None
        bound, child, group, escapee, _ = app.stdout.readline().split()  # while the cell runs
        if bound != "cgroup":
            pytest.skip("no pids cgroup here")
        assert Path(group).is_dir() and alive(int(escapee))
        app.send_signal(signal.SIGKILL)
        app.wait(5)
        assert wait_gone([int(child), int(escapee)]) == []
        deadline = time.monotonic() + 3.0
        while Path(group).exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(group).exists()
    finally:
        app.kill()
        app.wait()
        if app.stdout is not None:
            app.stdout.close()


BOMB_LESSON = (
    "---\nid: bomb\ntitle: Fork bomb\n---\n\n"
    "```python cell id=bomb\n{bomb}```\n\n"
    "```python cell id=after\nprint('still here')\n```\n"
)


async def test_the_app_survives_a_fork_bomb_cell(tmp_path: Path) -> None:
    from tui.app import TutorialApp

    (tmp_path / "01-bomb.md").write_text(BOMB_LESSON.format(bomb=BOMB), encoding="utf-8")
    course = lessons.load_dir(tmp_path)
    assert course and course[0].ok, course and course[0].errors
    app = TutorialApp(course, start_lesson=1)
    async with app.run_test(size=(80, 24)) as pilot:
        bomb, after = list(app.query(CodeCell))
        bomb.action_run_cell()
        deadline = time.monotonic() + 30
        while bomb.state not in FINISHED_STATES and time.monotonic() < deadline:
            await pilot.pause(0.05)
        if app.kernel.process_bound == "none":
            pytest.skip("running as root with no writable pids cgroup: nothing here bounds processes")
        assert bomb.state == "ok", bomb.output_text
        assert 0 < int(bomb.output_text.split()[0]) < app.kernel.max_processes
        kernel, group = app.kernel.pid, app.kernel.cgroup
        assert kernel is not None
        forked = descendants(kernel)
        after.action_run_cell()
        while after.state not in FINISHED_STATES and time.monotonic() < deadline:
            await pilot.pause(0.05)
        assert "still here" in after.output_text
    assert wait_gone([kernel, *forked]) == []  # the app's exit took them all
    if group is not None:
        assert not group.exists()


# -- where groups go (fake /proc and cgroup trees) ------------------------------------


def mountinfo(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_locate_prefers_v2_next_to_our_own_group(tmp_path: Path) -> None:
    unified, v1 = tmp_path / "unified", tmp_path / "pids"
    own = unified / "user.slice" / "session-1.scope"
    own.mkdir(parents=True)
    v1.mkdir()
    (own / "cgroup.controllers").write_text("cpu memory pids\n")
    (own.parent / "cgroup.subtree_control").write_text("cpu memory pids\n")
    info = mountinfo(
        f"41 31 0:38 / {unified} rw,relatime - cgroup2 cgroup2 rw",
        f"39 31 0:36 / {v1} rw,relatime - cgroup cgroup rw,pids",
    )
    place = cgroups.locate(info, "8:pids:/\n0::/user.slice/session-1.scope\n")
    assert place == cgroups.Place(own.parent, 2, own)


def test_locate_falls_back_to_v1_when_v2_has_no_pids(tmp_path: Path) -> None:
    unified, v1 = tmp_path / "unified", tmp_path / "pids"
    unified.mkdir()
    (v1 / "session").mkdir(parents=True)
    (unified / "cgroup.controllers").write_text("\n")
    info = mountinfo(
        f"41 31 0:38 / {unified} rw,relatime - cgroup2 cgroup2 rw",
        f"32 31 0:29 / {tmp_path / 'cpu'} rw,relatime - cgroup cgroup rw,cpu",
        f"39 31 0:36 / {v1} rw,relatime - cgroup cgroup rw,pids",
    )
    place = cgroups.locate(info, "8:pids:/session\n1:cpu:/\n0::/\n")
    assert place == cgroups.Place(v1 / "session", 1, v1 / "session")


def test_locate_never_enables_a_v2_controller_itself(tmp_path: Path) -> None:
    unified, v1 = tmp_path / "unified", tmp_path / "pids"
    own = unified / "user.slice" / "session-1.scope"
    own.mkdir(parents=True)
    v1.mkdir()
    (own / "cgroup.controllers").write_text("cpu pids\n")
    (own.parent / "cgroup.subtree_control").write_text("cpu\n")  # pids available, not enabled below
    info = mountinfo(
        f"41 31 0:38 / {unified} rw,relatime - cgroup2 cgroup2 rw",
        f"39 31 0:36 / {v1} rw,relatime - cgroup cgroup rw,pids",
    )
    assert cgroups.locate(info, "8:pids:/\n0::/user.slice/session-1.scope\n") == cgroups.Place(v1, 1, v1)
    assert (own.parent / "cgroup.subtree_control").read_text() == "cpu\n"


def test_locate_finds_nothing_without_a_pids_controller(tmp_path: Path) -> None:
    (tmp_path / "cgroup.controllers").write_text("cpu memory\n")
    info = mountinfo(f"41 31 0:38 / {tmp_path} rw,relatime - cgroup2 cgroup2 rw")
    assert cgroups.locate(info, "0::/\n") is None
    assert cgroups.locate("", "") is None
