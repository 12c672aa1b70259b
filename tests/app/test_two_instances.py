"""Two copies of the app for one learner (two terminals, an old login left open) never
delete or overwrite each other's saved code by merely quitting."""

from __future__ import annotations

from tests.harness.pilot import SIZE, cell_by_id
from tui.progress import Progress


async def test_quitting_an_untouched_instance_keeps_the_other_ones_code(make_app) -> None:
    early = make_app(start_lesson=1, progress=Progress.load())
    async with early.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert cell_by_id(early, "make").code == cell_by_id(early, "make").block.code  # original
        other = Progress.load()  # another terminal, opened later: edits and saves
        other.set_code("first", "make", "a = 'from the other terminal'")
        assert other.save()
    # the early instance quit without anyone touching its editors
    assert Progress.load().code("first", "make") == "a = 'from the other terminal'"


async def test_quitting_does_not_put_back_code_another_instance_changed(make_app) -> None:
    setup = Progress.load()
    setup.set_code("first", "make", "a = 'old'")
    assert setup.save()
    early = make_app(start_lesson=1, progress=Progress.load())
    async with early.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert cell_by_id(early, "make").code == "a = 'old'"
        other = Progress.load()
        other.set_code("first", "make", "a = 'newer'")
        assert other.save()
    assert Progress.load().code("first", "make") == "a = 'newer'"


async def test_edits_and_resets_in_an_instance_are_saved(make_app) -> None:
    setup = Progress.load()
    setup.set_code("first", "make", "a = 'old'")
    setup.set_code("first", "use", "total = 0")
    assert setup.save()
    app = make_app(start_lesson=1, progress=Progress.load())
    async with app.run_test(size=SIZE) as pilot:
        make, use = cell_by_id(app, "make"), cell_by_id(app, "use")
        make.editor.focus()
        await pilot.press("ctrl+o")  # put the original back
        use.replace_code("total = 1")
        await pilot.pause()
    saved = Progress.load()
    assert saved.code("first", "make") is None
    assert saved.code("first", "use") == "total = 1"
