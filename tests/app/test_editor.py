"""Code cells that work like an editor, driven with Pilot as a learner types.

The kernel's editor functions (``tui.sandbox.editor_calls``) are reached through
a `FakeKernelCalls` that runs them in this process on a namespace the test
fills, as the kernel's typed call API will run them in the child.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from textual.pilot import Pilot
from textual.widgets import ContentSwitcher, Input

import lessons
from tests.harness.pilot import SIZE, cell_by_id, wait_for, wait_for_cell
from tui.app import TutorialApp
from tui.editor_service import EditorService, Reply
from tui.sandbox import editor_calls
from tui.widgets.cell_editor import CellEditor
from tui.widgets.cell_output import SHOWN_LINES
from tui.widgets.completion_menu import CompletionMenu
from tui.widgets.exercise import ExerciseView
from tui.widgets.key_bar import KeyBar
from tui.widgets.lesson_end import LessonEnd
from tui.widgets.lesson_view import LessonHeading
from tui.widgets.lesson_widgets.base import LessonWidget
from tui.widgets.lesson_widgets.graph_stepper import GraphStepper
from tui.widgets.name_help import NameHelp
from tui.widgets.shape_panel import ShapePanel

FUNCTIONS = {
    "editor.complete": editor_calls.complete,
    "editor.describe": editor_calls.describe,
    "editor.names": editor_calls.names,
}


class FakeKernelCalls:
    """Runs the kernel-side editor functions here, on one namespace per lesson."""

    def __init__(self) -> None:
        self.namespaces: dict[str, dict[str, Any]] = {}
        self.calls: list[str] = []

    def namespace(self, lesson_id: str) -> dict[str, Any]:
        return self.namespaces.setdefault(lesson_id, {"__name__": "__main__", "np": np})

    async def __call__(self, function: str, arguments: dict[str, Any], namespace: str) -> Reply:
        self.calls.append(function)
        if function == "editor.shapes":
            return Reply("ok", editor_calls.shapes(self.namespace(namespace)))
        return Reply("ok", FUNCTIONS[function](self.namespace(namespace), **arguments))


def with_fake_kernel_calls(app: TutorialApp) -> FakeKernelCalls:
    fake = FakeKernelCalls()
    app.editor_service = EditorService(fake, busy=app._kernel_busy)
    return fake


EDITING = """\
---
id: editing
title: Editing
---

Prose.

```python cell id=first
learning_rate = 0.1
weights = np.zeros((3, 1))
```

```python cell id=second
print(learning_rate)
```
"""

LONG = """\
---
id: long
title: Long things
---

```python cell id=long-code
{code}
```

```python cell id=long-output
for i in range(40):
    print("line", i)
```

Some prose at the end.
"""


def course_of(tmp_path: Path, *texts: str) -> list[lessons.Lesson]:
    folder = tmp_path / "course"
    folder.mkdir()
    for number, text in enumerate(texts, start=1):
        (folder / f"{number:02d}-lesson.md").write_text(text, encoding="utf-8")
    course = lessons.load_dir(folder)
    assert all(lesson.ok for lesson in course), [lesson.errors for lesson in course]
    return course


async def into_cell(pilot: Pilot, app: TutorialApp, cell_id: str) -> CellEditor:
    """Focus a cell's editor (the tests of moving around use keys; these start in the cell)."""
    editor = cell_by_id(app, cell_id).editor
    editor.focus()
    await pilot.pause()
    return editor


async def type_at_end(pilot: Pilot, editor: CellEditor, text: str) -> None:
    editor.move_cursor(editor.document.end)
    await pilot.press(*["enter" if char == "\n" else char for char in text])


# ------------------------------------------------------------------ Tab and Shift+Tab


