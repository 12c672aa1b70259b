"""Lesson prose: Markdown drawn as one widget, styled from app.tcss.

Textual's Markdown widget builds a widget per paragraph, list item and table
cell; a lesson has dozens of those, and opening or focusing a lesson restyled
them all (hundreds of milliseconds). The lessons use a small part of Markdown —
headings, paragraphs, lists, emphasis, inline code, tables, block quotes and
static code — so this draws exactly that as Rich renderables inside one widget.
"""

from __future__ import annotations

import weakref
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from rich import box
from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import App
from textual.widget import Widget

if TYPE_CHECKING:  # imported with the first prose drawn: the first screen (ProseStyles) needs none of it
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

JUSTIFY: dict[str, Literal["left", "center", "right"]] = {
    "left": "left",
    "center": "center",
    "right": "right",
}
"""A Markdown table column's ``text-align`` as Rich's justify (anything else: left)."""

STYLE_NAMES = (
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "code",
    "code-block",
    "link",
    "bullet",
    "quote",
    "table-header",
    "code-gutter",
)


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


@cache
def parse(source: str) -> tuple[Token, ...]:
    """Markdown tokens, parsed once per distinct text (lessons are re-rendered on resize)."""
    return tuple(_parser().parse(source))


class ProseStyles(Widget):
    """Holds the prose styles (``ProseStyles > .prose--h2`` ... in app.tcss), once per app
    (and the gutter colour of code previews, ``CodePreview``).

    Component classes cost a styled node each, per widget, every time styles are
    applied; a lesson has many prose blocks, so they all borrow this one's.
    Never displayed.
    """

    COMPONENT_CLASSES = {f"prose--{name}" for name in STYLE_NAMES}

    def styles_by_name(self) -> dict[str, Style]:
        return {name: self.get_component_rich_style(f"prose--{name}") for name in STYLE_NAMES}


_HOLDERS: weakref.WeakKeyDictionary[App[Any], ProseStyles] = weakref.WeakKeyDictionary()
"""Each app's ``ProseStyles``, found once: a query walks the whole DOM, and every prose block renders."""


def shared_styles(app: App[Any]) -> dict[str, Style]:
    """The prose (and code preview) styles of ``app``, by name (``STYLE_NAMES``)."""
    holder = _HOLDERS.get(app)
    if holder is None or not holder.is_attached:
        holder = _HOLDERS[app] = app.query_one(ProseStyles)
    return holder.styles_by_name()


class ProseView(Widget):
    """A block of lesson Markdown; ``ascii`` draws tables and bullets with ASCII only."""

    def __init__(self, source: str, *, ascii: bool = False, classes: str | None = None) -> None:
        super().__init__(classes=classes)
        self.source = source
        self.ascii = ascii

    def update(self, source: str) -> None:
        """Show other Markdown (exercise hints grow one at a time)."""
        self.source = source
        self.refresh(layout=True)

    def render(self) -> RenderableType:
        styles = shared_styles(self.app)
        return Group(*_Renderer(styles, self.ascii).blocks(list(parse(self.source))))

    @property
    def plain(self) -> str:
        """The prose as plain text (for tests and for searching)."""
        return "\n".join(token.content for token in parse(self.source) if token.type in ("inline", "fence"))


