"""Strings of the editor features: Tab and completion, help on names, the shape panel,
stale marks, long output, where the focus is, and the end of a lesson or the course."""

from __future__ import annotations

from tui.i18n import Catalogue

STRINGS: Catalogue = {
    # completion and help on names
    "editor.no_completions": {"en": "Nothing to complete here.", "zh": "这里没有可补全的名字。"},
    "editor.busy_attributes": {
        "en": "A cell is running: attributes come from the live kernel, so Tab works again when it ends.",
        "zh": "有单元正在运行：属性来自运行中的内核，等它结束后再按 Tab。",
    },
    "editor.help_title": {"en": "Help", "zh": "说明"},
    "editor.help_close": {"en": "Escape closes", "zh": "Escape 关闭"},
    "editor.help_busy": {
        "en": "A cell is running; help comes from the live kernel. Press Ctrl+N again when it ends.",
        "zh": "有单元正在运行；说明来自运行中的内核。等它结束后再按 Ctrl+N。",
    },
    "editor.help_unavailable": {
        "en": "The kernel cannot answer right now (it may be starting). Try Ctrl+N again in a moment.",
        "zh": "内核现在无法回答（可能正在启动）。请稍后再按 Ctrl+N。",
    },
    "editor.help_no_name": {
        "en": "Put the cursor on a name (for example np.zeros) and press Ctrl+N.",
        "zh": "请把光标放在一个名字上（例如 np.zeros），再按 Ctrl+N。",
    },
    "editor.help_missing": {
        "en": "{name} is not defined yet. Run the cell that defines it (Ctrl+R), then press Ctrl+N again.",
        "zh": "{name} 还没有定义。请先运行定义它的单元（Ctrl+R），再按 Ctrl+N。",
    },
    "editor.help_no_doc": {"en": "(no docstring)", "zh": "（没有文档字符串）"},
    # long output
    "editor.more_lines": {
        "en": "… {count} more lines · Ctrl+L or click to show all",
        "zh": "… 还有 {count} 行 · 按 Ctrl+L 或点击显示全部",
    },
    "editor.more_line": {
        "en": "… 1 more line · Ctrl+L or click to show all",
        "zh": "… 还有 1 行 · 按 Ctrl+L 或点击显示全部",
    },
    "editor.nothing_to_expand": {
        "en": "This cell's output is shown in full.",
        "zh": "这个单元的输出已经全部显示。",
    },
    # stale marks
    "editor.stale": {
        "en": "stale: {names} changed above · run again",
        "zh": "已过时：上方的 {names} 改了 · 请重新运行",
    },
    # the shape panel
    "shapes.title": {"en": "Arrays", "zh": "数组"},
    "shapes.empty": {
        "en": "No arrays yet: run a cell (Ctrl+R).",
        "zh": "还没有数组：先运行一个单元（Ctrl+R）。",
    },
    "shapes.no_lesson": {"en": "Open a lesson first.", "zh": "请先打开一节课。"},
    "shapes.busy": {"en": "Updated when the running cell ends.", "zh": "正在运行的单元结束后更新。"},
    "shapes.unavailable": {"en": "The kernel is not ready yet.", "zh": "内核还没有准备好。"},
    "shapes.rank1": {
        "en": "rank 1: not a row, not a column (lesson 12)",
        "zh": "秩为 1：既不是行也不是列（第 12 课）",
    },
    "shapes.close": {"en": "F6 hides", "zh": "F6 隐藏"},
    # where the focus is (the key bar's first word)
    "focus.editor": {"en": "EDIT", "zh": "编辑"},
    "focus.lesson": {"en": "READ", "zh": "阅读"},
    "focus.list": {"en": "LIST", "zh": "列表"},
    "focus.input": {"en": "INPUT", "zh": "输入"},
    "focus.widget": {"en": "DEMO", "zh": "演示"},
    # the end of a lesson, of the course, and every exercise solved
    "course.next": {"en": "Next lesson: {label}", "zh": "下一课：{label}"},
    "course.next_keys": {"en": "press n, or click here", "zh": "按 n，或点击这里"},
    "course.last": {
        "en": "This is the last lesson: you have reached the end of the course.",
        "zh": "这是最后一课：你已经学完了整门课程。",
    },
    "course.last_keys_short": {
        "en": "F3 (or a click here) shows what you have solved.",
        "zh": "按 F3（或点击这里）查看你完成了哪些练习。",
    },
    "course.end_notice": {
        "en": "That was the last lesson. F3 shows what you have solved; p goes back.",
        "zh": "这已经是最后一课。按 F3 查看完成情况；按 p 返回上一课。",
    },
    "course.all_solved": {
        "en": "All {total} exercises solved. Congratulations: you have built logistic regression "
        "from the ground up.",
        "zh": "全部 {total} 道练习都完成了。恭喜：你已经从零实现了逻辑回归。",
    },
}
