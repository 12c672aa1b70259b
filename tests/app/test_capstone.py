"""Lesson 13: the learner writes logistic regression, and their own model learns the digits.

The proof is a learner's session at 80x24: type the five functions into the
exercise editors, check each, then run the lesson's cells, which train the
learner's model (not the reference) to at least 95 % test accuracy.
"""

from __future__ import annotations

import ast
import inspect
import re

import numpy as np
import pytest
from textual import events

import lessons
from lessons import Cell, Exercise, Lesson, nn
from lessons.data import digit_to_text, text_to_digit
from tests.harness.pilot import SIZE, cell_by_id, wait_for, wait_for_cell
from tui.i18n import set_language, t
from tui.kernel import CellResult, Kernel
from tui.widgets.code_cell import FINISHED_STATES, CellEditor
from tui.widgets.exercise import ExerciseView

FIVE = ["initialize-with-zeros", "propagate", "optimize", "predict", "model"]
TRAINING_CELLS = ["train-your-model", "your-accuracy", "your-mistakes", "learning-rates", "draw-a-digit"]


def capstone(lang: str) -> Lesson:
    (lesson,) = [lesson for lesson in lessons.load(lang) if lesson.number == 13]
    assert lesson.ok, lesson.errors
    return lesson


@pytest.fixture(params=["en", "zh"])
def lang(request: pytest.FixtureRequest):
    set_language(request.param)
    yield request.param
    set_language("en")


# --------------------------------------------------------------------------- the lesson file


@pytest.mark.parametrize("edition", ["en", "zh"])
def test_five_exercises_in_order_with_the_course_signatures(edition: str) -> None:
    lesson = capstone(edition)
    assert lesson.id == "your-own-logistic-regression"
    assert [exercise.id for exercise in lesson.exercises] == FIVE
    for exercise in lesson.exercises:
        name = exercise.id.replace("-", "_")
        reference = [
            (p.name, p.default)
            for p in inspect.signature(getattr(nn, name)).parameters.values()
            if p.kind == p.POSITIONAL_OR_KEYWORD
        ]
        for code in (exercise.starter, exercise.solution):
            (function,) = [n for n in ast.parse(code).body if isinstance(n, ast.FunctionDef)]
            assert function.name == name
            arguments = function.args
            defaults = [inspect.Parameter.empty] * (len(arguments.args) - len(arguments.defaults))
            defaults += [ast.literal_eval(d) for d in arguments.defaults]
            assert [(a.arg, d) for a, d in zip(arguments.args, defaults, strict=True)] == reference
        assert len(exercise.mistakes) >= 3, f"{exercise.id} has fewer than three catalogued mistakes"
        assert len(exercise.checks) >= 1


def test_the_lesson_comes_after_lesson_12_in_both_editions() -> None:
    for edition in ("en", "zh"):
        numbers = [lesson.number for lesson in lessons.load(edition)]
        assert numbers[-2:] == [12, 13]


# --------------------------------------------------------------------------- drawing a digit


def test_a_drawn_digit_becomes_a_column_like_those_of_x() -> None:
    drawing = "\n..####..\n.#....#.\n" + ".░▒▓█@X+\n" + "........\n" * 5
    x = text_to_digit(drawing)
    assert x.shape == (64, 1) and x.dtype == np.float64
    assert x[:8, 0].tolist() == [0, 0, 1, 1, 1, 1, 0, 0]
    assert x[16:24, 0].tolist() == [0, 0.25, 0.5, 0.75, 1, 1, 1, 0.5]
    assert digit_to_text(x).split("\n")[0] == "    ████████    "
    short = text_to_digit("#\n" * 8)  # short lines are blank on the right
    assert short.reshape(8, 8)[:, 0].tolist() == [1.0] * 8 and short.sum() == 8


