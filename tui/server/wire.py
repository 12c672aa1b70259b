"""What crosses the server's socket: the login's request with its terminal, then
one-byte notes both ways.

The request is a length-prefixed JSON header (argv, environment, working
directory) sent with the terminal's three file descriptors (SCM_RIGHTS). After it,
the seat answers ``STARTED`` once it is the student, followed by ``TOOK_TERMINAL``
if it made the login's terminal its controlling terminal (a root server can; then
resizes and Ctrl+C reach it directly) or ``KEPT_TERMINAL`` if not (then the login
sends ``RESIZE`` on SIGWINCH and ``INTERRUPT`` on SIGINT). When the app ends, the
seat sends ``EXITED``, the exit status and a newline. ``REFUSED`` means: run the
app yourself.
"""

from __future__ import annotations

import array
import contextlib
import json
import os
import socket
import struct
from typing import NamedTuple

SERVER_VARIABLE = "NN_BASICS_SERVER"
"""The login server's socket, for an sshd ForceCommand (see ``tui.server``)."""

RESIZE = b"W"
INTERRUPT = b"I"
STARTED = b"S"
TOOK_TERMINAL = b"T"
KEPT_TERMINAL = b"K"
REFUSED = b"R"
EXITED = b"X"

SEATS_PER_ACCOUNT = 8
"""Default for the seats one account may hold at once (a student, two instances, a
teacher's console...); more wait for a refusal and run the app themselves."""

MAX_HEADER = 256 * 1024
"""A request larger than this is refused (an environment is a few KB)."""
STDIO = (0, 1, 2)


class BadRequest(Exception):
    """The request was malformed, too large, or came without the terminal."""


class Request(NamedTuple):
    """What a login asks for (a tuple: ``dataclasses`` would double the login's imports)."""

    argv: list[str]
    env: dict[str, str]
    cwd: str


def send_request(sock: socket.socket, request: Request) -> None:
    """Send ``request`` with this process's stdin, stdout and stderr."""
    body = json.dumps({"argv": request.argv, "env": request.env, "cwd": request.cwd}).encode()
    fds = array.array("i", STDIO)
    sock.sendmsg([struct.pack("!I", len(body)) + body], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])


def receive(sock: socket.socket) -> tuple[bytes, list[int]]:
    """Read one request's bytes and the descriptors sent with it (the caller owns them);
    nothing in it is interpreted yet (see ``parse``)."""
    fds: list[int] = []
    data = b""
    try:
        while len(data) < 4 or len(data) < 4 + _length(data):
            chunk, ancillary, _, _ = sock.recvmsg(65536, socket.CMSG_SPACE(4 * len(STDIO)))
            for level, kind, payload in ancillary:
                if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                    usable = len(payload) - len(payload) % 4
                    fds.extend(array.array("i", payload[:usable]))
            if not chunk:
                raise BadRequest("the login closed before its request was complete")
            data += chunk
        if len(fds) != len(STDIO):
            raise BadRequest(f"expected {len(STDIO)} descriptors, got {len(fds)}")
    except BaseException as error:
        for fd in fds:
            _close(fd)
        if isinstance(error, OSError):
            raise BadRequest(f"unreadable request: {error}") from error
        raise
    return data[4 : 4 + _length(data)], fds


def parse(body: bytes) -> Request:
    """The request in ``body`` (from ``receive``); BadRequest if it is not one."""
    try:
        fields = json.loads(body)
        return Request(
            argv=[str(arg) for arg in fields["argv"]],
            env={str(k): str(v) for k, v in fields["env"].items()},
            cwd=str(fields["cwd"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise BadRequest(f"unreadable request: {error}") from error


def _length(data: bytes) -> int:
    (length,) = struct.unpack("!I", data[:4])
    if length > MAX_HEADER:
        raise BadRequest(f"request of {length} bytes (at most {MAX_HEADER})")
    return int(length)


def _close(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)
