"""Switching the course and the interface between English and Chinese, keeping place and code.

Imported by the app when the learner first switches (the first screen never needs it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.i18n import set_language, t
from tui.widgets.sidebar import LessonList

if TYPE_CHECKING:
    from tui.app import TutorialApp


async def toggle_language(app: TutorialApp) -> None:
    """The other edition's lessons in place of these, the same lesson open, every string retranslated."""
    other = "zh" if app.lang == "en" else "en"
    if app.ascii and other == "zh":
        app.notify(t("language.console"), severity="warning")
        return
    course = app.load_lessons(other) if app.load_lessons else []
    if not course:
        app.notify(t("language.unavailable"), severity="warning")
        return
    app.keeper.save_all_code()  # the new views read the learner's code back from here
    current = app.current_index
    set_language(other)
    app.lang, app.lessons = other, course
    app.progress.language = other
    app.keeper.schedule_save()
    await app.pane.replace_lessons(course)
    app.query_one(LessonList).set_lessons(course, app.keeper.solved_counts())
    app.retranslate()
    if current is not None and current < len(course):
        await app.open_lesson(current)
    else:
        app.lesson_title = ""
