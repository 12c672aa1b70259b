"""Parse one lesson Markdown file into a `Lesson`, collecting `path:line` errors.

The format is documented in docs/lesson-format.md. The parser never raises on a
bad file: every problem becomes a `LessonError` so `python -m tui check` can list
them all and the app can show them in the lesson's pane.
"""

from __future__ import annotations

import ast
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from lessons.model import (
    WIDGET_NAMES,
    Block,
    Cell,
    Check,
    Exercise,
    Lesson,
    LessonError,
    Mistake,
    Prose,
    WidgetBlock,
)

FILE_NAME = re.compile(r"^(\d{2})-([a-z0-9][a-z0-9-]*)\.md$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FENCE_OPEN = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
FRONT_MATTER_KEYS = ("id", "title", "summary")
STATIC_LANGUAGES = frozenset({"", "python", "py", "text", "console", "output", "bash", "sh"})
EXERCISE_SECTIONS = ("prompt", "starter", "hint", "solution", "check")
OPTIONAL_SECTIONS = ("mistake",)
"""``--- mistake TEXT``: a wrong answer the checks must reject with a message containing TEXT."""


@dataclass
class _Fence:
    """A fenced block as found in the file, before it is classified."""

    info: str
    body: list[str]
    line: int  # line of the opening fence
    raw: list[str]  # opening fence, body and closing fence, for static blocks


@dataclass
class _Parse:
    """Mutable state of one file's parse; turned into a frozen Lesson at the end."""

    path: Path
    errors: list[LessonError] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.errors.append(LessonError(self.path, line, message))


def parse_file(path: Path) -> Lesson:
    """Read and parse a lesson file; unreadable or malformed files give errors."""
    path = Path(path)
    state = _Parse(path)
    match = FILE_NAME.match(path.name)
    number = int(match.group(1)) if match else 0
    fallback_title = (match.group(2) if match else path.stem).replace("-", " ").capitalize()
    if not match:
        state.error(1, "file name must look like NN-slug.md (for example 08-vectorisation.md)")
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block the read for ever
            state.error(1, "not a regular file (a pipe, device or folder): a lesson must be a plain file")
            return Lesson(number, path.stem, fallback_title, path, errors=tuple(state.errors))
        data = path.read_bytes()
    except OSError as exc:
        state.error(1, f"cannot read the file: {exc.strerror or exc}")
        return Lesson(number, path.stem, fallback_title, path, errors=tuple(state.errors))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        state.error(line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")
        return Lesson(number, path.stem, fallback_title, path, errors=tuple(state.errors))
    return parse_text(text, path, number=number, fallback_title=fallback_title, state=state)


def parse_text(
    text: str,
    path: Path,
    *,
    number: int = 0,
    fallback_title: str = "",
    state: _Parse | None = None,
) -> Lesson:
    """Parse lesson source already in memory (``path`` is only used in messages)."""
    state = state or _Parse(Path(path))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    meta, key_lines, body_start = _front_matter(lines, state)
    blocks = _body(lines, body_start, state)
    lesson_id = meta.get("id", "")
    if not any(isinstance(b, Cell | Exercise) for b in blocks) and not state.errors:
        state.error(max(body_start, 1), "the lesson has no runnable cell (add a ```python cell block)")
    return Lesson(
        number=number,
        id=lesson_id or Path(path).stem,
        title=meta.get("title") or fallback_title or Path(path).stem,
        path=Path(path),
        blocks=tuple(blocks) if not state.errors else (),
        errors=tuple(state.errors),
        id_line=key_lines.get("id", 1),
    )


def _front_matter(lines: list[str], state: _Parse) -> tuple[dict[str, str], dict[str, int], int]:
    """Read the ``---`` delimited ``key: value`` header.

    Returns the values, the line of each key (for cross-file messages) and the
    index of the body's first line."""
    if not lines or lines[0].strip() != "---":
        state.error(1, "missing front matter: the file must start with a '---' line, then id: and title:")
        return {}, {}, 0
    meta: dict[str, str] = {}
    key_lines: dict[str, int] = {}
    for index in range(1, len(lines)):
        line = lines[index]
        number = index + 1
        if line.strip() == "---":
            for key in ("id", "title"):
                if key not in key_lines:
                    state.error(number, f"front matter has no '{key}:'")
            return meta, key_lines, index + 1
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        value = _unquote(value.strip())
        if not sep or not key:
            state.error(number, f"front matter lines look like 'key: value', not {line.strip()!r}")
        elif key not in FRONT_MATTER_KEYS:
            state.error(number, f"unknown front matter key {key!r} (known: {', '.join(FRONT_MATTER_KEYS)})")
        elif key in key_lines:
            state.error(number, f"front matter key {key!r} appears twice")
        else:
            key_lines[key] = number
            if key == "id" and not SLUG.match(value):
                state.error(number, f"lesson id {value!r} must be lower-case letters, digits and dashes")
            elif not value:
                state.error(number, f"front matter key {key!r} is empty")
            else:
                meta[key] = value
    state.error(1, "front matter opened on line 1 is never closed with '---'")
    return meta, key_lines, len(lines)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def _body(lines: list[str], start: int, state: _Parse) -> list[Block]:
    """Split the body into prose and fenced blocks, classifying each fence."""
    blocks: list[Block] = []
    prose: list[str] = []
    prose_line = start + 1
    used_ids: dict[str, int] = {}
    cell_count = 0
    index = start

    def flush_prose() -> None:
        text = "\n".join(prose).strip("\n")
        if text.strip():
            blocks.append(Prose(text, prose_line))
        prose.clear()

    while index < len(lines):
        opened = FENCE_OPEN.match(lines[index])
        if not opened:
            if not prose:
                prose_line = index + 1
            prose.append(lines[index])
            index += 1
            continue
        fence = _read_fence(lines, index, opened, state)
        if fence is None:
            return blocks
        index += len(fence.raw)
        kind = _classify(fence, state)
        if kind == "static":
            if not prose:
                prose_line = fence.line
            prose.extend(fence.raw)
            continue
        flush_prose()
        block: Cell | Exercise | WidgetBlock | None
        if kind == "cell":
            cell_count += 1
            block = _cell(fence, cell_count, state)
        elif kind == "exercise":
            block = _exercise(fence, state)
        elif kind == "widget":
            block = _widget(fence, state)
        else:
            continue
        if block is None:
            continue
        if isinstance(block, Cell | Exercise):
            if block.id in used_ids:
                state.error(block.line, f"id {block.id!r} is already used on line {used_ids[block.id]}")
            used_ids[block.id] = block.line
        blocks.append(block)
    flush_prose()
    return blocks


def _read_fence(lines: list[str], index: int, opened: re.Match[str], state: _Parse) -> _Fence | None:
    marker = opened.group("fence")
    info = opened.group("info").strip()
    if marker[0] == "`" and "`" in info:
        state.error(index + 1, "a ``` fence's info string cannot contain backticks")
        return None
    close = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}\s*$")
    for end in range(index + 1, len(lines)):
        if close.match(lines[end]):
            return _Fence(info, lines[index + 1 : end], index + 1, lines[index : end + 1])
    state.error(index + 1, f"code block opened here with {marker} is never closed")
    return None


def _classify(fence: _Fence, state: _Parse) -> str | None:
    """Name what a fence is: static code, a cell, an exercise or a widget."""
    words = fence.info.split()
    first = words[0].lower() if words else ""
    if first in ("python", "py") and len(words) > 1:
        if words[1] == "cell":
            return "cell"
        state.error(fence.line, f"unknown block kind {words[1]!r} after {first!r} (did you mean 'cell'?)")
        return None
    if first in STATIC_LANGUAGES:
        return "static"
    if first in ("exercise", "widget"):
        return first
    known = "python cell, exercise ID, widget NAME, or plain python/text/console code"
    state.error(fence.line, f"unknown block kind {first!r} (known: {known})")
    return None


def _attributes(words: list[str], allowed: tuple[str, ...], line: int, state: _Parse) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep or key not in allowed:
            state.error(line, f"unknown attribute {word!r} (allowed: {', '.join(allowed)})")
        else:
            attrs[key] = value
    return attrs


def _timeout(attrs: dict[str, str], line: int, state: _Parse) -> float | None:
    if "timeout" not in attrs:
        return None
    try:
        seconds = float(attrs["timeout"])
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 600:
        state.error(line, f"timeout must be a number of seconds between 0 and 600, not {attrs['timeout']!r}")
        return None
    return seconds


def _valid_id(value: str, line: int, state: _Parse) -> bool:
    if SLUG.match(value):
        return True
    state.error(line, f"id {value!r} must be lower-case letters, digits and dashes")
    return False


def _code(lines: list[str]) -> str:
    """Block content without leading/trailing blank lines, indentation kept."""
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(lines)


def _syntax_ok(code: str, first_line: int, what: str, state: _Parse) -> bool:
    """Report a Python syntax error at its line in the lesson file."""
    try:
        ast.parse(code)
    except SyntaxError as exc:
        state.error(first_line + (exc.lineno or 1) - 1, f"{what} has a Python syntax error: {exc.msg}")
        return False
    except ValueError as exc:  # NUL bytes
        state.error(first_line, f"{what} cannot be compiled: {exc}")
        return False
    return True


def _cell(fence: _Fence, count: int, state: _Parse) -> Cell | None:
    attrs = _attributes(fence.info.split()[2:], ("id", "timeout"), fence.line, state)
    cell_id = attrs.get("id", f"cell-{count}")
    if not _valid_id(cell_id, fence.line, state):
        return None
    code = _code(fence.body)
    if not code.strip():
        state.error(fence.line, "empty cell")
        return None
    first = fence.line + 1 + next(i for i, line in enumerate(fence.body) if line.strip())
    if not _syntax_ok(code, first, "cell", state):
        return None
    return Cell(cell_id, code, fence.line, _timeout(attrs, fence.line, state))


def _exercise(fence: _Fence, state: _Parse) -> Exercise | None:
    words = fence.info.split()[1:]
    if not words or "=" in words[0]:
        state.error(fence.line, "an exercise needs an id: ```exercise my-id")
        return None
    exercise_id = words[0]
    attrs = _attributes(words[1:], ("timeout",), fence.line, state)
    if not _valid_id(exercise_id, fence.line, state):
        return None
    header: dict[str, str] = {}
    sections: list[tuple[str, str, int, list[str]]] = []  # (name, argument, line, body)
    for offset, line in enumerate(fence.body):
        number = fence.line + 1 + offset
        if line.startswith("--- "):
            name, _, argument = line[4:].strip().partition(" ")
            if name not in EXERCISE_SECTIONS + OPTIONAL_SECTIONS:
                known = ", ".join(EXERCISE_SECTIONS + OPTIONAL_SECTIONS)
                state.error(number, f"unknown exercise section {name!r} (known: {known})")
                return None
            sections.append((name, argument.strip(), number, []))
        elif sections:
            sections[-1][3].append(line)
        elif line.strip():
            key, sep, value = line.partition(":")
            if not sep or key.strip() != "title":
                state.error(number, "before the first '--- section' an exercise only takes 'title: ...'")
                return None
            header["title"] = value.strip()
    found = {name for name, *_ in sections}
    missing = [name for name in EXERCISE_SECTIONS if name not in found]
    if "title" not in header:
        missing.insert(0, "title")
    if missing:
        state.error(fence.line, f"exercise {exercise_id!r} is missing: {', '.join(missing)}")
        return None
    hints: list[str] = []
    checks: list[Check] = []
    mistakes: list[Mistake] = []
    parts: dict[str, str] = {}
    ok = True
    for name, argument, number, body in sections:
        text = _code(body)
        if name in ("starter", "solution", "check", "mistake"):
            ok = _syntax_ok(text, number + 1, f"exercise {name}", state) and ok
        if name == "mistake":
            if not argument:
                state.error(
                    number,
                    "a mistake needs the text its message must contain: '--- mistake is + b missing'",
                )
                ok = False
            elif not text.strip():
                state.error(number, "a mistake needs the wrong answer as its body")
                ok = False
            mistakes.append(Mistake(argument, text, number))
        elif name == "hint":
            hints.append(text)
        elif name == "check":
            if not argument:
                state.error(number, "a check needs a plain-words description: '--- check w has shape (n, 1)'")
                ok = False
            checks.append(Check(argument, text, number))
        elif name in parts:
            state.error(number, f"exercise section {name!r} appears twice")
            ok = False
        else:
            parts[name] = text
    if not ok:
        return None
    return Exercise(
        id=exercise_id,
        title=header["title"],
        prompt=parts["prompt"],
        starter=parts["starter"],
        hints=tuple(hints),
        solution=parts["solution"],
        checks=tuple(checks),
        line=fence.line,
        timeout=_timeout(attrs, fence.line, state),
        mistakes=tuple(mistakes),
    )


def _widget(fence: _Fence, state: _Parse) -> WidgetBlock | None:
    words = fence.info.split()[1:]
    if len(words) != 1:
        state.error(fence.line, "a widget block names one widget: ```widget broadcast-explorer")
        return None
    name = words[0]
    if name not in WIDGET_NAMES:
        state.error(fence.line, f"unknown widget {name!r} (known: {', '.join(sorted(WIDGET_NAMES))})")
        return None
    options: dict[str, str] = {}
    for offset, line in enumerate(fence.body):
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            state.error(
                fence.line + 1 + offset, f"widget options look like 'key: value', not {line.strip()!r}"
            )
            return None
        options[key.strip()] = value.strip()
    return WidgetBlock(name, options, fence.line)
