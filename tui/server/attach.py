"""The login's side: hand the terminal to the server and wait for the app to end.

Kept to the standard library and imported before anything else, so a login
through the server costs the interpreter's start and little more.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
from collections.abc import Sequence

from tui.server.wire import EXITED, INTERRUPT, REFUSED, RESIZE, STARTED, Request, send_request

CONNECT_TIMEOUT = 5.0
"""Seconds to wait for the server to take the login before running the app here."""


def attach(path: str, argv: Sequence[str]) -> int | None:
    """Run the app in a seat of the server at ``path``; its exit status.

    None when the server is absent, refuses, or fails before the seat started:
    the caller then runs the app itself.
    """
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(CONNECT_TIMEOUT)
        sock.connect(path)
        send_request(sock, Request(argv=list(argv), env=dict(os.environ), cwd=_cwd()))
        if sock.recv(1) != STARTED:
            return None  # REFUSED, or the seat died before it was the student
        sock.settimeout(None)
    except OSError:
        sock.close()
        return None
    return _follow(sock)


def _follow(sock: socket.socket) -> int:
    """Forward resizes and Ctrl+C to the seat until it reports its exit status."""

    def forward(note: bytes) -> None:
        with contextlib.suppress(OSError):
            sock.send(note)

    signal.signal(signal.SIGWINCH, lambda *_: forward(RESIZE))
    signal.signal(signal.SIGINT, lambda *_: forward(INTERRUPT))
    received = b""
    while True:
        try:
            chunk = sock.recv(64)
        except InterruptedError:
            continue
        except OSError:
            break
        if not chunk:
            break
        received += chunk
    sock.close()
    if received.startswith(EXITED):
        status = received[1:].decode("ascii", "replace").strip()
        return int(status) if status.lstrip("-").isdigit() else 1
    if received.startswith(REFUSED):
        return 1
    print("nn-basics: the session ended unexpectedly.", file=sys.stderr)
    return 1


def _cwd() -> str:
    try:
        return os.getcwd()
    except OSError:
        return os.environ.get("HOME", "/")
