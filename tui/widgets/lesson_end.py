"""The last line of a lesson: where to go next (n, or a click), or that the course ends here."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget

from tui.i18n import t


class LessonEnd(Widget):
    """``next_label`` is the next lesson's "NN Title", or None on the course's last lesson."""

    COMPONENT_CLASSES = {"lesson-end--label", "lesson-end--keys"}

    def __init__(self, next_label: str | None) -> None:
        super().__init__(classes="lesson-end")
        self.next_label = next_label
        self.set_class(next_label is None, "-last")

    def render(self) -> Text:
        label = self.get_component_rich_style("lesson-end--label")
        keys = self.get_component_rich_style("lesson-end--keys")
        if self.next_label is None:
            return Text.assemble((t("course.last"), label), "\n", (t("course.last_keys_short"), keys))
        return Text.assemble(
            (t("course.next", label=self.next_label), label), "  ", (t("course.next_keys"), keys)
        )

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.run_action("app.next_lesson" if self.next_label is not None else "app.progress")
