"""The kernel runs cells like a notebook and reports what they did, faithfully."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from tui.kernel import CellResult, Kernel, OutputEvent, sanitize
from tui.sandbox.protocol import clip

KERNEL_TIMEOUT = 3.0


async def test_namespace_is_shared_across_runs(kernel: Kernel) -> None:
    assert (await kernel.run("a = np.arange(5)")).status == "ok"
    result = await kernel.run("a.shape")
    assert result.status == "ok"
    assert result.stdout == "(5,)\n"


async def test_namespaces_are_isolated(kernel: Kernel) -> None:
    await kernel.run("x = 1", namespace="02-logistic")
    other = await kernel.run("x", namespace="03-cost")
    assert other.status == "error"
    assert "NameError: name 'x' is not defined" in (other.error or "")
    assert (await kernel.run("x", namespace="02-logistic")).stdout == "1\n"
    assert (await kernel.run("np.__name__", namespace="03-cost")).stdout == "'numpy'\n"


async def test_last_expression_is_displayed_after_output(kernel: Kernel) -> None:
    result = await kernel.run("print('first')\nv = np.zeros((2, 1))\nv.T.shape")
    assert result.stdout == "first\n(1, 2)\n"
    assert (await kernel.run("None")).stdout == ""
    assert (await kernel.run("y = 3")).stdout == ""
    assert (await kernel.run("plot([1, 2])")).stdout == ""


async def test_lessons_package_is_importable(kernel: Kernel) -> None:
    result = await kernel.run("from lessons.nn import sigmoid\nfloat(sigmoid(0.0))")
    assert result.status == "ok", result.error
    assert result.stdout == "0.5\n"


def test_ui_side_does_not_import_numpy() -> None:
    code = "import sys, tui.kernel; print('numpy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "False\n"


async def test_stdout_streams_while_the_cell_runs(kernel: Kernel) -> None:
    events: list[object] = []
    arrivals: list[float] = []

    def on_event(event: object) -> None:
        events.append(event)
        arrivals.append(time.monotonic())

    code = "import time\nfor i in range(3):\n    print('step', i)\n    time.sleep(0.2)"
    result = await kernel.run(code, on_event=on_event)
    finished = time.monotonic()
    assert result.stdout == "step 0\nstep 1\nstep 2\n"
    assert "".join(e.text for e in events if isinstance(e, OutputEvent)) == result.stdout
    assert finished - arrivals[0] > 0.3  # the first line came well before the end


async def test_stderr_and_warnings_reach_the_output(kernel: Kernel) -> None:
    result = await kernel.run("import sys\nprint('oops', file=sys.stderr)\nnp.log(0.0)")
    assert result.status == "ok"
    assert "oops\n" in result.stdout
    assert "RuntimeWarning: divide by zero" in result.stdout
    assert "<cell-" in result.stdout  # the warning points at the learner's line


async def test_raw_fd_output_is_captured(kernel: Kernel) -> None:
    code = (
        "import os, subprocess\n"
        "os.write(1, b'raw one\\n')\n"
        "os.write(2, b'raw two\\n')\n"
        "subprocess.run(['echo', 'from a child'])\n"
        "None"
    )
    result = await kernel.run(code)
    assert result.status == "ok"
    for line in ("raw one\n", "raw two\n", "from a child\n"):
        assert line in result.stdout


async def test_syntax_error_shows_the_line_and_caret(kernel: Kernel) -> None:
    result = await kernel.run("a = 1\nb = (a +\n")
    assert result.status == "error"
    error = result.error or ""
    assert 'File "<cell-' in error
    assert "line 2" in error
    assert "b = (a +" in error
    assert "^" in error
    assert error.splitlines()[-1].startswith("SyntaxError")
    assert "Traceback" not in error


async def test_traceback_is_trimmed_to_learner_code(kernel: Kernel) -> None:
    await kernel.run("def forward(w, x):\n    return np.dot(w, x)")
    result = await kernel.run("w = np.ones(3)\nforward(w, np.ones(4))")
    error = result.error or ""
    assert result.status == "error"
    assert error.startswith("Traceback (most recent call last):")
    assert "forward(w, np.ones(4))" in error  # the calling cell
    assert "return np.dot(w, x)" in error  # the function from the earlier cell
    assert "tui" not in error and "sandbox" not in error and "runner" not in error
    last = error.splitlines()[-1]
    assert last == "ValueError: shapes (3,) and (4,) not aligned: 3 (dim 0) != 4 (dim 0)"


async def test_numpy_broadcast_error_is_verbatim(kernel: Kernel) -> None:
    result = await kernel.run("np.ones((4, 3)) + np.ones((2, 3))")
    assert (result.error or "").splitlines()[-1] == (
        "ValueError: operands could not be broadcast together with shapes (4,3) (2,3) "
    )


async def test_errors_inside_lessons_code_show_the_learners_frame(kernel: Kernel) -> None:
    code = (
        "from lessons import nn\nw = np.zeros((3, 1))\nnn.propagate(w, 0.0, np.ones((4, 5)), np.ones((1, 5)))"
    )
    result = await kernel.run(code)
    error = result.error or ""
    assert result.status == "error"
    assert "nn.propagate(w, 0.0, np.ones((4, 5)), np.ones((1, 5)))" in error
    assert "nn.py" not in error
    assert error.splitlines()[-1].startswith("ValueError: ")


async def test_input_gives_a_clear_error(kernel: Kernel) -> None:
    result = await kernel.run("name = input('Your name? ')")
    assert result.status == "error"
    assert "input() is not available in cells" in (result.error or "")


async def test_system_exit_is_an_error_not_a_dead_kernel(kernel: Kernel) -> None:
    result = await kernel.run("import sys\nsys.exit(3)")
    assert result.status == "error"
    assert "SystemExit: 3" in (result.error or "")
    assert (await kernel.run("1 + 1")).stdout == "2\n"


async def test_huge_print_is_truncated_quickly(kernel: Kernel) -> None:
    started = time.monotonic()
    result = await kernel.run("print('x' * 10_000_000)\nprint('never shown')")
    assert time.monotonic() - started < 2.0
    assert result.status == "ok"
    assert result.truncated
    assert len(result.stdout.encode()) <= kernel.output_limit
    assert len(result.stdout) > kernel.output_limit // 2
    assert "Output truncated after 64 KB." in result.notes
    assert "never shown" not in result.stdout


async def test_many_small_prints_are_truncated_quickly(kernel: Kernel) -> None:
    started = time.monotonic()
    result = await kernel.run("for i in range(300_000):\n    print(i)")
    assert time.monotonic() - started < 3.0
    assert result.truncated
    assert len(result.stdout.encode()) <= kernel.output_limit


async def test_raw_output_is_capped_too(kernel: Kernel) -> None:
    result = await kernel.run("import os\nos.write(1, b'y' * 1_000_000)\nNone")
    assert result.truncated
    assert len(result.stdout.encode()) <= kernel.output_limit


async def test_escape_sequences_are_shown_as_text(kernel: Kernel) -> None:
    result = await kernel.run(
        "print('\\x1b[2J\\x1b]0;pwned\\x07')\nimport os\nos.write(1, b'\\x1b[31mred\\r\\n')\nNone"
    )
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b[2J\\x1b]0;pwned\\x07\n" in result.stdout
    assert "\\x1b[31mred\n" in result.stdout
    error = (await kernel.run("raise ValueError('\\x1b[2Jboom')")).error or ""
    assert "\x1b" not in error and "\\x1b[2Jboom" in error


def test_sanitize() -> None:
    assert sanitize("a\tb\nc") == "a\tb\nc"
    assert sanitize("a\r\nb\rc") == "a\nb\nc"
    assert sanitize("\x1b[0m\x07\x00\x7f\x9b") == "\\x1b[0m\\x07\\x00\\x7f\\x9b"
    assert sanitize("bad \ud800 surrogate") == "bad \ufffd surrogate"
    assert sanitize("中文 ok") == "中文 ok"


def test_clip_counts_utf8_bytes_and_keeps_characters_whole() -> None:
    assert clip("hello", 3) == ("hel", 3)
    assert clip("中文字", 7) == ("中文", 6)
    assert clip("short", 100) == ("short", 5)


async def test_stray_sigint_between_cells_is_harmless(kernel: Kernel) -> None:
    await kernel.run("kept = 42")
    pid = kernel.pid
    assert pid is not None
    os.kill(pid, signal.SIGINT)
    result = await kernel.run("kept")
    assert result.status == "ok"
    assert result.stdout == "42\n"
    assert kernel.pid == pid


async def test_states_are_reported_in_order() -> None:
    states: list[str] = []
    async with Kernel(on_state=states.append) as k:
        assert k.state == "stopped"
        await k.start()
        assert states == ["starting", "ready"]
        await k.run("1")
        assert states == ["starting", "ready", "running", "ready"]
        assert k.state == "ready"
    assert states[-1] == "stopped"


async def test_result_is_a_frozen_dataclass(kernel: Kernel) -> None:
    result = await kernel.run("1")
    assert isinstance(result, CellResult)
    with pytest.raises(AttributeError):
        result.status = "error"  # type: ignore[misc]
    assert result.elapsed < 1.0
    assert result.notes == [] and not result.cancelled and not result.truncated


async def test_trivial_round_trip_is_fast(kernel: Kernel) -> None:
    """Measured, not asserted strictly (benchmarks/kernel_roundtrip.py reports it)."""
    await kernel.start()
    times = []
    for _ in range(50):
        started = time.perf_counter()
        result = await kernel.run("1+1")
        times.append(time.perf_counter() - started)
        assert result.stdout == "2\n"
    times.sort()
    print(f"kernel round trip: median {times[25] * 1000:.2f} ms, max {times[-1] * 1000:.2f} ms")
    assert times[25] < 0.5
