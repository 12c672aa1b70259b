"""The bottom line: where the focus is, the keys that work there, and the palette key.

It starts with a word for the focused context (EDIT, READ, LIST, INPUT, DEMO:
a widget's ``FOCUS_CONTEXT`` catalogue key), then that context's own keys, then
the app's. A single widget that redraws its text, instead of Textual's Footer,
which rebuilds a widget per key on every focus change; on a lesson switch that
was a noticeable share of the time. It redraws only when what it shows changes.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from tui.i18n import translate

KeyEntry = tuple[str, str, str]
"""(key to simulate, key as shown, description)"""


class KeyBar(Widget):
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--context"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._focus_context: str | None = None
        self._entries: tuple[KeyEntry, ...] = ()
        self._palette: KeyEntry | None = None
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if screen is not self.screen:
            return
        local: list[KeyEntry] = []
        general: list[KeyEntry] = []
        seen_actions: set[str] = set()
        palette: KeyEntry | None = None
        for node, binding, enabled, _tooltip in screen.active_bindings.values():
            shown = (binding.key, self.app.get_key_display(binding), binding.description)
            # Our bindings name a catalogue key, so the bar follows a language switch.
            if binding.key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = (shown[0], shown[1], "key.palette_short")
            elif binding.show and enabled and binding.action not in seen_actions:
                seen_actions.add(binding.action)
                (general if node is self.app else local).append(shown)
        focused = screen.focused
        context = getattr(focused, "FOCUS_CONTEXT", None) if focused is not None else None
        order = {getattr(binding, "key", ""): index for index, binding in enumerate(type(self.app).BINDINGS)}
        general.sort(key=lambda entry: order.get(entry[0], len(order)))
        entries = tuple(local + general)
        if (context, entries, palette) != (self._focus_context, self._entries, self._palette):
            self._focus_context, self._entries, self._palette = context, entries, palette
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        text = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
        if self._focus_context is not None:
            text.append(
                f" {translate(self._focus_context)} ", style=self.get_component_rich_style("key-bar--context")
            )
        for key, display, description in self._entries:
            start = text.cell_len
            text.append(f" {display} ", style=key_style)
            text.append(f"{translate(description)} ", style=description_style)
            self._spans.append((start, text.cell_len, key))
        if self._palette is not None:
            key, display, description = self._palette
            label = Text.assemble(
                (f" {display} ", key_style), (f"{translate(description)} ", description_style)
            )
            gap = self.content_size.width - text.cell_len - label.cell_len
            if gap >= 1:
                text.append(" " * gap)
                self._spans.append((text.cell_len, text.cell_len + label.cell_len, key))
                text.append_text(label)
        return text

    def on_click(self, event: events.Click) -> None:
        """A click on a key does what pressing it does."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)  # posts the key; returns None (not awaitable) in Textual 8
                return
