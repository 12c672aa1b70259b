"""Cells show their code read-only until the learner enters them; entering builds the editor."""

from __future__ import annotations

from tests.harness.pilot import SIZE, cell_by_id, wait_for, wait_for_cell
from tui.widgets.cell_editor import CellEditor
from tui.widgets.code_cell import CodeCell
from tui.widgets.code_preview import CodePreview, highlighted


def test_highlighting_uses_the_editors_colours_per_line() -> None:
    lines = highlighted("import numpy as np\nx = 1  # one\n\tdone")
    assert [line.plain for line in lines] == ["import numpy as np", "x = 1  # one", "    done"]
    styles = {lines[0].plain[span.start : span.end]: str(span.style) for span in lines[0].spans}
    assert "import" in styles and "#569cd6" in styles["import"].lower()  # the editor theme's keyword
    comment = [str(span.style) for span in lines[1].spans if lines[1].plain[span.start : span.end] == "# one"]
    assert comment and "#6a9955" in comment[0].lower()
    assert highlighted("import numpy as np\nx = 1  # one\n\tdone") is lines  # computed once


async def test_a_lesson_opens_without_editors_and_tab_builds_only_the_one_entered(make_app) -> None:
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        view = app.current_view
        assert view is not None
        assert not view.query(CellEditor), "a lesson built editors before anyone entered a cell"
        previews = view.query(CodePreview)
        assert len(previews) == len(view.cells)
        assert "np.arange(6).reshape(2, 3)" in cell_by_id(app, "make").code
        await pilot.press("tab", "x")  # the key right behind Tab lands in the new editor
        await pilot.pause()
        make = cell_by_id(app, "make")
        assert isinstance(app.focused, CellEditor) and app.focused is make.editor
        assert make.has_editor and not cell_by_id(app, "use").has_editor
        assert len(view.query(CellEditor)) == 1 and len(view.query(CodePreview)) == len(view.cells) - 1
        assert "x" in make.code


async def test_ctrl_r_right_after_tab_runs_the_cell_and_escape_keeps_the_editor(make_app) -> None:
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("tab", "ctrl+r")
        make = cell_by_id(app, "make")
        assert await wait_for_cell(pilot, make) == "ok"
        assert "shape (2, 3)" in make.output_text
        await pilot.press("escape")
        await pilot.pause()
        assert make.has_editor and not isinstance(app.focused, CellEditor)


async def test_clicking_the_code_enters_the_cell(make_app) -> None:
    app = make_app(start_lesson=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        use = cell_by_id(app, "use")
        preview = use.query_one(CodePreview)
        app.current_view.scroll_to_widget(use, animate=False)
        await pilot.pause()
        await pilot.click(preview)
        await wait_for(pilot, lambda: isinstance(app.focused, CellEditor))
        assert app.focused is use.editor


async def test_saved_code_shows_before_the_cell_is_entered_and_is_what_runs(make_app) -> None:
    app = make_app(start_lesson=1)
    app.progress.set_code("first", "use", "print('mine')")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        use = cell_by_id(app, "use")
        assert isinstance(use, CodeCell) and not use.has_editor
        assert use.code == "print('mine')"
        assert use.query_one(CodePreview).code == "print('mine')"
        use.editor.focus()
        await pilot.press("ctrl+r")
        assert await wait_for_cell(pilot, use) == "ok"
        assert "mine" in use.output_text
