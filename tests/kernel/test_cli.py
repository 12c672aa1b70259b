"""The command line as a user types it: `python -m tui ...` in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import lessons
from tests.harness.cli import run_cli
from tui import __version__


def test_list_prints_one_line_per_lesson() -> None:
    result = run_cli("--list")
    assert result.returncode == 0, result.stderr
    expected = [f"{lesson.number:02d}  {lesson.title}" for lesson in lessons.load("en")]
    assert result.stdout.splitlines() == expected


def test_list_does_not_import_textual_or_numpy() -> None:
    code = (
        "import sys, tui.__main__ as m; m.main(['--list']); "
        "print(sorted({'textual', 'numpy'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines()[-1] == "[]"


def test_version_and_help() -> None:
    version = run_cli("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"nn-basics {__version__}"
    help_text = run_cli("--help").stdout
    for flag in ("--lesson", "--lang", "--no-mouse", "--list", "--ascii", "check"):
        assert flag in help_text


def test_check_good_and_bad_files(tmp_path: Path) -> None:
    good = sorted(lessons.lesson_dir("en").glob("*.md"))
    ok = run_cli("check", *map(str, good))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert f"{len(good)} file(s) OK" in ok.stdout

    bad = tmp_path / "02-bad.md"
    bad.write_text("---\nid: bad\ntitle: Bad\n---\n\n```python cell\nprint(1)\n", encoding="utf-8")
    broken = run_cli("check", str(bad))
    assert broken.returncode == 1
    assert broken.stdout.strip() == f"{bad}:6: code block opened here with ``` is never closed"


def test_a_fifo_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "01-pipe.md"
    os.mkfifo(fifo)
    checked = run_cli("check", str(fifo))  # used to block for ever on the read
    assert checked.returncode == 1
    refusal = "not a regular file (a pipe, device or folder): a lesson must be a plain file"
    assert checked.stdout.strip() == f"{fifo}:1: {refusal}"
    (tmp_path / "02-fine.md").write_text("---\nid: fine\ntitle: Fine\n---\n\nProse.\n", encoding="utf-8")
    listed = run_cli("--lessons", str(tmp_path), "--list")  # used to block for ever too
    assert listed.returncode == 0, listed.stderr
    assert "Fine" in listed.stdout


def test_unknown_lesson_number_is_a_clear_error() -> None:
    result = run_cli("--lesson", "99")
    assert result.returncode == 2
    assert "There is no lesson 99" in result.stderr


def test_dumb_terminal_gets_a_message_not_garbage() -> None:
    result = run_cli(env={"TERM": "dumb"})
    assert result.returncode == 2
    assert "TERM=dumb" in result.stderr
    assert "\x1b" not in result.stdout + result.stderr


def test_chinese_locale_gives_chinese_help() -> None:
    result = run_cli("--help", env={"LANG": "zh_CN.UTF-8"})
    assert "直接打开第 N 课" in result.stdout


def test_reset_progress_asks_first(private_data_dir: Path) -> None:
    from tui.progress import Progress

    progress = Progress.load()
    progress.mark_solved("sigmoid-lesson", "sigmoid")
    assert progress.save()
    env = {"NN_BASICS_DATA_DIR": str(private_data_dir)}

    def reset(answer: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tui", "--reset-progress"],
            input=answer,
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, **env},
        )

    declined = reset("n\n")
    assert declined.returncode == 1
    assert "Nothing was changed" in declined.stdout
    assert Progress.load().is_solved("sigmoid-lesson", "sigmoid")

    accepted = reset("y\n")
    assert accepted.returncode == 0, accepted.stderr
    assert "Progress forgotten" in accepted.stdout
    assert not Progress.load().is_solved("sigmoid-lesson", "sigmoid")
