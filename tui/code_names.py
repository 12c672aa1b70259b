"""The names a cell assigns and reads, from its syntax tree (no code is run).

Two uses: completion offers the names of cells above before they have run, and
a cell whose code changed marks the cells below that read one of its names as
stale. Module-level assignments count (``x = ...``, ``for i in ...``, ``import``,
``def f``, ``with ... as f``); a function's own parameters and locals do not, but
the global names its body reads do.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

_ASSIGNED_LINE = re.compile(
    r"^\s*(?:(?:def|class)\s+([A-Za-z_]\w*)|([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)\s*(?:[-+*/%@&|^]|//|\*\*|>>|<<)?=(?!=))"
)
"""``name =``, ``a, b =``, ``x +=``, ``def f``, ``class C`` at a line's start (code that does not parse)."""

BUILTIN_NAMES = frozenset(dir(builtins))


@dataclass(frozen=True)
class Names:
    assigned: frozenset[str]
    read: frozenset[str]


@lru_cache(maxsize=512)
def names_of(code: str) -> Names | None:
    """What ``code`` assigns at module level and which global names it reads; None if it does not parse."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return None
    collector = _Collector()
    collector.visit(tree)
    return Names(frozenset(collector.assigned), frozenset(collector.read - BUILTIN_NAMES))


def assigned_loosely(code: str) -> set[str]:
    """The names ``code`` assigns, even while it does not parse (a learner in mid-typing)."""
    names = names_of(code)
    if names is not None:
        return set(names.assigned)
    found: set[str] = set()
    for line in code.splitlines():
        match = _ASSIGNED_LINE.match(line)
        if match and match.group(1):
            found.add(match.group(1))
        elif match:
            found.update(part.strip() for part in match.group(2).split(","))
    return found


def mentioned(code: str) -> set[str]:
    """Every name ``code`` assigns or reads (for completing before the cell has run)."""
    names = names_of(code)
    if names is None:
        return assigned_loosely(code)
    return set(names.assigned | names.read)


def stale_below(
    cells: Sequence[str], changed: int, ran: Sequence[bool], also: Iterable[str] = ()
) -> dict[int, frozenset[str]]:
    """The cells after ``changed`` whose output no longer matches the code above them.

    ``cells`` is every cell's code, top to bottom; ``ran[i]`` says whether cell i
    has output to go stale. A cell that ran and reads a name assigned by the changed
    cell (its code now, or ``also``: the names it assigned when it last ran) is
    stale, and so, in turn, is every later cell reading a name a stale cell assigns.
    Returns index -> the changed names that cell reads.
    """
    changed_names = assigned_loosely(cells[changed]) | set(also)
    stale: dict[int, frozenset[str]] = {}
    for index in range(changed + 1, len(cells)):
        names = names_of(cells[index])
        if names is None or not ran[index]:
            continue
        reads = names.read & changed_names
        if reads:
            stale[index] = frozenset(reads)
            changed_names |= names.assigned
    return stale


class _Collector(ast.NodeVisitor):
    def __init__(self) -> None:
        self.assigned: set[str] = set()
        self.read: set[str] = set()

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self.read.add(node.id)
        else:
            self.assigned.add(node.id)

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            if alias.name != "*":
                self.assigned.add(alias.asname or alias.name.split(".")[0])

    visit_ImportFrom = visit_Import

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        if not isinstance(node, ast.Lambda):
            self.assigned.add(node.name)
            for decorator in node.decorator_list:
                self.visit(decorator)
        arguments = node.args
        for default in [*arguments.defaults, *(d for d in arguments.kw_defaults if d is not None)]:
            self.visit(default)
        inner = _Collector()
        body = node.body if isinstance(node.body, list) else [node.body]
        for statement in body:
            inner.visit(statement)
        parameters = {
            a.arg
            for a in [
                *arguments.posonlyargs,
                *arguments.args,
                *arguments.kwonlyargs,
                arguments.vararg,
                arguments.kwarg,
            ]
            if a is not None
        }
        declared_global = {
            name
            for statement in ast.walk(node)
            if isinstance(statement, ast.Global)
            for name in statement.names
        }
        self.read |= inner.read - (inner.assigned - declared_global) - parameters
        self.assigned |= inner.assigned & declared_global

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_Lambda = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.assigned.add(node.name)
        for expression in [*node.bases, *node.decorator_list]:
            self.visit(expression)
        inner = _Collector()
        for statement in node.body:
            inner.visit(statement)
        self.read |= inner.read - inner.assigned

    def _comprehension(self, node: ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp) -> None:
        """A comprehension's loop variables live in its own scope."""
        inner = _Collector()
        for child in ast.iter_child_nodes(node):
            inner.visit(child)
        self.read |= inner.read - inner.assigned

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        """``total += x`` reads ``total`` as well as assigning it."""
        if isinstance(node.target, ast.Name):
            self.read.add(node.target.id)
        self.generic_visit(node)
