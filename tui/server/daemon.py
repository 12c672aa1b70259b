"""``python -m tui serve SOCKET``: import the app once, then fork a seat per login.

The server is single-threaded and runs no event loop while it serves (one runs to
completion once, in ``warm_screens``, before the first fork), so forking it is safe.
As root it serves every account (each seat becomes its login's user); as anyone
else it serves only its own account and refuses the rest (they run the app
themselves).
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import select
import signal
import socket
import stat
import struct
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.server.wire import REFUSED, SEATS_PER_ACCOUNT, BadRequest, parse, receive

if TYPE_CHECKING:
    from lessons import Lesson

REQUEST_TIMEOUT = 5.0
"""Seconds a seat waits for its login's request."""
PRELOADED = ("textual.widgets.text_area", "tree_sitter", "tree_sitter_python")
"""Beyond the app's own modules: what opening a lesson imports."""
SKIPPED = ("tui.sandbox.", "tui.server.", "lessons.data", "lessons.nn", "lessons.diagnose")
"""Kernel-side modules (NumPy), and the server itself."""


def _app_modules() -> list[str]:
    """Every module of the app and the course, but the kernel's and entry points."""
    import pkgutil

    import lessons
    import tui

    names = []
    for package in (tui, lessons):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            name = module.name
            if not name.endswith("__main__") and not name.startswith(SKIPPED):
                names.append(name)
    return names


def preload() -> list[str]:
    """Import what a session needs and parse both editions of the course; what was loaded."""
    from tui.__main__ import FRAMES_PER_SECOND

    os.environ.setdefault("TEXTUAL_FPS", str(FRAMES_PER_SECOND))  # read once, when Textual is imported
    loaded = []
    for name in (*_app_modules(), *PRELOADED):
        with contextlib.suppress(ImportError):  # an optional part (tree-sitter) may be missing
            importlib.import_module(name)
            loaded.append(name)
    import lessons

    for lang in lessons.LANGUAGES:
        warm(lessons.load(lang))
    warm_screens(lessons.load("en"))
    gc.collect()
    gc.freeze()  # the collector no longer writes to these objects: their pages stay shared
    return loaded


def installed_files() -> dict[str, int]:
    """Modification times of the app's and the course's files as imported here."""
    stamps = {}
    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "")
        origin = getattr(module, "__file__", None)
        if origin and name.split(".")[0] in ("tui", "lessons"):
            with contextlib.suppress(OSError):
                stamps[origin] = os.stat(origin).st_mtime_ns
    return stamps


def changed_since(stamps: dict[str, int]) -> bool:
    """Whether any of those files changed or went (the app was upgraded)."""
    for origin, stamp in stamps.items():
        try:
            if os.stat(origin).st_mtime_ns != stamp:
                return True
        except OSError:
            return True
    return False


def warm(course: list[Lesson]) -> None:
    """Parse every lesson's Markdown and highlight its code once, here, for every seat:
    both are cached by their text, so a seat's first visit of a lesson skips them."""
    from lessons import Cell, Exercise, Prose
    from tui.widgets.code_preview import highlighted
    from tui.widgets.prose import parse

    for lesson in course:
        for block in lesson.blocks:
            if isinstance(block, Prose):
                parse(block.text)
            elif isinstance(block, Exercise):
                parse(block.prompt)
                highlighted(block.starter)
            elif isinstance(block, Cell):
                highlighted(block.code)


