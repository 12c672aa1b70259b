"""The progress file: round trips, atomic writes, damaged files, unwritable places, concurrent instances."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import platformdirs
import pytest

from tui import i18n, progress
from tui.progress import Progress, default_path

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("NN_BASICS_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def path(data_dir: Path) -> Path:
    return data_dir / "progress.json"


@pytest.fixture
def english():
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def leftovers(folder: Path) -> list[str]:
    """Files other than the progress file and its lock (temp files, say)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in {"progress.json", "progress.json.lock"})


def corrupt_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("progress.json.corrupt-*"))


# --- where ------------------------------------------------------------------------------------------


def test_default_path_follows_the_environment(data_dir: Path) -> None:
    assert default_path() == data_dir / "progress.json"


def test_default_path_is_the_platform_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NN_BASICS_DATA_DIR", raising=False)
    assert default_path() == platformdirs.user_data_path("nn-basics", appauthor=False) / "progress.json"


# --- round trip -------------------------------------------------------------------------------------


def test_a_missing_file_is_a_fresh_start(path: Path) -> None:
    p = Progress.load()
    assert p.path == path
    assert p.last_lesson is None and p.solved_in("any") == set() and p.code("any", "cell") is None
    assert p.take_notices() == []
    assert not path.parent.exists()  # loading writes nothing


def test_round_trip(path: Path) -> None:
    p = Progress.load()
    p.mark_solved("02-logistic", "sigmoid")
    p.mark_solved("02-logistic", "neuron")
    p.mark_solved("03-cost", "loss")
    p.set_code("02-logistic", "plot", "z = 1  # 中文注释\n")
    p.set_code("03-cost", "ex", "def loss(a, y):\n    return 0\n")
    p.last_lesson = "03-cost"
    assert p.dirty
    assert p.save()
    assert not p.dirty

    q = Progress.load(path)
    assert q.solved_in("02-logistic") == {"sigmoid", "neuron"}
    assert q.is_solved("03-cost", "loss") and not q.is_solved("03-cost", "other")
    assert q.code("02-logistic", "plot") == "z = 1  # 中文注释\n"
    assert q.code("03-cost", "ex") == "def loss(a, y):\n    return 0\n"
    assert q.last_lesson == "03-cost"
    assert q.take_notices() == []


def test_the_file_is_readable_json_with_a_version(path: Path) -> None:
    p = Progress.load()
    p.mark_solved("l", "b")
    p.mark_solved("l", "a")
    p.set_code("l", "cell", "# 你好\n")
    p.save()
    text = path.read_text(encoding="utf-8")
    assert "\n  " in text and "你好" in text  # indented, Chinese left readable
    assert json.loads(text) == {
        "version": 1,
        "last_lesson": None,
        "solved": {"l": ["a", "b"]},
        "code": {"l": {"cell": "# 你好\n"}},
    }


def test_saving_without_changes_writes_nothing(path: Path) -> None:
    p = Progress.load()
    p.mark_solved("l", "e")
    p.save()
    before = path.stat()
    assert p.save()
    p.mark_solved("l", "e")  # already solved: not a change
    assert not p.dirty and p.save()
    assert path.stat().st_ino == before.st_ino and path.stat().st_mtime_ns == before.st_mtime_ns


def test_forget_code_goes_back_to_the_original(path: Path) -> None:
    p = Progress.load()
    p.set_code("l", "cell", "edited")
    p.save()
    p.forget_code("l", "cell")
    assert p.code("l", "cell") is None
    p.save()
    assert Progress.load().code("l", "cell") is None


def test_a_lone_surrogate_in_code_is_saved_not_fatal(path: Path) -> None:
    p = Progress.load()
    p.set_code("l", "cell", "x = '\ud800'")
    assert p.save()
    assert Progress.load().code("l", "cell") == "x = '\ud800'"


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_new_folder_and_file_are_private(path: Path) -> None:
    p = Progress.load()
    p.mark_solved("l", "e")
    p.save()
    assert path.parent.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600


# --- no saving (kiosk) ------------------------------------------------------------------------------


