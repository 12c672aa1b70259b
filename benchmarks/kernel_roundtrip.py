"""Kernel figures: start time, trivial-cell round trip and the child's memory.

Design targets: a trivial cell round trip under 30 ms; UI + kernel RSS under
120 MB together, so the child (NumPy only, no Textual) must stay lean.

    python benchmarks/kernel_roundtrip.py [--runs 200]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.kernel import Kernel


def _status(pid: int) -> dict[str, int]:
    """VmRSS, VmSize and VmPeak of ``pid`` in KiB (Linux)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmSize", "VmPeak"):
            fields[key] = int(value.split()[0])
    return fields


async def main(runs: int) -> None:
    async with Kernel() as kernel:
        started = time.perf_counter()
        await kernel.start()
        start_time = time.perf_counter() - started
        assert kernel.pid is not None
        idle = _status(kernel.pid)

        for _ in range(10):  # warm up
            await kernel.run("1+1")
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            result = await kernel.run("1+1")
            times.append(time.perf_counter() - started)
            assert result.stdout == "2\n", result
        times.sort()
        await kernel.run("a = np.random.randn(200, 200)\nb = a @ a\nplot(b[0])")
        used = _status(kernel.pid)

    ms = [t * 1000 for t in times]
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    print(f"kernel start (to NumPy imported): {start_time * 1000:.0f} ms")
    print(
        f"trivial cell round trip over {runs} runs: median {statistics.median(ms):.2f} ms, "
        f"p95 {p95:.2f} ms, max {ms[-1]:.2f} ms (target < 30 ms)"
    )
    print(f"kernel child RSS idle: {idle['VmRSS'] / 1024:.1f} MB (virtual {idle['VmSize'] / 1024:.0f} MB)")
    print(
        f"kernel child RSS after a matmul and a plot: {used['VmRSS'] / 1024:.1f} MB "
        f"(virtual peak {used['VmPeak'] / 1024:.0f} MB of the RLIMIT_AS budget)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    asyncio.run(main(parser.parse_args().runs))
