"""A cell's code as the learner first sees it: highlighted, numbered, read-only.

An editor (``CellEditor``, a TextArea) costs about half of a lesson's build:
its document, its syntax tree, its wrapping and a dozen styled parts. A lesson
shows many cells, and most of them are only read. So a cell shows its code with
this one light widget, drawn exactly like the editor (same gutter, same colours
from the editor's theme), and the editor is built when the learner enters the
cell (``CodeCell.editor``). Highlighting is computed once per distinct code text
and kept in memory; every later build of the same lesson reuses it.
"""

from __future__ import annotations

from functools import lru_cache

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

TAB_WIDTH = 4
"""The editor's indent width (tabs are expanded to it, as the editor does)."""


@lru_cache(maxsize=1024)
def highlighted(code: str) -> tuple[Text, ...]:
    """One Rich text per line of ``code``, styled as the editor's theme styles Python."""
    from textual._text_area_theme import TextAreaTheme
    from textual._tree_sitter import get_language
    from textual.document._syntax_aware_document import SyntaxAwareDocument
    from textual.widgets import TextArea

    from tui.framework import share_highlight_queries

    share_highlight_queries()
    lines = [Text(line) for line in code.split("\n")]
    language = get_language("python")
    theme = TextAreaTheme.get_builtin_theme("css")
    if language is None or theme is None:
        return tuple(_expanded(line) for line in lines)
    document = SyntaxAwareDocument(code, language)
    query = document.prepare_query(TextArea._get_builtin_highlight_query("python"))
    if query is None:
        return tuple(_expanded(line) for line in lines)
    spans: list[list[tuple[int, int | None, str]]] = [[] for _ in lines]
    for name, nodes in document.query_syntax_tree(query).items():
        for node in nodes:
            (start_row, start_column), (end_row, end_column) = node.start_point, node.end_point
            if start_row == end_row:
                spans[start_row].append((start_column, end_column, name))
                continue
            spans[start_row].append((start_column, None, name))
            for row in range(start_row + 1, end_row):
                spans[row].append((0, None, name))
            spans[end_row].append((0, end_column, name))
    for line, line_spans in zip(lines, spans, strict=True):
        if not line_spans:
            continue
        codepoints = _byte_to_codepoint(line.plain)
        for start, end, name in line_spans:
            style = theme.syntax_styles.get(name)
            if style is not None:
                line.stylize(style, codepoints.get(start, 0), codepoints.get(end) if end else None)
    return tuple(_expanded(line) for line in lines)


def _expanded(line: Text) -> Text:
    line.expand_tabs(TAB_WIDTH)
    return line


def _byte_to_codepoint(line: str) -> dict[int, int]:
    """UTF-8 byte offsets (tree-sitter's columns) -> character offsets, up to one past the end."""
    mapping: dict[int, int] = {}
    offset = 0
    for index, character in enumerate(line):
        mapping[offset] = index
        offset += len(character.encode())
    mapping[offset] = len(line)
    return mapping


class CodePreview(Widget, can_focus=True):
    """The code of a cell nobody has entered yet; focusing it asks for the real editor.

    Tab while reading never stops here (the lesson swaps in the editor at once).
    Focus from a click, or any other way, does: the cell then builds its editor in
    this widget's place and moves the focus there. A key that reaches this widget
    meanwhile is passed on to the editor.
    """

    class Entered(Message):
        """The learner entered the cell: build the editor and move the focus into it."""

        def __init__(self, preview: CodePreview) -> None:
            super().__init__()
            self.preview = preview

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.forward_to: Widget | None = None
        """The editor that replaced this preview (keys that still arrive here go there)."""

    def render(self) -> Text:
        from tui.widgets.prose import shared_styles

        lines = highlighted(self.code)
        width = len(str(len(lines)))
        gutter = shared_styles(self.app)["code-gutter"]
        text = Text(no_wrap=True, overflow="crop", end="")
        for number, line in enumerate(lines, start=1):
            if number > 1:
                text.append("\n")
            text.append(f"{number:>{width}}  ", style=gutter)
            text.append_text(line)
        return text

    def get_content_width(self, container: Size, viewport: Size) -> int:
        lines = self.code.split("\n")
        return len(str(len(lines))) + 2 + max(cell_len(line.expandtabs(TAB_WIDTH)) for line in lines)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """One row per line, known without highlighting: only a preview on screen is highlighted."""
        return self.code.count("\n") + 1

    def on_focus(self) -> None:
        self.post_message(self.Entered(self))

    async def on_key(self, event: events.Key) -> None:
        if self.forward_to is not None:
            event.stop()
            event.prevent_default()
            self.forward_to.post_message(events.Key(event.key, event.character))
