"""Command line: parse arguments, answer the quick ones, start the app for the rest.

`--list`, `check`, `class ...` and `--version` never import Textual, so they are
instant and work on any terminal (and in scripts).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tui import __version__
from tui.i18n import detect_language, set_language, t
from tui.server.wire import SEATS_PER_ACCOUNT, SERVER_VARIABLE

if TYPE_CHECKING:
    from tui.classroom.link import ClassLink
    from tui.progress import Progress


FRAMES_PER_SECOND = 120

KIOSK_VARIABLE = "NN_BASICS_KIOSK"
"""Set to 1 (for example by an sshd ForceCommand) to start in kiosk mode."""

ENV_CLASS = "NN_BASICS_CLASS"
"""The class a student joins, for an sshd ForceCommand (same as ``--class DIR``)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tui",
        description=t("cli.description"),
        epilog=t("cli.epilog"),
    )
    parser.add_argument("--version", action="version", version=f"nn-basics {__version__}")
    parser.add_argument("--lesson", type=int, metavar="N", help=t("cli.lesson"))
    parser.add_argument("--lang", choices=("en", "zh"), help=t("cli.lang"))
    parser.add_argument("--lessons", type=Path, metavar="DIR", help=t("cli.lessons"))
    parser.add_argument("--list", action="store_true", help=t("cli.list"))
    parser.add_argument("--no-mouse", action="store_true", help=t("cli.no_mouse"))
    parser.add_argument("--ascii", action="store_true", help=t("cli.ascii"))
    parser.add_argument("--kiosk", action="store_true", help=t("cli.kiosk"))
    parser.add_argument("--no-save", action="store_true", help=t("cli.no_save"))
    parser.add_argument("--reset-progress", action="store_true", help=t("cli.reset_progress"))
    parser.add_argument("--class", dest="class_dir", type=Path, metavar="DIR", help=t("class.cli.join"))
    commands = parser.add_subparsers(dest="command", metavar="{check,teach,class,grade,serve}")
    check = commands.add_parser("check", help=t("cli.check"), description=t("cli.check"))
    check.add_argument("files", nargs="+", type=Path, metavar="FILE")
    check.add_argument("--solutions", action="store_true", help=t("grade.solutions"))
    teach = commands.add_parser("teach", help=t("class.cli.teach"), description=t("class.cli.teach"))
    teach.add_argument("directory", type=Path, metavar="DIR")
    serve = commands.add_parser("serve", help=t("cli.serve"), description=t("cli.serve"))
    serve.add_argument("socket", type=Path, metavar="SOCKET")
    serve.add_argument(
        "--seats-per-account", type=int, default=SEATS_PER_ACCOUNT, metavar="N", help=t("cli.serve_seats")
    )
    from tui.classroom.cli import add_commands

    add_commands(commands)
    from tui import grade_cli

    grade_cli.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    server = os.environ.get(SERVER_VARIABLE)
    if server and argv[:1] != ["serve"]:
        from tui.server.attach import attach

        status = attach(server, argv)
        if status is not None:
            return status
    set_language(detect_language(os.environ))
    from tui import grade_cli

    try:
        args = build_parser().parse_args(argv)
    except grade_cli.BadArguments as error:
        return grade_cli.refuse_arguments(str(error), as_json="--json" in argv)
    if args.command == "check":
        return check(args.files, solutions=args.solutions)
    if args.command == "grade":
        return grade_cli.run(args)
    if args.command == "serve":
        from tui.server.daemon import serve

        return serve(args.socket, args.seats_per_account)
    lang = args.lang or _saved_language(args) or detect_language(os.environ)
    set_language(lang)
    from lessons import load, load_dir

    lessons = load_dir(args.lessons) if args.lessons else load(lang) or load("en")
    if not lessons:
        print(t("cli.no_lessons", path=args.lessons), file=sys.stderr)
        return 2
    if args.list:
        for lesson in lessons:
            print(lesson.label)
        return 0
    if args.command == "class":
        from tui.classroom import cli

        return cli.run(args, lessons)
    numbers = [lesson.number for lesson in lessons]
    if args.lesson is not None and args.lesson not in numbers:
        print(
            t("cli.no_such_lesson", number=args.lesson, first=min(numbers), last=max(numbers)),
            file=sys.stderr,
        )
        return 2
    if os.environ.get("TERM") == "dumb":
        print(t("cli.dumb_terminal"), file=sys.stderr)
        return 2
    kiosk = args.kiosk or os.environ.get(KIOSK_VARIABLE, "") not in ("", "0")
    ascii = args.ascii or os.environ.get("TERM") == "linux"  # the console draws code page 437 only
    if ascii and lang == "zh" and not args.lessons:
        print(t("cli.console_no_chinese"), file=sys.stderr)
        lang = "en"
        set_language(lang)
        lessons = load(lang)
    from tui.progress import Progress

    if args.reset_progress:
        return reset_progress(Progress.load())
    if kiosk:
        for name in [name for name in os.environ if name.startswith("TEXTUAL")]:
            del os.environ[name]  # no devtools, no driver or debug switches in a kiosk session
        from tui.kiosk import protect

        protect()  # cells cannot reach this process through /proc or ptrace
    # Textual draws at most once per frame and waits for the next one after a change;
    # at its default 60 fps that wait was half of a trivial cell's round trip. Idle
    # costs nothing either way: frames are only drawn when something changed.
    os.environ.setdefault("TEXTUAL_FPS", str(FRAMES_PER_SECOND))
    if "textual" in sys.modules:  # a login server's seat: Textual was imported with the server's environment
        from tui.framework import reread_environment

        reread_environment()
    if args.command == "teach":
        from tui.teach import run_console

        return run_console(args.directory, lessons, ascii=ascii, mouse=not args.no_mouse)
    classroom = join_class(args.class_dir or os.environ.get(ENV_CLASS))
    if classroom is False:
        return 2
    progress = Progress.load(save=not args.no_save)
    from tui.app import TutorialApp

    app = TutorialApp(
        lessons=lessons,
        lang=lang,
        start_lesson=args.lesson,
        ascii=ascii,
        kiosk=kiosk,
        progress=progress,
        load_lessons=None if args.lessons else (lambda other: load(other) or load("en")),
        classroom=classroom or None,
    )
    # What is imported and parsed by now lives as long as the app: taken out of the
    # collector's sight, a full collection scans a third of the objects (30 ms less, at
    # random moments, on a slow server). A login server's seat did this in the server.
    gc.freeze()
    try:
        app.run(mouse=not args.no_mouse)
    finally:
        app.kernel.kill_now()  # in case the app died before it could stop the kernel itself
        if classroom:
            classroom.close()
    return app.return_code or 0


