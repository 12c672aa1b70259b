"""`python -m tui class ...`: create a class, see it, send it somewhere, tell it something.

Textual is never imported here: these commands are for scripts and a teacher's
shell as much as for people. The classroom's modules are imported by the command
that uses them: every start of the app builds this parser.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lessons import Lesson
from tui.i18n import t


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``class`` command and its four actions, on the main parser's subcommands."""
    group = commands.add_parser("class", help=t("class.cli.class"), description=t("class.cli.class"))
    actions = group.add_subparsers(dest="class_command", metavar="{init,report,goto,message}", required=True)
    init = actions.add_parser("init", help=t("class.cli.init"), description=t("class.cli.init"))
    init.add_argument("directory", type=Path, metavar="DIR")
    init.add_argument("--teachers", metavar="GROUP", help=t("class.cli.teachers"))
    report = actions.add_parser("report", help=t("class.cli.report"), description=t("class.cli.report"))
    report.add_argument("directory", type=Path, metavar="DIR")
    report.add_argument("--json", action="store_true", help=t("class.cli.json"))
    goto = actions.add_parser("goto", help=t("class.cli.goto"), description=t("class.cli.goto"))
    goto.add_argument("directory", type=Path, metavar="DIR")
    goto.add_argument("lesson", type=int, metavar="N")
    message = actions.add_parser("message", help=t("class.cli.message"), description=t("class.cli.message"))
    message.add_argument("directory", type=Path, metavar="DIR")
    message.add_argument("text", metavar="TEXT")
    message.add_argument("--to", metavar="ACCOUNT", help=t("class.cli.to"))


def run(args: argparse.Namespace, lessons: list[Lesson]) -> int:
    """Do ``args.class_command``; errors are one clear sentence on stderr and exit status 2."""
    from tui.classroom.layout import ClassError

    try:
        return _COMMANDS[args.class_command](args, lessons)
    except ClassError as error:
        print(error, file=sys.stderr)
        return 2


def _init(args: argparse.Namespace, lessons: list[Lesson]) -> int:
    from tui.classroom.layout import account_name, group_members, group_name, init_class

    found = init_class(args.directory, args.teachers)
    teachers = sorted(account_name(uid) for uid in group_members(found.group) | {found.owner})
    print(
        t(
            "class.init_done",
            path=found.path,
            teachers=", ".join(teachers),
            group=group_name(found.group),
        )
    )
    return 0


def _report(args: argparse.Namespace, lessons: list[Lesson]) -> int:
    from tui.classroom.layout import open_as_teacher
    from tui.classroom.report import as_json, as_text
    from tui.classroom.roster import Roster

    students = Roster(open_as_teacher(args.directory)).scan()
    print(as_json(students) if args.json else as_text(students))
    return 0


def _goto(args: argparse.Namespace, lessons: list[Lesson]) -> int:
    from tui.classroom.board import send_goto
    from tui.classroom.layout import ClassError, open_as_teacher

    found = open_as_teacher(args.directory)
    numbers = {lesson.number: lesson for lesson in lessons}
    if args.lesson not in numbers:
        raise ClassError("cli.no_such_lesson", number=args.lesson, first=min(numbers), last=max(numbers))
    send_goto(found, args.lesson)
    lesson = numbers[args.lesson]
    print(t("class.goto_done", number=lesson.number, title=lesson.title))
    return 0


def _message(args: argparse.Namespace, lessons: list[Lesson]) -> int:
    from tui.classroom.board import send_to_all, send_to_student
    from tui.classroom.layout import ClassError, open_as_teacher
    from tui.classroom.roster import find_student

    found = open_as_teacher(args.directory)
    if args.to is None:
        send_to_all(found, args.text)
        print(t("class.message_all_done"))
        return 0
    folders = [student for student in find_student(found, args.to)]
    if not folders:
        raise ClassError("class.no_such_student", account=args.to)
    for student in folders:
        send_to_student(found, student, args.text)
    print(t("class.message_done", account=args.to))
    return 0


_COMMANDS = {"init": _init, "report": _report, "goto": _goto, "message": _message}