def test_no_saving_mode_never_touches_the_disk(data_dir: Path) -> None:
    data_dir.mkdir()
    (data_dir / "progress.json").write_text('{"version": 1, "solved": {"l": ["e"]}}', encoding="utf-8")
    before = sorted(data_dir.iterdir())
    p = Progress.load(save=False)
    assert p.path is None and not p.saving
    assert not p.is_solved("l", "e")  # not even read
    p.mark_solved("l", "x")
    p.set_code("l", "cell", "code")
    p.last_lesson = "l"
    assert p.is_solved("l", "x") and p.code("l", "cell") == "code" and p.last_lesson == "l"
    assert p.save()
    assert p.reset()
    assert sorted(data_dir.iterdir()) == before


def test_no_saving_mode_does_not_create_the_folder(data_dir: Path) -> None:
    p = Progress.load(save=False)
    p.mark_solved("l", "x")
    p.save()
    assert not data_dir.exists()


# --- atomic writes ----------------------------------------------------------------------------------


def saved_file(path: Path) -> bytes:
    p = Progress.load()
    p.mark_solved("l", "old")
    assert p.save()
    return path.read_bytes()


def test_no_temporary_files_are_left_behind(path: Path) -> None:
    p = Progress.load()
    for i in range(5):
        p.set_code("l", f"c{i}", "x")
        assert p.save()
    assert leftovers(path.parent) == []


