"""The learner's progress: solved exercises, edited code and the last lesson, kept on disk.

A tutorial people come back to must remember where they were, and on a shared
server it must do so without ever losing or mangling their work. Hence:

* **Where.** ``platformdirs.user_data_path("nn-basics") / "progress.json"``, or
  ``$NN_BASICS_DATA_DIR/progress.json`` when that variable is set (tests, kiosk
  setups giving each seat its own folder). ``Progress.load(save=False)`` never
  touches the disk at all: everything lives in memory (kiosk "no saving" mode).
* **Nothing is written until** ``save()``. It writes a temporary file in the same
  folder, flushes and fsyncs it, then ``os.replace``-s it onto the target, so a
  crash leaves either the old file or the new one, never half of each. The folder
  is created on first save with mode 0o700; the file is created 0o600.
* **Two instances at once** (same user, two terminals) take an exclusive
  ``fcntl.flock`` on the sidecar ``progress.json.lock`` and, under it, re-read the
  file and merge before writing (see "Merge rule"). Where ``fcntl`` does not exist
  (Windows) or the lock cannot be had within a few seconds (a broken NFS lock
  daemon), the save still merges and still writes atomically, just unlocked.
* **A file that cannot be trusted** -- unreadable, not UTF-8, not JSON, the wrong
  shape, a directory, a future ``version`` -- is *moved aside* to
  ``progress.json.corrupt-YYYYMMDD-HHMMSS`` (never deleted, never edited), a notice
  says so, and the learner starts fresh. The rule is deliberately blunt: any
  structural problem moves the whole file aside, because half-trusting a damaged
  file is how work gets silently dropped. If the file cannot even be moved aside,
  this instance keeps working in memory and never writes over it.
* **An unwritable place** (read-only folder, disk full, permissions) never raises:
  ``save()`` returns False, a notice says so once, and the state stays in memory,
  so a later save can still succeed.

Notices are :class:`Notice` objects (an i18n key and its values); ``str(notice)``
renders it in the current language. The UI shows each one once via
:meth:`Progress.take_notices`.

JSON schema (version 1; written with indent 2, keys in a stable order, UTF-8)::

    {
      "version": 1,                          # int, required; files from a newer version are moved aside
      "last_lesson": "02-logistic" | null,   # lesson id last opened (optional)
      "solved": {                            # lesson id -> exercise ids solved (optional)
        "02-logistic": ["sigmoid", "neuron"]
      },
      "code": {                              # lesson id -> block id -> learner's code (optional)
        "02-logistic": {"plot-sigmoid": "z = np.linspace(...)\\n"}
      },
      "language": "zh"                       # the edition last chosen with F2 (optional; written once set)
    }

Lesson and block ids are the same in the English and Chinese editions, so edited
code survives a language switch. Unknown top-level keys are ignored (and not
written back); anything present with the wrong type makes the file untrustworthy.

Merge rule (what ``save()`` writes, computed under the lock from the file's
*current* contents F and this instance's state):

* solved = F's solved ∪ this instance's solved -- nobody's solved exercise is lost;
* code = F's code with *this instance's changes since its last save* applied on
  top (each ``set_code`` and each ``forget_code``); blocks this instance did not
  touch keep whatever F says, so another terminal's edits survive. What ``code()``
  handed out (the text an editor was built with) is not a change: ``set_code`` with
  that same text, or ``forget_code`` of a block that showed the original, records
  nothing until the block has really changed here once. So an instance whose editors
  were never touched (opened before another terminal saved, then closed) deletes or
  overwrites nothing; an explicit reset of edited code is still recorded;
* last_lesson = this instance's if it set one since its last save, else F's;
* language = the same rule as last_lesson.

If F is missing or had to be moved aside, this instance's whole state is written.
After a successful save the instance adopts the merged state (it then sees the
other terminal's work too). ``reset()`` writes an empty file without merging; an
instance still running elsewhere will put back its own solved exercises and
changed code on its next save, so reset before starting the app (as the CLI does).

Methods are safe to call from several threads: ``save()`` may run in a worker
thread (fsync can be slow on a busy server) while the UI keeps editing.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from tui.i18n import t
from tui.locks import flock_within

try:
    import fcntl
except ImportError:  # Windows: no flock; saves still merge and write atomically
    fcntl = None  # type: ignore[assignment]

VERSION = 1
FILE_NAME = "progress.json"
ENV_DATA_DIR = "NN_BASICS_DATA_DIR"
LOCK_TIMEOUT = 5.0  # seconds; a save holds the lock for milliseconds, so waiting longer means a broken lock

Key = tuple[str, str]  # (lesson id, block or exercise id)


def default_path() -> Path:
    """Where progress lives: ``$NN_BASICS_DATA_DIR/progress.json``, else the platform's user data dir."""
    override = os.environ.get(ENV_DATA_DIR)
    if override:
        return Path(override).expanduser() / FILE_NAME
    return platformdirs.user_data_path("nn-basics", appauthor=False) / FILE_NAME


