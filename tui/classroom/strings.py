"""Strings of the class model and the `class` commands: errors, states, the report."""

from __future__ import annotations

from tui.i18n import Catalogue

STRINGS: Catalogue = {
    # ------------------------------------------------------------- commands
    "class.cli.class": {
        "en": "teach a class over SSH: create a class directory, see it, send it somewhere",
        "zh": "通过 SSH 授课：创建班级目录、查看班级、让全班转到某一课",
    },
    "class.cli.join": {
        "en": "join the class in DIR as a student (also NN_BASICS_CLASS=DIR)",
        "zh": "以学生身份加入 DIR 中的班级（也可设置 NN_BASICS_CLASS=DIR）",
    },
    "class.cli.teach": {
        "en": "the teacher's console for the class in DIR",
        "zh": "打开 DIR 中班级的教师控制台",
    },
    "class.cli.init": {
        "en": "create a class directory; you and the members of GROUP are its teachers",
        "zh": "创建班级目录；你和 GROUP 组的成员是这个班的老师",
    },
    "class.cli.teachers": {
        "en": "the group of teachers (default: your own group, if nobody else is in it)",
        "zh": "教师组（默认：你自己的用户组，前提是组里没有别人）",
    },
    "class.cli.report": {
        "en": "print the class: one line per student, raised hands first",
        "zh": "打印班级情况：每个学生一行，举手的排在最前",
    },
    "class.cli.json": {
        "en": "print JSON for scripts instead of a table",
        "zh": "输出供脚本使用的 JSON，而不是表格",
    },
    "class.cli.goto": {
        "en": "ask every student to open lesson N (those following you are taken there)",
        "zh": "请所有学生打开第 N 课（开启“跟随老师”的学生会被直接带到那里）",
    },
    "class.cli.message": {
        "en": "send a one-line message to every student, or to one with --to",
        "zh": "给所有学生发送一行消息，或用 --to 只发给一个学生",
    },
    "class.cli.to": {"en": "the student's account", "zh": "学生的账号"},
    "class.init_done": {
        "en": "Class ready in {path}.\nTeachers: {teachers} (group {group}).\n"
        "Students join with: python -m tui --class {path}\n"
        "Watch the class with: python -m tui teach {path}",
        "zh": "班级已在 {path} 创建。\n老师：{teachers}（用户组 {group}）。\n"
        "学生加入：python -m tui --class {path}\n"
        "查看班级：python -m tui teach {path}",
    },
    "class.goto_done": {
        "en": "Every student is asked to open lesson {number} · {title}.",
        "zh": "已请所有学生打开第 {number} 课 · {title}。",
    },
    "class.message_all_done": {"en": "Message sent to every student.", "zh": "消息已发送给所有学生。"},
    "class.message_done": {"en": "Message sent to {account}.", "zh": "消息已发送给 {account}。"},
    # --------------------------------------------------------------- errors
    "class.missing": {
        "en": "There is no class directory at {path}.",
        "zh": "{path} 处没有班级目录。",
    },
    "class.not_a_folder": {"en": "{path} is not a directory.", "zh": "{path} 不是目录。"},
    "class.not_a_class": {
        "en": "{path} is not a class directory (create one with: python -m tui class init DIR).",
        "zh": "{path} 不是班级目录（用 python -m tui class init DIR 创建）。",
    },
    "class.unsafe": {
        "en": "Refusing the class in {path}: {what} has permissions another account could abuse "
        "to pose as the teacher. Create the class again with: python -m tui class init DIR",
        "zh": "拒绝使用 {path} 中的班级：{what} 的权限可能被其他账号利用来冒充老师。"
        "请用 python -m tui class init DIR 重新创建班级。",
    },
    "class.unsafe_above": {
        "en": "Refusing the class in {path}: the folder {folder} above it can be changed by accounts "
        "other than root and the class's owner. Put the class somewhere safe (for example under /srv).",
        "zh": "拒绝使用 {path} 中的班级：它上层的目录 {folder} 可以被 root 和班级所有者以外的账号修改。"
        "请把班级放在安全的位置（例如 /srv 下）。",
    },
    "class.not_teacher": {
        "en": "Only the teachers of this class can see it, and {account} is not one "
        "(teachers: the class directory's owner and the group {group}).",
        "zh": "只有这个班的老师才能查看班级，而 {account} 不是老师"
        "（老师是班级目录的所有者和 {group} 组的成员）。",
    },
    "class.not_teacher_write": {
        "en": "Could not write to the class directory: {error}",
        "zh": "无法写入班级目录：{error}",
    },
    "class.group_shared": {
        "en": "Your group {group} has other members ({members}), who would all become teachers. "
        "Name a group of teachers only with --teachers GROUP.",
        "zh": "你的用户组 {group} 还有其他成员（{members}），他们都会成为老师。"
        "请用 --teachers GROUP 指定一个只有老师的用户组。",
    },
    "class.no_such_group": {"en": "There is no group {group}.", "zh": "没有名为 {group} 的用户组。"},
    "class.not_in_group": {
        "en": "{account} is not in the group {group}, so could not read the students' records. "
        "Add yourself (sudo usermod -aG {group} {account}) and log in again.",
        "zh": "{account} 不在 {group} 组中，因此无法读取学生的记录。"
        "请把自己加入该组（sudo usermod -aG {group} {account}）后重新登录。",
    },
    "class.cannot_create": {
        "en": "Could not create the class in {path}: {error}",
        "zh": "无法在 {path} 创建班级：{error}",
    },
    "class.not_empty": {
        "en": "{path} already exists and is not an empty directory of yours; choose a new one.",
        "zh": "{path} 已经存在，并且不是你自己的空目录；请换一个新目录。",
    },
    "class.cannot_join": {
        "en": "Could not join the class in {path}: {error}",
        "zh": "无法加入 {path} 中的班级：{error}",
    },
    "class.no_folder": {
        "en": "Could not make a folder for {account} in the class directory; ask the teacher to check it.",
        "zh": "无法在班级目录中为 {account} 创建文件夹；请老师检查班级目录。",
    },
    "class.empty_message": {"en": "The message is empty.", "zh": "消息是空的。"},
    "class.not_delivered": {
        "en": "Could not deliver the message to {account}: {error}",
        "zh": "无法把消息发送给 {account}：{error}",
    },
    "class.no_such_student": {
        "en": "Nobody with the account {account} has joined this class.",
        "zh": "账号 {account} 没有加入这个班级。",
    },
    # --------------------------------------------------------------- report
    "class.column.account": {"en": "Student", "zh": "学生"},
    "class.column.lesson": {"en": "Lesson", "zh": "课程"},
    "class.column.state": {"en": "State", "zh": "状态"},
    "class.column.solved": {"en": "Solved", "zh": "完成"},
    "class.column.attempts": {"en": "Tries", "zh": "尝试"},
    "class.column.active": {"en": "Active", "zh": "最近活动"},
    "class.column.hand": {"en": "Hand", "zh": "举手"},
    "class.hand_up": {"en": "✋ {question}", "zh": "✋ {question}"},
    "class.hand_up_bare": {"en": "✋", "zh": "✋"},
    "class.state.working": {"en": "working", "zh": "学习中"},
    "class.state.idle": {"en": "idle", "zh": "空闲"},
    "class.state.stuck": {"en": "stuck", "zh": "卡住了"},
    "class.state.gone": {"en": "gone", "zh": "已离开"},
    "class.summary": {
        "en": "{students} students: {hands} hands raised, {stuck} stuck, {working} working, "
        "{idle} idle, {gone} gone",
        "zh": "{students} 名学生：{hands} 人举手，{stuck} 人卡住，{working} 人学习中，"
        "{idle} 人空闲，{gone} 人已离开",
    },
}
