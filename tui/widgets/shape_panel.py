"""The shape panel (F6): every array of the open lesson, its shape and dtype, updated after each run.

Rank-1 arrays, shape (n,), are flagged: they are neither rows nor columns,
which lesson 12 is about. The numbers come from the kernel (`editor.shapes`);
while a cell runs, the last list stays up with a note that it will be updated.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from lessons import Lesson
from tui.editor_service import EditorService, Reply
from tui.i18n import t

NAME_WIDTH = 10
"""Columns for a name before it is cut with an ellipsis."""


def shape_text(shape: list[int]) -> str:
    """A shape as Python prints it: (5, 1), (5,), ()."""
    return repr(tuple(shape))


class ShapePanel(VerticalScroll, can_focus=False):
    """Docked at the right of the lesson; F6 shows and hides it."""

    COMPONENT_CLASSES = {"shape-panel--name", "shape-panel--dtype", "shape-panel--rank1", "shape-panel--note"}

    def __init__(self) -> None:
        super().__init__(id="shape-panel")
        self._body = Static("", markup=False, classes="shape-panel-body")
        self.arrays: list[dict[str, object]] = []
        """The last list the kernel sent: {"name", "shape", "dtype"} each."""

    def compose(self) -> ComposeResult:
        yield self._body

    def on_mount(self) -> None:
        self.border_title = self.border_title or t("shapes.title")
        self.border_subtitle = t("shapes.close")

    async def update_from(self, service: EditorService, lesson: Lesson | None) -> None:
        """Ask the kernel for ``lesson``'s arrays and show them (or why there are none)."""
        self.border_title = (
            t("shapes.title") if lesson is None else f"{t('shapes.title')} · {lesson.number:02d}"
        )
        self.border_subtitle = t("shapes.close")
        if lesson is None:
            self.arrays = []
            self._show(t("shapes.no_lesson"))
            return
        reply = await service.ask("editor.shapes", lesson.id)
        self.show_reply(reply)

    def show_reply(self, reply: Reply) -> None:
        if reply.status == "ok":
            self.arrays = [dict(item) for item in reply.value.get("arrays", [])]
            self._show(None if self.arrays else t("shapes.empty"))
        elif reply.status == "busy":
            self._show(t("shapes.busy"))
        else:
            self._show(t("shapes.unavailable"))

    @property
    def plain(self) -> str:
        return self._draw(None).plain

    def _show(self, note: str | None) -> None:
        self._body.update(self._draw(note))

    def _draw(self, note: str | None) -> Text:
        style = self.get_component_rich_style
        text = Text()
        for item in self.arrays:
            name = str(item["name"])
            if cell_len(name) > NAME_WIDTH:
                name = name[: NAME_WIDTH - 1] + "…"
            shape = [int(size) for size in item["shape"]]  # type: ignore[attr-defined]
            if text:
                text.append("\n")
            text.append(name.ljust(NAME_WIDTH), style=style("shape-panel--name"))
            text.append(f" {shape_text(shape)} ")
            text.append(str(item["dtype"]), style=style("shape-panel--dtype"))
            if len(shape) == 1:
                text.append("\n  ⚠ " + t("shapes.rank1"), style=style("shape-panel--rank1"))
        if note:
            text.append(("\n" if text else "") + note, style=style("shape-panel--note"))
        return text
