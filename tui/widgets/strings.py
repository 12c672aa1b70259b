"""Strings of the lesson pane: code cells, exercises, the welcome page and confirmations."""

from __future__ import annotations

from tui.i18n import Catalogue

STRINGS: Catalogue = {
    "welcome.title": {"en": "Neural Network Programming Basics", "zh": "神经网络编程基础"},
    "welcome.body": {
        "en": "Twelve short lessons: logistic regression as a one-neuron network, the cost "
        "function, gradient descent, computation graphs, vectorisation and NumPy broadcasting; "
        "in the thirteenth you write it yourself. Every number and every curve is computed live.\n\n"
        "Choose a lesson on the left with ↑/↓ (or j/k) and press Enter. In a lesson, Tab goes into "
        "the next code cell (Escape leaves it), Ctrl+R runs the cell you are in, n and p go to the "
        "next and previous lesson. F1 shows all keys; Ctrl+P searches every command; Ctrl+Q quits.",
        "zh": "十二节短课：把逻辑回归看作只有一个神经元的网络、代价函数、梯度下降、计算图、"
        "向量化和 NumPy 广播；第十三课由你亲手把它写出来。所有数字和曲线都是现场计算出来的。\n\n"
        "在左侧用 ↑/↓（或 j/k）选择课程，按 Enter 打开。在课程中，Tab 进入下一个代码单元（Escape 离开），"
        "Ctrl+R 运行当前单元，n 和 p 切换到下一课和上一课。F1 显示全部快捷键；Ctrl+P 搜索所有命令；"
        "Ctrl+Q 退出。",
    },
    "lesson.broken": {
        "en": "This lesson file has problems and cannot be shown:",
        "zh": "这个课程文件有问题，无法显示：",
    },
    "lesson.broken_hint": {
        "en": "Fix the file (python -m tui check FILE lists the problems) and restart. "
        "The other lessons work as usual.",
        "zh": "请修正文件（python -m tui check 文件 会列出问题）后重新启动。其他课程不受影响。",
    },
    "cell.label": {"en": "cell {id}", "zh": "单元 {id}"},
    "cell.hint": {"en": "Ctrl+R run · Ctrl+O reset", "zh": "Ctrl+R 运行 · Ctrl+O 重置"},
    "cell.queued": {"en": "queued…", "zh": "排队中…"},
    "cell.running": {"en": "running… (Ctrl+R or Ctrl+G stops)", "zh": "运行中…（Ctrl+R 或 Ctrl+G 停止）"},
    "cell.made_above": {
        "en": "`{name}` is made by cell {cell} above: run that cell first (Ctrl+R in it), or F5 to run "
        "the lesson's cells in order.",
        "zh": "`{name}` 由上面的单元 {cell} 定义：请先运行那个单元（在其中按 Ctrl+R），"
        "或按 F5 依次运行本课的单元。",
    },
    "cell.ok": {"en": "✓ done in {elapsed}", "zh": "✓ 完成，用时 {elapsed}"},
    "cell.error": {"en": "✗ error", "zh": "✗ 出错"},
    "cell.timeout": {"en": "✗ stopped: time limit", "zh": "✗ 已停止：超时"},
    "cell.crashed": {"en": "✗ kernel crashed", "zh": "✗ 内核崩溃"},
    "cell.cancelled": {"en": "■ stopped", "zh": "■ 已停止"},
    "cell.reset_done": {
        "en": "The cell is back to its original code (Ctrl+Z undoes this).",
        "zh": "单元已恢复为原始代码（Ctrl+Z 可撤销）。",
    },
    "cell.no_cell": {
        "en": "Move into a code cell first (Tab), then run it.",
        "zh": "请先用 Tab 移到一个代码单元，再运行。",
    },
    "cell.no_lesson": {"en": "Open a lesson first.", "zh": "请先打开一节课。"},
    "cell.nothing_running": {"en": "Nothing is running.", "zh": "当前没有在运行的代码。"},
    "exercise.title": {"en": "Exercise · {title}", "zh": "练习 · {title}"},
    "exercise.editor": {"en": "your answer", "zh": "你的答案"},
    "exercise.keys": {
        "en": "Ctrl+R check · Ctrl+T hint · Ctrl+S solution",
        "zh": "Ctrl+R 检查 · Ctrl+T 提示 · Ctrl+S 答案",
    },
    "exercise.solved": {"en": "✓ solved", "zh": "✓ 已完成"},
    "exercise.unsolved": {"en": "{count} check(s) to pass", "zh": "需要通过 {count} 项检查"},
    "exercise.hint_line": {
        "en": "**Hint {number}/{total}:** {hint}",
        "zh": "**提示 {number}/{total}:**{hint}",
    },
    "exercise.no_more_hints": {
        "en": "That was the last hint. Ctrl+S shows the solution.",
        "zh": "这已经是最后一条提示了。按 Ctrl+S 可以查看答案。",
    },
    "exercise.all_passed": {
        "en": "All {total} checks pass. Well done!",
        "zh": "全部 {total} 项检查都通过了，做得好！",
    },
    "exercise.the_one_passed": {"en": "The check passes. Well done!", "zh": "检查通过了，做得好！"},
    "exercise.some_failed": {
        "en": "{passed} of {total} checks pass. Fix the first ✗ and check again (Ctrl+R):",
        "zh": "{total} 项检查中通过了 {passed} 项。请先修正第一个 ✗，再检查一次（Ctrl+R）：",
    },
    "exercise.status_passed": {"en": "✓ {total} of {total} checks pass", "zh": "✓ {total} 项检查全部通过"},
    "exercise.status_failed": {
        "en": "✗ {passed} of {total} checks pass",
        "zh": "✗ {total} 项检查通过 {passed} 项",
    },
    "exercise.solved_notify": {"en": "Exercise solved: {title}", "zh": "练习完成：{title}"},
    "exercise.solution_confirm": {
        "en": "Replace your code with the solution? (Ctrl+Z in the editor brings yours back.)",
        "zh": "用参考答案替换你的代码吗？（在编辑器里按 Ctrl+Z 可以恢复你的代码。）",
    },
    "exercise.cells_above_failed": {
        "en": "A cell or an exercise above this one failed; fix it (or reset a cell with Ctrl+O) "
        "and check again.",
        "zh": "本练习上方的某个单元或练习运行出错了；请先修正它（或用 Ctrl+O 重置单元），再检查一次。",
    },
    "confirm.yes": {"en": "Yes", "zh": "是"},
    "confirm.no": {"en": "No", "zh": "否"},
    "confirm.keys": {"en": "y / Enter: yes    n / Escape: no", "zh": "y / Enter：是    n / Escape：否"},
    "exercise.none_focused": {
        "en": "Move into an exercise first (Tab).",
        "zh": "请先用 Tab 移到一道练习中。",
    },
    "exercise.checks_broken": {
        "en": "The checks could not run (they printed no report). Try Ctrl+R again; if it keeps "
        "happening, the kernel may need a restart (command palette → Restart kernel).",
        "zh": "检查程序没有运行成功（没有输出报告）。请再按一次 Ctrl+R；如果仍然如此，"
        "可能需要重启内核（命令面板 → 重启内核）。",
    },
}
