"""A figure from a cell: a plotext chart at the widget's size, or a picture in colour blocks."""

from __future__ import annotations

import re
import sys
import threading
import time

from rich.color import Color
from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tui.figure_render import cost, render_figure
from tui.figures import Figure, Pixel
from tui.i18n import t

SHADES = " ░▒▓█"
ASCII_SHADES = " .:#@"
MAX_IMAGE_WIDTH = 48
MAX_IMAGE_HEIGHT = 8

SYNC_COST = 600
"""Figures that cost plotext more than about this many points (some 50 ms) are drawn in
a worker thread, so keys are answered meanwhile; smaller ones are drawn at once."""

DRAWING_SWITCH_INTERVAL = 0.001
"""The interpreter's thread switch interval while a drawing thread runs. plotext is pure
Python and holds the GIL; at the default 5 ms the event loop waits up to that long
every time it gets the GIL back (after each select), which adds up to a slow key."""

Key = tuple[int, int, int]

_threads_lock = threading.Lock()
_threads = 0
_saved_interval = 0.0


def _drawing_started() -> None:
    global _threads, _saved_interval
    with _threads_lock:
        if _threads == 0:
            _saved_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(_saved_interval, DRAWING_SWITCH_INTERVAL))
        _threads += 1


def _drawing_ended() -> None:
    global _threads
    with _threads_lock:
        _threads -= 1
        if _threads == 0:
            sys.setswitchinterval(_saved_interval)


