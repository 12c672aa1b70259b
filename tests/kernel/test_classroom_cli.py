"""The `class` commands as a teacher types them: `python -m tui class init|report|goto|message`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.harness.cli import run_cli
from tui.classroom.layout import open_class
from tui.classroom.link import ClassLink
from tui.classroom.records import Hand, Record


def test_init_report_goto_and_message(class_path: Path) -> None:
    made = run_cli("class", "init", str(class_path))
    assert made.returncode == 0, made.stderr
    assert f"Students join with: python -m tui --class {class_path}" in made.stdout
    empty = run_cli("class", "report", str(class_path), "--json")
    assert json.loads(empty.stdout) == {"students": []}

    link = ClassLink.join(class_path)  # a student (this account) in the class
    try:
        link.publish(Record(lesson=2, solved=1, attempts=3, hand=Hand("what is ŷ?", 1.0), last_active=2.0))
        link.close()  # writes the record, then the session is gone
        link = ClassLink.join(class_path)  # and back: a live session again
        report = run_cli("class", "report", str(class_path), "--json")
        assert report.returncode == 0, report.stderr
        (row,) = json.loads(report.stdout)["students"]
        assert row["account"] == link.account
        assert (row["lesson"], row["solved"], row["attempts"]) == (2, 1, 3)
        assert (row["hand_raised"], row["question"], row["state"]) == (True, "what is ŷ?", "idle")
        text = run_cli("class", "report", str(class_path))
        assert text.stdout.splitlines()[1].split()[:3] == [link.account, "02", "idle"]
        assert "✋ what is ŷ?" in text.stdout

        sent = run_cli("class", "goto", str(class_path), "4")
        assert sent.returncode == 0, sent.stderr
        assert "lesson 4 · Gradient descent" in sent.stdout
        wrong = run_cli("class", "goto", str(class_path), "44")
        assert wrong.returncode == 2 and "There is no lesson 44" in wrong.stderr
        assert run_cli("class", "message", str(class_path), "Look up").returncode == 0
        assert run_cli("class", "message", str(class_path), "You, too", "--to", link.account).returncode == 0
        nobody = run_cli("class", "message", str(class_path), "Hi", "--to", "nnb-nobody-here")
        assert nobody.returncode == 2 and "nnb-nobody-here" in nobody.stderr
        news = link.poll()
        assert news is not None and news.goto is not None and news.goto.lesson == 4
        assert [m.text for m in news.to_all] == ["Look up"] and [m.text for m in news.to_you] == ["You, too"]
    finally:
        link.close()


def test_class_commands_need_no_textual_or_numpy(class_path: Path) -> None:
    run_cli("class", "init", str(class_path))
    code = (
        "import sys, tui.__main__ as m; "
        f"m.main(['class', 'report', {str(class_path)!r}]); "
        "print(sorted({'textual', 'numpy'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines()[-1] == "[]"


def test_a_bad_class_is_one_clear_sentence(class_path: Path) -> None:
    missing = run_cli("class", "report", str(class_path))
    assert (
        missing.returncode == 2 and missing.stderr.strip() == f"There is no class directory at {class_path}."
    )
    run_cli("class", "init", str(class_path))
    os.chmod(class_path, 0o2777)
    for args in (
        ("class", "report", str(class_path)),
        ("--class", str(class_path)),
        ("teach", str(class_path)),
    ):
        result = run_cli(*args, env={"TERM": "xterm"})
        assert result.returncode == 2, args
        assert result.stderr.startswith(f"Refusing the class in {class_path}"), args
        assert "\x1b" not in result.stdout + result.stderr
    os.chmod(class_path, 0o2771)
    assert open_class(class_path).path == class_path.resolve()


def test_help_lists_the_class_commands() -> None:
    help_text = run_cli("--help").stdout
    for word in ("--class DIR", "teach", "class"):
        assert word in help_text
    class_help = run_cli("class", "--help").stdout
    for action in ("init", "report", "goto", "message"):
        assert action in class_help
    assert "--teachers GROUP" in run_cli("class", "init", "--help").stdout
    assert "--json" in run_cli("class", "report", "--help").stdout
