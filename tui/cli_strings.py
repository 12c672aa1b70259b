"""The command line's strings: help texts, answers and errors of `python -m tui`."""

from __future__ import annotations

from tui.i18n import Catalogue

STRINGS: Catalogue = {
    "cli.description": {
        "en": "A terminal tutorial for neural-network programming basics, with live NumPy code.",
        "zh": "神经网络编程基础的终端教程：逻辑回归、梯度下降、向量化与广播，代码可以现场运行。",
    },
    "cli.epilog": {
        "en": "Check lesson files with: python -m tui check FILE...",
        "zh": "检查课程文件：python -m tui check 文件...",
    },
    "cli.serve": {
        "en": "serve logins on the Unix socket SOCKET: the app is imported once and forked for each "
        "login that sets NN_BASICS_SERVER=SOCKET (for class servers)",
        "zh": "在 Unix 套接字 SOCKET 上接待登录：程序只导入一次，为每个设置了 NN_BASICS_SERVER=SOCKET "
        "的登录分叉出一个会话（供上课的服务器使用）",
    },
    "cli.serve_seats": {
        "en": "seats one account may hold at once (default 8; more logins run the app themselves)",
        "zh": "一个账号同时最多占用的会话数（默认 8；超出的登录自己运行程序）",
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
    "cli.console_no_chinese": {
        "en": "The Linux console cannot draw Chinese characters; showing the English edition. "
        "Use a terminal emulator (or SSH from one) for the Chinese edition.",
        "zh": "Linux 控制台无法显示中文，现在显示英文版。"
        "要使用中文版，请在终端模拟器中运行（或从终端模拟器通过 SSH 登录）。",
    },
}