class PlotView(Widget):
    """Redraws on resize and when the figure changes (live plots), never otherwise.

    The drawing is cached by size, so scrolling the lesson does not re-run plotext.
    A costly drawing (many series of many points) happens in a thread: until it is
    ready the widget shows its previous drawing, or "drawing…". At most one drawing
    per widget runs at a time, followed by a rest as long as it took (so a live plot
    that is costly to draw is redrawn less often); the latest figure and size are
    drawn next.
    """

    COMPONENT_CLASSES = {"plot-view--note"}

    figure: reactive[Figure | None] = reactive(None, layout=True)

    def __init__(self, figure: Figure, *, mono: bool = False, ascii: bool = False) -> None:
        super().__init__()
        self.mono = mono
        self.ascii = ascii
        self._cache: tuple[Key, Text] | None = None
        self._drawing = False  # a worker thread is drawing
        self._rest_until = 0.0  # no costly drawing starts before (monotonic seconds)
        self.set_reactive(PlotView.figure, figure)
        self.set_class(figure.image is not None, "-image")

    def watch_figure(self, figure: Figure | None) -> None:
        self._cache = None
        self.set_class(figure is not None and figure.image is not None, "-image")

    def render(self) -> Text:
        figure = self.figure
        if figure is None:
            return Text("")
        width, height = self.content_size
        key = (width, height, id(figure))
        if self._cache is not None and self._cache[0] == key:
            return self._cache[1]
        note_style = self.get_component_rich_style("plot-view--note")
        if figure.image is None and cost(figure, width, height - len(figure.notes)) > SYNC_COST:
            rest = self._rest_until - time.monotonic()
            if rest > 0 and not self._drawing:
                self.set_timer(rest, self.refresh)  # draw again once the last one has been rested off
            elif not self._drawing:
                self._drawing = True
                # A plain daemon thread that only posts a message when done: it never waits
                # on the app, so nothing is held up if the app closes meanwhile.
                threading.Thread(
                    target=self._draw_in_thread, args=(key, figure, note_style), name="plot", daemon=True
                ).start()
            return self._cache[1] if self._cache is not None else Text(t("plot.drawing"))
        self._cache = (key, self._draw(figure, width, height, note_style))
        return self._cache[1]

    class Drawn(Message):
        """A drawing made in a thread is ready."""

        def __init__(self, key: Key, text: Text, seconds: float) -> None:
            super().__init__()
            self.key, self.text, self.seconds = key, text, seconds

    def _draw_in_thread(self, key: Key, figure: Figure, note_style: Style) -> None:
        _drawing_started()
        started = time.monotonic()
        try:
            text = self._draw(figure, key[0], key[1], note_style)
        except Exception:  # never leave the widget waiting for a drawing
            text = Text(t("plot.cannot_draw"))
        finally:
            _drawing_ended()
        self.post_message(self.Drawn(key, text, time.monotonic() - started))

    def on_plot_view_drawn(self, message: Drawn) -> None:
        """Show the drawing (render draws again if the figure or size moved on meanwhile)."""
        message.stop()
        self._drawing = False
        self._rest_until = time.monotonic() + message.seconds  # a live plot redraws half the time at most
        self._cache = (message.key, message.text)
        self.refresh()

    def _draw(self, figure: Figure, width: int, height: int, note_style: Style) -> Text:
        if figure.image is not None:
            return self._picture(figure, width)
        notes = "\n".join(figure.notes)
        if not any(series.x for series in figure.series):
            return Text(f"{figure.title or ''}\n{t('plot.empty')}\n{notes}".strip("\n"))
        note_lines = len(figure.notes)
        canvas = render_figure(figure, width, height - note_lines, mono=self.mono, ascii=self.ascii)
        if not canvas:
            return Text(t("plot.too_small"))
        text = fit_wide_characters(Text.from_ansi(canvas), width)
        if notes:
            text.append("\n" + notes, style=note_style)
        return text

    def _picture(self, figure: Figure, width: int) -> Text:
        """Each pixel a square of blocks: colour half-blocks, or shades when colour is off."""
        image = figure.image or []
        rows, columns = len(image), len(image[0])
        text = Text(f"{figure.title}\n" if figure.title else "", no_wrap=True)
        if self.mono:
            scale = max(1, min(max(width, 2) // (2 * columns), MAX_IMAGE_HEIGHT // rows))
            shades = ASCII_SHADES if self.ascii else SHADES
            for row in image:
                line = "".join(_shade(pixel, shades) * 2 * scale for pixel in row)
                for _ in range(scale):
                    text.append(line + "\n")
        else:
            scale = max(
                1, min(max(width, 1) // columns, MAX_IMAGE_WIDTH // columns, 2 * MAX_IMAGE_HEIGHT // rows)
            )
            tall = [row for row in image for _ in range(scale)]
            if len(tall) % 2:
                tall.append([None] * columns)  # type: ignore[list-item]
            for top, bottom in zip(tall[::2], tall[1::2], strict=True):
                for upper, lower in zip(top, bottom, strict=True):
                    style = Style(
                        color=Color.from_rgb(*upper),
                        bgcolor=None if lower is None else Color.from_rgb(*lower),
                    )
                    text.append("▀" * scale, style=style)
                text.append("\n")
        text.rstrip()
        return text


def fit_wide_characters(canvas: Text, width: int) -> Text:
    """Undo plotext's miscount of Chinese (double-width) characters.

    plotext counts every character as one column, so a legend or label in Chinese
    pushes its line's right border past ``width`` and the line wraps. Remove the
    surplus from the run of spaces nearest the end of each such line.
    """
    lines = canvas.split("\n", allow_blank=True)
    fitted = Text("\n").join(_fit_line(line, width) for line in lines)
    fitted.end = ""
    return fitted


def _fit_line(line: Text, width: int) -> Text:
    surplus = line.cell_len - width
    if surplus <= 0:
        return line
    plain = line.plain
    for match in reversed(list(re.finditer(r" {2,}", plain))):
        start, end = match.span()
        cut = min(surplus, end - start - 1)
        line = line[:start] + line[start + cut :]
        plain = plain[:start] + plain[start + cut :]
        surplus -= cut
        if surplus <= 0:
            break
    return line


def _shade(pixel: Pixel, shades: str) -> str:
    r, g, b = pixel
    luminance = (0.299 * r + 0.587 * g + 0.114 * b) / 255
    return shades[min(len(shades) - 1, int(luminance * len(shades)))]
