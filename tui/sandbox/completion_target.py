"""What the text left of the cursor asks for: an indent, or the completion of a name.

Pure standard library, so both sides use it: the UI decides what Tab does, the
kernel decides which object's names to offer. Nothing here evaluates code.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

_TARGET = re.compile(r"(?:([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*\.\s*)?([A-Za-z_]\w*)?$")
"""An optional dotted chain of names and a dot, then the name being typed (maybe empty)."""

_NAME_CHAR = re.compile(r"\w")

_DOTTED_AT_END = re.compile(r"(?<![\w.)\]}])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
"""A dotted name of plain names at the end of a text, not hanging off an expression."""


@dataclass(frozen=True)
class Target:
    """Complete ``prefix`` among the names of ``chain`` ("" for the namespace itself).

    ``chain`` is a dotted path of plain names (``np``, ``a.T``): only attribute
    lookups, never calls or subscripts, are ever made to resolve it.
    """

    chain: str
    prefix: str


def wants_indent(before: str) -> bool:
    """Jupyter's rule for Tab: indent at the start of a line or after whitespace."""
    return not before or before[-1].isspace()


def completion_target(before: str) -> Target | None:
    """What to complete given the text of the line left of the cursor; None when nothing is.

    ``np.zeros_l`` → Target("np", "zeros_l"); ``pri`` → Target("", "pri");
    ``x = a.T.`` → Target("a.T", ""); after ``(`` or ``,`` → Target("", "") (every
    name). Inside a string or a comment, or after a number or a closing bracket
    and a dot (``f().``), there is nothing to complete.
    """
    if _in_string_or_comment(before):
        return None
    match = _TARGET.search(before)
    assert match is not None  # the pattern matches the empty string at the end
    chain, prefix = match.group(1) or "", match.group(2) or ""
    left = before[: match.start()].rstrip()
    word = re.search(r"\w+$", left)
    if word and keyword.iskeyword(word.group()) and not left[: word.start()].rstrip().endswith("."):
        pass  # ``if x``, ``return np.ze``, ``for i in ra``
    elif left and (left[-1] in ".)]}\"'" or _NAME_CHAR.match(left[-1])):
        return None  # ``f().x``, ``a[0].T``, ``"s".x``, ``1e5``, ``x y``: not a name we can look up
    return Target(re.sub(r"\s+", "", chain), prefix)


def name_at(line: str, column: int) -> str | None:
    """The dotted name under (or just left of) ``column``: ``np.ze|ros(`` → ``np.zeros``.

    Falls back to the function being called when the cursor sits in its
    arguments: ``np.zeros((2, |`` → ``np.zeros``. None if there is no name.
    """
    end = column
    while end < len(line) and _NAME_CHAR.match(line[end]):
        end += 1  # to the end of the word: ``np.ze|ros`` means np.zeros, ``np.|zeros`` too
    match = _DOTTED_AT_END.search(line[:end])
    if match:
        return match.group()
    depth = 0
    for index in range(min(column, len(line)) - 1, -1, -1):
        char = line[index]
        if char in ")]}":
            depth += 1
        elif char in "([{":
            if depth == 0:
                callee = _DOTTED_AT_END.search(line[:index]) if char == "(" else None
                if callee:
                    return callee.group()
            else:  # an unmatched bracket without a name (a tuple, a list): look further out
                depth -= 1
    return None


def _in_string_or_comment(before: str) -> bool:
    """Whether the end of ``before`` is inside a string literal or a comment (one line only)."""
    quote: str | None = None
    index = 0
    while index < len(before):
        char = before[index]
        if quote is None:
            if char == "#":
                return True
            if char in "\"'":
                quote = char
        elif char == "\\":
            index += 1
        elif char == quote:
            quote = None
        index += 1
    return quote is not None


def fits(name: str, prefix: str) -> bool:
    """Whether ``name`` completes ``prefix``: it starts with it, and private names
    (``_x``) only when asked for with ``_``, special ones (``__x__``) with ``__``."""
    if not name.startswith(prefix):
        return False
    if name.startswith("__"):
        return prefix.startswith("__")
    return not name.startswith("_") or prefix.startswith("_")