@dataclass(frozen=True)
class Notice:
    """Something the learner should be told once, as an i18n key plus its values."""

    key: str
    values: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return t(self.key, **self.values)


@dataclass
class _State:
    solved: set[Key] = field(default_factory=set)
    code: dict[Key, str] = field(default_factory=dict)
    last_lesson: str | None = None
    language: str | None = None


class _Untrusted(Exception):
    """The file exists but must not be used; ``key`` says which notice to give."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class Progress:
    """Solved exercises, edited code and the last lesson; see the module docstring for the rules."""

    def __init__(self, path: Path | None = None) -> None:
        """An empty progress bound to ``path`` (None: memory only). Use :meth:`load` to read a file."""
        self._path = path
        self._blocked = False  # the file could not be read nor moved aside: never write over it
        self._save_failing = False  # a failure notice was given; don't repeat it until a save succeeds
        self._notices: list[Notice] = []
        self._state = _State()
        # What this instance changed since its last successful save (None = forgotten).
        self._code_changes: dict[Key, str | None] = {}
        self._shown: dict[Key, str | None] = {}  # what code() handed out, per block
        self._touched: set[Key] = set()  # blocks this instance really changed at least once
        self._unsaved_solved: set[Key] = set()
        self._last_lesson_changed = False
        self._language_changed = False
        self._mutex = threading.Lock()  # guards the fields above
        self._save_mutex = threading.Lock()  # one save or reset at a time per instance

    @classmethod
    def load(cls, path: Path | None = None, *, save: bool = True) -> Progress:
        """Read the progress file (moving it aside if it cannot be trusted); never raises for bad files."""
        if not save:
            return cls(None)
        progress = cls(path if path is not None else default_path())
        with progress._locked():
            state = progress._read_or_move_aside()
        if state is not None:
            progress._state = state
        return progress

    # --- reading -------------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The file saved to, or None in no-saving mode (kiosk UIs should not show it)."""
        return self._path

    @property
    def saving(self) -> bool:
        """Whether ``save()`` writes anything at all."""
        return self._path is not None and not self._blocked

    @property
    def dirty(self) -> bool:
        """Whether there are changes a ``save()`` would write."""
        with self._mutex:
            changed = self._last_lesson_changed or self._language_changed
            return bool(self._code_changes or self._unsaved_solved or changed)

    def code(self, lesson_id: str, block_id: str) -> str | None:
        """The learner's code for a cell or exercise, or None if they never changed it.

        Remembered as what this block shows here (see the merge rule)."""
        with self._mutex:
            code = self._state.code.get((lesson_id, block_id))
            self._shown[(lesson_id, block_id)] = code
            return code

    def is_solved(self, lesson_id: str, exercise_id: str) -> bool:
        with self._mutex:
            return (lesson_id, exercise_id) in self._state.solved

    def solved_in(self, lesson_id: str) -> set[str]:
        """Ids of the exercises solved in one lesson (the UI counts these per lesson)."""
        with self._mutex:
            return {exercise for lesson, exercise in self._state.solved if lesson == lesson_id}

    @property
    def last_lesson(self) -> str | None:
        with self._mutex:
            return self._state.last_lesson

    @last_lesson.setter
    def last_lesson(self, lesson_id: str | None) -> None:
        with self._mutex:
            self._state.last_lesson = lesson_id
            self._last_lesson_changed = True  # even if unchanged here: another terminal may have moved on

    def take_notices(self) -> list[Notice]:
        """Notices not shown yet (oldest first); taking them clears them, so each is shown once."""
        with self._mutex:
            notices, self._notices = self._notices, []
            return notices

    # --- changing ------------------------------------------------------------------------------

    def set_code(self, lesson_id: str, block_id: str, code: str) -> None:
        """The learner's code for a block (nothing happens if it is what the block showed)."""
        self._change((lesson_id, block_id), code)

    def forget_code(self, lesson_id: str, block_id: str) -> None:
        """Back to the lesson's original code (also in other instances, once saved); nothing
        happens if the block showed the original and was never changed here."""
        self._change((lesson_id, block_id), None)

    def _change(self, key: Key, code: str | None) -> None:
        with self._mutex:
            if key not in self._touched and key in self._shown and self._shown[key] == code:
                return  # an untouched editor: not a change
            self._touched.add(key)
            if code is None:
                self._state.code.pop(key, None)
            else:
                self._state.code[key] = code
            self._code_changes[key] = code

    def mark_solved(self, lesson_id: str, exercise_id: str) -> None:
        with self._mutex:
            key = (lesson_id, exercise_id)
            if key not in self._state.solved:
                self._state.solved.add(key)
                self._unsaved_solved.add(key)

    @property
    def language(self) -> str | None:
        """The edition ("en", "zh") the learner last switched to, or None if they never did."""
        with self._mutex:
            return self._state.language

    @language.setter
    def language(self, lang: str) -> None:
        with self._mutex:
            self._state.language = lang
            self._language_changed = True

    # --- saving --------------------------------------------------------------------------------

    def save(self) -> bool:
        """Merge with the file under the lock and write atomically; False (plus a notice) on failure.

        With nothing changed, or in no-saving mode, this does nothing and returns True: nothing
        went wrong (so the UI may call it as often as it likes).
        """
        if self._path is None:
            return True
        if self._blocked:
            return False
        with self._save_mutex:
            if not self.dirty:
                return True
            with self._mutex:
                mine = _State(
                    set(self._state.solved),
                    dict(self._state.code),
                    self._state.last_lesson,
                    self._state.language,
                )
                changes = dict(self._code_changes)
                solved_sent = set(self._unsaved_solved)
                last_changed = self._last_lesson_changed
                language_sent = self._state.language if self._language_changed else None
            if not self._make_folder():  # before locking: the lock file lives in it
                return False
            with self._locked():
                current = self._read_or_move_aside("progress.damaged")
                if self._blocked:
                    return False
                merged = mine if current is None else _merge(current, mine, changes, last_changed)
                if current is not None:
                    merged.language = language_sent or current.language
                if not self._write(merged):
                    return False
            with self._mutex:
                self._adopt(merged, changes, solved_sent, last_changed, mine.last_lesson)
                if not self._language_changed or self._state.language == language_sent:
                    self._state.language = merged.language
                    self._language_changed = False
            return True

    def reset(self) -> bool:
        """Forget everything, in memory and on disk (no merge: the CLI confirms before calling this)."""
        with self._save_mutex:
            with self._mutex:
                self._state = _State()
                self._code_changes.clear()
                self._unsaved_solved.clear()
                self._last_lesson_changed = False
                self._language_changed = False
            if self._path is None:
                return True
            if self._blocked or not self._make_folder():
                return False
            with self._locked():
                return self._write(_State())

    def _adopt(
        self,
        merged: _State,
        changes: dict[Key, str | None],
        solved_sent: set[Key],
        last_changed: bool,
        last_sent: str | None,
    ) -> None:
        """Take the merged state as ours, keeping whatever changed while the save was running."""
        still_pending = {
            key: value
            for key, value in self._code_changes.items()
            if key not in changes or changes[key] != value
        }
        code = _with_changes(merged.code, still_pending)
        self._code_changes = still_pending
        self._unsaved_solved -= solved_sent
        self._state.solved |= merged.solved
        self._state.code = code
        if not self._last_lesson_changed or (last_changed and self._state.last_lesson == last_sent):
            self._state.last_lesson = merged.last_lesson
            self._last_lesson_changed = False

    # --- the file ------------------------------------------------------------------------------

    def _read_or_move_aside(self, damaged: str | None = None) -> _State | None:
        """The file's state; None if there is none (missing, or just moved aside with a notice).

        ``damaged``: the notice for a file that cannot be used (default: the problem's own),
        e.g. when it broke while the app ran, so nothing in memory was lost.
        """
        assert self._path is not None
        try:
            return _parse(_read_bytes(self._path))
        except FileNotFoundError:
            return None
        except _Untrusted as problem:
            self._move_aside(damaged if damaged and problem.key == "progress.corrupt" else problem.key)
            return None

    def _move_aside(self, key: str) -> None:
        assert self._path is not None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self._path.with_name(f"{self._path.name}.corrupt-{stamp}")
        number = 1
        while os.path.lexists(target):  # two in one second: never rename over an earlier one
            number += 1
            target = self._path.with_name(f"{self._path.name}.corrupt-{stamp}-{number}")
        try:
            os.rename(self._path, target)
        except OSError as error:
            self._blocked = True
            self._notify("progress.stuck", path=str(self._path), error=_describe(error))
        else:
            self._notify(key, path=str(target))

    def _make_folder(self) -> bool:
        """Create the data folder (private: other learners share the server); False if we can't."""
        assert self._path is not None
        try:
            self._path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as error:
            return self._failed(error)
        return True

    def _write(self, state: _State) -> bool:
        """Write ``state`` atomically; on failure give one notice and return False."""
        assert self._path is not None
        try:
            _write_atomically(self._path, _serialise(state))
        except OSError as error:
            return self._failed(error)
        self._save_failing = False
        return True

    def _failed(self, error: OSError) -> bool:
        """One notice per run of failures (saves may be frequent); always False."""
        assert self._path is not None
        if not self._save_failing:
            self._save_failing = True
            self._notify("progress.unwritable", folder=str(self._path.parent), error=_describe(error))
        return False

    def _notify(self, key: str, **values: str) -> None:
        with self._mutex:
            self._notices.append(Notice(key, values))

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the sidecar lock if we can; carry on without it if the platform or folder won't allow it."""
        assert self._path is not None
        fd = _open_lock(self._path.with_name(self._path.name + ".lock"))
        try:
            if fd is not None:
                _flock(fd)
            yield
        finally:
            if fd is not None:
                os.close(fd)  # closing releases the lock


