"""Every use of a Textual or Rich internal, in one place, each behind a check.

The app relies on five things neither library offers publicly:

- ``App._filters``, the list of line filters: NO_COLOR asks for no colour at all
  (Textual only greys colours out), and the Linux console needs glyphs it can draw.
- ``rich._wrap.re_word``, the pattern Rich splits words with, so Chinese breaks
  between characters (``tui.cjk``).
- ``SyntaxAwareDocument.prepare_query``, which Textual calls for every editor
  (twice, ~15 ms each): sharing one prepared tree-sitter query per language and
  query text made opening a ten-cell lesson three times faster.
- Textual's input loop (``LinuxDriver.run_input_thread`` with its private
  ``XTermParser``): it wakes every 0.1 s to time out a lone Escape, so Escape
  always took ~100 ms more than any other key, whatever ``ESCDELAY`` said.
  ``ResponsiveInputDriver`` wakes after ``ESCDELAY`` instead, only while an
  Escape is pending, so a class on a fast network can set ``ESCDELAY=25``.
- ``Stylesheet._parse_rules``: each ``Stylesheet`` caches what it parsed, but Textual
  makes a fresh one for every reparse (a screen with CSS of its own, a theme), and
  every app its own: parsing the app's CSS was a quarter of a login server seat's
  first screen. ``share_css_parses`` keeps one cache for the process, keyed also by
  the CSS variables, which the server fills before it forks any seat.

Each patch checks the library version it was written for and that the internal
still looks as expected; if not, it is skipped (the app works, just without that
refinement) and ``SKIPPED`` says which. ``tests/unit/test_actions.py`` fails
loudly when any is skipped, so an upgrade that changes an internal is noticed at
once rather than by a learner.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import re
import selectors
from codecs import getincrementaldecoder
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import constants
from textual._parser import ParseError
from textual.app import App
from textual.driver import Driver
from textual.filter import Monochrome, NoColor

from tui.cjk import WORD
from tui.terminal import ConsoleGlyphs

if TYPE_CHECKING:
    from tree_sitter import Query

SUPPORTED = {"textual": (8,), "rich": (13, 14, 15)}
"""Major versions each patch was written and tested against (pyproject pins the same)."""

SKIPPED: set[str] = set()
"""Patches not applied because the library changed (see the module docstring)."""

PARSED_CSS: dict[tuple[object, ...], Any] = {}
"""Rule sets parsed in this process, by CSS text, origin and CSS variables (``share_css_parses``)."""


@functools.cache
def _major(package: str) -> int:
    """The installed major version of ``package`` (already imported).

    Read from the name of its ``.dist-info`` folder next to it: ``importlib.metadata``
    would import the email package and scan every entry of sys.path, some 30 ms of a
    start-up that a class of thirty pays at once. It remains the fallback.
    """
    module = importlib.import_module(package)
    folder = Path(module.__file__ or ".").resolve().parent.parent
    for info in folder.glob(f"{package}-*.dist-info"):
        found = info.name[len(package) + 1 :].split(".")[0]
        if found.isdigit():
            return int(found)
    from importlib.metadata import version

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
    if (
        not _supported("textual", "queries", callable(prepare))
        or prepare is None
        or getattr(prepare, "shared", False)
    ):
        return
    compiled: dict[tuple[object, str], Query | None] = {}

    def prepare_once(document: SyntaxAwareDocument, query: str) -> Query | None:
        key = (document.language, query)
        if key not in compiled:
            compiled[key] = prepare(document, query)
        return compiled[key]

    prepare_once.shared = True  # type: ignore[attr-defined]  # a mark on the function: installed once
    # The patch itself (mypy reads a function put on a class as a method with two selves).
    SyntaxAwareDocument.prepare_query = prepare_once  # type: ignore[method-assign, assignment]


def share_css_parses() -> None:
    """Parse a piece of CSS once per process and set of CSS variables, for every stylesheet.

    Textual treats parsed rule sets as immutable (each stylesheet already hands the
    same ones to every reparse from its own cache), so sharing them is safe.
    """
    from textual.css.stylesheet import Stylesheet

    parse_rules = getattr(Stylesheet, "_parse_rules", None)
    looks_right = callable(parse_rules) and isinstance(getattr(Stylesheet(), "_variables", None), dict)
    if not _supported("textual", "css", looks_right) or getattr(parse_rules, "shared", False):
        return
    assert parse_rules is not None

    def parse_once(
        stylesheet: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        variables = tuple(sorted(stylesheet._variables.items()))
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
        if key not in PARSED_CSS:
            PARSED_CSS[key] = parse_rules(stylesheet, css, read_from, is_default_rules, tie_breaker, scope)
        return PARSED_CSS[key]

    parse_once.shared = True  # type: ignore[attr-defined]  # a mark on the function: installed once
    Stylesheet._parse_rules = parse_once  # type: ignore[method-assign, assignment]


def input_driver() -> type[Driver] | None:
    """The driver class for a real terminal (None: Textual's own, e.g. on Windows or a changed Textual)."""
    try:
        from textual._xterm_parser import XTermParser
        from textual.drivers.linux_driver import LinuxDriver
    except ImportError:
        return None
    if not _supported("textual", "escape", callable(getattr(LinuxDriver, "run_input_thread", None))):
        return None

    class ResponsiveInputDriver(LinuxDriver):
        """Textual's input loop, waking after ESCDELAY (not 0.1 s) while a lone Escape waits."""

        def run_input_thread(self) -> None:
            selector = selectors.SelectSelector()
            selector.register(self.fileno, selectors.EVENT_READ)
            parser = XTermParser(self._debug)
            decode = getincrementaldecoder("utf-8")().decode
            pending_escape = False

            def process(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
                nonlocal pending_escape
                for position, (_key, mask) in enumerate(ready):
                    if mask & selectors.EVENT_READ:
                        data = decode(os.read(self.fileno, 4096), final=final and position == len(ready) - 1)
                        if not data:
                            break
                        pending_escape = data.endswith("\x1b")
                        for event in parser.feed(data):
                            self.process_message(event)
                for event in parser.tick():
                    pending_escape = False
                    self.process_message(event)

            try:
                while not self.exit_event.is_set():
                    process(selector.select(constants.ESCAPE_DELAY if pending_escape else 0.1))
                selector.unregister(self.fileno)
                process(selector.select(0.1), final=True)
            finally:
                selector.close()
                with contextlib.suppress(EOFError, ParseError):
                    for _event in parser.feed(""):
                        pass

    return ResponsiveInputDriver


def reread_environment() -> None:
    """Read Textual's settings (``ESCDELAY``, ``TEXTUAL_*``) from the environment again.

    Textual reads them once, when ``textual.constants`` is imported. A login server's
    seat imported Textual long before it took the login's environment: without this, a
    class's ``ESCDELAY=25`` would be the server's default instead.
    """
    importlib.reload(constants)


def install() -> None:
    """The process-wide patches (the filters are per app: ``install_filters``).

    ``share_highlight_queries`` is not among them: it imports tree-sitter, which the
    first screen does not need; the lesson pane applies it before the first editor.
    """
    allow_breaks_between_cjk()
    share_css_parses()