async def test_tab_indents_and_shift_tab_dedents_in_the_editor(tmp_path) -> None:
    app = TutorialApp(course_of(tmp_path, EDITING), start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab")
        editor = app.focused
        assert isinstance(editor, CellEditor)
        editor.move_cursor((0, 0))
        await pilot.press("tab")  # at the start of a line: indent
        assert app.focused is editor, "Tab left the editor"
        assert editor.document.get_line(0) == "    learning_rate = 0.1"
        editor.move_cursor((1, len(editor.document.get_line(1))))
        await pilot.press("enter", *"if True:", "enter")
        assert editor.document.get_line(3) == "    "  # Enter indents after a colon
        await pilot.press("tab")  # after whitespace: indent
        assert editor.document.get_line(3) == "        "
        await pilot.press("shift+tab")
        assert editor.document.get_line(3) == "    "
        assert app.focused is editor, "Shift+Tab left the editor"
        editor.move_cursor((0, 10))
        await pilot.press("shift+tab")  # anywhere on the line: one level off
        assert editor.document.get_line(0) == "learning_rate = 0.1"
        assert editor.cursor_location == (0, 6)
        # a selection of several lines is indented and dedented as a block
        editor.select_all()
        await pilot.press("tab")
        assert [editor.document.get_line(row) for row in (0, 1)] == [
            "    learning_rate = 0.1",
            "    weights = np.zeros((3, 1))",
        ]
        await pilot.press("shift+tab")
        assert editor.document.get_line(1) == "weights = np.zeros((3, 1))"
        await pilot.press("escape")
        assert isinstance(app.focused, LessonHeading)


async def test_letters_typed_after_a_run_never_act_as_commands(make_app) -> None:
    """Outputs take no focus: Tab goes editor to editor, and n is never a lesson switch there."""
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "ctrl+r")
        first = cell_by_id(app, "make")
        assert await wait_for_cell(pilot, first) == "ok"
        await pilot.press("escape", "tab")  # out of the first editor, on to the second
        second = cell_by_id(app, "use")
        assert app.focused is second.editor
        await pilot.press("escape", "shift+tab")  # and back to the first
        assert app.focused is first.editor
        chain = app.screen.focus_chain
        assert not [widget for widget in chain if "cell-output" in widget.classes]
        await pilot.press("end", "n", "p")
        assert app.query_one(ContentSwitcher).current == "lesson-01"
        assert first.code.splitlines()[0].endswith("np")


# ----------------------------------------------------------------------- completion


async def test_tab_after_a_name_completes_it_from_the_kernel(tmp_path) -> None:
    app = TutorialApp(course_of(tmp_path, EDITING), start_lesson=1)
    fake = with_fake_kernel_calls(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.kernel_state == "ready")
        editor = await into_cell(pilot, app, "second")
        await type_at_end(pilot, editor, "\nz = np.zeros_l")
        await pilot.press("tab")
        await wait_for(pilot, lambda: "zeros_like" in editor.text)
        assert editor.document.get_line(1) == "z = np.zeros_like"
        assert fake.calls == ["editor.names"]
        # several candidates: the common start is inserted and a list opens at the cursor
        await pilot.press("(", *"np.ze")
        await pilot.press("tab")
        menu = app.screen.query_one(CompletionMenu)
        await wait_for(pilot, lambda: menu.display)
        assert menu.names == ["zeros", "zeros_like"]
        assert editor.document.get_line(1) == "z = np.zeros_like(np.zeros"
        cursor = editor.cursor_screen_offset
        assert menu.region.y in (cursor.y + 1, cursor.y - menu.region.height)
        await pilot.press("down", "enter")
        assert editor.document.get_line(1) == "z = np.zeros_like(np.zeros_like"
        assert not menu.display
        assert app.focused is editor


async def test_the_list_narrows_while_typing_and_escape_closes_it_first(tmp_path) -> None:
    app = TutorialApp(course_of(tmp_path, EDITING), start_lesson=1)
    fake = with_fake_kernel_calls(app)
    fake.namespace("editing").update(weights=np.zeros((3, 1)), width=4, window=5)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.kernel_state == "ready")
        editor = await into_cell(pilot, app, "second")
        await type_at_end(pilot, editor, "\nw")
        await pilot.press("tab")
        menu = app.screen.query_one(CompletionMenu)
        await wait_for(pilot, lambda: menu.display)
        assert menu.names[:3] == ["weights", "width", "window"]  # the learner's names first
        await pilot.press("i")
        await pilot.pause()
        assert menu.names[:2] == ["width", "window"]
        await pilot.press("escape")
        assert not menu.display and app.focused is editor
        await pilot.press("escape")
        assert isinstance(app.focused, LessonHeading)


