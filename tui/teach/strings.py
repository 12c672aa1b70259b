"""Strings of the teacher's console."""

from __future__ import annotations

from tui.i18n import Catalogue

STRINGS: Catalogue = {
    "teach.summary": {
        "en": "{students} students · ✋ {hands} · {stuck} stuck · {working} working · "
        "{idle} idle · {gone} gone",
        "zh": "{students} 名学生 · ✋ {hands} · 卡住 {stuck} · 学习中 {working} · 空闲 {idle} · 离开 {gone}",
    },
    "teach.column.note": {"en": "Hand / last check", "zh": "举手 / 最近检查"},
    "teach.empty": {
        "en": "No student has joined yet. Students join with: python -m tui --class {path}",
        "zh": "还没有学生加入。学生加入方式：python -m tui --class {path}",
    },
    "teach.check.passed": {"en": "✓ {passed}/{total}", "zh": "✓ {passed}/{total}"},
    "teach.check.failed": {"en": "✗ {passed}/{total} {diagnosis}", "zh": "✗ {passed}/{total} {diagnosis}"},
    "teach.check.error": {"en": "✗ error: {diagnosis}", "zh": "✗ 出错：{diagnosis}"},
    "teach.problem": {"en": "record unusable ({problem})", "zh": "记录无法使用（{problem}）"},
    # keys
    "teach.key.open": {"en": "Open", "zh": "查看"},
    "teach.key.message": {"en": "Message", "zh": "发消息"},
    "teach.key.message_all": {"en": "To all", "zh": "发给全班"},
    "teach.key.goto": {"en": "Lesson for all", "zh": "全班转到"},
    "teach.key.sort": {"en": "Sort", "zh": "排序"},
    "teach.key.reverse": {"en": "Reverse", "zh": "倒序"},
    "teach.key.back": {"en": "Back", "zh": "返回"},
    "teach.key.quit": {"en": "Quit", "zh": "退出"},
    "teach.key.send": {"en": "Send", "zh": "发送"},
    "teach.key.cancel": {"en": "Cancel", "zh": "取消"},
    # one student
    "teach.student.title": {"en": "{account} · {where} · {state}", "zh": "{account} · {where} · {state}"},
    "teach.student.lesson": {"en": "lesson {number} · {title}", "zh": "第 {number} 课 · {title}"},
    "teach.student.no_lesson": {"en": "no lesson open", "zh": "没有打开课程"},
    "teach.student.hand": {"en": "✋ Hand raised at {time}: {question}", "zh": "✋ {time} 举手：{question}"},
    "teach.student.hand_bare": {"en": "✋ Hand raised at {time}", "zh": "✋ {time} 举手"},
    "teach.student.check": {
        "en": "Last check at {time}, exercise {exercise}: {verdict}, {passed} of {total} checks pass",
        "zh": "最近一次检查（{time}，练习 {exercise}）：{verdict}，{total} 项中通过 {passed} 项",
    },
    "teach.student.verdict.passed": {"en": "solved", "zh": "已完成"},
    "teach.student.verdict.failed": {"en": "not yet", "zh": "还没通过"},
    "teach.student.verdict.error": {"en": "the code failed to run", "zh": "代码运行出错"},
    "teach.student.diagnosis": {"en": "  First thing to fix: {diagnosis}", "zh": "  首先要改的：{diagnosis}"},
    "teach.student.exercise": {
        "en": "Exercise {exercise}: {fails} failed checks in a row, {minutes} min without progress, "
        "hints {hints}/{hints_total}",
        "zh": "练习 {exercise}：连续 {fails} 次检查未通过，{minutes} 分钟没有进展，"
        "已看提示 {hints}/{hints_total}",
    },
    "teach.student.totals": {
        "en": "Solved {solved} exercises, {attempts} checks · last key {active} · following you: {follow}",
        "zh": "完成 {solved} 个练习，检查 {attempts} 次 · 最近按键 {active} · 跟随老师：{follow}",
    },
    "teach.student.yes": {"en": "yes", "zh": "是"},
    "teach.student.no": {"en": "no", "zh": "否"},
    "teach.student.code": {"en": "Code of {cell} (read-only)", "zh": "{cell} 的代码（只读）"},
    "teach.student.no_code": {"en": "Code (none yet)", "zh": "代码（暂无）"},
    "teach.student.output": {"en": "Last output", "zh": "最近输出"},
    "teach.student.gone": {
        "en": "This session has ended; what it showed last:",
        "zh": "这个会话已经结束；以下是它最后的状态：",
    },
    # dialogs
    "teach.message.to": {"en": "Message to {account}", "zh": "发给 {account} 的消息"},
    "teach.message.to_all": {"en": "Message to every student", "zh": "发给全班的消息"},
    "teach.message.placeholder": {
        "en": "One line; Enter sends, Escape cancels",
        "zh": "一行文字；Enter 发送，Escape 取消",
    },
    "teach.message.sent": {"en": "Message sent to {account}.", "zh": "消息已发送给 {account}。"},
    "teach.message.sent_all": {"en": "Message sent to every student.", "zh": "消息已发送给全班。"},
    "teach.goto.title": {"en": "Send the class to lesson…", "zh": "让全班转到…"},
    "teach.goto.sent": {
        "en": "The class is asked to open lesson {number} · {title}.",
        "zh": "已请全班打开第 {number} 课 · {title}。",
    },
    "teach.goto.current": {"en": "{label}  (now)", "zh": "{label}（当前）"},
    "teach.no_student": {"en": "Choose a student first.", "zh": "请先选择一个学生。"},
    "teach.scan_failed": {"en": "Cannot read the class: {error}", "zh": "无法读取班级：{error}"},
}
