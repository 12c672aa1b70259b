"""Every user-visible string of the app, in English and Chinese, in one place.

Widgets call `t("key", name=value)` instead of writing text themselves, so the
Chinese edition cannot fall behind without a test noticing (each key must have
both languages).
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("en", "zh")

CATALOGUE: dict[str, dict[str, str]] = {
    # command line
    "cli.description": {
        "en": "A terminal tutorial for neural-network programming basics, with live NumPy code.",
        "zh": "神经网络编程基础的终端教程：逻辑回归、梯度下降、向量化与广播，代码可以现场运行。",
    },
    "cli.epilog": {
        "en": "Check lesson files with: python -m tui check FILE...",
        "zh": "检查课程文件：python -m tui check 文件...",
    },
    "cli.lesson": {"en": "open lesson N directly", "zh": "直接打开第 N 课"},
    "cli.lang": {
        "en": "language of lessons and interface (default: from LANG)",
        "zh": "课程和界面的语言（默认根据 LANG 决定）",
    },
    "cli.list": {"en": "print the lessons and exit", "zh": "列出所有课程后退出"},
    "cli.lessons": {
        "en": "use the lesson files in DIR instead of the built-in course (for teachers)",
        "zh": "使用 DIR 目录中的课程文件代替内置课程（供教师使用）",
    },
    "cli.no_lessons": {
        "en": "No lesson files (NN-slug.md) found in {path}.",
        "zh": "在 {path} 中没有找到课程文件（NN-slug.md）。",
    },
    "cli.no_mouse": {"en": "do not capture the mouse (useful over SSH)", "zh": "不捕获鼠标（适合 SSH）"},
    "cli.ascii": {
        "en": "use plain ASCII borders and plots (for the Linux console)",
        "zh": "只用 ASCII 字符画边框和图（适合 Linux 控制台）",
    },
    "cli.kiosk": {
        "en": "kiosk mode for shared servers: no shell escape, no files, no devtools "
        "(also NN_BASICS_KIOSK=1)",
        "zh": "共享服务器的展台模式：不能进入 shell、不能打开文件、没有开发工具"
        "（也可设置 NN_BASICS_KIOSK=1）",
    },
    "cli.no_save": {
        "en": "do not read or write saved progress (shared accounts)",
        "zh": "不读取也不保存学习进度（适合共用账号）",
    },
    "cli.reset_progress": {
        "en": "forget all saved progress (asks first)",
        "zh": "清除所有已保存的学习进度（会先确认）",
    },
    "cli.reset_confirm": {
        "en": "Forget all saved progress in {path}? Type y to confirm: ",
        "zh": "要清除 {path} 中保存的全部学习进度吗？输入 y 确认：",
    },
    "cli.reset_cancelled": {"en": "Nothing was changed.", "zh": "没有做任何修改。"},
    "cli.reset_done": {
        "en": "Progress forgotten. Start again with: python -m tui",
        "zh": "学习进度已清除。重新开始：python -m tui",
    },
    "cli.check": {
        "en": "validate lesson files and report problems as path:line: message",
        "zh": "检查课程文件，以“路径:行号: 信息”的格式报告问题",
    },
    "cli.check_ok": {"en": "{count} file(s) OK", "zh": "{count} 个文件没有问题"},
    "cli.check_failed": {"en": "{count} problem(s) found", "zh": "发现 {count} 个问题"},
    "cli.no_such_lesson": {
        "en": "There is no lesson {number}; lessons are numbered {first} to {last}.",
        "zh": "没有第 {number} 课；课程编号为 {first} 到 {last}。",
    },
    "cli.dumb_terminal": {
        "en": "This terminal (TERM=dumb) cannot show the tutorial. Use a terminal such as xterm, "
        "or set TERM=xterm-256color; `python -m tui --list` works anywhere.",
        "zh": "当前终端（TERM=dumb）无法显示本教程。请使用 xterm 等终端，或设置 TERM=xterm-256color；"
        "`python -m tui --list` 在任何终端都能用。",
    },
    # the frame of the app
    "app.title": {"en": "nn-basics", "zh": "nn-basics 神经网络编程基础"},
    "app.lessons": {"en": "Lessons", "zh": "课程"},
    "app.too_small": {
        "en": "Make the terminal larger: at least {width}×{height}.",
        "zh": "请把终端窗口调大：至少 {width}×{height}。",
    },
    "cli.console_no_chinese": {
        "en": "The Linux console cannot draw Chinese characters; showing the English edition. "
        "Use a terminal emulator (or SSH from one) for the Chinese edition.",
        "zh": "Linux 控制台无法显示中文，现在显示英文版。"
        "要使用中文版，请在终端模拟器中运行（或从终端模拟器通过 SSH 登录）。",
    },
    "kernel.starting": {"en": "kernel starting…", "zh": "内核启动中…"},
    "kernel.ready": {"en": "kernel ready", "zh": "内核就绪"},
    "kernel.running": {"en": "running…", "zh": "运行中…"},
    "kernel.restarted": {"en": "kernel restarted", "zh": "内核已重启"},
    "kernel.stopped": {"en": "kernel stopped", "zh": "内核已停止"},
    "kernel.failed": {
        "en": "The kernel could not start: {error}",
        "zh": "内核无法启动：{error}",
    },
    # what the kernel says about a run
    "kernel.note.restarted": {
        "en": "The kernel was restarted; variables from earlier cells are gone.",
        "zh": "内核已重启；之前单元中的变量都没有了。",
    },
    "kernel.cancel.cancel": {
        "en": "Cancelled: the cell ignored the interrupt, so the kernel was restarted.",
        "zh": "已取消：这个单元没有响应中断，所以内核被重启了。",
    },
    "kernel.cancel.restart": {"en": "Cancelled: the kernel was restarted.", "zh": "已取消：内核被重启了。"},
    "kernel.cancel.shutdown": {"en": "Cancelled: the kernel was shut down.", "zh": "已取消：内核已关闭。"},
    "kernel.cancelled": {"en": "Cancelled.", "zh": "已取消。"},
    "kernel.abandoned": {
        "en": "The kernel stopped responding and was abandoned.",
        "zh": "内核没有响应，已被放弃。",
    },
    "kernel.crash_signal": {
        "en": "The kernel crashed: it was killed by {name} ({why}).",
        "zh": "内核崩溃了：它被信号 {name}（{why}）终止。",
    },
    "kernel.crash_memory": {"en": " It may have run out of memory.", "zh": "可能是内存用完了。"},
    "kernel.crash_exit": {
        "en": "The kernel crashed: its process exited with code {code}.",
        "zh": "内核崩溃了：它的进程以代码 {code} 退出。",
    },
    "kernel.truncated": {
        "en": "Output truncated after {kb} KB.",
        "zh": "输出超过 {kb} KB，后面的部分已截断。",
    },
    "kernel.timeout": {
        "en": "Stopped: the cell ran longer than {seconds} s.",
        "zh": "已停止：这个单元运行超过了 {seconds} 秒。",
    },
    "kernel.timeout_killed": {
        "en": " It did not stop when interrupted, so the kernel was restarted.",
        "zh": "它没有响应中断，所以内核被重启了。",
    },
    "kernel.memory": {
        "en": "The cell hit the kernel's memory limit ({size}).",
        "zh": "这个单元用到了内核的内存上限（{size}）。",
    },
    "kernel.no_input": {
        "en": "input() is not available in cells: put the value in the code instead",
        "zh": "单元中不能使用 input()：请把值直接写在代码里",
    },
    "plot.dropped_one": {
        "en": "Dropped 1 non-finite point from {name}.",
        "zh": "从 {name} 中去掉了 1 个非有限的点（NaN 或无穷大）。",
    },
    "plot.dropped_many": {
        "en": "Dropped {count} non-finite points from {name}.",
        "zh": "从 {name} 中去掉了 {count} 个非有限的点（NaN 或无穷大）。",
    },
    "plot.series_number": {"en": "series {number}", "zh": "第 {number} 条曲线"},
    "plot.no_points": {
        "en": "Nothing to plot: {name} has no points.",
        "zh": "没有可画的：{name} 没有任何点。",
    },
    "plot.nothing": {"en": "Nothing to plot.", "zh": "没有可画的内容。"},
    "plot.too_many_series": {
        "en": "Only the first {count} series are shown.",
        "zh": "只显示前 {count} 条曲线。",
    },
    "plot.too_many_figures": {
        "en": "Only the first {count} figures are shown.",
        "zh": "只显示前 {count} 张图。",
    },
    # keys (footer and help screen)
    "key.run_cell": {"en": "Run cell", "zh": "运行"},
    "key.run_all": {"en": "Run all", "zh": "全部运行"},
    "key.reset_cell": {"en": "Reset cell", "zh": "重置代码"},
    "key.stop": {"en": "Stop", "zh": "停止"},
    "key.next_lesson": {"en": "Next lesson", "zh": "下一课"},
    "key.prev_lesson": {"en": "Previous lesson", "zh": "上一课"},
    "key.help": {"en": "Help", "zh": "帮助"},
    "key.quit": {"en": "Quit", "zh": "退出"},
    "key.sidebar": {"en": "Sidebar", "zh": "侧栏"},
    "key.leave_editor": {"en": "Leave editor", "zh": "离开编辑器"},
    "key.back": {"en": "Back to lessons", "zh": "回到课程列表"},
    "key.open": {"en": "Open lesson", "zh": "打开课程"},
    "key.down": {"en": "Down", "zh": "下移"},
    "key.up": {"en": "Up", "zh": "上移"},
    "key.focus_next": {"en": "Next area", "zh": "下一个区域"},
    "key.focus_previous": {"en": "Previous area", "zh": "上一个区域"},
    "key.palette": {"en": "Command palette", "zh": "命令面板"},
    "key.palette_short": {"en": "palette", "zh": "命令"},
    "key.language": {"en": "中文", "zh": "English"},
    "command.language_help": {
        "en": "Switch lessons and interface to Chinese; your code and place are kept",
        "zh": "把课程和界面切换为英文；你的代码和当前位置都会保留",
    },
    "command.theme": {"en": "Theme", "zh": "主题"},
    "command.theme_help": {"en": "Change the colours", "zh": "更换配色"},
    "command.quit_help": {
        "en": "Leave the tutorial (your work is saved)",
        "zh": "退出教程（你的进度已保存）",
    },
    "command.screenshot": {"en": "Screenshot", "zh": "截图"},
    "command.screenshot_help": {
        "en": "Save an SVG picture of the screen in the current folder",
        "zh": "把当前屏幕保存为 SVG 图片（在当前目录）",
    },
    "palette.placeholder": {"en": "Search for commands…", "zh": "搜索命令…"},
    "language.unavailable": {
        "en": "These lessons have no other language edition.",
        "zh": "这些课程没有其他语言的版本。",
    },
    "language.console": {
        "en": "The Linux console cannot draw Chinese characters.",
        "zh": "Linux 控制台无法显示中文字符。",
    },
    "key.restart_kernel": {"en": "Restart kernel", "zh": "重启内核"},
    "key.scroll": {"en": "Scroll", "zh": "滚动"},
    # help screen
    "help.title": {"en": "Keys", "zh": "快捷键"},
    "help.close": {"en": "Press Escape, q or F1 to close.", "zh": "按 Escape、q 或 F1 关闭。"},
    "help.where.anywhere": {"en": "Anywhere", "zh": "任何位置"},
    "help.where.sidebar": {"en": "In the lesson list", "zh": "在课程列表中"},
    "help.where.lesson": {"en": "In a lesson, outside the editor", "zh": "在课程中（编辑器外）"},
    "help.where.editor": {"en": "In a code cell's editor", "zh": "在代码单元的编辑器中"},
    "help.where.exercise": {"en": "In an exercise", "zh": "在练习中"},
    "key.check": {"en": "Check answer", "zh": "检查答案"},
    "help.intro": {
        "en": "Read the lesson, edit its code cells, run them and look at the output and plots. "
        "Everything runs in a separate Python process, so a crash or an endless loop in a cell "
        "cannot take the tutorial down.",
        "zh": "阅读课程，修改代码单元，运行并查看输出和图。所有代码都在独立的 Python 进程中运行，"
        "单元里的崩溃或死循环不会让教程本身退出。",
    },
    # welcome pane
    "welcome.title": {"en": "Neural Network Programming Basics", "zh": "神经网络编程基础"},
    "welcome.body": {
        "en": "Twelve short lessons: logistic regression as a one-neuron network, the cost "
        "function, gradient descent, computation graphs, vectorisation and NumPy broadcasting. "
        "Every number and every curve is computed live.\n\n"
        "Choose a lesson on the left with ↑/↓ (or j/k) and press Enter. In a lesson, Tab moves "
        "between code cells, Ctrl+R runs the cell you are in, n and p go to the next and previous "
        "lesson. F1 shows all keys; Ctrl+P searches every command; Ctrl+Q quits.",
        "zh": "十二节短课：把逻辑回归看作只有一个神经元的网络、代价函数、梯度下降、计算图、"
        "向量化和 NumPy 广播。所有数字和曲线都是现场计算出来的。\n\n"
        "在左侧用 ↑/↓（或 j/k）选择课程，按 Enter 打开。在课程中，Tab 在代码单元之间移动，"
        "Ctrl+R 运行当前单元，n 和 p 切换到下一课和上一课。F1 显示全部快捷键；Ctrl+P 搜索所有命令；"
        "Ctrl+Q 退出。",
    },
    # lessons and cells
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
    "plot.empty": {"en": "(nothing to plot)", "zh": "（没有可以画的数据）"},
    "plot.too_small": {"en": "(plot needs more room)", "zh": "（空间太小，无法画图）"},
    # exercises
    "key.hint": {"en": "Hint", "zh": "提示"},
    "key.solution": {"en": "Solution", "zh": "答案"},
    "key.progress": {"en": "Progress", "zh": "学习进度"},
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
    "exercise.some_failed": {
        "en": "{passed} of {total} checks pass. Fix the first ✗ and check again (Ctrl+R):",
        "zh": "{total} 项检查中通过了 {passed} 项。请先修正第一个 ✗，再检查一次（Ctrl+R）：",
    },
    "exercise.solved_notify": {"en": "Exercise solved: {title}", "zh": "练习完成：{title}"},
    "exercise.solution_confirm": {
        "en": "Replace your code with the solution? (Ctrl+Z in the editor brings yours back.)",
        "zh": "用参考答案替换你的代码吗？（在编辑器里按 Ctrl+Z 可以恢复你的代码。）",
    },
    "exercise.cells_above_failed": {
        "en": "A cell above this exercise failed; fix it (or reset it with Ctrl+O) and check again.",
        "zh": "本练习上方的某个单元运行出错了；请先修正它（或用 Ctrl+O 重置），再检查一次。",
    },
    "confirm.yes": {"en": "Yes", "zh": "是"},
    "confirm.no": {"en": "No", "zh": "否"},
    "confirm.keys": {"en": "y / Enter: yes    n / Escape: no", "zh": "y / Enter：是    n / Escape：否"},
    "progress.title": {"en": "Your progress", "zh": "学习进度"},
    "progress.summary": {
        "en": "{done} of {total} exercises solved; {finished} lesson(s) finished.",
        "zh": "共 {total} 道练习，已完成 {done} 道；已学完 {finished} 节课。",
    },
    "help.close_progress": {"en": "Press Escape, q or F3 to close.", "zh": "按 Escape、q 或 F3 关闭。"},
    "command.hint_help": {"en": "The next hint for this exercise", "zh": "本练习的下一条提示"},
    "command.solution_help": {
        "en": "Show this exercise's solution (asks first)",
        "zh": "显示本练习的参考答案（会先确认）",
    },
    "exercise.none_focused": {
        "en": "Move into an exercise first (Tab).",
        "zh": "请先用 Tab 移到一道练习中。",
    },
    "command.progress_help": {"en": "Exercises solved in each lesson", "zh": "每节课完成的练习"},
    "exercise.checks_broken": {
        "en": "The checks could not run (they printed no report). Try Ctrl+R again; if it keeps "
        "happening, the kernel may need a restart (command palette → Restart kernel).",
        "zh": "检查程序没有运行成功（没有输出报告）。请再按一次 Ctrl+R；如果仍然如此，"
        "可能需要重启内核（命令面板 → 重启内核）。",
    },
    # command palette
    "command.goto": {"en": "Go to lesson {label}", "zh": "转到第 {label}"},
    "command.goto_help": {"en": "Open this lesson", "zh": "打开这节课"},
    "command.run_cell_help": {"en": "Run the focused code cell", "zh": "运行当前代码单元"},
    "command.run_all_help": {"en": "Run every cell of this lesson in order", "zh": "按顺序运行本课所有单元"},
    "command.reset_cell_help": {"en": "Put back the cell's original code", "zh": "恢复单元的原始代码"},
    "command.stop_help": {"en": "Stop the running cell", "zh": "停止正在运行的单元"},
    "command.restart_help": {
        "en": "Start a fresh kernel: all variables are forgotten",
        "zh": "启动新的内核：所有变量都会被清空",
    },
    "command.sidebar_help": {"en": "Show or hide the lesson list", "zh": "显示或隐藏课程列表"},
    "command.help_help": {"en": "Show all keys", "zh": "显示全部快捷键"},
    # progress file (tui/progress.py)
    "progress.corrupt": {
        "en": "Your progress file could not be read and was moved to {path}; starting fresh.",
        "zh": "无法读取你的学习进度文件，已把它移到 {path}；现在从头开始。",
    },
    "progress.newer": {
        "en": "Your progress file was written by a newer version of nn-basics and was moved to {path}; "
        "starting fresh.",
        "zh": "你的学习进度文件是由更新版本的 nn-basics 写的，已把它移到 {path}；现在从头开始。",
    },
    "progress.stuck": {
        "en": "Your progress file {path} could neither be read nor moved aside ({error}); "
        "nothing will be saved in this session.",
        "zh": "无法读取学习进度文件 {path}，也无法把它移开（{error}）；本次学习的进度不会被保存。",
    },
    "progress.unwritable": {
        "en": "Your progress could not be saved in {folder} ({error}). It is kept while the app runs; "
        "free some disk space, fix the folder's permissions or set NN_BASICS_DATA_DIR.",
        "zh": "无法把学习进度保存到 {folder}（{error}）。程序运行期间进度仍会保留；"
        "请腾出磁盘空间、修正该文件夹的权限，或设置 NN_BASICS_DATA_DIR。",
    },
    # interactive lesson widgets (tui/widgets/lesson_widgets/)
    "widget.computing": {"en": "computing…", "zh": "计算中…"},
    "widget.cancelled": {"en": "Stopped.", "zh": "已停止。"},
    "widget.timeout": {
        "en": "The computation took too long and was stopped.",
        "zh": "计算时间太长，已经停止。",
    },
    "widget.crashed": {
        "en": "The kernel crashed and was restarted; press the key again.",
        "zh": "内核崩溃并已重启；请再按一次按键。",
    },
    "widget.failed": {"en": "The kernel could not compute this: {error}", "zh": "内核无法完成计算：{error}"},
    "widget.bad_reply": {
        "en": "The kernel gave no answer; press the key again.",
        "zh": "内核没有返回结果；请再按一次按键。",
    },
    "widget.key.leave": {"en": "Back to the widget", "zh": "回到控件"},
    "broadcast.title": {"en": "Broadcasting explorer", "zh": "广播演示"},
    "broadcast.hint": {
        "en": "Tab: type a shape, Enter compares · space: next example · s: swap A and B",
        "zh": "Tab：输入形状，Enter 比较 · 空格：下一个例子 · s：交换 A 和 B",
    },
    "broadcast.placeholder": {"en": "e.g. 4, 3", "zh": "例如 4, 3"},
    "broadcast.axis": {"en": "axis", "zh": "轴"},
    "broadcast.result": {"en": "result", "zh": "结果"},
    "broadcast.scalar": {"en": "scalar", "zh": "标量"},
    "broadcast.axis_stretch": {
        "en": "axis {axis}: {who} has 1, stretched to {size}",
        "zh": "第 {axis} 轴：{who} 的大小是 1，被拉伸到 {size}",
    },
    "broadcast.axis_missing": {
        "en": "axis {axis}: {who} has no such axis, so it counts as 1, stretched to {size}",
        "zh": "第 {axis} 轴：{who} 没有这一轴，按 1 处理，被拉伸到 {size}",
    },
    "broadcast.axis_clash": {
        "en": "axis {axis}: {p} against {q}, neither is 1: they clash",
        "zh": "第 {axis} 轴：{p} 对 {q}，都不是 1，无法广播",
    },
    "broadcast.axis_same": {"en": "axis {axes}: same size", "zh": "第 {axes} 轴：大小相同"},
    "broadcast.axes_same": {"en": "axes {axes}: same size", "zh": "第 {axes} 轴：大小相同"},
    "broadcast.more": {"en": "… and {count} more axes like these", "zh": "……还有 {count} 个类似的轴"},
    "broadcast.ok": {"en": "✓ A + B has shape {shape}", "zh": "✓ A + B 的形状是 {shape}"},
    "broadcast.error": {"en": "✗ NumPy refuses: {message}", "zh": "✗ NumPy 报错：{message}"},
    "broadcast.empty": {
        "en": "{name} is empty, so it stands for a scalar: shape ().",
        "zh": "{name} 是空的，表示一个标量：形状 ()。",
    },
    "broadcast.bad_token": {
        "en": "{name}: “{token}” is not a size; type whole numbers, like 4, 3",
        "zh": "{name}：“{token}”不是合法的大小；请输入整数，例如 4, 3",
    },
    "broadcast.negative": {
        "en": "{name}: sizes cannot be negative ({token}); 0 is fine",
        "zh": "{name}：大小不能是负数（{token}）；0 是可以的",
    },
    "broadcast.too_big": {
        "en": "{name}: {token} is too large; NumPy sizes stop at 2⁶³ − 1",
        "zh": "{name}：{token} 太大了；NumPy 的大小最大为 2⁶³ − 1",
    },
    "broadcast.too_many": {
        "en": "{name} has {count} axes; NumPy arrays have at most {limit}",
        "zh": "{name} 有 {count} 个轴；NumPy 数组最多只能有 {limit} 个轴",
    },
    "broadcast.stray": {
        "en": "{name}: a comma with no size next to it",
        "zh": "{name}：有一个逗号旁边没有数字",
    },
    "broadcast.bracket": {"en": "{name}: the brackets do not match", "zh": "{name}：括号不配对"},
    "broadcast.key.edit": {"en": "Type shapes", "zh": "输入形状"},
    "broadcast.key.example": {"en": "Next example", "zh": "下一个例子"},
    "broadcast.key.swap": {"en": "Swap A and B", "zh": "交换 A 和 B"},
    "rank1.title": {"en": "Rank-1 inspector", "zh": "秩为1的数组观察器"},
    "rank1.hint": {
        "en": "1 (5,) · 2 (5, 1) · 3 (1, 5) · ←/→ or space: switch",
        "zh": "1 (5,) · 2 (5, 1) · 3 (1, 5) · ←/→ 或空格：切换",
    },
    "rank1.ndim": {"en": "a.ndim = {ndim}", "zh": "a.ndim = {ndim}"},
    "rank1.T_same": {"en": "the same: .T did nothing", "zh": "没有变化：.T 什么也没做"},
    "rank1.T_swapped": {"en": "axes swapped", "zh": "两个轴互换了"},
    "rank1.number": {"en": "a single number: {value}", "zh": "一个数：{value}"},
    "rank1.matrix": {"en": "broadcast into a 5x5 matrix!", "zh": "被广播成了 5x5 矩阵！"},
    "rank1.elementwise": {"en": "element by element", "zh": "逐个元素相加"},
    "rank1.outer": {"en": "the outer product", "zh": "外积"},
    "rank1.explain_rank1": {
        "en": "A rank-1 array has one axis: it is neither a row nor a column. a.T does nothing to "
        "it, so np.dot(a, a.T) is the inner product, one number, and a + a.T stays (5,).",
        "zh": "秩为1的数组只有一个轴：它既不是行向量也不是列向量。a.T 对它不起作用，"
        "所以 np.dot(a, a.T) 是内积，只是一个数，a + a.T 仍然是 (5,)。",
    },
    "rank1.explain_column": {
        "en": "A (5, 1) column: a.T is a (1, 5) row, so np.dot(a, a.T) is the 5x5 outer product "
        "and np.dot(a.T, a) the (1, 1) inner product. a + a.T broadcasts to 5x5: mind your shapes.",
        "zh": "(5, 1) 列向量：a.T 是 (1, 5) 行向量，所以 np.dot(a, a.T) 是 5x5 的外积，"
        "np.dot(a.T, a) 是 (1, 1) 的内积。a + a.T 会广播成 5x5，要留意形状。",
    },
    "rank1.explain_row": {
        "en": "A (1, 5) row: a.T is a (5, 1) column, so np.dot(a, a.T) is the (1, 1) inner product "
        "and np.dot(a.T, a) the 5x5 outer product. Two axes make every result's shape predictable.",
        "zh": "(1, 5) 行向量：a.T 是 (5, 1) 列向量，所以 np.dot(a, a.T) 是 (1, 1) 的内积，"
        "np.dot(a.T, a) 是 5x5 的外积。有两个轴，每个结果的形状都可以预料。",
    },
    "rank1.key.rank1": {"en": "Rank 1 (5,)", "zh": "秩为1 (5,)"},
    "rank1.key.column": {"en": "Column (5, 1)", "zh": "列 (5, 1)"},
    "rank1.key.row": {"en": "Row (1, 5)", "zh": "行 (1, 5)"},
    "rank1.key.next": {"en": "Next shape", "zh": "下一个形状"},
    "rank1.key.previous": {"en": "Previous shape", "zh": "上一个形状"},
    "graph.title": {
        "en": "Computation graph stepper: J = 3(a + b·c)",
        "zh": "计算图逐步演示：J = 3(a + b·c)",
    },
    "graph.hint": {
        "en": "space/→ next step · ← back · r start over · Enter: change a, b, c",
        "zh": "空格/→ 下一步 · ← 上一步 · r 从头开始 · Enter：修改 a, b, c",
    },
    "graph.bad_inputs": {
        "en": "Type three whole numbers between −{limit} and {limit}, like 5, 3, 2, then Enter.",
        "zh": "请输入三个介于 −{limit} 和 {limit} 之间的整数，例如 5, 3, 2，然后按 Enter。",
    },
    "graph.say.start": {
        "en": "Inputs a = {a}, b = {b}, c = {c}. Press space to run the forward pass, one node at a time.",
        "zh": "输入 a = {a}，b = {b}，c = {c}。按空格键，一个节点一个节点地进行前向传播。",
    },
    "graph.say.u": {
        "en": "Forward 1/3: u = b·c = {b_}·{c_} = {u}.",
        "zh": "前向 1/3：u = b·c = {b_}·{c_} = {u}。",
    },
    "graph.say.v": {
        "en": "Forward 2/3: v = a + u = {a} + {u_} = {v}.",
        "zh": "前向 2/3：v = a + u = {a} + {u_} = {v}。",
    },
    "graph.say.J": {
        "en": "Forward 3/3: J = 3·v = 3·{v_} = {J}. Next, the backward pass, from right to left.",
        "zh": "前向 3/3：J = 3·v = 3·{v_} = {J}。接下来是反向传播，从右往左。",
    },
    "graph.say.dv": {
        "en": "Backward 1/5: J = 3·v, so nudging v moves J three times as much: dJ/dv = {dv}.",
        "zh": "反向 1/5：J = 3·v，v 变一点，J 就变三倍：dJ/dv = {dv}。",
    },
    "graph.say.du": {
        "en": "Backward 2/5: v = a + u, so dv/du = 1 and by the chain rule "
        "dJ/du = dJ/dv · dv/du = {dv_} · 1 = {du}.",
        "zh": "反向 2/5：v = a + u，所以 dv/du = 1；由链式法则 dJ/du = dJ/dv · dv/du = {dv_} · 1 = {du}。",
    },
    "graph.say.da": {
        "en": "Backward 3/5: likewise dv/da = 1, so dJ/da = dJ/dv · dv/da = {dv_} · 1 = {da}.",
        "zh": "反向 3/5：同理 dv/da = 1，所以 dJ/da = dJ/dv · dv/da = {dv_} · 1 = {da}。",
    },
    "graph.say.db": {
        "en": "Backward 4/5: u = b·c, so du/db = c and dJ/db = dJ/du · c = {du_} · {c_} = {db}.",
        "zh": "反向 4/5：u = b·c，所以 du/db = c，dJ/db = dJ/du · c = {du_} · {c_} = {db}。",
    },
    "graph.say.dc": {
        "en": "Backward 5/5: du/dc = b, so dJ/dc = dJ/du · b = {du_} · {b_} = {dc}. "
        "One sweep gave every derivative.",
        "zh": "反向 5/5：du/dc = b，所以 dJ/dc = dJ/du · b = {du_} · {b_} = {dc}。"
        "一次反向传播就得到了全部导数。",
    },
    "graph.key.next": {"en": "Next step", "zh": "下一步"},
    "graph.key.back": {"en": "Step back", "zh": "上一步"},
    "graph.key.reset": {"en": "Start over", "zh": "从头开始"},
    "graph.key.edit": {"en": "Change a, b, c", "zh": "修改 a, b, c"},
    "gd.title": {
        "en": "Gradient descent stepper: J(w) = (w − 3)² + 1",
        "zh": "梯度下降逐步演示：J(w) = (w − 3)² + 1",
    },
    "gd.hint": {
        "en": "space step · Enter 10 steps · +/− α · ←/→ start w₀ · r reset",
        "zh": "空格 走一步 · Enter 走 10 步 · +/− 学习率 α · ←/→ 起点 w₀ · r 重置",
    },
    "gd.step": {"en": "step {step}", "zh": "第 {step} 步"},
    "gd.alpha": {"en": "α = {alpha}", "zh": "学习率 α = {alpha}"},
    "gd.start": {"en": "start w₀ = {start}", "zh": "起点 w₀ = {start}"},
    "gd.last": {
        "en": "last step: w := {before} − {alpha}·({slope}) = {after}",
        "zh": "上一步：w := {before} − {alpha}·({slope}) = {after}",
    },
    "gd.stopped": {
        "en": "Stepping stopped because w ran away. Lower α with − (or press r).",
        "zh": "w 已经发散，不再继续。请用 − 调小 α（或按 r 重置）。",
    },
    "gd.say.start": {
        "en": "Press space to take one step: w := w − α·dJ/dw.",
        "zh": "按空格走一步：w := w − α·dJ/dw。",
    },
    "gd.say.max": {
        "en": "That is {steps} steps already; press r to start again.",
        "zh": "已经走了 {steps} 步；按 r 重新开始。",
    },
    "gd.say.exploded": {
        "en": "Diverged: step {next} would take |w| past 1,000,000, so the path stops at step {steps}. "
        "α = {alpha} is too large; lower it with −.",
        "zh": "发散了：第 {next} 步会让 |w| 超过 1,000,000，所以路径停在第 {steps} 步。"
        "α = {alpha} 太大，请用 − 调小。",
    },
    "gd.say.diverging": {
        "en": "Diverging: this step landed further from the bottom (w = 3) than the last one. "
        "α = {alpha} is too large; each jump overshoots more. Lower it with −.",
        "zh": "正在发散：这一步离谷底（w = 3）比上一步更远。"
        "α = {alpha} 太大，每一步都越跳越远。请用 − 调小。",
    },
    "gd.say.oscillating": {
        "en": "Stuck: with α = {alpha}, w jumps between {a} and {b} forever, overshooting the "
        "bottom by exactly as much each time.",
        "zh": "停滞：α = {alpha} 时，w 在 {a} 和 {b} 之间来回跳，每次越过谷底的距离都一样。",
    },
    "gd.say.bottom": {
        "en": "At the bottom after {steps} steps: dJ/dw ≈ 0, so the steps no longer move w.",
        "zh": "{steps} 步后到达谷底：dJ/dw ≈ 0，所以 w 不再移动。",
    },
    "gd.say.zigzag": {
        "en": "w jumps across the bottom each step but still gets closer: α is large, not too large.",
        "zh": "w 每一步都越过谷底，但仍然越来越近：α 偏大，但还不算太大。",
    },
    "gd.say.closer": {
        "en": "Each step moves w closer to 3 and lowers J; the steps shrink as the slope flattens.",
        "zh": "每一步都让 w 更接近 3，J 也随之下降；坡度变缓，步子也越来越小。",
    },
    "gd.key.step": {"en": "Step", "zh": "走一步"},
    "gd.key.ten": {"en": "10 steps", "zh": "走 10 步"},
    "gd.key.alpha_up": {"en": "α up", "zh": "增大 α"},
    "gd.key.alpha_down": {"en": "α down", "zh": "减小 α"},
    "gd.key.start_right": {"en": "Start further right", "zh": "起点右移"},
    "gd.key.start_left": {"en": "Start further left", "zh": "起点左移"},
    "gd.key.reset": {"en": "Reset", "zh": "重置"},
    "race.title": {"en": "Loop race: for-loop against np.dot", "zh": "循环赛跑：for 循环对比 np.dot"},
    "race.hint": {
        "en": "space race (again to stop) · ←/→ change n · r clear the table",
        "zh": "空格 开始（再按一次停止） · ←/→ 改变 n · r 清空表格",
    },
    "race.setup": {
        "en": "n = {n} · the same random vectors for both · best of several runs\n"
        "for-loop  for i in range(n): s += a[i] * c[i]\n"
        "np.dot    np.dot(a, c)",
        "zh": "n = {n} · 两者使用相同的随机向量 · 各取多次运行中最快的一次\n"
        "for 循环  for i in range(n): s += a[i] * c[i]\n"
        "np.dot    np.dot(a, c)",
    },
    "race.none": {"en": "No race yet: press space.", "zh": "还没有比赛：按空格开始。"},
    "race.loop": {"en": "for-loop", "zh": "for 循环"},
    "race.dot": {"en": "np.dot", "zh": "np.dot"},
    "race.speedup": {"en": "speed-up", "zh": "加速比"},
    "race.ratio": {"en": "np.dot is {ratio}× faster", "zh": "np.dot 快 {ratio} 倍"},
    "race.same": {"en": "✓ same sum ({value})", "zh": "✓ 结果相同（{value}）"},
    "race.differ": {"en": "✗ the sums differ!", "zh": "✗ 两个结果不一样！"},
    "race.racing": {
        "en": "racing with n = {n}… (space stops)",
        "zh": "比赛中，n = {n}……（按空格停止）",
    },
    "race.waiting": {
        "en": "waiting for the kernel: the race starts when the running code finishes…",
        "zh": "等待内核：正在运行的代码结束后比赛就会开始……",
    },
    "race.too_slow": {
        "en": "The race took longer than {seconds} s and was stopped; try a smaller n.",
        "zh": "比赛超过了 {seconds} 秒，已被停止；请试试更小的 n。",
    },
    "race.stopped": {"en": "Race stopped. Press space to race again.", "zh": "比赛已停止。按空格重新开始。"},
    "race.key.race": {"en": "Race", "zh": "开始比赛"},
    "race.key.bigger": {"en": "Bigger n", "zh": "增大 n"},
    "race.key.smaller": {"en": "Smaller n", "zh": "减小 n"},
    "race.key.clear": {"en": "Clear table", "zh": "清空表格"},
}


_current = "en"


def set_language(lang: str) -> None:
    """Switch the language `t` answers in (the app does this at start and on toggle)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    _current = lang


def language() -> str:
    return _current


def detect_language(environ: Mapping[str, str]) -> str:
    """Chinese when the locale says so (LC_ALL, then LC_MESSAGES, then LANG), else English."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def translate(text: str) -> str:
    """A catalogue key's text in the current language; any other text as it is.

    Key bindings carry catalogue keys as descriptions so they follow a language switch.
    """
    return t(text) if text in CATALOGUE else text


def t(key: str, /, **values: object) -> str:
    """The string ``key`` in the current language, with ``{name}`` fields filled in."""
    text = CATALOGUE[key][_current]
    return text.format(**values) if values else text