def warm_screens(course: list[Lesson]) -> None:
    """Draw the lesson list, a whole lesson and an editor once, headless and without a kernel.

    What a seat's first screens parse and measure is then done (the app's CSS above
    all: a quarter of a seat's first screen, ``tui.framework.share_css_parses``). The
    event loop runs to completion here, before any seat is forked.
    """
    import asyncio

    from tui.app import TutorialApp
    from tui.kernel_settings import KERNEL_START
    from tui.progress import Progress

    async def draw() -> None:
        app = TutorialApp(course, progress=Progress(None))  # memory only: nothing read or written
        async with app.run_test(headless=True, size=(80, 24)) as pilot:
            await app.open_lesson(0)
            view = app.current_view
            if view is not None:
                await view.finish()  # every kind of block a lesson has, not just its first screen
                if view.cells:
                    view.cells[0].editor.focus()
            await pilot.pause()

    saved = os.environ.get(KERNEL_START)
    os.environ[KERNEL_START] = "need"  # no kernel: nothing runs
    try:
        asyncio.run(draw())
    except Exception as error:  # seats then do this work themselves: slower, not broken
        print(f"nn-basics: drawing the first screens ahead failed: {error!r}", file=sys.stderr)
    finally:
        if saved is None:
            del os.environ[KERNEL_START]
        else:
            os.environ[KERNEL_START] = saved


def serve(path: Path, seats_per_account: int = SEATS_PER_ACCOUNT) -> int:
    """Serve logins on the Unix socket ``path`` until SIGTERM or SIGINT.

    When the app's files change (an upgrade), the server starts itself again before
    the next login: a seat of the old code would start kernels of the new one.
    """
    loaded = preload()
    stamps = installed_files()
    listener = _listen(path)
    seats: dict[int, int] = {}
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"nn-basics: serving logins on {path} ({len(loaded)} modules preloaded)", file=sys.stderr)
    try:
        while True:
            _reap(seats)
            ready, _, _ = select.select([listener], [], [], 1.0)
            if ready and changed_since(stamps):
                print("nn-basics: the app changed; the login server starts again", file=sys.stderr)
                listener.close()
                os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
            if ready:
                _admit(listener, seats, seats_per_account)
    except KeyboardInterrupt:
        return 0
    finally:
        listener.close()
        with contextlib.suppress(OSError):
            path.unlink()


def _listen(path: Path) -> socket.socket:
    """A socket every account may connect to (each seat only ever becomes its caller)."""
    with contextlib.suppress(FileNotFoundError):
        if stat.S_ISSOCK(path.lstat().st_mode):
            path.unlink()  # left by a server that was killed
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    os.chmod(path, 0o666)
    listener.listen(64)
    return listener


def _admit(listener: socket.socket, seats: dict[int, int], limit: int) -> None:
    try:
        connection, _ = listener.accept()
    except OSError:
        return
    pid, uid, gid = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))
    if sum(1 for owner in seats.values() if owner == uid) >= limit:
        _refuse(connection, f"uid {uid} already has {limit} seats")
        return
    try:
        child = os.fork()
    except OSError as error:
        _refuse(connection, f"cannot fork: {error}")
        return
    if child == 0:
        try:
            listener.close()
            _seat(connection, pid, uid, gid)
        finally:
            os._exit(70)  # whatever happened, a seat never returns into the server's loop
    seats[child] = uid
    connection.close()


def _seat(connection: socket.socket, pid: int, uid: int, gid: int) -> None:
    """In the child: become the login's user, read its request and run the app; never returns."""
    from tui.server import seat

    try:
        seat.leave_server_session()
        connection.settimeout(REQUEST_TIMEOUT)
        body, fds = receive(connection)  # as root: bytes and descriptors, nothing interpreted
        connection.settimeout(None)
        took = seat.take_controlling_terminal(fds[0], pid, uid)
        seat.become(pid, uid, gid)
        request = parse(body)
    except (seat.NotThisUser, BadRequest, OSError) as error:
        _refuse(connection, str(error))
        os._exit(0)
    seat.run(connection, request, fds, took_terminal=took)


def _refuse(connection: socket.socket, reason: str) -> None:
    print(f"nn-basics: refused a login: {reason}", file=sys.stderr)
    with contextlib.suppress(OSError):
        connection.sendall(REFUSED)
    connection.close()


def _reap(seats: dict[int, int]) -> None:
    """Collect ended seats (also those of the server this one replaced: same pid, see ``serve``)."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        seats.pop(pid, None)
