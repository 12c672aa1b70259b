"""The class bar: up to three lines above the keys, only while there is something to say.

A raised hand, the lesson the teacher asks for, the teacher's latest message.
Nothing here moves or counts down: it is drawn when its lines change, and an
idle student's terminal receives nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

LINE_KINDS = ("hand", "goto", "message")


class ClassBar(Widget):
    COMPONENT_CLASSES = {f"class-bar--{kind}" for kind in LINE_KINDS}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: tuple[tuple[str, str], ...] = ()
        self.add_class("-empty")

    @property
    def lines(self) -> tuple[tuple[str, str], ...]:
        """(kind, text) of each line shown; kind is one of LINE_KINDS."""
        return self._lines

    def show(self, lines: list[tuple[str, str]]) -> None:
        if tuple(lines) == self._lines:
            return
        self._lines = tuple(lines)
        self.set_class(not lines, "-empty")
        self.refresh(layout=True)

    @property
    def plain(self) -> str:
        return "\n".join(text for _, text in self._lines)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for number, (kind, line) in enumerate(self._lines):
            if number:
                text.append("\n")
            text.append(line, style=self.get_component_rich_style(f"class-bar--{kind}"))
        return text
