"""The app's own strings: the frame, the command palette, key descriptions and help."""

from __future__ import annotations

from tui.i18n import Catalogue

STRINGS: Catalogue = {
    "app.title": {"en": "nn-basics", "zh": "nn-basics 神经网络编程基础"},
    "app.lessons": {"en": "Lessons", "zh": "课程"},
    "app.too_small": {
        "en": "Make the terminal larger: at least {width}×{height}.",
        "zh": "请把终端窗口调大：至少 {width}×{height}。",
    },
    "key.run_cell": {"en": "Run cell", "zh": "运行"},
    "key.run_all": {"en": "Run all", "zh": "全部运行"},
    "key.reset_cell": {"en": "Reset cell", "zh": "重置代码"},
    "key.stop": {"en": "Stop", "zh": "停止"},
    "key.next_lesson": {"en": "Next lesson", "zh": "下一课"},
    "key.previous_lesson": {"en": "Previous lesson", "zh": "上一课"},
    "key.help": {"en": "Help", "zh": "帮助"},
    "key.quit": {"en": "Quit", "zh": "退出"},
    "key.toggle_sidebar": {"en": "Sidebar", "zh": "侧栏"},
    "key.leave_editor": {"en": "Leave editor", "zh": "离开编辑器"},
    "key.back_to_sidebar": {"en": "Back to lessons", "zh": "回到课程列表"},
    "key.select": {"en": "Open lesson", "zh": "打开课程"},
    "key.cursor_down": {"en": "Move in the list", "zh": "在列表中移动"},
    "key.cursor_up": {"en": "Up", "zh": "上移"},
    "key.focus_next": {"en": "Next area", "zh": "下一个区域"},
    "key.focus_previous": {"en": "Previous area", "zh": "上一个区域"},
    "key.command_palette": {"en": "Command palette", "zh": "命令面板"},
    "key.palette_short": {"en": "palette", "zh": "命令"},
    "key.toggle_language": {"en": "中文", "zh": "English"},
    "command.toggle_language": {
        "en": "Switch lessons and interface to Chinese; your code and place are kept",
        "zh": "把课程和界面切换为英文；你的代码和当前位置都会保留",
    },
    "command.theme": {"en": "Theme", "zh": "主题"},
    "command.theme_help": {"en": "Change the colours", "zh": "更换配色"},
    "command.quit": {
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
    "key.scroll_lesson": {"en": "Scroll", "zh": "滚动"},
    "help.title": {"en": "Keys", "zh": "快捷键"},
    "help.close": {"en": "Press Escape, q or F1 to close.", "zh": "按 Escape、q 或 F1 关闭。"},
    "help.where.app": {"en": "Anywhere", "zh": "任何位置"},
    "help.where.list": {"en": "In the lesson list", "zh": "在课程列表中"},
    "help.where.reading": {"en": "In a lesson, outside the editor", "zh": "在课程中（编辑器外）"},
    "help.where.cell": {"en": "In a code cell", "zh": "在代码单元中"},
    "help.where.editor": {"en": "In a code cell's editor", "zh": "在代码单元的编辑器中"},
    "help.where.exercise": {"en": "In an exercise", "zh": "在练习中"},
    "help.where.class": {"en": "In a class", "zh": "在课堂上"},
    "key.check": {"en": "Check answer", "zh": "检查答案"},
    "help.intro": {
        "en": "Read the lesson, edit its code cells, run them and look at the output and plots. "
        "Everything runs in a separate Python process, so a crash or an endless loop in a cell "
        "cannot take the tutorial down.",
        "zh": "阅读课程，修改代码单元，运行并查看输出和图。所有代码都在独立的 Python 进程中运行，"
        "单元里的崩溃或死循环不会让教程本身退出。",
    },
    "key.hint": {"en": "Hint", "zh": "提示"},
    "key.solution": {"en": "Solution", "zh": "答案"},
    "key.progress": {"en": "Progress", "zh": "学习进度"},
    "help.close_progress": {"en": "Press Escape, q or F3 to close.", "zh": "按 Escape、q 或 F3 关闭。"},
    "command.hint": {"en": "The next hint for this exercise", "zh": "本练习的下一条提示"},
    "command.solution": {
        "en": "Show this exercise's solution (asks first)",
        "zh": "显示本练习的参考答案（会先确认）",
    },
    "command.progress": {"en": "Exercises solved in each lesson", "zh": "每节课完成的练习"},
    "command.goto": {"en": "Go to lesson {label}", "zh": "转到第 {label}"},
    "command.goto_help": {"en": "Open this lesson", "zh": "打开这节课"},
    "command.run_cell": {
        "en": "Run the focused code cell (again: stop it)",
        "zh": "运行当前代码单元（再按一次停止）",
    },
    "command.run_all": {"en": "Run every cell of this lesson in order", "zh": "按顺序运行本课所有单元"},
    "command.reset_cell": {
        "en": "Put back the cell's original code (Ctrl+Z undoes it)",
        "zh": "恢复单元的原始代码（Ctrl+Z 可撤销）",
    },
    "command.stop": {"en": "Stop the running cell", "zh": "停止正在运行的单元"},
    "command.restart_kernel": {
        "en": "Start a fresh kernel: all variables are forgotten",
        "zh": "启动新的内核：所有变量都会被清空",
    },
    "command.toggle_sidebar": {"en": "Show or hide the lesson list", "zh": "显示或隐藏课程列表"},
    # the editor's keys (issue 15; their other strings are in tui/widgets/editor_strings.py)
    "key.toggle_shapes": {"en": "Shapes", "zh": "形状"},
    "command.toggle_shapes": {
        "en": "Show or hide the shape panel: every array of the lesson, its shape and dtype",
        "zh": "显示或隐藏形状面板：本课每个数组的形状和 dtype",
    },
    "key.enter_block": {"en": "Into a cell", "zh": "进入单元"},
    "command.enter_block": {
        "en": "Into the next (or previous) cell or widget on screen",
        "zh": "进入屏幕上的下一个（或上一个）单元或演示",
    },
    "key.expand_outputs": {"en": "All output", "zh": "完整输出"},
    "command.expand_outputs": {
        "en": "Show every long output of the lesson in full",
        "zh": "完整显示本课所有较长的输出",
    },
    "key.expand_output": {"en": "All output", "zh": "完整输出"},
    "command.expand_output": {
        "en": "Show all of this cell's long output (or click its last line)",
        "zh": "完整显示本单元较长的输出（或点击其最后一行）",
    },
    "key.complete": {"en": "Complete", "zh": "补全"},
    "command.complete": {
        "en": "Indent at a line's start or after a space; else complete the name (one is inserted, "
        "several are listed: ↑ ↓ choose, Tab or Enter insert)",
        "zh": "在行首或空格后缩进；否则补全名字"
        "（只有一个就直接插入，多个则列出：↑ ↓ 选择，Tab 或 Enter 插入）",
    },
    "key.dedent": {"en": "Dedent", "zh": "减少缩进"},
    "command.dedent": {"en": "Dedent the line (or the selected lines)", "zh": "减少本行（或所选各行）的缩进"},
    "key.describe": {"en": "Help on name", "zh": "名字说明"},
    "command.describe": {
        "en": "Signature and first paragraph of help of the name under the cursor (Escape closes it)",
        "zh": "光标处名字的签名和说明的第一段（Escape 关闭）",
    },
    "command.help": {"en": "Show all keys", "zh": "显示全部快捷键"},
    "command.focus_next": {
        "en": "Move between the list, the lesson, its cells and widgets (in an editor, Tab indents "
        "or completes)",
        "zh": "在课程列表、课程内容、单元和演示之间移动（在编辑器中 Tab 用于缩进或补全）",
    },
    "command.command_palette": {
        "en": "Search every command, and go to any lesson",
        "zh": "搜索所有命令，或转到任意一课",
    },
    "command.cursor_down": {"en": "Choose a lesson in the list", "zh": "在列表中选择课程"},
    "command.select": {"en": "Open the chosen lesson", "zh": "打开选中的课程"},
    "command.scroll_lesson": {"en": "Scroll the lesson", "zh": "滚动课程内容"},
    "command.next_lesson": {"en": "Open the next lesson", "zh": "打开下一课"},
    "command.previous_lesson": {"en": "Open the previous lesson", "zh": "打开上一课"},
    "command.back_to_sidebar": {"en": "Back to the lesson list", "zh": "回到课程列表"},
    "command.leave_editor": {"en": "Leave the editor, back to reading", "zh": "离开编辑器，回到阅读"},
    "command.check": {"en": "Check your answer", "zh": "检查你的答案"},
}
