"""The app's side of editor help: completion, help on names and the shape panel.

None of them waits behind a running cell: each asks the kernel through the app's
`EditorService` (``tui.editor_service``), which answers "busy" at once while the
run queue uses the kernel. The open lesson decides which namespace is asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.editor_service import EditorCall
from tui.widgets.shape_panel import ShapePanel

if TYPE_CHECKING:
    from tui.app import TutorialApp


class EditorWiring:
    """Editor calls and the shape panel, for one app."""

    def __init__(self, app: TutorialApp) -> None:
        self._app = app

    def serve(self, call: EditorCall) -> None:
        """Answer a completion or help request in a worker (the reply goes back as a message)."""
        view = self._app.current_view
        lesson_id = view.lesson.id if view else None
        self._app.run_worker(self._app.editor_service.serve(call, lesson_id), group="editor")

    def toggle_shapes(self) -> None:
        panels = self._app.query(ShapePanel)
        if panels:
            panels.first().display = not panels.first().display
        else:
            self._app.query_one("#main").mount(ShapePanel())
        self.shapes_changed()

    def shapes_changed(self) -> None:
        """Ask again for the open lesson's arrays, if the shape panel shows them."""
        for panel in self._app.query(ShapePanel):
            if panel.display:
                view = self._app.current_view
                lesson = view.lesson if view is not None else None
                self._app.run_worker(
                    panel.update_from(self._app.editor_service, lesson), group="shapes", exclusive=True
                )
