"""Strings of grading from the command line (`python -m tui grade`, `check --solutions`)."""

from __future__ import annotations

from tui.i18n import Catalogue

STRINGS: Catalogue = {
    "grade.help": {
        "en": "grade a file as the answer to one exercise: exit 0 passed, 1 failed, 2 error",
        "zh": "把一个文件当作某个练习的答案来评分：退出码 0 表示通过，1 表示未通过，2 表示出错",
    },
    "grade.lesson": {"en": "the lesson's number", "zh": "课程编号"},
    "grade.exercise": {
        "en": "the exercise's id (as in the lesson file)",
        "zh": "练习的 id（与课程文件中的一致）",
    },
    "grade.file": {
        "en": "the answer: Python code, as typed in the exercise's editor",
        "zh": "答案：Python 代码，就像在练习的编辑器里输入的那样",
    },
    "grade.lang": {
        "en": "language of the lesson and the messages (default: from LANG)",
        "zh": "课程和提示信息的语言（默认根据 LANG 决定）",
    },
    "grade.json": {
        "en": 'print {"verdict", "checks": [{"description", "passed", "message"}]} as JSON',
        "zh": '以 JSON 输出 {"verdict", "checks": [{"description", "passed", "message"}]}',
    },
    "grade.seed": {
        "en": "the seed of the checks' random inputs (default: a new one each time)",
        "zh": "检查所用随机输入的种子（默认每次都换一个）",
    },
    "grade.solutions": {
        "en": "also grade every exercise: the solution must pass, the starter and every "
        "`--- mistake` must fail (each with its promised message)",
        "zh": "同时为每个练习评分：参考答案必须通过，初始代码和每个 `--- mistake` 都必须不通过"
        "（并给出承诺的提示）",
    },
    "grade.no_lesson": {
        "en": "There is no lesson {number}; lessons are numbered {first} to {last}.",
        "zh": "没有第 {number} 课；课程编号为 {first} 到 {last}。",
    },
    "grade.no_exercise": {
        "en": "Lesson {number} has no exercise {id!r}; its exercises: {known}.",
        "zh": "第 {number} 课没有练习 {id!r}；它的练习有：{known}。",
    },
    "grade.none": {"en": "none", "zh": "无"},
    "grade.unreadable": {"en": "Cannot read {path}: {error}", "zh": "无法读取 {path}：{error}"},
    "grade.broken_lesson": {
        "en": "Lesson {number} has errors; fix them first (python -m tui check {path}).",
        "zh": "第 {number} 课有错误，请先修正（python -m tui check {path}）。",
    },
    "grade.cell": {"en": "cell {id}", "zh": "代码格 {id}"},
    "grade.solution_of": {"en": "the solution of exercise {id}", "zh": "练习 {id} 的参考答案"},
    "grade.above_failed": {
        "en": "exercise {exercise}: {what} above it failed: {error}",
        "zh": "练习 {exercise}：它上面的{what}运行失败：{error}",
    },
    "grade.cells_failed": {
        "en": "The code above the exercise failed ({what}, line {line}):\n{error}",
        "zh": "练习上面的代码运行失败（{what}，第 {line} 行）：\n{error}",
    },
    "grade.code_failed": {
        "en": "The answer did not run:\n{error}",
        "zh": "答案没有运行成功：\n{error}",
    },
    "grade.verdict_passed": {
        "en": "Lesson {number}, exercise {id}: passed ({passed} of {total} checks).",
        "zh": "第 {number} 课，练习 {id}：通过（{total} 项检查通过 {passed} 项）。",
    },
    "grade.verdict_failed": {
        "en": "Lesson {number}, exercise {id}: failed ({passed} of {total} checks passed).",
        "zh": "第 {number} 课，练习 {id}：未通过（{total} 项检查通过 {passed} 项）。",
    },
    "grade.verdict_error": {
        "en": "Lesson {number}, exercise {id}: error.",
        "zh": "第 {number} 课，练习 {id}：出错。",
    },
    "grade.solution_fails": {
        "en": "exercise {exercise}: its solution does not pass: {why}",
        "zh": "练习 {exercise}：参考答案没有通过：{why}",
    },
    "grade.starter_passes": {
        "en": "exercise {exercise}: its starter code already passes every check",
        "zh": "练习 {exercise}：初始代码已经通过了所有检查",
    },
    "grade.mistake_passes": {
        "en": "exercise {exercise}: this mistake passes every check",
        "zh": "练习 {exercise}：这个错误答案通过了所有检查",
    },
    "grade.mistake_error": {
        "en": "exercise {exercise}: this mistake does not even run: {why}",
        "zh": "练习 {exercise}：这个错误答案根本无法运行：{why}",
    },
    "grade.mistake_message": {
        "en": "exercise {exercise}: this mistake should fail with a message containing {expect!r}, "
        "got: {got}",
        "zh": "练习 {exercise}：这个错误答案的提示应包含 {expect!r}，实际是：{got}",
    },
    "grade.with_seed": {"en": " (seed {seed})", "zh": "（种子 {seed}）"},
    "grade.with_seeds": {
        "en": " (with seed {seeds}: {count} of {total} seeds)",
        "zh": "（种子 {seeds}：{total} 个种子中有 {count} 个）",
    },
    "grade.verified": {
        "en": "{count} exercise(s) behave as their files say (solution, starter, mistakes)",
        "zh": "{count} 个练习的表现与课程文件一致（参考答案、初始代码、错误答案）",
    },
}
