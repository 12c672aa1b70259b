"""What a parsed lesson is made of: plain data, no NumPy, no Textual.

The UI renders these, the kernel runs their code, and `python -m tui check`
reports their problems; keeping them as frozen dataclasses means none of those
can change a lesson behind another's back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

WIDGET_NAMES = frozenset(
    {
        "broadcast-explorer",
        "rank1-inspector",
        "graph-stepper",
        "gd-stepper",
        "loop-race",
    }
)
"""Lesson widgets a ```widget NAME``` block may embed (the UI maps each to a class)."""


@dataclass(frozen=True)
class LessonError:
    """A problem in a lesson file, reported as ``path:line: message`` like a compiler."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Prose:
    """Markdown between runnable blocks (static code blocks included)."""

    text: str
    line: int


@dataclass(frozen=True)
class Cell:
    """A runnable Python cell; ``id`` keys the learner's saved code."""

    id: str
    code: str
    line: int
    timeout: float | None = None


@dataclass(frozen=True)
class Check:
    """One hidden assertion of an exercise, described in plain words."""

    description: str
    code: str
    line: int


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer, never shown to the learner: the checks must reject it, and the
    first failing check's message must contain ``expect`` (the diagnosis it should get)."""

    expect: str
    code: str
    line: int


@dataclass(frozen=True)
class Exercise:
    """A graded exercise: starter code with a gap, hints, a solution and checks."""

    id: str
    title: str
    prompt: str
    starter: str
    hints: tuple[str, ...]
    solution: str
    checks: tuple[Check, ...]
    line: int
    timeout: float | None = None
    mistakes: tuple[Mistake, ...] = ()


@dataclass(frozen=True)
class WidgetBlock:
    """An interactive lesson widget, by name, with its ``key: value`` options."""

    name: str
    options: dict[str, str]
    line: int


Block = Prose | Cell | Exercise | WidgetBlock


@dataclass(frozen=True)
class Lesson:
    """One lesson file. A broken file still yields a Lesson, with ``errors`` set,
    so the app can show what is wrong in its pane while the others work."""

    number: int
    id: str
    title: str
    path: Path
    blocks: tuple[Block, ...] = ()
    errors: tuple[LessonError, ...] = field(default=())
    id_line: int = 1

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Cell))

    @property
    def exercises(self) -> tuple[Exercise, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Exercise))

    @property
    def widgets(self) -> tuple[WidgetBlock, ...]:
        return tuple(b for b in self.blocks if isinstance(b, WidgetBlock))

    def solved_count(self, solved: set[str]) -> int:
        """How many of this lesson's exercises are among the ``solved`` exercise ids."""
        return len({exercise.id for exercise in self.exercises} & solved)

    @property
    def label(self) -> str:
        """``NN  Title``, as ``--list`` prints it and the sidebar shows it."""
        return f"{self.number:02d}  {self.title}"