async def test_names_of_earlier_cells_complete_before_they_have_run(tmp_path) -> None:
    """No kernel answer at all (none yet): the lesson's code still offers its names."""
    app = TutorialApp(course_of(tmp_path, EDITING), start_lesson=1)
    app.editor_service = EditorService(None, busy=lambda: False)
    async with app.run_test(size=SIZE) as pilot:
        editor = await into_cell(pilot, app, "second")
        await type_at_end(pilot, editor, "\nlear")
        await pilot.press("tab")
        await wait_for(pilot, lambda: editor.document.get_line(1) == "learning_rate")


async def test_while_a_cell_runs_completion_does_not_wait_for_the_kernel(tmp_path) -> None:
    app = TutorialApp(course_of(tmp_path, EDITING), start_lesson=1)
    fake = with_fake_kernel_calls(app)
    busy = {"now": True}
    app.editor_service = EditorService(fake, busy=lambda: busy["now"])
    async with app.run_test(size=SIZE) as pilot:
        editor = await into_cell(pilot, app, "second")
        await type_at_end(pilot, editor, "\nweig")
        await pilot.press("tab")
        await wait_for(pilot, lambda: editor.document.get_line(1) == "weights")  # from the syntax tree
        await pilot.press(*".res", "tab")
        await pilot.pause(0.2)
        assert editor.document.get_line(1) == "weights.res"  # attributes need the live kernel
        assert fake.calls == []
        assert any("running" in str(notice.message) for notice in app._notifications)


# ----------------------------------------------------------------------- help on names


async def test_ctrl_n_shows_help_on_the_name_and_escape_closes_it(tmp_path) -> None:
    app = TutorialApp(course_of(tmp_path, EDITING), start_lesson=1)
    with_fake_kernel_calls(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.kernel_state == "ready")
        editor = await into_cell(pilot, app, "first")
        editor.move_cursor((1, 16))  # in "np.zeros"
        assert "ctrl+n" in [key for key, _display, _description in app.query_one(KeyBar)._entries]
        await pilot.press("ctrl+n")
        panel = app.screen.query_one(NameHelp)
        await wait_for(pilot, lambda: panel.display)
        shown = str(panel.render())
        assert panel.border_title == "np.zeros"
        assert "zeros(shape" in shown and "filled with zeros" in shown
        assert app.focused is editor
        await pilot.press("escape")
        assert not panel.display and app.focused is editor
        editor.move_cursor((0, 3))
        await pilot.press("ctrl+n")  # a name the kernel does not know yet
        await wait_for(pilot, lambda: panel.display)
        assert "learning_rate is not defined yet" in str(panel.render())


# -------------------------------------------------------------------------- shape panel


async def test_f6_shows_the_arrays_and_flags_rank_1(tmp_path) -> None:
    app = TutorialApp(course_of(tmp_path, EDITING), start_lesson=1)
    fake = with_fake_kernel_calls(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.kernel_state == "ready")
        await pilot.press("f6")
        panel = app.query_one(ShapePanel)
        await wait_for(pilot, lambda: "No arrays yet" in str(panel._body.render()))
        # a run changes the namespace; the panel asks again when the run ends
        fake.namespace("editing").update(weights=np.zeros((3, 1)), a=np.ones(5))
        await into_cell(pilot, app, "first")
        await pilot.press("ctrl+r")
        await wait_for_cell(pilot, cell_by_id(app, "first"))
        await wait_for(pilot, lambda: "weights" in panel.plain)
        lines = panel.plain.splitlines()
        assert lines[0].split() == ["weights", "(3,", "1)", "float64"]
        assert lines[1].split()[:3] == ["a", "(5,)", "float64"]
        assert "rank 1" in lines[2] and "lesson 12" in lines[2]
        await pilot.press("f6")
        assert not panel.display


# ------------------------------------------------------------------------- stale marks


async def test_editing_a_cell_marks_the_cells_that_read_its_names_stale(make_app) -> None:
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        make, use = cell_by_id(app, "make"), cell_by_id(app, "use")
        await wait_for(pilot, lambda: use.state == "ok")
        assert use.stale_names == ()
        make.editor.focus()
        await type_at_end(pilot, make.editor, " ")
        await pilot.pause()
        assert use.stale_names == ("a",)
        assert "stale" in use.header.status and "a" in use.header.status
        assert use.output_box is not None and use.output_box.has_class("-stale")
        use.editor.focus()
        await pilot.press("ctrl+r")
        await wait_for_cell(pilot, use)
        assert use.stale_names == () and "stale" not in use.header.status
        make.editor.focus()
        await pilot.press("ctrl+r")  # re-running the cell above marks them again
        await wait_for_cell(pilot, make)
        await pilot.pause()
        assert use.stale_names == ("a",)


