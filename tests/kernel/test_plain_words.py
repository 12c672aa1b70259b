"""When a cell breaks the kernel in odd ways, the learner reads what happened in plain words.

Not "may have run out of memory" with the kernel's own traceback when a cell closed
the kernel's pipe; a RecursionError, not a time limit, for an endless recursion; and
a thread an earlier cell left running does not write into later cells.
"""

from __future__ import annotations

import pytest

from tui.i18n import t
from tui.kernel import RESTARTED, Kernel

CHANNEL = "import gc, os\nchannel = next(o for o in gc.get_objects() if type(o).__name__ == 'Channel')\n"

CUTTING = {
    "message-pipe": CHANNEL + "os.close(channel._fd)\nprint('gone')",
    "every-pipe": "import os\nos.closerange(3, 1024)\nprint('gone')",
}


@pytest.mark.parametrize("code", CUTTING.values(), ids=CUTTING.keys())
async def test_a_cell_that_cuts_the_kernels_pipe_is_reported_in_words(code: str) -> None:
    async with Kernel(timeout=10) as k:
        await k.run("kept = 1")
        result = await k.run(code)
        assert result.status == "crashed"
        assert result.error == t("kernel.lost_pipe")
        assert "Traceback" not in result.stdout and "memory" not in (result.error or "")
        assert t(RESTARTED) in result.notes
        follow = await k.run("kept")
        assert follow.status == "error" and "NameError" in (follow.error or "")
        assert (await k.run("6 * 7")).stdout == "42\n"


async def test_an_endless_recursion_is_a_recursion_error_not_a_time_limit() -> None:
    async with Kernel(timeout=5) as k:
        pid = k.pid
        code = "import sys\nsys.setrecursionlimit(10**6)\ndef f():\n    f()\nf()"
        result = await k.run(code)
        assert result.status == "error", result.error
        error = result.error or ""
        assert "RecursionError" in error and "Previous line repeated" in error
        assert "10,000 nested calls" in error and "calls itself without end" in error
        assert result.elapsed < 5 and not result.notes
        assert k.pid == pid or pid is None
        assert (await k.run("import sys\nsys.getrecursionlimit()")).stdout == "10000\n"


async def test_a_deep_but_finite_recursion_still_works() -> None:
    async with Kernel(timeout=10) as k:
        code = (
            "import sys\nsys.setrecursionlimit(9000)\n"
            "def depth(n):\n    return 0 if n == 0 else 1 + depth(n - 1)\n"
            "depth(8000)"
        )
        result = await k.run(code)
        assert result.status == "ok", result.error
        assert result.stdout == "8000\n"


async def test_a_thread_left_running_does_not_write_into_later_cells() -> None:
    async with Kernel(timeout=5) as k:
        first = await k.run(
            "import threading, time\n"
            "def tick():\n"
            "    while True:\n"
            "        print('tick')\n"
            "        time.sleep(0.02)\n"
            "threading.Thread(target=tick, daemon=True).start()\n"
            "time.sleep(0.1)"
        )
        assert "tick" in first.stdout
        later = await k.run("import threading, time\ntime.sleep(0.3)\nprint('mine')")
        assert later.stdout == "mine\n"
        fresh = await k.run(
            "done = threading.Event()\n"
            "threading.Thread(target=lambda: (print('new thread'), done.set())).start()\n"
            "done.wait(5)"
        )
        assert fresh.stdout.startswith("new thread\n")  # threads of the running cell still print
