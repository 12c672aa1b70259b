"""The language chosen with F2 is kept with the progress, compatibly with older files."""

from __future__ import annotations

import json
from pathlib import Path

from tui.progress import Progress, saved_language


def test_an_older_file_without_a_language_loads_and_is_written_the_same(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    older = {"version": 1, "last_lesson": "x", "solved": {}, "code": {}}
    path.write_text(json.dumps(older), encoding="utf-8")
    progress = Progress.load(path)
    assert progress.language is None and saved_language(path) is None
    progress.last_lesson = "y"
    assert progress.save()
    assert "language" not in json.loads(path.read_text(encoding="utf-8"))


def test_the_language_is_saved_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    progress = Progress.load(path)
    progress.language = "zh"
    assert progress.save()
    assert json.loads(path.read_text(encoding="utf-8"))["language"] == "zh"
    assert Progress.load(path).language == "zh"
    assert saved_language(path) == "zh"


def test_another_instance_keeps_the_language_it_did_not_change(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    chooser, other = Progress.load(path), Progress.load(path)
    chooser.language = "zh"
    assert chooser.save()
    other.last_lesson = "somewhere"
    assert other.save()  # merges: its own language was never set, so the file's stays
    assert Progress.load(path).language == "zh"
    assert other.language == "zh"


def test_a_language_of_the_wrong_type_makes_the_file_untrusted(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    path.write_text(json.dumps({"version": 1, "language": 5}), encoding="utf-8")
    progress = Progress.load(path)
    assert progress.language is None
    assert not path.exists()  # moved aside, as any damaged file is
    assert saved_language(path) is None
    assert saved_language(tmp_path / "missing.json") is None
