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

from tui.server.wire import (
    EXITED,
    INTERRUPT,
    RESIZE,
    STARTED,
    TOOK_TERMINAL,
    Request,
    send_request,
)

CONNECT_TIMEOUT = 5.0
"""Seconds to wait for the server to take the login before running the app here."""

WAITER = """\
IFS= read -r status <&3
case $status in X*) status=${status#X} ;; *) status= ;; esac
case $status in
  ''|*[!0-9]*) echo 'nn-basics: the session ended unexpectedly.' >&2; exit 1 ;;
esac
exit "$status"
"""
"""What the login becomes once the seat has its terminal: a shell that waits for the
app's exit status on fd 3 (a Python interpreter waiting would hold ~8 MB per learner)."""


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
        answer = sock.recv(1)
        if answer != STARTED:
            return None  # REFUSED, or the seat died before it was the student
        mode = sock.recv(1)
        sock.settimeout(None)
    except OSError:
        sock.close()
        return None
    if mode == TOOK_TERMINAL:
        _wait_in_shell(sock)  # returns only if there is no shell to become
    return _follow(sock)


def _wait_in_shell(sock: socket.socket) -> None:
    """Become a small shell that waits for the app's exit status (see ``WAITER``)."""
    try:
        os.dup2(sock.fileno(), 3)
        os.set_inheritable(3, True)
        os.execv("/bin/sh", ["sh", "-c", WAITER])
    except OSError:
        return


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
            chunk = sock.recv(64)  # retried after a signal's handler (PEP 475)
        except OSError:
            break
        if not chunk:
            break
        received += chunk
    sock.close()
    if received.startswith(EXITED):
        status = received[1:].decode("ascii", "replace").strip()
        return int(status) if status.lstrip("-").isdigit() else 1
    print("nn-basics: the session ended unexpectedly.", file=sys.stderr)
    return 1


def _cwd() -> str:
    try:
        return os.getcwd()
    except OSError:
        return os.environ.get("HOME", "/")