# ------------------------------------------------------------- long code and long output


async def test_long_output_starts_at_the_top_and_expands(tmp_path) -> None:
    code = "\n".join(f"x{n} = {n}" for n in range(40))
    app = TutorialApp(course_of(tmp_path, LONG.format(code=code)), start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        cell = cell_by_id(app, "long-output")
        cell.editor.focus()
        await pilot.press("ctrl+r")
        assert await wait_for_cell(pilot, cell) == "ok"
        box = cell.output_box
        assert box is not None
        shown = str(box.render()).splitlines()
        assert len(shown) == SHOWN_LINES
        assert shown[0] == "line 0"  # the top, not the end
        assert shown[-1].startswith("… 27 more lines")
        assert box.region.height == SHOWN_LINES
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert str(box.render()).splitlines()[-1] == "line 39"
        assert box.region.height == 40


async def test_a_long_cell_shows_all_its_lines_and_follows_the_cursor(tmp_path) -> None:
    code = "\n".join(f"x{n} = {n}" for n in range(40))
    app = TutorialApp(course_of(tmp_path, LONG.format(code=code)), start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        editor = await into_cell(pilot, app, "long-code")
        await pilot.pause()
        assert editor.region.height == 40
        view = app.current_view
        for _ in range(39):
            await pilot.press("down")
        await pilot.pause()
        assert editor.cursor_location[0] == 39
        assert view.content_region.y <= editor.cursor_screen_offset.y < view.content_region.bottom


# ----------------------------------------------------------- exercises: results in view


async def test_check_results_and_hints_scroll_into_view() -> None:
    app = TutorialApp(lessons.load("en"), start_lesson=3)
    async with app.run_test(size=SIZE) as pilot:
        await app.current_view.finish()  # the exercise is further down than the learner has read
        exercise = app.current_view.query(ExerciseView).first()
        exercise.cell.editor.focus()
        await pilot.pause()
        view = app.current_view
        await pilot.press("ctrl+t")
        await pilot.pause(0.2)
        hints = exercise.query_one(".exercise-hints")
        assert view.content_region.contains_region(hints.region), (hints.region, view.content_region)
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: exercise.last_grade is not None, timeout=30)
        await pilot.pause(0.2)
        feedback = exercise.query_one(".exercise-feedback")
        assert feedback.display
        assert view.content_region.contains_region(feedback.region), (feedback.region, view.content_region)


# --------------------------------------------------------------- the graph stepper input


async def test_space_in_the_graph_stepper_never_wipes_its_inputs() -> None:
    app = TutorialApp(lessons.load("en"), start_lesson=5)
    async with app.run_test(size=SIZE) as pilot:
        await app.current_view.finish()  # the stepper is further down than the learner has read
        await pilot.pause()  # laid out: it can be scrolled to
        stepper = app.current_view.query_one(GraphStepper)
        field = stepper.query_one("#abc", Input)
        app.current_view.scroll_to_widget(stepper, animate=False, top=True)
        await pilot.pause()
        await pilot.press("tab")  # while reading: into the first cell or widget on screen
        assert app.focused is stepper
        await wait_for(pilot, lambda: not stepper.pending)
        await pilot.press("tab")  # Tab passes the input by
        assert app.focused is not field
        stepper.focus()
        await pilot.press("space", "space")
        assert field.value == "5, 3, 2"
        assert "v = a + u = 5 + 6 = 11." in " ".join(stepper.display_text.split())
        await pilot.press("enter")  # Enter is how to change a, b, c
        assert app.focused is field


# ------------------------------------------------------------------- where the focus is


async def test_the_key_bar_names_the_focused_context(make_app) -> None:
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        bar = app.query_one(KeyBar)

        def shown() -> str:
            return str(bar.render())

        await pilot.pause()
        assert shown().startswith(" READ ")
        assert " n Next " in shown() and " p Previous " in shown()
        await pilot.press("tab")
        await pilot.pause()
        assert shown().startswith(" EDIT ")
        assert "esc Leave editor" in shown() and "tab Complete" in shown() and "^n Help on name" in shown()
        assert " n Next " not in shown()
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert shown().startswith(" LIST ")


async def test_a_lesson_widget_and_its_input_are_named_in_the_key_bar() -> None:
    app = TutorialApp(lessons.load("en"), start_lesson=5)
    async with app.run_test(size=SIZE) as pilot:
        await app.current_view.finish()  # the stepper is further down than the learner has read
        stepper = app.current_view.query_one(GraphStepper)
        stepper.focus()
        await pilot.pause()
        bar = app.query_one(KeyBar)
        assert str(bar.render()).startswith(" DEMO ")
        await pilot.press("enter")
        await pilot.pause()
        assert str(bar.render()).startswith(" INPUT ")
        assert isinstance(stepper, LessonWidget)


# -------------------------------------------------------------------- end of a lesson


async def test_each_lesson_ends_with_the_way_to_the_next(make_app) -> None:
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        end = app.current_view.query_one(LessonEnd)
        assert "Next lesson: 02  Plots" in str(end.render())
        app.current_view.scroll_end(animate=False)
        await pilot.pause()
        await pilot.click(LessonEnd)
        await pilot.pause()
        assert app.query_one(ContentSwitcher).current == "lesson-02"
        await pilot.press("n")
        last = app.current_view.query_one(LessonEnd)
        assert "last lesson" in str(last.render())
        await pilot.press("n")  # past the end: the app says so
        await pilot.pause()
        assert any("last lesson" in str(notice.message) for notice in app._notifications)


async def test_solving_every_exercise_is_celebrated(practice_course) -> None:
    app = TutorialApp(practice_course, start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        exercise = app.current_view.query_one(ExerciseView)
        exercise.cell.replace_code("total = base + 5")
        exercise.cell.editor.focus()
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: exercise.solved, timeout=30)
        await pilot.pause()
        assert any("All 1 exercises solved" in str(notice.message) for notice in app._notifications)


# ------------------------------------------------------------------------ language (F2)


async def test_f2_keeps_the_place_and_the_outputs(tmp_path) -> None:
    app = TutorialApp(lessons.load("en"), start_lesson=2, load_lessons=lessons.load)
    async with app.run_test(size=SIZE) as pilot:
        view = app.current_view
        await view.finish()
        plot, cell = view.cells[1], view.cells[2]  # a plot, and a table of numbers
        for ran in (plot, cell):
            ran.editor.focus()
            await pilot.press("ctrl+r")
            assert await wait_for_cell(pilot, ran) == "ok"
        printed = cell.output_text
        assert "0.500000" in printed
        await pilot.press("escape")
        view.scroll_to_widget(cell, animate=False, top=True)
        await wait_for(pilot, lambda: view._anchor()[0] > 0)
        await pilot.pause(0.2)  # the scroll settles
        top_block = view._anchor()
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.lang == "zh" and app.current_view is not None)
        chinese = app.current_view
        await wait_for(pilot, lambda: chinese.scroll_y > 0)  # scrolled back once laid out
        again = next(c for c in chinese.cells if c.block.id == cell.block.id)
        assert again.output_text == printed
        assert again.state == "ok" and "完成" in again.header.status
        plotted = next(c for c in chinese.cells if c.block.id == plot.block.id)
        assert plotted.snapshot().figures == plot.snapshot().figures
        assert chinese._anchor()[0] == top_block[0]
        assert chinese.scroll_y > 0
        assert app.progress.language == "zh"