def saved_language(path: Path | None = None) -> str | None:
    """The edition saved with the progress ("en" or "zh"), read without locking or moving anything.

    For the command line, which picks the language before loading lessons and the
    progress proper; anything unreadable just means "none saved".
    """
    try:
        raw = json.loads((path if path is not None else default_path()).read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    language = raw.get("language") if isinstance(raw, dict) else None
    return language if language in ("en", "zh") else None


def _with_changes(code: dict[Key, str], changes: dict[Key, str | None]) -> dict[Key, str]:
    """``code`` with ``changes`` applied (None: the learner's code was reset, so it is dropped)."""
    result = dict(code)
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def _merge(current: _State, mine: _State, changes: dict[Key, str | None], last_changed: bool) -> _State:
    """The merge rule of the module docstring."""
    code = _with_changes(current.code, changes)
    return _State(
        solved=current.solved | mine.solved,
        code=code,
        last_lesson=mine.last_lesson if last_changed else current.last_lesson,
    )


def _read_bytes(path: Path) -> bytes:
    """The file's bytes; FileNotFoundError if there is none, _Untrusted if it is not a readable file."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise FileNotFoundError(path) from None  # a missing folder is a fresh start; saving will say more
    except OSError as error:
        raise _Untrusted("progress.corrupt") from error
    if not stat.S_ISREG(info.st_mode):  # a directory, or a FIFO that would block the read for ever
        raise _Untrusted("progress.corrupt")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as error:
        raise _Untrusted("progress.corrupt") from error


def _parse(data: bytes) -> _State:
    """Validate field by field; any structural problem makes the whole file untrusted."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise _Untrusted("progress.corrupt") from error
    if not isinstance(raw, dict):
        raise _Untrusted("progress.corrupt")
    version = raw.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _Untrusted("progress.corrupt")
    if version > VERSION:
        raise _Untrusted("progress.newer")

    state = _State()
    last = raw.get("last_lesson")
    if last is not None and not isinstance(last, str):
        raise _Untrusted("progress.corrupt")
    state.last_lesson = last
    language = raw.get("language")
    if language is not None and not isinstance(language, str):
        raise _Untrusted("progress.corrupt")
    state.language = language
    for lesson, exercises in _mapping(raw.get("solved", {})).items():
        if not isinstance(exercises, list) or not all(isinstance(e, str) for e in exercises):
            raise _Untrusted("progress.corrupt")
        state.solved.update((lesson, exercise) for exercise in exercises)
    for lesson, blocks in _mapping(raw.get("code", {})).items():
        for block, code in _mapping(blocks).items():
            if not isinstance(code, str):
                raise _Untrusted("progress.corrupt")
            state.code[(lesson, block)] = code
    return state


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):  # JSON object keys are always strings
        raise _Untrusted("progress.corrupt")
    return value