class _Renderer:
    """Walks markdown-it's token stream and yields one Rich renderable per block."""

    def __init__(self, styles: dict[str, Style], ascii: bool) -> None:
        self.styles = styles
        self.ascii = ascii

    def blocks(self, tokens: list[Token]) -> list[RenderableType]:
        parts: list[RenderableType] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            if kind == "heading_open":
                text = self.inline(tokens[index + 1])
                text.stylize(self.styles.get(token.tag, self.styles["h4"]))
                parts.append(text)
                index += 3
                continue
            if kind == "paragraph_open":
                parts.append(self.inline(tokens[index + 1]))
                index += 3
                continue
            if kind in ("fence", "code_block"):
                parts.append(Text(token.content.rstrip("\n"), style=self.styles["code-block"]))
            elif kind in ("bullet_list_open", "ordered_list_open"):
                end = self._closing(tokens, index)
                parts.append(self.listing(tokens[index : end + 1]))
                index = end
            elif kind == "table_open":
                end = self._closing(tokens, index)
                parts.append(self.table(tokens[index : end + 1]))
                index = end
            elif kind == "blockquote_open":
                end = self._closing(tokens, index)
                parts.append(self.quote(tokens[index + 1 : end]))
                index = end
            elif kind == "hr":
                parts.append(Text("-" * 20 if self.ascii else "─" * 20, style=self.styles["quote"]))
            index += 1
        spaced: list[RenderableType] = []
        for part in parts:
            if spaced:
                spaced.append(Text())
            spaced.append(part)
        return spaced

    @staticmethod
    def _closing(tokens: list[Token], start: int) -> int:
        """Index of the token closing the one at ``start`` (same nesting level)."""
        level = tokens[start].level
        closing = tokens[start].type.replace("_open", "_close")
        for index in range(start + 1, len(tokens)):
            if tokens[index].type == closing and tokens[index].level == level:
                return index
        return len(tokens) - 1

    def inline(self, token: Token) -> Text:
        text = Text()
        stack: list[Style] = []
        for child in token.children or ():
            kind = child.type
            style = stack[-1] if stack else Style()
            if kind == "text" or kind == "html_inline":
                text.append(child.content, style=style)
            elif kind == "code_inline":
                text.append(child.content, style=style + self.styles["code"])
            elif kind == "softbreak":
                text.append(" ")
            elif kind == "hardbreak":
                text.append("\n")
            elif kind in ("strong_open", "em_open", "link_open"):
                name = {"strong_open": "strong", "em_open": "em", "link_open": "link"}[kind]
                stack.append(style + self.styles[name])
            elif kind in ("strong_close", "em_close", "link_close") and stack:
                stack.pop()
            elif kind == "image":
                text.append(child.content, style=style)
        return text

    def listing(self, tokens: list[Token]) -> Table:
        """A list as a two-column grid, so wrapped lines hang under the text, not the bullet."""
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True, style=self.styles["bullet"])
        grid.add_column(ratio=1)
        ordered = tokens[0].type == "ordered_list_open"
        number = int(tokens[0].attrs.get("start", 1) or 1)
        item_level = tokens[0].level + 1
        starts = [i for i, t in enumerate(tokens) if t.type == "list_item_open" and t.level == item_level]
        for start in starts:
            end = self._closing(tokens, start)
            marker = f"{number}." if ordered else ("-" if self.ascii else "•")
            body = self.blocks(tokens[start + 1 : end])
            grid.add_row(marker, Group(*[part for part in body if not _is_blank(part)]))
            number += 1
        return grid

    def table(self, tokens: list[Token]) -> Table:
        table = Table(
            box=box.ASCII if self.ascii else box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            header_style=self.styles["table-header"],
        )
        rows: list[list[Text]] = []
        in_header = False
        for token in tokens:
            if token.type == "thead_open":
                in_header = True
            elif token.type == "thead_close":
                in_header = False
            elif token.type == "tr_open":
                rows.append([])
            elif token.type == "inline" and rows:
                rows[-1].append(self.inline(token))
            elif token.type in ("th_open",) and in_header:
                align = str(token.attrGet("style") or "").removeprefix("text-align:") or "left"
                table.add_column(justify=JUSTIFY.get(align, "left"))
        header, *body = rows or [[]]
        for column, cell in zip(table.columns, header, strict=False):
            column.header = cell
        for row in body:
            table.add_row(*row)
        return table

    def quote(self, tokens: list[Token]) -> Table:
        grid = Table.grid(padding=(0, 1, 0, 0))
        grid.add_column(no_wrap=True, style=self.styles["quote"])
        grid.add_column(ratio=1, style=self.styles["quote"])
        grid.add_row("|" if self.ascii else "▌", Group(*self.blocks(tokens)))
        return grid


def _is_blank(part: RenderableType) -> bool:
    return isinstance(part, Text) and not part.plain
