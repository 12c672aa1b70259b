"""What every interactive lesson widget shares: a focusable box that asks the kernel.

The UI process never imports NumPy, so a widget's numbers come from a kernel
function (``tui/sandbox/widget_calls.py``) it asks for with a `KernelCall`. `ask`
hands the returned dict to the widget, drops replies that a newer request has
made stale, and turns failures (error, timeout, crash, Stop, a malformed reply)
into one calm sentence in the widget's status line instead of an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.geometry import Size
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.i18n import t
from tui.kernel import CellResult
from tui.messages import KernelCall, KernelCallCancel, RunUpdate
from tui.runs import Dropped, Finished, Started

Reply = dict[str, Any]

BUSY_DELAY = 0.3
"""Seconds a reply may take before the widget says it is computing."""


class TextPanel(Widget):
    """A widget that draws rich Text itself (width-aware); `plain` is what it shows."""

    DEFAULT_CSS = "TextPanel { height: auto; }"

    def render(self) -> Text:
        return self.draw(self.size.width)

    def draw(self, width: int) -> Text:  # pragma: no cover - every subclass overrides it
        return Text("")

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.draw(width).plain.splitlines()))

    @property
    def plain(self) -> str:
        """The text as drawn at the current width (80 columns before the first layout)."""
        return self.draw(self.size.width or 80).plain


class FieldInput(Input):
    """A one-line input inside a lesson widget: never blinks; Escape hands focus back."""

    BINDINGS = [Binding("escape", "leave", "widget.key.leave", show=False)]
    FOCUS_CONTEXT = "focus.input"

    def __init__(
        self,
        value: str,
        *,
        placeholder: str = "",
        max_length: int = 120,
        tab_stop: bool = True,
        id: str | None = None,
    ):
        super().__init__(value, placeholder=placeholder, max_length=max_length, compact=True, id=id)
        self.cursor_blink = False
        self.tab_stop = tab_stop
        """False: Tab passes it by (so its widget's keys, like space, never land in it); Enter edits it."""
        self.can_focus = tab_stop

    def edit(self) -> None:
        """Take the focus to type (the whole value selected, so typing replaces it)."""
        self.can_focus = True
        self.focus()

    def on_blur(self) -> None:
        self.can_focus = self.tab_stop

    def on_click(self) -> None:
        if not self.has_focus:
            self.edit()

    def action_leave(self) -> None:
        owner = next((node for node in self.ancestors if isinstance(node, LessonWidget)), None)
        if owner is not None:
            owner.focus(scroll_visible=False)


class LessonWidget(Vertical, can_focus=True):
    """Base of the five lesson widgets: border title, status line, key hints, kernel calls."""

    TITLE_KEY: ClassVar[str] = ""
    HINT_KEY: ClassVar[str] = ""
    FOCUS_CONTEXT = "focus.widget"

    def __init__(self, options: Mapping[str, str] | None = None) -> None:
        super().__init__(classes="lesson-widget")
        self.options = dict(options or {})
        self._serial = 0
        self._busy_timer: Timer | None = None
        self._on_reply: Callable[[Reply], None] = lambda reply: None
        self._on_failure: Callable[[CellResult], None] | None = None
        self._shown = False
        self._held: KernelCall | None = None
        """The newest call made while the widget was never shown (its lesson built in the background)."""

    def on_mount(self) -> None:
        self.border_title = t(self.TITLE_KEY)

    def on_show(self) -> None:
        """First shown: send what was asked meanwhile (a hidden lesson computes nothing)."""
        self._shown = True
        held, self._held = self._held, None
        if held is not None:
            self.post_message(held)

    # ------------------------------------------------------------ building blocks
    def status_line(self) -> Static:
        return Static("", classes="lw-status", markup=False)

    def hint_line(self) -> Static:
        return Static(t(self.HINT_KEY), classes="lw-hint", markup=False)

    def set_status(self, text: str = "", kind: str = "") -> None:
        """One line of state under the widget's content: "" (calm), "busy", "error" or "note"."""
        status = self.query_one(".lw-status", Static)
        status.update(text)
        status.display = bool(text)
        for name in ("busy", "error", "note"):
            status.set_class(kind == name, f"-{name}")

    @property
    def pending(self) -> bool:
        return self.has_class("-pending")

    @property
    def display_text(self) -> str:
        """Everything the widget shows as text, top to bottom (what a learner reads)."""
        parts: list[str] = []
        for node in self.walk_children(with_self=False):
            if not node.display:
                continue
            if isinstance(node, TextPanel):
                parts.append(node.plain)
            elif isinstance(node, Static):
                parts.append(str(node.render()))
        return "\n".join(part for part in parts if part)

    # ------------------------------------------------------------------- kernel
    def ask(
        self,
        function: str,
        arguments: Mapping[str, Any],
        on_reply: Callable[[Reply], None],
        *,
        busy: str | None = None,
        busy_delay: float = BUSY_DELAY,
        timeout: float | None = None,
        on_failure: Callable[[CellResult], None] | None = None,
    ) -> None:
        """Call the kernel function ``function``; ``on_reply`` gets the dict it returned.

        Only the newest request's reply is used: an older one arriving late is
        ignored, so fast key presses never show numbers for a superseded state. A
        reply that is not what the widget expects (a kernel function changed by
        learner code, say) is reported like a failure, never raised.
        """
        self._serial += 1
        serial = self._serial
        self._on_reply, self._on_failure = on_reply, on_failure
        self.add_class("-pending")
        self._stop_busy_timer()

        def show_busy() -> None:
            if serial == self._serial:
                self.add_class("-busy")
                self.set_status(busy or t("widget.computing"), "busy")

        # A reply within BUSY_DELAY (the usual case) changes nothing but the numbers:
        # no "computing…" line flashing in and out, no layout jump.
        if busy_delay > 0:
            self._busy_timer = self.set_timer(busy_delay, show_busy)
        else:
            show_busy()
        call = KernelCall(self, function, dict(arguments), serial, timeout)
        if self._shown:
            self.post_message(call)
        else:  # built in the background: the kernel (and the header) stay quiet until it is seen
            self._held = call

    def cancel_call(self) -> None:
        """Stop the call that is waiting or running for this widget."""
        self.post_message(KernelCallCancel(self, self._serial))

    def on_run_update(self, message: RunUpdate) -> None:
        event = message.event
        if event.ticket.tag != self._serial:
            return  # a reply to a request the widget has moved on from
        if isinstance(event, Started):
            self.call_started()
        elif isinstance(event, Finished):
            self._answered(event.result)
        elif isinstance(event, Dropped):
            self._answered(CellResult("error", cancelled=True))

    def call_started(self) -> None:
        """The kernel began the newest call (it may have waited for a running cell)."""

    def _answered(self, result: CellResult) -> None:
        if not self.is_attached:
            return
        self._stop_busy_timer()
        self.remove_class("-pending", "-busy")
        if result.status == "ok" and isinstance(result.value, dict):
            self.set_status()
            try:
                self._on_reply(result.value)
                return
            except (KeyError, IndexError, TypeError, ValueError):
                pass  # not the reply this widget asked for: say so below
        self.set_status(failure_text(result), "error")
        if self._on_failure is not None:
            self._on_failure(result)

    def _stop_busy_timer(self) -> None:
        if self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None

    def forget_pending(self) -> None:
        """Ignore whatever reply is still on its way (the learner changed their mind)."""
        self._serial += 1
        self._stop_busy_timer()
        self.remove_class("-pending", "-busy")
        self.set_status()


def failure_text(result: CellResult) -> str:
    """Why a widget's computation gave no numbers, in one sentence."""
    if result.cancelled:
        return t("widget.cancelled")
    if result.status == "timeout":
        return t("widget.timeout")
    if result.status == "crashed":
        return t("widget.crashed")
    if result.status == "error" and result.error:
        last = result.error.strip().splitlines()[-1]
        return t("widget.failed", error=last)
    return t("widget.bad_reply")


def shape_text(shape: tuple[int, ...] | list[int]) -> str:
    """A shape as Python prints it: (4, 3), (5,), ()."""
    return repr(tuple(int(size) for size in shape))
