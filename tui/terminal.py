"""What the terminal can show: colour off for NO_COLOR, and only drawable glyphs on
the Linux console.

Both are Textual line filters, applied to every line just before it is written,
so no widget needs a special case: whatever a lesson, a plot or learner output
contains, the terminal only ever receives what it can draw.
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

CONSOLE_FALLBACKS = {
    "ŷ": "y",
    "ᵀ": "T",
    "−": "-",
    "–": "-",
    "—": "-",
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "…": "~",
    "✓": "√",
    "✗": "x",
    "⚠": "!",
    "▶": "►",
    "▎": "▌",
    "▏": "▌",
    "▍": "▌",
    "▋": "▌",
    "▊": "█",
    "▉": "█",
    "▁": "▄",
    "▂": "▄",
    "▃": "▄",
    "▅": "█",
    "▆": "█",
    "▇": "█",
    "▔": "▀",
    "╭": "┌",
    "╮": "┐",
    "╰": "└",
    "╯": "┘",
    "₀": "0",
    "₁": "1",
    "₂": "2",
    "ⁱ": "i",
    "⁽": "(",
    "⁾": ")",
    "ₓ": "x",
    "²": "²",
}
"""One-cell stand-ins for characters the Linux console font lacks (it draws code page 437)."""


def drawable_on_console(character: str) -> bool:
    try:
        character.encode("cp437")
    except UnicodeEncodeError:
        return False
    return True


@lru_cache(maxsize=4096)
def console_text(text: str) -> str:
    """``text`` with every glyph the Linux console cannot draw replaced, cell for cell."""
    if text.isascii():
        return text
    out = []
    for character in text:
        if drawable_on_console(character):
            out.append(character)
        elif character in CONSOLE_FALLBACKS:
            out.append(CONSOLE_FALLBACKS[character])
        else:
            out.append("?" * max(cell_len(character), 1))
    return "".join(out)


class ConsoleGlyphs(LineFilter):
    """Replaces undrawable glyphs; keeps every line's width in cells."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            segment if control else Segment(console_text(text), style, control)
            for segment in segments
            for text, style, control in (segment,)
        ]
