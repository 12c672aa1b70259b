"""Counting how often Textual parses CSS (``tui.framework.share_css_parses`` saves it)."""

from __future__ import annotations

import pytest
import textual.css.stylesheet as stylesheets


def count_css_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on (for this test), every CSS text Textual's parser is given, in order."""
    calls: list[str] = []
    parse = stylesheets.parse

    def counting(scope, css, *args, **kwargs):
        calls.append(css)
        return parse(scope, css, *args, **kwargs)

    monkeypatch.setattr(stylesheets, "parse", counting)
    return calls
