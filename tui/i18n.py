"""Looking up user-visible strings, in English and Chinese.

Widgets call `t("key", name=value)` instead of writing text themselves, so the
Chinese edition cannot fall behind without a test noticing (each key must have
both languages). Each feature owns its strings: a module next to it holds a
``STRINGS`` catalogue of ``{"prefix.name": {"en": ..., "zh": ...}}``, and a key's
prefix (the part before the first dot) says which module that is (``SOURCES``).
Catalogues load on first use, so the kernel child and the command line never
import the widgets' strings (or Textual with them).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

LANGUAGES = ("en", "zh")

Catalogue = dict[str, dict[str, str]]
"""Key -> language -> text; every entry has all LANGUAGES with the same {fields}."""

SOURCES: dict[str, str] = {
    "cli": "tui.cli_strings",
    "grade": "tui.grade_strings",
    "sweep": "tui.sweep_strings",
    "kernel": "tui.sandbox.strings",
    "plot": "tui.sandbox.strings",
    "judge": "tui.sandbox.strings",
    "app": "tui.app_strings",
    "command": "tui.app_strings",
    "help": "tui.app_strings",
    "key": "tui.app_strings",
    "language": "tui.app_strings",
    "palette": "tui.app_strings",
    "progress": "tui.progress_strings",
    "cell": "tui.widgets.strings",
    "confirm": "tui.widgets.strings",
    "exercise": "tui.widgets.strings",
    "lesson": "tui.widgets.strings",
    "welcome": "tui.widgets.strings",
    "broadcast": "tui.widgets.lesson_widgets.strings",
    "gd": "tui.widgets.lesson_widgets.strings",
    "graph": "tui.widgets.lesson_widgets.strings",
    "race": "tui.widgets.lesson_widgets.strings",
    "rank1": "tui.widgets.lesson_widgets.strings",
    "widget": "tui.widgets.lesson_widgets.strings",
    "editor": "tui.widgets.editor_strings",
    "shapes": "tui.widgets.editor_strings",
    "focus": "tui.widgets.editor_strings",
    "course": "tui.widgets.editor_strings",
    "class": "tui.classroom.strings",
    "diagnose": "lessons.diagnose_strings",
    "teach": "tui.teach.strings",
    "student": "tui.student.strings",
}
"""Key prefix -> the module whose ``STRINGS`` holds those keys."""

_loaded: dict[str, Catalogue] = {}


def catalogue(prefix: str) -> Catalogue:
    """The strings whose keys start with ``prefix.`` (KeyError for an unknown prefix)."""
    module = SOURCES[prefix]
    if module not in _loaded:
        _loaded[module] = importlib.import_module(module).STRINGS
    return _loaded[module]


def all_strings() -> Catalogue:
    """Every catalogue merged (for tests and tools; the app loads only what it shows)."""
    merged: Catalogue = {}
    for prefix in SOURCES:
        merged.update(catalogue(prefix))
    return merged


def _entry(key: str) -> dict[str, str] | None:
    prefix = key.partition(".")[0]
    if prefix not in SOURCES:
        return None
    return catalogue(prefix).get(key)


_current = "en"


def set_language(lang: str) -> None:
    """Switch the language `t` answers in (the app does this at start and on toggle)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _current = lang


def language() -> str:
    return _current


def detect_language(environ: Mapping[str, str]) -> str:
    """Chinese when the locale says so (LC_ALL, then LC_MESSAGES, then LANG), else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def translate(text: str) -> str:
    """A catalogue key's text in the current language; any other text as it is.

    Key bindings carry catalogue keys as descriptions so they follow a language switch.
    """
    entry = _entry(text)
    return text if entry is None else _fill(entry[_current], {})


def t(key: str, /, **values: object) -> str:
    """The string ``key`` in the current language, with ``{name}`` fields filled in."""
    entry = _entry(key)
    if entry is None:
        raise KeyError(f"no string {key!r} in {SOURCES.get(key.partition('.')[0], 'any catalogue')}")
    return _fill(entry[_current], values)


def _fill(text: str, values: Mapping[str, object]) -> str:
    return text.format(**values) if values else text