def test_a_failing_replace_leaves_the_old_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = saved_file(path)
    p = Progress.load()
    p.mark_solved("l", "new")

    def fail(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", fail)
        assert p.save() is False
    assert path.read_bytes() == old
    assert leftovers(path.parent) == []
    assert p.is_solved("l", "new") and p.dirty  # kept in memory for the next try
    assert p.save()
    assert Progress.load().is_solved("l", "new")


def test_a_crash_during_replace_leaves_the_old_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = saved_file(path)
    p = Progress.load()
    p.mark_solved("l", "new")

    class Crash(Exception):
        pass

    def crash(src: object, dst: object) -> None:
        raise Crash

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(Crash):
        p.save()
    assert path.read_bytes() == old
    assert leftovers(path.parent) == []


# --- damaged files ----------------------------------------------------------------------------------

DAMAGED = {
    "truncated": b'{"version": 1, "solved": {"l": ["a", "b"',
    "empty": b"",
    "garbage": bytes(range(256)) * 4,
    "not utf-8": '{"version": 1, "last_lesson": "café"}'.encode("latin-1"),
    "top level list": b"[1, 2, 3]",
    "no version": b'{"solved": {}}',
    "version as text": b'{"version": "1"}',
    "version as bool": b'{"version": true}',
    "solved as list": b'{"version": 1, "solved": ["l", "e"]}',
    "solved ids not text": b'{"version": 1, "solved": {"l": [1, 2]}}',
    "code as list": b'{"version": 1, "code": [["l", "c", "x"]]}',
    "code blocks not a dict": b'{"version": 1, "code": {"l": "x = 1"}}',
    "code not text": b'{"version": 1, "code": {"l": {"c": 42}}}',
    "last lesson a number": b'{"version": 1, "last_lesson": 7}',
    "deeply nested": b"[" * 100_000,
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_file_is_moved_aside(path: Path, content: bytes, english: None) -> None:
    path.parent.mkdir()
    path.write_bytes(content)
    p = Progress.load()

    assert p.solved_in("l") == set() and p.last_lesson is None and p.code("l", "c") is None
    (moved,) = corrupt_files(path.parent)
    assert moved.read_bytes() == content
    assert not path.exists()
    (notice,) = p.take_notices()
    assert notice.key == "progress.corrupt"
    assert str(moved) in str(notice) and "may still be in it" in str(notice)
    assert "starting fresh" not in str(notice)
    assert p.take_notices() == []  # shown once

    p.mark_solved("l", "e")
    assert p.save()
    assert Progress.load().is_solved("l", "e")
    assert moved.read_bytes() == content


def test_a_directory_in_place_of_the_file_is_moved_aside(path: Path) -> None:
    path.mkdir(parents=True)
    (path / "inside.txt").write_text("keep me", encoding="utf-8")
    p = Progress.load()
    (moved,) = corrupt_files(path.parent)
    assert (moved / "inside.txt").read_text(encoding="utf-8") == "keep me"
    assert [n.key for n in p.take_notices()] == ["progress.corrupt"]
    p.mark_solved("l", "e")
    assert p.save() and path.is_file()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs mkfifo")
def test_a_fifo_in_place_of_the_file_does_not_hang(path: Path) -> None:
    path.parent.mkdir()
    os.mkfifo(path)
    p = Progress.load()
    assert len(corrupt_files(path.parent)) == 1
    assert [n.key for n in p.take_notices()] == ["progress.corrupt"]


def test_a_file_from_a_newer_version_is_moved_aside(path: Path, english: None) -> None:
    path.parent.mkdir()
    content = b'{"version": 2, "solved": {"l": ["e"]}, "hats": true}'
    path.write_bytes(content)
    p = Progress.load()
    (moved,) = corrupt_files(path.parent)
    assert moved.read_bytes() == content
    (notice,) = p.take_notices()
    assert notice.key == "progress.newer" and "newer version" in str(notice)
    assert not p.is_solved("l", "e")


def test_notices_read_in_chinese_too(path: Path) -> None:
    path.parent.mkdir()
    path.write_bytes(b"{")
    (notice,) = Progress.load().take_notices()
    before = i18n.language()
    try:
        i18n.set_language("zh")
        assert "学习进度" in str(notice) and str(corrupt_files(path.parent)[0]) in str(notice)
    finally:
        i18n.set_language(before)


def test_two_damaged_files_in_one_second_both_survive(path: Path) -> None:
    path.parent.mkdir()
    path.write_bytes(b"first")
    Progress.load()
    path.write_bytes(b"second")
    Progress.load()
    assert sorted(f.read_bytes() for f in corrupt_files(path.parent)) == [b"first", b"second"]


def test_unknown_keys_are_ignored(path: Path) -> None:
    path.parent.mkdir()
    path.write_bytes(b'{"version": 1, "solved": {"l": ["e"]}, "comment": "by hand"}')
    p = Progress.load()
    assert p.is_solved("l", "e") and p.take_notices() == [] and corrupt_files(path.parent) == []


def test_a_minimal_hand_written_file_is_fine(path: Path) -> None:
    path.parent.mkdir()
    path.write_bytes(b'{"version": 1}')
    p = Progress.load()
    assert p.take_notices() == [] and p.solved_in("l") == set()


def test_a_file_damaged_while_running_is_moved_aside_on_save(path: Path) -> None:
    first = Progress.load()
    first.mark_solved("l", "a")
    first.set_code("l", "kept", "not changed since")
    first.save()
    first.set_code("l", "new", "changed")
    path.write_bytes(b"\x00\x01 garbage")  # say, by code in a cell
    assert first.save()
    (moved,) = corrupt_files(path.parent)
    assert moved.read_bytes() == b"\x00\x01 garbage"
    (notice,) = first.take_notices()
    assert notice.key == "progress.damaged"
    assert str(moved) in str(notice) and "Nothing was lost" in str(notice)
    again = Progress.load()  # everything this instance knew was written, not only its last changes
    assert again.is_solved("l", "a")
    assert again.code("l", "kept") == "not changed since" and again.code("l", "new") == "changed"


def test_a_damaged_file_that_cannot_be_moved_is_never_overwritten(
    path: Path, monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    path.parent.mkdir()
    path.write_bytes(b"{damaged")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "rename", refuse)
    p = Progress.load()
    (notice,) = p.take_notices()
    assert notice.key == "progress.stuck" and "Permission denied" in str(notice)
    assert not p.saving
    p.mark_solved("l", "e")
    assert p.is_solved("l", "e")  # still works in memory
    assert p.save() is False and p.reset() is False
    assert p.take_notices() == []
    assert path.read_bytes() == b"{damaged"


# --- unwritable places ------------------------------------------------------------------------------


def check_unwritable(p: Progress) -> None:
    p.mark_solved("l", "e")
    p.set_code("l", "c", "x")
    assert p.save() is False
    assert p.save() is False
    (notice,) = p.take_notices()  # one notice, not one per attempt
    assert notice.key == "progress.unwritable"
    assert p.is_solved("l", "e") and p.code("l", "c") == "x" and p.dirty


def test_a_folder_that_is_a_file_cannot_be_saved_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("NN_BASICS_DATA_DIR", str(blocker / "data"))
    p = Progress.load()
    assert p.take_notices() == []
    check_unwritable(p)
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root ignores permissions")
def test_a_read_only_folder_cannot_be_saved_to(data_dir: Path) -> None:
    data_dir.mkdir()
    data_dir.chmod(0o500)
    try:
        check_unwritable(Progress.load())
        assert list(data_dir.iterdir()) == []
    finally:
        data_dir.chmod(0o700)


def test_a_full_disk_does_not_crash(path: Path, monkeypatch: pytest.MonkeyPatch, english: None) -> None:
    old = saved_file(path)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    p = Progress.load()
    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", full)
        check_unwritable(p)
    assert path.read_bytes() == old and leftovers(path.parent) == []
    assert p.save()  # space again: the kept state is written after all
    assert Progress.load().is_solved("l", "e")
    p.set_code("l", "c", "y")
    assert p.save() and p.take_notices() == []


def test_unwritable_notice_names_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english: None
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("NN_BASICS_DATA_DIR", str(blocker))
    p = Progress.load()
    p.mark_solved("l", "e")
    p.save()
    (notice,) = p.take_notices()
    assert str(blocker) in str(notice) and "NN_BASICS_DATA_DIR" in str(notice)


# --- two instances ----------------------------------------------------------------------------------


def test_two_instances_keep_each_others_work(path: Path) -> None:
    a = Progress.load()
    b = Progress.load()
    a.mark_solved("l", "from-a")
    a.set_code("l", "cell-a", "a's code")
    b.mark_solved("l", "from-b")
    b.set_code("l", "cell-b", "b's code")
    assert a.save()
    assert b.save()
    final = Progress.load()
    assert final.solved_in("l") == {"from-a", "from-b"}
    assert final.code("l", "cell-a") == "a's code" and final.code("l", "cell-b") == "b's code"
    assert b.is_solved("l", "from-a")  # a saving instance sees the other's work


def test_code_merge_applies_only_this_instances_changes(path: Path) -> None:
    setup = Progress.load()
    setup.set_code("l", "shared", "original edit")
    setup.set_code("l", "gone", "to be forgotten")
    setup.last_lesson = "first"
    setup.save()

    a = Progress.load()
    b = Progress.load()
    a.set_code("l", "shared", "a's newer edit")
    a.last_lesson = "from-a"
    a.save()
    b.forget_code("l", "gone")  # b never touched "shared", so a's edit must survive b's save
    b.save()

    final = Progress.load()
    assert final.code("l", "shared") == "a's newer edit"
    assert final.code("l", "gone") is None
    assert final.last_lesson == "from-a"


def test_edits_made_during_a_save_are_not_lost(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = Progress.load()
    p.set_code("l", "c", "first")
    p.last_lesson = "one"
    write = progress._write_atomically

    def slow_write(target: Path, data: bytes) -> None:
        write(target, data)
        p.set_code("l", "c", "typed during the save")  # the UI thread, while a worker saves
        p.mark_solved("l", "e")
        p.last_lesson = "two"

    with monkeypatch.context() as patch:
        patch.setattr(progress, "_write_atomically", slow_write)
        assert p.save()
    assert p.code("l", "c") == "typed during the save" and p.last_lesson == "two" and p.dirty
    assert Progress.load().code("l", "c") == "first"
    assert p.save() and not p.dirty
    final = Progress.load()
    assert final.code("l", "c") == "typed during the save" and final.is_solved("l", "e")
    assert final.last_lesson == "two"


WORKER = textwrap.dedent(
    """
    import sys
    import time
    from pathlib import Path
    from tui.progress import Progress

    path, name, count, gate = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    (gate / f"ready-{name}").touch()
    while not (gate / "go").exists():  # start together, so the saves really interleave
        time.sleep(0.001)
    for i in range(count):
        p = Progress.load(path)  # a fresh instance each time: only the lock keeps the merge honest
        p.mark_solved(name, f"e{i}")
        p.set_code(name, f"c{i}", f"code {i} of {name}")
        assert p.save(), p.take_notices()
        assert not p.take_notices()
    """
)


def test_two_processes_saving_at_once_lose_nothing(path: Path, tmp_path: Path) -> None:
    count = 50
    gate = tmp_path / "gate"
    gate.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    names = ("first", "second")
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(path), name, str(count), str(gate)], env=env)
        for name in names
    ]
    try:
        deadline = time.monotonic() + 60
        while not all((gate / f"ready-{name}").exists() for name in names):
            assert time.monotonic() < deadline and all(w.poll() is None for w in workers)
            time.sleep(0.005)
        (gate / "go").touch()
        assert [w.wait(timeout=120) for w in workers] == [0, 0]
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
                w.wait()

    document = json.loads(path.read_text(encoding="utf-8"))
    for name in ("first", "second"):
        assert sorted(document["solved"][name]) == sorted(f"e{i}" for i in range(count))
        assert document["code"][name] == {f"c{i}": f"code {i} of {name}" for i in range(count)}
    assert leftovers(path.parent) == [] and corrupt_files(path.parent) == []


