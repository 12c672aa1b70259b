"""What a session offers beside the lessons: help, progress, the command palette, and its limits.

`Menus` is the layer of the app between `LessonNavigation` and `TutorialApp`.
A session offers less on a Linux console (no Chinese glyphs: no language switch),
outside a class (no class keys) and in kiosk mode (no browser, no shell): what
it does not offer is left out of the key bar, the help screen and the palette.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.app import SystemCommand
from textual.command import CommandPalette
from textual.screen import Screen

from lessons import Lesson
from tui import palette
from tui.i18n import t
from tui.navigation import LessonNavigation


class Menus(LessonNavigation):
    """Help (F1), progress, the palette (Ctrl+P), and what this session leaves out."""

    ascii: bool
    kiosk: bool
    load_lessons: Callable[[str], list[Lesson]] | None

    def unavailable(self) -> frozenset[str]:
        """What this session cannot do, so it is neither offered in the key bar, help nor palette."""
        no_language = self.ascii or self.load_lessons is None  # no Chinese on the console
        return frozenset({"key.toggle_language"} if no_language else ()) | self.classroom_unavailable()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # False hides a binding from the key bar.
        return not (action == "toggle_language" and "key.toggle_language" in self.unavailable())

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(hidden=self.unavailable()))

    def action_progress(self) -> None:
        from tui.screens.progress import ProgressScreen

        if not isinstance(self.screen, ProgressScreen):
            solved = {lesson.id: self.progress.solved_in(lesson.id) for lesson in self.lessons}
            self.push_screen(ProgressScreen(self.lessons, solved))

    def action_command_palette(self) -> None:
        # is_open takes App[object], though App is invariant in its return type (an App[int] is fine).
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("palette.placeholder")))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        return palette.commands(self)

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Kiosk sessions open nothing outside the app."""
        if not self.kiosk:
            super().open_url(url, new_tab=new_tab)

    def action_suspend_process(self) -> None:
        """Kiosk sessions never drop to the shell behind them."""
        if not self.kiosk:
            super().action_suspend_process()
