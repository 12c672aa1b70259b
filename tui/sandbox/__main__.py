"""Entry point of the kernel child: ``python -m tui.sandbox CONFIG_JSON``.

Order matters: take the protocol fds away from stdio first (so nothing learner code
or C libraries write can corrupt the protocol), join the cgroups the parent made and
become a subreaper (before any learner code, so nothing it starts escapes either),
then set limits and the lifeline, confine ourselves in kiosk mode (Landlock), and
only then import NumPy, so its memory counts against RLIMIT_AS and its BLAS threads
see the thread-count variables the parent set.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import sys
import threading
import traceback
from pathlib import Path
from typing import Any

from tui.sandbox import cgroups, landlock, lifeline, limits, reaper
from tui.sandbox.protocol import LOST_PIPE_EXIT, Channel, decode

THREAD_STACK = 512 * 1024
"""Stack size of the child's own threads: virtual memory counts against RLIMIT_AS."""


def _take_stdio() -> tuple[int, int]:
    """Keep private copies of stdin/stdout for the protocol; fd 1 -> fd 2, fd 0 -> /dev/null."""
    protocol_fd, command_fd = os.dup(1), os.dup(0)  # os.dup: not inherited by exec
    os.dup2(2, 1)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    return protocol_fd, command_fd


def _read_commands(
    fd: int, commands: queue.SimpleQueue[dict[str, Any]], answers: queue.SimpleQueue[dict[str, Any]]
) -> None:
    """Feed commands to the main thread, and answers to the code waiting for them
    (``Outbox.ask``); EOF means the parent is gone or shutting us down."""
    try:
        with os.fdopen(fd, "rb") as pipe:
            for line in pipe:
                message = decode(line)
                (answers if message.get("op") == "answer" else commands).put(message)
    finally:  # the parent is gone, or a cell closed our end: either way we are done
        lifeline.die(orphaned=True, code=LOST_PIPE_EXIT)


def main() -> None:
    try:
        _serve()
    except BaseException:  # e.g. NumPy missing: the parent shows this if we die unready
        stderr = sys.__stderr__
        if stderr is not None:
            traceback.print_exc(file=stderr)
            stderr.flush()
    finally:  # never leave the learner's processes behind, whatever went wrong
        lifeline.die(orphaned=False)


def _serve() -> None:
    protocol_fd, command_fd = _take_stdio()
    config = json.loads(sys.argv[1])
    if config.get("nice", 0) > 0:  # before any thread: they inherit it (the parent set it too, racing us)
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, 0, config["nice"])
    joined = _join(config.get("cgroups") or [])
    reaper.become_subreaper()  # before any learner code: all it starts stays below us
    bound = limits.apply(
        memory=config["memory"],
        processes=config["processes"],
        file_size=config["file_size"],
        in_cgroup=any(kind == "pids" for kind, _, _ in joined),
    )
    groups = [(group, home) for _, group, home in joined]
    lifeline.guard(config["parent"], config["cleanup"], groups)
    landlock.no_new_privileges()  # set-user-ID programs (crontab, at, su) lose their powers
    confined = _confine(groups) if config.get("confine") else 0
    channel = Channel(protocol_fd, on_lost=lambda: lifeline.die(orphaned=True, code=LOST_PIPE_EXIT))
    commands: queue.SimpleQueue[dict[str, Any]] = queue.SimpleQueue()
    answers: queue.SimpleQueue[dict[str, Any]] = queue.SimpleQueue()
    threading.stack_size(THREAD_STACK)
    threading.Thread(target=_read_commands, args=(command_fd, commands, answers), daemon=True).start()

    import numpy as np

    from tui.sandbox.outbox import Outbox
    from tui.sandbox.plotting import Plots, install
    from tui.sandbox.runner import Runner

    outbox = Outbox(channel, answers)
    threading.stack_size(0)  # learner threads get the default stack
    plots = Plots(outbox)
    runner = Runner(outbox, plots, {"np": np, **install(plots)}, config["memory"])
    memory = "cgroup" if any(kind == "memory" for kind, _, _ in joined) else "none"
    channel.send({"t": "ready", "bound": bound, "memory": memory, "confined": confined})
    while True:
        command = commands.get()
        if command["op"] == "run":
            channel.send(runner.run(command))
        elif command["op"] == "call":
            channel.send(runner.call(command))


def _join(groups: list[list[str]]) -> list[tuple[str, str, str]]:
    """Move into each (controller, group, home) cgroup; the ones joined."""
    joined, done = [], set()
    for kind, group, home in groups:
        if group in done or cgroups.join(group):  # v2: one group holds both controllers
            joined.append((kind, group, home))
            done.add(group)
    return joined


def _confine(groups: list[tuple[str, str]]) -> int:
    """Landlock for kiosk mode (see ``tui.sandbox.landlock``); the ABI in force, 0 if none.

    An orphaned kernel still removes its own cgroups: it may move back home and remove them.
    """
    homes = tuple(str(Path(home, "cgroup.procs")) for _, home in groups)
    parents = tuple(str(Path(group).parent) for group, _ in groups)
    try:
        return landlock.confine(os.getcwd(), writable=homes, removable=parents)
    except OSError:
        return 0


if __name__ == "__main__":
    main()