@pytest.mark.parametrize(
    ("drawing", "message"),
    [
        ("#\n" * 7, "a drawn digit has 8 lines, this one has 7"),
        ("#########\n" + "#\n" * 7, "line 1 of the drawing has 9 characters, at most 8 fit"),
        ("#\n" * 3 + "#?\n" + "#\n" * 4, "line 4: '?' is not a shade"),
    ],
)
def test_a_bad_drawing_says_which_line(drawing: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        text_to_digit(drawing)


# --------------------------------------------------------------------------- the lesson's cells


async def run_lesson(kernel: Kernel, lesson: Lesson, namespace: str, code_of: str) -> dict[str, CellResult]:
    """Run every block in order; exercises as ``code_of`` says (starter, solution or nothing)."""
    results = {}
    for block in lesson.blocks:
        if isinstance(block, Exercise) and code_of:
            result = await kernel.run(getattr(block, code_of), namespace=namespace, timeout=30)
            assert result.status == "ok", result.error
        elif isinstance(block, Cell):
            results[block.id] = await kernel.run(block.code, namespace=namespace, timeout=60)
    return results


async def test_training_cells_say_to_solve_the_exercises_first(lang: str) -> None:
    lesson = capstone(lang)
    async with Kernel(timeout=30.0) as kernel:
        unsolved = await run_lesson(kernel, lesson, "nothing", "")
        starters = await run_lesson(kernel, lesson, "starters", "starter")
    missing = t("diagnose.solve_first", name="initialize_with_zeros")
    no_model = t("diagnose.run_first", name="d")
    assert unsolved["digits-data"].status == "ok"
    for cell_id in TRAINING_CELLS:
        error = unsolved[cell_id].error or ""
        assert unsolved[cell_id].status == "error"
        assert len(error.splitlines()) <= 4, error  # a sentence, not a traceback wall
        last = error.splitlines()[-1]
        assert last.startswith("lessons.diagnose.NotSolvedYet: ")
        expected = missing if cell_id == "train-your-model" else no_model
        if cell_id == "learning-rates":
            expected = t("diagnose.solve_first", name="propagate")
        assert last.endswith(expected), last
    # with the starters the functions exist but are not right: the cell says which, and why
    error = (starters["train-your-model"].error or "").splitlines()[-1]
    assert t("diagnose.not_solved", name="initialize_with_zeros", detail="").strip() in error
    assert "`w`" in error


async def test_solved_exercises_train_the_learners_own_model(lang: str) -> None:
    """With the solutions typed in, the cells train the learner's model: a wrong propagate would show."""
    lesson = capstone(lang)
    async with Kernel(timeout=30.0) as kernel:
        solved = await run_lesson(kernel, lesson, "solved", "solution")
        for cell_id in TRAINING_CELLS:
            assert solved[cell_id].status == "ok", solved[cell_id].error
        accuracy = await kernel.run("float(np.mean(d['Y_prediction_test'] == test_y))", namespace="solved")
        assert float(accuracy.stdout) >= 0.95
        # the cells really use the learner's functions: break their predict, and the accuracy cell sees it
        await kernel.run(
            "def predict(w, b, X):\n    return np.zeros((1, X.shape[1]))\n", namespace="solved", timeout=10
        )
        retrained = await kernel.run(lesson.cells[1].code, namespace="solved", timeout=60)
        assert retrained.status == "error"
        assert t("diagnose.not_solved", name="predict", detail="").strip() in retrained.error
    notes = solved["learning-rates"].notes
    assert (
        len(notes) == 1 and "α = 50" in notes[0]
    )  # the overshooting run's nan/inf points, dropped with a note


# --------------------------------------------------------------------------- in the app, at 80x24


async def type_into(pilot, editor: CellEditor, code: str) -> None:
    """Type ``code`` key by key, as a learner would: the editor keeps the indentation on Enter
    (and adds a level after a colon), so each line's indentation is adjusted by hand."""
    editor.focus()
    editor.select_all()
    await pilot.press("backspace")
    lines = code.split("\n")
    for number, line in enumerate(lines):
        if number:
            await pilot.press("enter")
        have = len(editor.document.get_line(editor.cursor_location[0]))
        want = len(line) - len(line.lstrip(" "))
        if line.strip():
            await pilot.press(*(["backspace"] * (have - want) if have > want else ["space"] * (want - have)))
            await pilot.press(*line.strip())
        else:
            await pilot.press(*(["backspace"] * have))
    assert editor.text == code, f"typed:\n{editor.text}\n---\nexpected:\n{code}"


async def paste_into(pilot, editor: CellEditor, code: str) -> None:
    """Paste ``code`` over the editor's text, as a terminal delivers a paste (one event)."""
    editor.focus()
    await pilot.pause()
    editor.select_all()
    pilot.app.post_message(events.Paste(code))  # as the terminal driver does
    try:
        await wait_for(pilot, lambda: editor.text == code, timeout=10)
    except AssertionError:
        raise AssertionError(f"pasted:\n{editor.text}\n---\nexpected:\n{code}") from None


async def exercises_of(pilot, app) -> dict[str, ExerciseView]:
    """The opened lesson's exercises by id, the whole lesson built (it is built as far as read)."""
    await wait_for(pilot, lambda: app.current_view is not None)
    await app.current_view.finish()
    assert len(app.current_view.query(ExerciseView)) == 5
    return {view.exercise.id: view for view in app.current_view.query(ExerciseView)}


def accuracy_from(output: str) -> float:
    """The test accuracy on the "your model" line of the accuracy table."""
    row = next(line for line in output.splitlines() if line.startswith(("your model", "你的模型")))
    return float(row.split()[-1].rstrip("%")) / 100


@pytest.mark.parametrize("edition", ["en", "zh"])
async def test_a_learner_types_the_five_functions_and_their_model_learns_the_digits(edition: str) -> None:
    from tui.app import TutorialApp

    set_language(edition)
    course = lessons.load(edition)
    app = TutorialApp(course, lang=edition, start_lesson=13)
    try:
        async with app.run_test(size=SIZE) as pilot:
            views = await exercises_of(pilot, app)
            for exercise_id in FIVE:
                view = views[exercise_id]
                editor = view.cell.editor
                editor.scroll_visible()
                if exercise_id == "initialize-with-zeros":  # key by key (slow on a busy machine)
                    await type_into(pilot, editor, view.exercise.solution)
                else:
                    await paste_into(pilot, editor, view.exercise.solution)
                await pilot.press("ctrl+r")
                done = view.query_one(".exercise-feedback")
                await wait_for(
                    pilot, lambda view=view: view.solved or view.cell.state in FINISHED_STATES, timeout=60
                )
                await wait_for(pilot, lambda view=view, done=done: view.solved or done.display, timeout=5)
                assert view.solved, f"{exercise_id}: {done.render()} {view.cell.output_text}"
            for cell_id in ("train-your-model", "your-accuracy"):
                cell = cell_by_id(app, cell_id)
                cell.editor.focus()
                await pilot.press("ctrl+r")
                assert await wait_for_cell(pilot, cell, timeout=120) == "ok", cell.output_text
            accuracy = accuracy_from(cell_by_id(app, "your-accuracy").output_text)
            assert accuracy >= 0.95
    finally:
        set_language("en")


async def test_after_a_restart_checking_runs_the_code_above_first(lang: str) -> None:
    """Item 7: the kernel restarted, so propagate and friends are gone; checking optimize runs the
    cells and the exercises above again first, then passes. A name nothing above defines is named."""
    from tui.app import TutorialApp

    app = TutorialApp(lessons.load(lang), lang=lang, start_lesson=13)
    async with app.run_test(size=SIZE) as pilot:
        views = await exercises_of(pilot, app)
        for exercise_id in ("initialize-with-zeros", "propagate"):
            views[exercise_id].reveal_solution()
            views[exercise_id].cell.editor.focus()
            await pilot.press("ctrl+r")
            await wait_for(pilot, lambda exercise_id=exercise_id: views[exercise_id].solved, timeout=60)
        await app.kernel.restart()
        assert app.kernel_state == "restarted"
        optimize = views["optimize"]
        optimize.reveal_solution()
        optimize.cell.editor.focus()
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: optimize.solved, timeout=60)
        assert cell_by_id(app, "digits-data").state == "ok"  # ran again, automatically
        assert views["propagate"].cell.state == "ok"

        # a name that nothing above defines: said exactly, in the learner's language
        predict = views["predict"]
        predict.cell.replace_code(
            "def predict(w, b, X):\n    A = sigmoid_(np.dot(w.T, X) + b)\n    return (A > 0.5) * 1.0\n"
        )
        predict.cell.editor.focus()
        await pilot.press("ctrl+r")
        feedback = predict.query_one(".exercise-feedback")
        await wait_for(pilot, lambda: feedback.display, timeout=60)
        said = str(feedback.render())
        assert t("judge.uses_undefined", name="predict", missing="sigmoid_") in said

        model = views["model"]
        model.cell.replace_code("def modle(X_train, Y_train, X_test, Y_test):\n    return {}\n")
        model.cell.editor.focus()
        await pilot.press("ctrl+r")
        feedback = model.query_one(".exercise-feedback")
        await wait_for(pilot, lambda: feedback.display, timeout=60)
        said = str(feedback.render())
        assert t("judge.not_defined", name="model") in said


async def test_f5_runs_the_exercises_code_with_the_cells() -> None:
    """Run all (F5) runs the learner's code in the exercises too, so after a restart the
    training cells below them find the learner's functions again."""
    from tui.app import TutorialApp

    app = TutorialApp(lessons.load("en"), lang="en", start_lesson=13)
    async with app.run_test(size=SIZE) as pilot:
        views = await exercises_of(pilot, app)
        for view in views.values():
            view.reveal_solution()  # in the editors, never checked
        await pilot.press("f5")
        last = cell_by_id(app, "draw-a-digit")
        assert await wait_for_cell(pilot, last, timeout=120) == "ok", last.output_text
        assert [view.cell.state for view in views.values()] == ["ok"] * 5
        assert not any(view.solved for view in views.values())  # running is not checking
        assert "your model says a 3" in last.output_text
