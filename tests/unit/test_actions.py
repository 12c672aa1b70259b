"""One registry of keys: bindings, help, palette and the README's table all come from it."""

from __future__ import annotations

import re
from pathlib import Path

from tui import framework
from tui.actions import ACTIONS, bindings, help_sections, palette_actions, readme_table
from tui.i18n import LANGUAGES, set_language, t

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_key_table_is_the_registry() -> None:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- keys -->\n(.*?)\n<!-- /keys -->", text, re.S)
    assert match, "README.md has no <!-- keys --> table"
    assert match.group(1).strip() == readme_table(), "run: python -m tui.actions > table, and paste it"


def test_every_action_is_described_in_both_languages() -> None:
    try:
        for lang in LANGUAGES:
            set_language(lang)
            for action in ACTIONS:
                if action.shown or action.has("palette"):
                    assert t(action.description) and t(action.explanation)
    finally:
        set_language("en")


def test_bindings_palette_and_help_agree() -> None:
    bound = {
        (binding.key, binding.action)
        for where in ("app", "list", "reading", "cell", "editor", "exercise")
        for binding in bindings(where)
    }
    assert ("ctrl+r", "run_cell") in bound and ("f5", "run_all") in bound and ("n", "next_lesson") in bound
    assert not any(action == "focus_next" for _, action in bound)  # documented only: Textual binds Tab
    names = [action.name for action in palette_actions()]
    assert len(names) == len(set(names)) and "restart_kernel" in names
    listed = [action.shown for _, actions in help_sections() for action in actions]
    assert "Ctrl+T" in listed and "F2" in listed
    assert "F2" not in [
        a.shown for _, actions in help_sections(frozenset({"key.toggle_language"})) for a in actions
    ]


def test_every_framework_patch_still_applies() -> None:
    """Fails loudly when a Textual or Rich upgrade changes an internal the app relies on."""
    import rich._wrap
    from textual.app import App
    from textual.document._syntax_aware_document import SyntaxAwareDocument

    framework.install()
    framework.share_highlight_queries()  # applied by the lesson pane before the first editor
    app = App()
    framework.install_filters(app, no_color=True, ascii=True)
    assert set() == framework.SKIPPED
    assert rich._wrap.re_word is framework.WORD
    assert getattr(SyntaxAwareDocument.prepare_query, "shared", False)
    from textual.css.stylesheet import Stylesheet

    assert getattr(Stylesheet._parse_rules, "shared", False)
    driver = framework.input_driver()
    assert driver is not None and driver.__name__ == "ResponsiveInputDriver"


def test_textuals_settings_are_read_again_from_the_environment(monkeypatch) -> None:
    """A login server's seat takes the login's environment after Textual was imported."""
    from textual import constants

    monkeypatch.setenv("ESCDELAY", "37")
    framework.reread_environment()
    try:
        assert constants.ESCAPE_DELAY == 0.037
    finally:
        monkeypatch.delenv("ESCDELAY")
        framework.reread_environment()
    assert constants.ESCAPE_DELAY == 0.1


def test_css_is_parsed_once_per_process_and_set_of_variables(monkeypatch) -> None:
    """Every stylesheet (Textual makes a fresh one per reparse, and one per app) shares what
    was parsed; other CSS variables (another theme) are parsed apart, and apply."""
    from textual.css.stylesheet import Stylesheet

    from tests.harness.css import count_css_parses

    framework.install()
    calls = count_css_parses(monkeypatch)
    css = "Static { color: $accent; }"

    def rules(variables: dict[str, str]) -> list:
        sheet = Stylesheet(variables=variables)
        sheet.add_source(css, read_from=("test", "shared"))
        sheet.parse()
        return sheet.rules

    monkeypatch.setattr(framework, "PARSED_CSS", {})
    first = rules({"accent": "red"})
    second = rules({"accent": "red"})
    assert len(calls) == 1 and first == second
    other = rules({"accent": "blue"})
    assert len(calls) == 2
    assert first[0].styles.color != other[0].styles.color
