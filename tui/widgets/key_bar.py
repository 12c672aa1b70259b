"""The bottom line: the keys that work where the focus is, and the palette key.

A single widget that redraws its text, instead of Textual's Footer, which
rebuilds a widget per key on every focus change; on a lesson switch that was a
noticeable share of the time. It redraws only when the set of keys changes.
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
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
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
        entries: list[KeyEntry] = []
        seen_actions: set[str] = set()
        palette: KeyEntry | None = None
        for _node, binding, enabled, _tooltip in screen.active_bindings.values():
            shown = (binding.key, self.app.get_key_display(binding), binding.description)
            # Our bindings name a catalogue key, so the bar follows a language switch.
            if binding.key == self.app.COMMAND_PALETTE_BINDING and self.app.ENABLE_COMMAND_PALETTE:
                palette = (shown[0], shown[1], "key.palette_short")
            elif binding.show and enabled and binding.action not in seen_actions:
                seen_actions.add(binding.action)
                entries.append(shown)
        if (tuple(entries), palette) != (self._entries, self._palette):
            self._entries, self._palette = tuple(entries), palette
            self.refresh()

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        text = Text(no_wrap=True, overflow="ellipsis")
        self._spans = []
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

    async def on_click(self, event: events.Click) -> None:
        """A click on a key does what pressing it does."""
        for start, end, key in self._spans:
            if start <= event.x < end:
                await self.app.simulate_key(key)
                return
