"""A student's session in a class: its folder, its lock, and one thread that talks to the disk.

``ClassLink.join(DIR)`` runs before the app starts: it checks the class is safe,
finds or makes the student's own folder in ``students/`` and takes the session
lock. Then one background thread does all the file work, so the app's event
loop never waits on the disk:

* it writes the newest record handed to ``publish`` (only the newest: a burst
  of changes costs one write), atomically;
* once a second it looks at the teachers' two files (a ``stat`` each) and reads
  them only when they changed, then hands the news to ``on_news``.

Nothing here knows about Textual; the app decides what to publish and when.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.classroom import safeio
from tui.classroom.board import Goto, Message, read_board_file
from tui.classroom.layout import (
    BOARD,
    INBOX,
    STATE,
    STATE_MODE,
    STUDENT_MODE,
    ClassDir,
    ClassError,
    account_name,
    open_class,
)
from tui.classroom.liveness import SessionLock
from tui.classroom.records import BadRecord, Record, parse_record

POLL = 1.0
"""Seconds between two looks at the teachers' files."""

_umask_lock = threading.Lock()


@dataclass(frozen=True)
class News:
    """What the teachers' files say now."""

    goto: Goto | None
    to_all: tuple[Message, ...]
    to_you: tuple[Message, ...]


class ClassLink:
    """One student session's connection to a class directory. Use :meth:`join`."""

    def __init__(self, found: ClassDir, folder: str, folder_fd: int, lock: SessionLock) -> None:
        self.found = found
        self.folder = folder
        self.account = account_name(os.geteuid())
        self._folder_fd = folder_fd
        self.previous = self._read_own()
        """The record this account's last session left (to carry attempts, hand and follow over)."""
        self._lock = lock
        self._teachers = found.teachers()
        self._class_fd = safeio.open_folder(found.path, owner=found.owner)
        self._cond = threading.Condition()
        self._pending: Record | None = None
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._on_news: Callable[[News], None] = lambda news: None
        self._on_error: Callable[[str], None] = lambda error: None
        self._keys: tuple[object, object] = (None, None)
        self.writes = 0
        self.failed_writes = 0

    # ------------------------------------------------------------- joining
    @classmethod
    def join(cls, path: Path) -> ClassLink:
        """Join the class at ``path`` as the account running this process.

        ClassError if that cannot be done safely (the message says why)."""
        found = open_class(path)
        uid = os.geteuid()
        try:
            students_fd = safeio.open_folder(found.students, owner=found.owner)
        except safeio.Unsafe as error:
            raise ClassError("class.unsafe", path=path, what=found.students) from error
        try:
            folder, folder_fd = _own_folder(students_fd, account_name(uid), uid, found.group)
        finally:
            os.close(students_fd)
        try:
            lock = SessionLock(folder_fd)
            _remove_stale_temps(folder_fd)
        except (OSError, safeio.Unsafe) as error:
            os.close(folder_fd)
            raise ClassError("class.cannot_join", path=path, error=str(error)) from error
        return cls(found, folder, folder_fd, lock)

    def _read_own(self) -> Record | None:
        try:
            data, _ = safeio.read_file(STATE, dir_fd=self._folder_fd, owners={os.geteuid()})
            return parse_record(data)
        except (safeio.Unsafe, BadRecord):
            return None

    # ------------------------------------------------------------- running
    def start(self, on_news: Callable[[News], None], on_error: Callable[[str], None] | None = None) -> None:
        """Start the thread; ``on_news`` is called from it (first right away, then on every change)."""
        self._on_news = on_news
        if on_error is not None:
            self._on_error = on_error
        self._thread = threading.Thread(target=self._run, name="class-link", daemon=True)
        self._thread.start()

    def publish(self, record: Record) -> None:
        """Have ``record`` written soon (a newer record handed in before then replaces it)."""
        with self._cond:
            self._pending = record
            self._cond.notify()

    def close(self, timeout: float = 2.0) -> None:
        """Write what is pending, stop the thread and release the lock (the session is gone)."""
        if self._folder_fd < 0:
            return
        with self._cond:
            self._stopping = True
            self._cond.notify()
        if self._thread is not None:
            self._thread.join(timeout)
        else:
            self._flush()
        self._lock.release()
        for fd in (self._folder_fd, self._class_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._folder_fd = self._class_fd = -1

    def _run(self) -> None:
        next_poll = 0.0
        while True:
            with self._cond:
                self._cond.wait_for(
                    lambda: self._pending is not None or self._stopping,
                    timeout=max(0.0, next_poll - time.monotonic()),
                )
                stopping = self._stopping
            self._flush()
            if stopping:
                return
            if time.monotonic() >= next_poll:
                self.poll()
                next_poll = time.monotonic() + POLL

    def _flush(self) -> None:
        with self._cond:
            record, self._pending = self._pending, None
        if record is None:
            return
        try:
            safeio.write_file(STATE, record.to_json(), dir_fd=self._folder_fd, mode=STATE_MODE)
            self.writes += 1
        except OSError as error:
            self.failed_writes += 1
            if self.failed_writes == 1:
                self._on_error(error.strerror or str(error))

    def poll(self) -> News | None:
        """Read the teachers' files if they changed; the news, or None when nothing did."""
        keys = (safeio.file_key(BOARD, dir_fd=self._class_fd), safeio.file_key(INBOX, dir_fd=self._folder_fd))
        if keys == self._keys:
            return None
        self._keys = keys
        board = read_board_file(BOARD, dir_fd=self._class_fd, teachers=self._teachers)
        inbox = read_board_file(INBOX, dir_fd=self._folder_fd, teachers=self._teachers)
        news = News(board.goto, board.messages, inbox.messages)
        try:
            self._on_news(news)
        except Exception as error:  # the app's bug must not stop the thread
            self._on_error(str(error))
        return news


def _own_folder(students_fd: int, account: str, uid: int, group: int) -> tuple[str, int]:
    """This account's folder in ``students/`` (made if needed) and a descriptor for it.

    Normally named after the account. If another account has taken that name (a
    classmate playing tricks), or ours is not right any more, another name is
    used: the teacher knows us by the folder's owner, not its name.
    """
    names = [account, f"{account}-{uid}", *(f"{account}-{secrets.token_hex(4)}" for _ in range(3))]
    for name in names:
        with _umask_lock:
            # The mode must be exact and chmod cannot be used: for an owner outside the
            # teachers group, chmod would clear the setgid bit the folder inherits.
            old = os.umask(0)
            try:
                with contextlib.suppress(FileExistsError):
                    os.mkdir(name, STUDENT_MODE & 0o777, dir_fd=students_fd)
            finally:
                os.umask(old)
        try:
            fd = os.open(
                name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=students_fd
            )
        except OSError:
            continue
        info = os.fstat(fd)
        if (
            info.st_uid == uid
            and info.st_gid == group
            and info.st_mode & stat.S_ISGID
            and stat.S_IMODE(info.st_mode) & 0o777 == STUDENT_MODE & 0o777
        ):
            return name, fd
        os.close(fd)
    raise ClassError("class.no_folder", account=account)


def _remove_stale_temps(folder_fd: int) -> None:
    """Temporary files a killed session left behind (ours only: the folder is ours)."""
    for name in os.listdir(folder_fd):
        if safeio.is_temp_name(name):
            with contextlib.suppress(OSError):
                info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
                if time.time() - info.st_mtime > 60:
                    os.unlink(name, dir_fd=folder_fd)