def _serialise(state: _State) -> bytes:
    solved: dict[str, list[str]] = {}
    for lesson, exercise in sorted(state.solved):
        solved.setdefault(lesson, []).append(exercise)
    code: dict[str, dict[str, str]] = {}
    for (lesson, block), text in sorted(state.code.items()):
        code.setdefault(lesson, {})[block] = text
    document: dict[str, Any] = {"version": VERSION, "last_lesson": state.last_lesson, "solved": solved}
    document["code"] = code
    if state.language is not None:
        document["language"] = state.language
    try:  # readable Chinese comments in the learner's code ...
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # ... unless a lone surrogate was pasted in: escape it rather than fail
        return (json.dumps(document, indent=2) + "\n").encode("ascii")


def _write_atomically(path: Path, data: bytes) -> None:
    """Temp file in the same folder, flush + fsync, then os.replace: old or new, never a mix."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (best effort)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _open_lock(path: Path) -> int | None:
    if fcntl is None:
        return None
    for flags in (os.O_RDWR | os.O_CREAT, os.O_RDONLY):  # flock works on a read-only descriptor too
        try:
            return os.open(path, flags | os.O_CLOEXEC, 0o600)
        except OSError:
            continue
    return None  # e.g. the folder does not exist yet: nothing to protect


def _flock(fd: int) -> None:
    """Exclusive lock, polled so that a broken lock (NFS) cannot freeze the app for ever."""
    with contextlib.suppress(OSError):  # ENOLCK and friends: locking unsupported here
        flock_within(fd, timeout=LOCK_TIMEOUT, poll=0.002)


def _describe(error: OSError) -> str:
    return error.strerror or type(error).__name__
