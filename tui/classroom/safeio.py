"""Reading and writing files in a class directory that others can tamper with.

Everything here assumes the worst of the directory it works in: a student owns
their own folder and can put anything there (a symlink, a FIFO, a 10 GB file,
garbage), and can swap the folder itself for a symlink between two system calls.
So:

* Folders are opened once, as ``O_PATH | O_NOFOLLOW`` file descriptors, their
  owner checked with ``fstat``, and every file inside is reached relative to that
  descriptor (``openat``): swapping a path component afterwards changes nothing.
* Files are opened with ``O_NOFOLLOW | O_NONBLOCK`` (a symlink fails, a FIFO does
  not hang the reader), must be regular files owned by someone the caller trusts,
  and are read up to a size limit.
* Writes go to a fresh temporary name created with ``O_EXCL`` (never through a
  planted symlink), then ``rename`` over the target: a reader sees the old file or
  the new one, never half of either, even if the writer is killed mid-write.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Container, Iterator

MAX_FILE = 64 * 1024
"""No file of a class is larger; anything bigger is refused unread."""

TEMP_PREFIX = "."
TEMP_SUFFIX = ".tmp"

_PATH = getattr(os, "O_PATH", 0)
"""Linux: a descriptor that names a folder without needing read permission on it."""


class Unsafe(Exception):
    """A file or folder that must not be used; ``reason`` is one of REASONS."""

    REASONS = ("missing", "symlink", "not-a-file", "not-a-folder", "foreign", "too-large", "unreadable")

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def open_folder(name: str | os.PathLike[str], *, dir_fd: int | None = None, owner: int | None = None) -> int:
    """A descriptor for the folder ``name`` (never through a symlink), checked to belong to ``owner``.

    Needs only search permission on the folder: a teacher can hold a student's
    folder this way without being able to list it. The caller closes it.
    """
    flags = (_PATH or os.O_RDONLY) | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(name, flags, dir_fd=dir_fd)
    except FileNotFoundError as error:
        raise Unsafe("missing", str(name)) from error
    except OSError as error:
        raise _unsafe(error, name) from error
    try:
        if owner is not None and os.fstat(fd).st_uid != owner:
            raise Unsafe("foreign", str(name))
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextlib.contextmanager
def folder(
    name: str | os.PathLike[str], *, dir_fd: int | None = None, owner: int | None = None
) -> Iterator[int]:
    fd = open_folder(name, dir_fd=dir_fd, owner=owner)
    try:
        yield fd
    finally:
        os.close(fd)


def _unsafe(error: OSError, name: object) -> Unsafe:
    if error.errno == errno.ELOOP:
        return Unsafe("symlink", str(name))
    if error.errno == errno.ENOTDIR:
        return Unsafe("not-a-folder", str(name))
    if error.errno == errno.ENOENT:
        return Unsafe("missing", str(name))
    return Unsafe("unreadable", f"{name}: {error.strerror}")


def read_file(
    name: str, *, dir_fd: int | None = None, owners: Container[int], limit: int = MAX_FILE
) -> tuple[bytes, os.stat_result]:
    """The bytes of the regular file ``name``, if one of ``owners`` owns it and it holds at most ``limit``."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(name, flags, dir_fd=dir_fd)
    except OSError as error:
        raise _unsafe(error, name) from error
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unsafe("not-a-file", name)
        if info.st_uid not in owners:
            raise Unsafe("foreign", name)
        if info.st_size > limit:
            raise Unsafe("too-large", name)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while we read
            raise Unsafe("too-large", name)
        return b"".join(chunks), info
    except OSError as error:
        raise _unsafe(error, name) from error
    finally:
        os.close(fd)


def file_key(name: str, *, dir_fd: int | None = None) -> tuple[int, int, int, int] | None:
    """(inode, mtime, size, owner) of ``name`` without following a symlink; None if absent.

    Cheap enough to call every poll: a file is read again only when this changes."""
    try:
        info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size, info.st_uid


def write_file(name: str, data: bytes, *, dir_fd: int, mode: int, durable: bool = False) -> None:
    """Replace ``name`` in the folder ``dir_fd`` with ``data``, atomically, with exactly ``mode``.

    The file takes the folder's group when the folder is setgid (the class
    directory's folders are), which is how teachers get to read students' files.
    """
    temp = f"{TEMP_PREFIX}{name}.{secrets.token_hex(6)}{TEMP_SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    fd = os.open(temp, flags, 0o600, dir_fd=dir_fd)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, mode)  # exactly, whatever the umask
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.rename(temp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp, dir_fd=dir_fd)
        raise


def is_temp_name(name: str) -> bool:
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)
