"""The teacher's console: `python -m tui teach DIR`."""

from __future__ import annotations

import sys
from pathlib import Path

from lessons import Lesson
from tui.classroom.layout import ClassError, open_as_teacher


def run_console(directory: Path, lessons: list[Lesson], *, ascii: bool = False, mouse: bool = True) -> int:
    """Check the class and that we teach it (a clear message if not), then run the console."""
    try:
        found = open_as_teacher(directory)
    except ClassError as error:
        print(error, file=sys.stderr)
        return 2
    from tui.teach.app import TeachApp

    app = TeachApp(found, lessons, ascii=ascii)
    app.run(mouse=mouse)
    return app.return_code or 0
