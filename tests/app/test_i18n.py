"""Every interface string exists in both languages, none is hard-coded, and the switch keeps your place."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher

import lessons
from tests.harness.pilot import SIZE, cell_by_id
from tui.i18n import LANGUAGES, SOURCES, all_strings, catalogue, detect_language, set_language, t
from tui.widgets.header import AppHeader
from tui.widgets.key_bar import KeyBar
from tui.widgets.sidebar import LessonList

CATALOGUE = all_strings()
TUI = Path(__file__).resolve().parents[2] / "tui"


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_every_string_has_both_languages_with_the_same_fields(key: str) -> None:
    entry = CATALOGUE[key]
    assert set(entry) == set(LANGUAGES), key
    assert all(entry[lang].strip() for lang in LANGUAGES), key
    assert fields(entry["en"]) == fields(entry["zh"]), key


def test_each_catalogue_holds_only_the_prefixes_it_owns() -> None:
    """A key in the wrong module could never be found by its prefix."""
    for prefix, module in SOURCES.items():
        strings = catalogue(prefix)
        owned = {p for p, m in SOURCES.items() if m == module}
        strays = [key for key in strings if key.partition(".")[0] not in owned]
        assert strays == [], module


def test_an_unknown_key_names_where_it_was_looked_for() -> None:
    with pytest.raises(KeyError, match=r"tui\.widgets\.strings"):
        t("cell.no_such_string")


def user_visible_literals(path: Path) -> list[str]:
    """String literals handed straight to something that shows them to the learner."""
    shown_by = {"notify", "Static", "Label", "Option", "SystemCommand", "Binding", "update", "KeyHelp"}
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name not in shown_by:
            continue
        position = {"Binding": 2, "KeyHelp": 1}.get(name, 0)  # the description, not the key
        for argument in node.args[position : position + 1]:
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                text = argument.value
                words = re.findall(r"[^\W\d_]+", text)
                notation = all(len(word) == 1 for word in words)  # "A =", "a, b, c =" are maths
                if words and not notation and text not in CATALOGUE:
                    found.append(f"{path.name}:{node.lineno}: {text!r}")
    return found


def test_no_user_visible_string_is_hard_coded() -> None:
    sources = [p for p in TUI.rglob("*.py") if not p.name.endswith("strings.py") and "sandbox" not in p.parts]
    assert sources
    problems = [problem for path in sources for problem in user_visible_literals(path)]
    assert problems == []


def test_language_comes_from_the_locale() -> None:
    assert detect_language({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert detect_language({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_GB.UTF-8"}) == "zh"
    assert detect_language({"LC_ALL": "", "LANG": "de_DE.UTF-8"}) == "en"
    assert detect_language({}) == "en"


@pytest.fixture
def chinese():
    set_language("zh")
    yield
    set_language("en")


async def test_chinese_edition_shows_chinese_titles(chinese) -> None:
    from tui.app import TutorialApp

    app = TutorialApp(lessons.load("zh"), lang="zh")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        sidebar = app.query_one(LessonList)
        first = sidebar.get_option_at_index(0).prompt
        assert "二分类" in first.title
        assert "退出" in str(app.query_one(KeyBar).render())


async def test_switching_language_keeps_the_lesson_and_the_code() -> None:
    from tui.app import TutorialApp

    app = TutorialApp(
        lessons.load("en"), lang="en", start_lesson=2, load_lessons=lambda lang: lessons.load(lang)
    )
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            first_cell = app.current_view.cells[0]
            first_cell.replace_code("print('my own code')")
            await pilot.pause()
            await pilot.press("f2")
            await pilot.pause()
            assert app.lang == "zh"
            assert app.current_view.lesson.number == 2
            assert app.current_view.lesson.path.parent.name == "zh"
            assert app.current_view.display
            assert app.query_one(ContentSwitcher).current.startswith("lesson-02")
            assert "逻辑回归" in app.query_one(AppHeader).lesson_title
            assert cell_by_id(app, first_cell.block.id).code == "print('my own code')"
            assert t("key.quit") == "退出"
            await pilot.press("f2")
            await pilot.pause()
            assert app.lang == "en"
            assert app.current_view.lesson.path.parent.name == "en"
            assert app.current_view.display
            assert cell_by_id(app, first_cell.block.id).code == "print('my own code')"
    finally:
        set_language("en")
