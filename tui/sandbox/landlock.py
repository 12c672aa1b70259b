"""Kiosk confinement of the kernel child with Linux Landlock (no root, no setup).

In kiosk mode the kernel restricts itself before it runs any learner code, and the
restriction holds for everything it starts (Landlock domains are inherited and can
only be narrowed):

- files: read and execute anywhere except ``/dev`` (whose folders may be listed);
  write only beneath the kernel's
  own working directory (its temporary folder). So a cell cannot write the
  student's home (``~/tui/__main__.py``, ``~/.bashrc``, ``~/.ssh/rc``: the ways to
  turn the next login into a shell), nor anywhere else. In ``/dev`` only ``null``,
  ``zero``, ``full``, ``random`` and ``urandom`` can be opened, so the student's
  terminal (``/dev/pts/N``, also reached through ``/proc/PID/fd``) cannot.
- with Landlock ABI 4 or newer: no TCP ``bind`` or ``connect``.
- with ABI 6 or newer: no signals to processes outside the kernel's own tree (the
  app cannot be stopped or killed from a cell), no abstract unix sockets outside it.

``no_new_privileges`` (always, also outside kiosk mode) makes set-user-ID programs
run without their privileges, so ``crontab``, ``at`` or ``su`` cannot be used to
leave something running behind.

Landlock needs Linux 5.13 or newer with Landlock enabled; ``confine`` returns the
ABI version in force, or 0 when it is not available (the kernel says so to the app).
Pure standard library (ctypes): syscalls 444-446 are the same on every architecture.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys

SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH, RULE_NET_PORT = 1, 2
PR_SET_NO_NEW_PRIVS = 38

EXECUTE = 1 << 0
WRITE_FILE = 1 << 1
READ_FILE = 1 << 2
READ_DIR = 1 << 3
REMOVE_DIR = 1 << 4
REMOVE_FILE = 1 << 5
MAKE_CHAR = 1 << 6
MAKE_DIR = 1 << 7
MAKE_REG = 1 << 8
MAKE_SOCK = 1 << 9
MAKE_FIFO = 1 << 10
MAKE_BLOCK = 1 << 11
MAKE_SYM = 1 << 12
REFER = 1 << 13  # ABI 2
TRUNCATE = 1 << 14  # ABI 3
IOCTL_DEV = 1 << 15  # ABI 5

NET_BIND_TCP = 1 << 0  # ABI 4
NET_CONNECT_TCP = 1 << 1

SCOPE_ABSTRACT_UNIX_SOCKET = 1 << 0  # ABI 6
SCOPE_SIGNAL = 1 << 1

DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")
"""The only entries of /dev a confined kernel may open (read and write)."""

READ = EXECUTE | READ_FILE | READ_DIR


class _RulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
        ("scoped", ctypes.c_uint64),
    ]


class _PathBeneathAttr(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def _syscall(number: int, *args: object) -> int:
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    result = libc.syscall(ctypes.c_long(number), *args)
    if result < 0:
        error = ctypes.get_errno()
        raise OSError(error, os.strerror(error))
    return result


def abi() -> int:
    """The Landlock ABI version this kernel offers (0: none)."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        return _syscall(SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION))
    except (OSError, AttributeError):
        return 0


def no_new_privileges() -> bool:
    """Set-user-ID and file capabilities stop working for this process and its children."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        return _libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _fs_rights(version: int) -> int:
    rights = (1 << 13) - 1  # EXECUTE .. MAKE_SYM
    if version >= 2:
        rights |= REFER
    if version >= 3:
        rights |= TRUNCATE
    if version >= 5:
        rights |= IOCTL_DEV
    return rights


def confine(workdir: str, *, writable: tuple[str, ...] = (), removable: tuple[str, ...] = ()) -> int:
    """Restrict this process (and all it starts) as the module docstring says; returns the
    Landlock ABI in force, 0 if Landlock is not available (then nothing is restricted).

    ``writable``: more files that may be written (e.g. the cgroup file an orphan uses);
    ``removable``: directories beneath which empty directories may be removed.
    """
    version = abi()
    if version <= 0:
        return 0
    handled = _fs_rights(version)
    attr = _RulesetAttr(handled, NET_BIND_TCP | NET_CONNECT_TCP if version >= 4 else 0, 0)
    if version >= 6:
        attr.scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL
    size = ctypes.sizeof(_RulesetAttr) if version >= 6 else 16 if version >= 4 else 8
    ruleset = _syscall(SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    try:
        _allow(ruleset, "/", READ_DIR)  # listing folders, /dev included, opens nothing
        for entry in os.listdir("/"):
            if entry != "dev":
                _allow(ruleset, os.path.join("/", entry), READ)
        file_rights = READ_FILE | WRITE_FILE | (TRUNCATE if version >= 3 else 0)
        for device in DEVICES:
            _allow(ruleset, device, file_rights)
        _allow(ruleset, workdir, handled)
        for path in writable:
            _allow(ruleset, path, file_rights)
        for path in removable:
            _allow(ruleset, path, REMOVE_DIR)
        if not no_new_privileges():
            raise OSError("cannot set no_new_privs")
        _syscall(SYS_RESTRICT_SELF, ruleset, ctypes.c_uint32(0))
    finally:
        os.close(ruleset)
    return version


def _allow(ruleset: int, path: str, rights: int) -> None:
    """Grant ``rights`` beneath ``path`` (only file rights if it is a file); skip what cannot be opened."""
    try:
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
    except OSError:
        return
    try:
        if not os.path.isdir(f"/proc/self/fd/{fd}"):
            rights &= READ_FILE | WRITE_FILE | EXECUTE | TRUNCATE | IOCTL_DEV
        rule = _PathBeneathAttr(rights, fd)
        with contextlib.suppress(OSError):  # e.g. rights the file system cannot hold
            _syscall(
                SYS_ADD_RULE,
                ctypes.c_int(ruleset),
                ctypes.c_int(RULE_PATH_BENEATH),
                ctypes.byref(rule),
                ctypes.c_uint32(0),
            )
    finally:
        os.close(fd)
