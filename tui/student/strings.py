"""Strings of a student's app in a class: the hand, the teacher's notices, following."""

from __future__ import annotations

from tui.i18n import Catalogue

STRINGS: Catalogue = {
    "student.key.toggle_hand": {"en": "Raise or lower your hand", "zh": "举手或放下手"},
    "student.command.toggle_hand": {
        "en": "Ask the teacher for help (with a one-line question if you like), or take it back",
        "zh": "请老师帮忙（可以附上一句问题），或者收回请求",
    },
    "student.key.raise_hand": {"en": "Raise hand", "zh": "举手"},
    "student.command.raise_hand": {
        "en": "Ask the teacher for help, with a one-line question if you like (F4)",
        "zh": "请老师帮忙，可以附上一句问题（F4）",
    },
    "student.key.lower_hand": {"en": "Lower hand", "zh": "放下手"},
    "student.command.lower_hand": {
        "en": "Tell the teacher you no longer need help (F4)",
        "zh": "告诉老师你不再需要帮忙（F4）",
    },
    "student.key.teacher_lesson": {"en": "Go to the teacher's lesson", "zh": "转到老师指定的课"},
    "student.command.teacher_lesson": {
        "en": "Open the lesson the teacher sent the class to",
        "zh": "打开老师让全班转到的那一课",
    },
    "student.key.toggle_follow": {"en": "Follow the teacher", "zh": "跟随老师"},
    "student.command.toggle_follow": {
        "en": "Turn following on or off: when on, you go wherever the teacher sends the class",
        "zh": "开启或关闭跟随：开启后，老师让全班转到哪一课，你就自动过去",
    },
    "student.hand.title": {"en": "Raise your hand", "zh": "举手"},
    "student.hand.placeholder": {"en": "Your question (optional)", "zh": "你的问题（可以不填）"},
    "student.hand.keys": {
        "en": "Enter raises your hand · Escape cancels",
        "zh": "Enter 举手 · Escape 取消",
    },
    "student.hand.raised": {
        "en": "Your hand is raised: the teacher can see it. F4 lowers it.",
        "zh": "你已举手，老师能看到。按 F4 放下。",
    },
    "student.hand.lowered": {"en": "Your hand is down.", "zh": "你已放下手。"},
    "student.hand.not_raised": {"en": "Your hand is not raised.", "zh": "你没有举手。"},
    "student.bar.hand": {
        "en": "✋ Your hand is raised: {question} · F4 lowers it",
        "zh": "✋ 你已举手：{question} · 按 F4 放下",
    },
    "student.bar.hand_bare": {
        "en": "✋ Your hand is raised · F4 lowers it",
        "zh": "✋ 你已举手 · 按 F4 放下",
    },
    "student.bar.goto": {
        "en": "➜ The teacher asks the class to open lesson {number} · {title} · F8 goes there",
        "zh": "➜ 老师请全班打开第 {number} 课 · {title} · 按 F8 前往",
    },
    "student.bar.message": {
        "en": "✉ {teacher} at {time}: {text}",
        "zh": "✉ {teacher}（{time}）：{text}",
    },
    "student.bar.message_you": {
        "en": "✉ {teacher} to you at {time}: {text}",
        "zh": "✉ {teacher}（{time}）对你说：{text}",
    },
    "student.follow.on": {
        "en": "You follow the teacher: when they move the class, you go too. F9 stops it.",
        "zh": "你正在跟随老师：老师让全班转课时你会一起过去。按 F9 停止。",
    },
    "student.follow.off": {
        "en": "You no longer follow the teacher.",
        "zh": "你不再跟随老师。",
    },
    "student.moved": {
        "en": "The teacher took the class to lesson {number} · {title}.",
        "zh": "老师带全班来到了第 {number} 课 · {title}。",
    },
    "student.no_goto": {
        "en": "The teacher has not sent the class to a lesson yet.",
        "zh": "老师还没有让全班转到某一课。",
    },
    "student.no_such_lesson": {
        "en": "The teacher asks for lesson {number}, which these lessons do not have.",
        "zh": "老师要求打开第 {number} 课，但当前课程中没有这一课。",
    },
    "student.not_in_class": {
        "en": "You are not in a class (a teacher starts you with --class DIR).",
        "zh": "你不在课堂中（老师会用 --class DIR 让你加入）。",
    },
    "student.write_failed": {
        "en": "The teacher cannot see your progress: {error}",
        "zh": "老师看不到你的学习进度：{error}",
    },
}
