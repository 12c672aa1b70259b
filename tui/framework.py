"""Every use of a Textual or Rich internal, in one place, each behind a check.

The app relies on three things neither library offers publicly:

- ``App._filters``, the list of line filters: NO_COLOR asks for no colour at all
  (Textual only greys colours out), and the Linux console needs glyphs it can draw.
- ``rich._wrap.re_word``, the pattern Rich splits words with, so Chinese breaks
  between characters (``tui.cjk``).
- ``SyntaxAwareDocument.prepare_query``, which Textual calls for every editor
  (twice, ~15 ms each): sharing one prepared tree-sitter query per language and
  query text made opening a ten-cell lesson three times faster.

Each patch checks the library version it was written for and that the internal
still looks as expected; if not, it is skipped (the app works, just without that
refinement) and ``SKIPPED`` says which. ``tests/unit/test_framework.py`` fails
loudly when any is skipped, so an upgrade that changes an internal is noticed at
once rather than by a learner.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from typing import Any

from textual.app import App
from textual.filter import Monochrome, NoColor

from tui.cjk import WORD
from tui.terminal import ConsoleGlyphs

SUPPORTED = {"textual": (8,), "rich": (13, 14, 15)}
"""Major versions each patch was written and tested against (pyproject pins the same)."""

SKIPPED: set[str] = set()
"""Patches not applied because the library changed (see the module docstring)."""


def _major(package: str) -> int:
    return int(version(package).split(".")[0])


def _supported(package: str, name: str, looks_right: bool) -> bool:
    if _major(package) in SUPPORTED[package] and looks_right:
        return True
    SKIPPED.add(name)
    return False


def install_filters(app: App[Any], *, no_color: bool, ascii: bool) -> None:
    """NO_COLOR: no colour codes at all; ``ascii``: only glyphs the Linux console draws."""
    filters = getattr(app, "_filters", None)
    if not (no_color or ascii) or not _supported("textual", "filters", isinstance(filters, list)):
        return
    assert isinstance(filters, list)
    if no_color:
        filters[:] = [f for f in filters if not isinstance(f, Monochrome)]
        filters.append(NoColor())
    if ascii:
        filters.append(ConsoleGlyphs())


def allow_breaks_between_cjk() -> None:
    """Install ``tui.cjk.WORD`` as Rich's word splitter (used by Rich and Textual's Content)."""
    import rich._wrap

    if _supported("rich", "cjk", isinstance(getattr(rich._wrap, "re_word", None), re.Pattern)):
        rich._wrap.re_word = WORD


def share_highlight_queries() -> None:
    """Prepare tree-sitter's highlight query once per language and query text, not twice per editor.

    A prepared query is immutable and meant to be reused. The cache is keyed by
    the language object itself (kept alive by the cache), never by its ``id()``.
    """
    from textual.document._syntax_aware_document import SyntaxAwareDocument

    prepare = getattr(SyntaxAwareDocument, "prepare_query", None)
    if not _supported("textual", "queries", callable(prepare)) or getattr(prepare, "shared", False):
        return
    compiled: dict[tuple[object, str], object] = {}

    def prepare_once(document: SyntaxAwareDocument, query: str) -> Any:
        key = (document.language, query)
        if key not in compiled:
            compiled[key] = prepare(document, query)
        return compiled[key]

    prepare_once.shared = True  # type: ignore[attr-defined]
    SyntaxAwareDocument.prepare_query = prepare_once  # type: ignore[method-assign]


def install() -> None:
    """The process-wide patches (the filters are per app: ``install_filters``)."""
    allow_breaks_between_cjk()
    share_highlight_queries()
