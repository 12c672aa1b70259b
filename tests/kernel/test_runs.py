"""The run queue, without any UI: order, one stream of events, cancelling, and clean cells."""

from __future__ import annotations

import asyncio

import pytest

from tui.kernel import Kernel
from tui.runs import CallJob, CellJob, Dropped, Finished, Output, Queued, RunQueue, Started


@pytest.fixture
async def queue():
    events = []
    async with Kernel(timeout=5.0) as kernel:
        runs = RunQueue(kernel, events.append)
        runs.events = events  # type: ignore[attr-defined]
        yield runs
        await runs.close()


async def finished(queue: RunQueue, count: int) -> list:
    for _ in range(400):
        done = [e for e in queue.events if isinstance(e, Finished | Dropped)]
        if len(done) >= count:
            return done
        await asyncio.sleep(0.025)
    raise AssertionError(f"only {len(done)} of {count} jobs ended: {queue.events}")


async def test_jobs_run_one_at_a_time_in_the_order_asked(queue: RunQueue) -> None:
    queue.submit("a", CellJob("import time\ntime.sleep(0.2)\nprint('first')", "ns", "a"))
    queue.submit("b", CellJob("print('second')", "ns", "b"))
    queue.submit("w", CallJob("widgets.graph", {"a": 1, "b": 2, "c": 3}), tag=7)
    done = await finished(queue, 3)
    assert [event.ticket.owner for event in done] == ["a", "b", "w"]
    starts = [event.ticket.owner for event in queue.events if isinstance(event, Started)]
    assert starts == ["a", "b", "w"]
    assert done[2].ticket.tag == 7 and done[2].result.value["J"] == 21


async def test_output_arrives_once_as_events(queue: RunQueue) -> None:
    queue.submit("a", CellJob("for i in range(3):\n    print(i)", "ns", "a"))
    await finished(queue, 1)
    streamed = "".join(event.text for event in queue.events if isinstance(event, Output))
    assert streamed == "0\n1\n2\n"
    kinds = [type(event).__name__ for event in queue.events]
    assert kinds[0] == "Queued" and kinds[1] == "Started" and kinds[-1] == "Finished"


async def test_cancel_drops_a_waiting_job_and_stops_a_running_one(queue: RunQueue) -> None:
    queue.submit("slow", CellJob("while True:\n    pass", "ns", "slow", timeout=30))
    queue.submit("waiting", CellJob("print('never')", "ns", "waiting"))
    for _ in range(200):
        if queue.running is not None:
            break
        await asyncio.sleep(0.01)
    assert queue.cancel("waiting")
    assert queue.cancel("slow")
    done = await finished(queue, 2)
    by_owner = {event.ticket.owner: event for event in done}
    assert isinstance(by_owner["waiting"], Dropped) and by_owner["waiting"].reason == "cancelled"
    assert by_owner["slow"].result.cancelled
    assert not queue.cancel("nobody")


async def test_a_failure_drops_the_rest_of_its_batch_only(queue: RunQueue) -> None:
    queue.submit_batch(
        [("one", CellJob("1/0", "ns", "one")), ("two", CellJob("print(2)", "ns", "two"))], stop_on_error=True
    )
    queue.submit("other", CellJob("print(3)", "ns", "other"))
    done = await finished(queue, 3)
    by_owner = {event.ticket.owner: event for event in done}
    assert by_owner["one"].result.status == "error"
    assert isinstance(by_owner["two"], Dropped) and by_owner["two"].reason == "earlier_failed"
    assert by_owner["other"].result.stdout == "3\n"


async def test_a_cell_needs_running_again_in_a_new_kernel(queue: RunQueue) -> None:
    assert queue.needs_run("ns", "setup")
    queue.submit("setup", CellJob("base = 1", "ns", "setup"))
    await finished(queue, 1)
    assert not queue.needs_run("ns", "setup")
    await queue.kernel.restart()
    assert queue.needs_run("ns", "setup")


async def test_queued_events_come_first(queue: RunQueue) -> None:
    ticket = queue.submit("x", CellJob("pass", "ns", "x"))
    assert queue.events[0] == Queued(ticket)
    assert queue.is_busy("x")
    await finished(queue, 1)
    assert not queue.is_busy("x")
