"""A graded exercise: the prompt, an editor with the starter code, hints and feedback.

Ctrl+R in an exercise *checks* the answer: the inner code cell's run request is
turned into a `CheckRequested` for the app, which queues the learner's code and
the hidden checks; the run's events come back as `RunUpdate` messages, which the
exercise passes on to its editor's cell, and the final one carries the `Grade`.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label, Static

from lessons import Cell, Exercise
from tui.actions import bindings
from tui.grading import Grade
from tui.i18n import t
from tui.messages import RunUpdate
from tui.runs import Dropped, Finished
from tui.screens.confirm import ConfirmScreen
from tui.widgets.code_cell import CodeCell
from tui.widgets.prose import ProseView


class ExerciseView(Vertical):
    """One ``exercise`` block; ``solved`` and ``hints_shown`` drive what it shows."""

    BINDINGS = bindings("exercise")
    COMPONENT_CLASSES = {"exercise-view--pass", "exercise-view--fail"}

    solved: reactive[bool] = reactive(False)
    hints_shown: reactive[int] = reactive(0)

    class CheckRequested(Message):
        def __init__(self, view: ExerciseView) -> None:
            super().__init__()
            self.view = view

    class StopRequested(Message):
        """Ctrl+R again (or Ctrl+G) while the answer is being checked."""

        def __init__(self, view: ExerciseView) -> None:
            super().__init__()
            self.view = view

    def __init__(
        self,
        exercise: Exercise,
        *,
        code: str | None = None,
        solved: bool = False,
        mono: bool = False,
        ascii: bool = False,
    ) -> None:
        super().__init__(classes="exercise")
        self.exercise = exercise
        self.cell = CodeCell(
            Cell(exercise.id, exercise.starter, exercise.line, exercise.timeout),
            code=code,
            label=t("exercise.editor"),
            hint=t("exercise.keys"),
            mono=mono,
            ascii=ascii,
        )
        self._ascii = ascii
        self.last_grade: Grade | None = None
        """The last check's result (kept so a language switch can show it again)."""
        self.set_reactive(ExerciseView.solved, solved)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="exercise-header"):
            yield Label(t("exercise.title", title=self.exercise.title), classes="exercise-title")
            yield Label("", classes="exercise-status")
        yield ProseView(self.exercise.prompt, ascii=self._ascii, classes="prose exercise-prompt")
        yield self.cell
        yield ProseView("", ascii=self._ascii, classes="exercise-hints")
        yield Static(classes="exercise-feedback", markup=False)

    def on_mount(self) -> None:
        self.watch_solved(self.solved)
        self.watch_hints_shown(self.hints_shown)
        self.query_one(".exercise-feedback", Static).display = False

    def on_code_cell_run_requested(self, message: CodeCell.RunRequested) -> None:
        message.stop()
        self.post_message(self.CheckRequested(self))

    def on_code_cell_stop_requested(self, message: CodeCell.StopRequested) -> None:
        message.stop()
        self.post_message(self.StopRequested(self))

    def on_run_update(self, message: RunUpdate) -> None:
        """The check's run: the editor's cell shows it; the last event brings the grade."""
        event = message.event
        self.cell.apply(event)
        if isinstance(event, Finished) and event.grade is not None:
            self.show_grade(event.grade)
        elif isinstance(event, Dropped) and event.reason == "earlier_failed":
            self.notify(t("exercise.cells_above_failed"), severity="warning", timeout=10)

    def watch_solved(self, solved: bool) -> None:
        self.set_class(solved, "-solved")
        status = t("exercise.solved") if solved else t("exercise.unsolved", count=len(self.exercise.checks))
        self.query_one(".exercise-status", Label).update(status)

    def watch_hints_shown(self, count: int) -> None:
        hints = self.query_one(".exercise-hints", ProseView)
        hints.display = count > 0
        paragraphs = [
            t("exercise.hint_line", number=n + 1, total=len(self.exercise.hints), hint=hint)
            for n, hint in enumerate(self.exercise.hints[:count])
        ]
        hints.update("\n\n".join(paragraphs))
        if count:
            self._bring_into_view(hints)

    def action_hint(self) -> None:
        if self.hints_shown < len(self.exercise.hints):
            self.hints_shown += 1
        else:
            self.notify(t("exercise.no_more_hints"))

    def action_solution(self) -> None:
        """Ask first (a modal), then put the solution in the editor."""

        def answered(yes: bool | None) -> None:
            if yes:
                self.reveal_solution()
                self.cell.editor.focus()

        self.app.push_screen(ConfirmScreen(t("exercise.solution_confirm")), answered)

    def reveal_solution(self) -> None:
        self.cell.replace_code(self.exercise.solution)

    def _bring_into_view(self, widget: Widget) -> None:
        """After the next layout, scroll the lesson just enough to show ``widget`` (below the editor).

        Once more after the layout that follows: a feedback that was hidden has no height in the
        first one, so the first scroll alone left its last lines below the screen at 80x24.
        """
        if self.is_mounted:

            def scroll() -> None:
                self.screen.scroll_to_widget(widget, animate=False)

            def twice() -> None:
                scroll()
                self.call_after_refresh(scroll)

            self.call_after_refresh(twice)

    def show_grade(self, grade: Grade) -> None:
        """List every check with ✓ or ✗ and what to fix, in plain words."""
        self.last_grade = grade
        feedback = self.query_one(".exercise-feedback", Static)
        feedback.display = grade.verdict != "error"
        if grade.verdict == "error":
            self._bring_into_view(self.cell.output_box or self.cell)  # the error shows in the cell's output
            return
        passed = self.get_component_rich_style("exercise-view--pass")
        failed = self.get_component_rich_style("exercise-view--fail")
        text = Text()
        if grade.verdict != "passed":
            headline = "exercise.some_failed"
        else:
            headline = "exercise.all_passed" if len(grade.outcomes) > 1 else "exercise.the_one_passed"
        done = sum(outcome.passed for outcome in grade.outcomes)
        text.append(t(headline, passed=done, total=len(grade.outcomes)) + "\n")
        verdict = "exercise.status_passed" if grade.verdict == "passed" else "exercise.status_failed"
        self.cell.show_verdict(grade.verdict == "passed", t(verdict, passed=done, total=len(grade.outcomes)))
        for outcome in grade.outcomes:
            if outcome.passed:
                text.append(f"✓ {outcome.description}\n", style=passed)
            else:
                text.append(f"✗ {outcome.message}\n", style=failed)
        text.rstrip()
        feedback.update(text)
        self._bring_into_view(feedback)
        if grade.verdict == "passed":
            self.solved = True
