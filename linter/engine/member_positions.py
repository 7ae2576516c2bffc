"""Positions of a reported node, computed from the smallest def/class member holding it.

libcst computes positions by rendering code, and rendering a 300-line function (or a 4,000-line
class) to place one finding took most of the position work of a run. A report's node usually lies
in one statement of a function body, several bodies down: that statement alone is rendered, and the
``ast`` tree (parsed from the same code, with the same statements) says on which line it starts.

Rendered alone, a nested statement starts at column 0: lines that begin a statement of its blocks
lose the block's indentation, while lines inside brackets and strings keep their own. So each
computed position is checked against the code: the node's text must be found there, shifted by the
indentation or not shifted; when neither (or both) is true the caller falls back to rendering the
whole top-level statement, which is always right.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from linter.engine.spans import statement_lines

_BODIED = (cst.FunctionDef, cst.ClassDef)
_STATEMENTS = (cst.SimpleStatementLine, cst.BaseCompoundStatement)  # the two kinds of cst.BaseStatement
_EMPTY = cst.Module(body=[])


@dataclass(frozen=True)
class Member:
    """A statement nested in def/class bodies, with where it starts in the virtual module."""

    statement: cst.BaseStatement
    base: int  # virtual line = base + line of a position in the statement rendered alone
    indent: int  # columns of indentation its block lines lose when rendered alone


def _quiet(stmt: ast.stmt, quiet: Sequence[tuple[int, int]]) -> bool:
    line = statement_lines(stmt)[0]
    return any(begin <= line <= end for begin, end in quiet)


def _ast_index(block: cst.IndentedBlock, child: cst.CSTNode) -> int | None:
    """Index in the ast body of the statement ``child`` of ``block`` (a line of ``a; b`` is one
    libcst statement and several ast statements)."""
    index = 0
    for statement in block.body:
        if statement is child:
            return index
        index += len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
    return None


def innermost_member(
    path: Sequence[cst.CSTNode], top: ast.stmt, quiet: Sequence[tuple[int, int]], lines: Sequence[str]
) -> Member | None:
    """The deepest statement of ``path`` (a report's ancestors, from its top-level statement down)
    reached through def and class bodies only, or None when the report is not inside one.
    ``quiet``: line ranges of members of classes and functions left out of the parsed chunk."""
    current, twin = path[0], top
    found: tuple[cst.SimpleStatementLine | cst.BaseCompoundStatement, ast.stmt] | None = None
    for depth in range(1, len(path) - 1, 2):
        block, child = path[depth], path[depth + 1]
        if not isinstance(current, _BODIED) or block is not current.body or not isinstance(block, cst.IndentedBlock):
            break
        if not isinstance(twin, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return None
        members = [s for s in twin.body if not _quiet(s, quiet)]
        index = _ast_index(block, child)
        if index is None or index >= len(members) or not isinstance(child, _STATEMENTS):
            return None
        current, twin = child, members[index]
        found = (child, twin)
    if found is None:
        return None
    statement, stmt = found
    line = statement_lines(stmt)[0]
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return Member(statement, line - 1 - len(statement.leading_lines), len(text) - len(text.lstrip(" \t")))


def statement_positions(statement: cst.CSTNode, module: cst.Module) -> Mapping[cst.CSTNode, CodeRange]:
    """Positions of the nodes of ``statement`` rendered alone, line 1 being its first leading line,
    with the indentation and newlines of ``module``, the tree it was parsed in (a block indented by
    two spaces or a tab stays so; libcst's default is four spaces)."""
    alone = module.with_changes(body=[statement], header=[], footer=[])
    return MetadataWrapper(alone, unsafe_skip_copy=True).resolve(PositionProvider)


def _column(line: str, column: int, indent: int, fits: Callable[[str, int], bool]) -> int | None:
    shifted = indent > 0 and fits(line, column + indent)
    unshifted = fits(line, column)
    if shifted == unshifted:  # neither, or both (ambiguous)
        return None
    return column + indent if shifted else column


def locate(
    member: Member, span: CodeRange, node: cst.CSTNode, lines: Sequence[str]
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(virtual line, column) of the start and end of ``node`` from its ``span`` in the member
    rendered alone, each checked against the code; None when a check fails."""
    code = _EMPTY.code_for_node(node).rstrip()
    code = code[:-1].rstrip() if code.endswith(",") else code  # an argument's or element's comma
    head, tail = code.split("\n", 1)[0], code.rsplit("\n", 1)[-1]
    if not head.strip() or not tail.strip():
        return None
    start_line, end_line = member.base + span.start.line, member.base + span.end.line
    if not (0 < start_line <= len(lines) and 0 < end_line <= len(lines)):
        return None
    start = _column(
        lines[start_line - 1], span.start.column, member.indent, lambda line, column: line.startswith(head, column)
    )
    end = _column(
        lines[end_line - 1],
        span.end.column,
        member.indent,
        lambda line, column: column <= len(line) and line[:column].endswith(tail),
    )
    if start is None or end is None:
        return None
    return (start_line, start), (end_line, end)


__all__ = ["Member", "innermost_member", "locate", "statement_positions"]