def join_class(directory: str | Path | None) -> ClassLink | Literal[False] | None:
    """The class a student joins with ``--class DIR`` (None: no class; False: refused, said why)."""
    if not directory:
        return None
    from tui.classroom.layout import ClassError
    from tui.classroom.link import ClassLink

    try:
        return ClassLink.join(Path(directory))
    except ClassError as error:
        print(error, file=sys.stderr)
        return False


def _saved_language(args: argparse.Namespace) -> str | None:
    """The language the learner last switched to (F2), kept with their progress."""
    if args.no_save or args.lessons or args.reset_progress:
        return None
    from tui.progress import saved_language

    return saved_language()


def reset_progress(progress: Progress) -> int:
    """Forget all saved progress, after the learner says yes."""
    where = progress.path or "-"
    try:
        answer = input(t("cli.reset_confirm", path=where))
    except EOFError:
        answer = ""
    if answer.strip().lower() not in ("y", "yes", "是", "是的"):
        print(t("cli.reset_cancelled"))
        return 1
    if not progress.reset():
        for notice in progress.take_notices():
            print(notice, file=sys.stderr)
        return 1
    print(t("cli.reset_done"))
    return 0


def check(files: Sequence[Path], *, solutions: bool = False) -> int:
    """Validate lesson files for authors: one ``path:line: message`` per problem.

    With ``solutions``, valid files' exercises are then graded for real (``tui.verify``).
    """
    from lessons import check_files

    errors = check_files(files)
    for error in errors:
        print(error)
    if errors:
        print(t("cli.check_failed", count=len(errors)), file=sys.stderr)
        return 1
    print(t("cli.check_ok", count=len(files)))
    if solutions:
        from tui.grade_cli import check_solutions

        return check_solutions(files)
    return 0


if __name__ == "__main__":
    sys.exit(main())
