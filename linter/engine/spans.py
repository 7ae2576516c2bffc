"""Line spans of ``ast`` statements, as the engine's shortcuts (the chunks libcst parses, the members
of long classes and functions, bandit's pruned tree, docstring lines) and report positions see them."""

from __future__ import annotations

import ast


def statement_lines(stmt: ast.stmt) -> tuple[int, int]:
    """(first, last) line of ``stmt``, its decorators included: a decorated ``def`` or ``class``
    starts at its first decorator. Lines are those of the parsed code (1-based, inclusive)."""
    first = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", ()))])
    return first, stmt.end_lineno or stmt.lineno