# --- reset ------------------------------------------------------------------------------------------


def test_reset_forgets_everything(path: Path) -> None:
    p = Progress.load()
    p.mark_solved("l", "e")
    p.set_code("l", "c", "x")
    p.last_lesson = "l"
    p.save()
    assert p.reset()
    assert not p.is_solved("l", "e") and p.code("l", "c") is None and p.last_lesson is None
    assert not p.dirty
    again = Progress.load()
    assert again.solved_in("l") == set() and again.code("l", "c") is None and again.last_lesson is None
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 1


# -- an instance that never touched a block changes nothing about it --------------------------


def test_an_untouched_editor_deletes_nothing(path: Path) -> None:
    a, b = Progress.load(), Progress.load()
    assert b.code("l", "cell") is None  # b's editor shows the lesson's original code
    a.set_code("l", "cell", "a's work")
    assert a.save()
    b.forget_code("l", "cell")  # b quits: its editor still shows the original
    b.mark_solved("l", "e")  # and it has something else to save
    assert b.save()
    assert Progress.load().code("l", "cell") == "a's work"


def test_an_untouched_editor_overwrites_nothing(path: Path) -> None:
    setup = Progress.load()
    setup.set_code("l", "cell", "old")
    setup.save()
    a, b = Progress.load(), Progress.load()
    assert b.code("l", "cell") == "old"
    a.set_code("l", "cell", "newer")
    assert a.save()
    b.set_code("l", "cell", "old")  # b quits, its editor unchanged
    b.last_lesson = "l"
    assert b.save()
    assert Progress.load().code("l", "cell") == "newer"


def test_an_explicit_reset_is_recorded(path: Path) -> None:
    setup = Progress.load()
    setup.set_code("l", "cell", "edited")
    setup.save()
    b = Progress.load()
    assert b.code("l", "cell") == "edited"
    b.forget_code("l", "cell")  # Ctrl+O: the editor goes back to the original
    assert b.save()
    assert Progress.load().code("l", "cell") is None


def test_changing_a_block_back_is_recorded(path: Path) -> None:
    b = Progress.load()
    assert b.code("l", "cell") is None
    b.set_code("l", "cell", "tried something")
    assert b.save()
    b.forget_code("l", "cell")  # typed (or undid) back to the original
    assert b.save()
    assert Progress.load().code("l", "cell") is None
