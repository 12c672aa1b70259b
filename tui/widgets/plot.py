"""A figure from a cell, drawn with plotext at the widget's size."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from tui.figures import Figure
from tui.i18n import t
from tui.plotting import render_figure


class PlotView(Widget):
    """Redraws on resize and when the figure changes (live plots), never otherwise.

    The drawing is cached by size, so scrolling the lesson does not re-run plotext.
    """

    COMPONENT_CLASSES = {"plot-view--note"}

    figure: reactive[Figure | None] = reactive(None, layout=True)

    def __init__(self, figure: Figure, *, mono: bool = False, ascii: bool = False) -> None:
        super().__init__()
        self.mono = mono
        self.ascii = ascii
        self._cache: tuple[tuple[int, int, int], Text] | None = None
        self.set_reactive(PlotView.figure, figure)

    def watch_figure(self) -> None:
        self._cache = None

    def render(self) -> Text:
        figure = self.figure
        if figure is None:
            return Text("")
        width, height = self.content_size
        key = (width, height, id(figure))
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, self._draw(figure, width, height))
        return self._cache[1]

    def _draw(self, figure: Figure, width: int, height: int) -> Text:
        notes = "\n".join(figure.notes)
        if not any(series.x for series in figure.series):
            return Text(f"{figure.title or ''}\n{t('plot.empty')}\n{notes}".strip("\n"))
        note_lines = len(figure.notes)
        canvas = render_figure(figure, width, height - note_lines, mono=self.mono, ascii=self.ascii)
        if not canvas:
            return Text(t("plot.too_small"))
        text = Text.from_ansi(canvas)
        if notes:
            text.append("\n" + notes, style=self.get_component_rich_style("plot-view--note"))
        return text
