"""Line breaking for Chinese text in the terminal.

Rich (and Textual, which uses Rich's wrapper) only breaks lines at spaces, so a
run of Chinese after a space moved to the next line whole, leaving ragged,
half-empty lines. Chinese may break between any two characters, except that
closing punctuation (，。、) must not start a line and opening brackets (（「)
must not end one. ``WORD`` says where Rich may break; ``tui.framework`` installs
it in Rich's word splitter. Everything else wraps exactly as before.
"""

from __future__ import annotations

import re

CJK = "\u2e80-\u2fff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
CLOSING = "、。，．：；？！）］｝」』】〉》’”…"
OPENING = "（［｛「『【〈《‘“"

WORD = re.compile(
    rf"\s*(?:"
    rf"[{OPENING}]*(?![{OPENING}{CLOSING}])[{CJK}][{CLOSING}]*"  # one CJK character with its punctuation
    rf"|[{OPENING}]*[^\s{CJK}{OPENING}{CLOSING}]+[{CLOSING}]*"  # a non-CJK word
    rf"|[{OPENING}{CLOSING}]+"  # stray punctuation
    rf")\s*"
)
"""A breakable unit: Rich breaks lines only between two of these."""