async def test_f2_never_shows_the_welcome_page_in_between(tmp_path) -> None:
    """The lesson stays on screen while its other edition is built (that takes a moment on a
    busy server: the welcome page used to show meanwhile)."""
    app = TutorialApp(lessons.load("en"), start_lesson=13, load_lessons=lessons.load)
    async with app.run_test(size=SIZE) as pilot:
        shown: list[str] = []
        app.watch(app.pane, "current", lambda current: shown.append(current), init=False)
        english = app.current_view
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.lang == "zh" and app.current_view is not None)
        assert shown and "welcome" not in shown, shown
        assert app.current_view.lesson.title == "你自己的逻辑回归"
        # the English view is gone once replaced (removed just after the switch; the views
        # counted are not the point: a neighbour may be built in the background meanwhile)
        await wait_for(pilot, lambda: english is not None and not english.is_attached)


def test_the_language_chosen_with_f2_is_used_at_the_next_start(tmp_path, private_data_dir) -> None:
    from tui.__main__ import _saved_language, build_parser
    from tui.progress import Progress

    progress = Progress.load()
    progress.language = "zh"
    assert progress.save()
    assert _saved_language(build_parser().parse_args([])) == "zh"
    assert _saved_language(build_parser().parse_args(["--no-save"])) is None
    assert Progress.load().language == "zh"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_help_screen_lists_the_new_keys_in_both_languages(lang: str) -> None:
    from tui.actions import help_sections
    from tui.i18n import set_language, t

    set_language(lang)
    try:
        listed = {(where, a.shown): t(a.description) for where, actions in help_sections() for a in actions}
        for place in (
            ("editor", "Tab"),
            ("editor", "Shift+Tab"),
            ("editor", "Ctrl+N"),
            ("cell", "Ctrl+L"),
            ("app", "F6"),
        ):
            assert listed[place], place
    finally:
        set_language("en")


async def test_a_run_makes_the_lesson_forget_the_names_it_knew(tmp_path) -> None:
    app = TutorialApp(course_of(tmp_path, EDITING), start_lesson=1)
    fake = with_fake_kernel_calls(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.kernel_state == "ready")
        editor = await into_cell(pilot, app, "second")
        await type_at_end(pilot, editor, "\nnp.zeros_l")
        await pilot.press("tab")
        await wait_for(pilot, lambda: "zeros_like" in editor.text)
        await pilot.press("enter", *"np.ones_l", "tab")  # np's names are known: no new question
        await wait_for(pilot, lambda: "ones_like" in editor.text)
        assert fake.calls == ["editor.names"]
        await into_cell(pilot, app, "first")
        await pilot.press("ctrl+r")
        await wait_for_cell(pilot, cell_by_id(app, "first"))
        editor.focus()
        await pilot.press("enter", *"np.full_l", "tab")
        await wait_for(pilot, lambda: "full_like" in editor.text)
        assert fake.calls == ["editor.names", "editor.names"]


async def test_a_run_scrolls_its_output_into_view_without_losing_the_cursor(tmp_path) -> None:
    code = "\n".join(f"x{n} = {n}" for n in range(30)) + "\nfor i in range(40):\n    print('line', i)"
    app = TutorialApp(course_of(tmp_path, LONG.format(code=code)), start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        editor = await into_cell(pilot, app, "long-code")
        editor.move_cursor((25, 0))
        await pilot.pause()
        view = app.current_view
        await pilot.press("ctrl+r")
        cell = cell_by_id(app, "long-code")
        assert await wait_for_cell(pilot, cell) == "ok"
        await pilot.pause(0.2)
        box = cell.output_box
        assert box is not None
        assert box.region.y < view.content_region.bottom, "the output's first line is below the screen"
        assert view.content_region.y <= editor.cursor_screen_offset.y < view.content_region.bottom


async def test_tab_while_reading_goes_to_the_cell_on_screen_or_below_never_back_up() -> None:
    app = TutorialApp(lessons.load("en"), start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        editors = [cell.editor for cell in app.current_view.cells]
        await pilot.press("tab")  # the first cell is below the first screenful
        assert app.focused is editors[0]
        await pilot.press("escape", "tab")  # on from the cell just left
        assert app.focused is editors[1]
        await pilot.press("escape", "pagedown", "pagedown")  # read on past both
        await pilot.pause()
        await pilot.press("tab")
        assert app.focused in editors[2:], "Tab went back up to a cell above the screen"
        below = editors.index(app.focused)  # type: ignore[arg-type]
        await pilot.press("escape", "shift+tab")
        assert app.focused is editors[below - 1]


async def test_opening_the_shape_panel_keeps_the_cursor_on_screen() -> None:
    app = TutorialApp(lessons.load("en"), start_lesson=1)
    with_fake_kernel_calls(app)
    async with app.run_test(size=SIZE) as pilot:
        cell = app.current_view.cells[2]
        editor = await into_cell(pilot, app, cell.block.id)
        editor.move_cursor((len(editor.document.lines) - 1, 0))
        await pilot.pause(0.2)
        view = app.current_view
        await pilot.press("f6")  # the lesson gets 30 columns narrower: the prose above re-wraps
        await wait_for(pilot, lambda: view.content_region.width < 60)
        assert app.query_one(ShapePanel).display
        await wait_for(
            pilot, lambda: view.content_region.y <= editor.cursor_screen_offset.y < view.content_region.bottom
        )
