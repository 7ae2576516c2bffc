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
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import libcst as cst
from libcst.metadata import CodeRange
from libcst.metadata.position_provider import PositionProvidingCodegenState

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
    return module_positions(module.with_changes(body=[statement], header=[], footer=[]))


def module_positions(module: cst.Module) -> Mapping[cst.CSTNode, CodeRange]:
    """The table of ``MetadataWrapper(module).resolve(PositionProvider)``, computed by code generation
    alone with :class:`_PositionState`. The wrapper also visits the whole tree for batchable
    providers even when there are none (rebuilding and re-validating every node), and libcst's own
    state builds two position objects and a generator per node: together more than half the cost
    of a finding. ``tests/test_member_positions.py`` holds the two tables equal."""
    state = _PositionState(default_indent=module.default_indent, default_newline=module.default_newline, provider=None)
    module._codegen(state)
    return _Table(state.spans)


class _Table(Mapping[cst.CSTNode, CodeRange]):
    """Spans kept as tuples, turned into CodeRange only for the nodes looked up (a few a report)."""

    def __init__(self, spans: dict[cst.CSTNode, tuple[int, int, int, int]]) -> None:
        self._spans = spans

    def __getitem__(self, node: cst.CSTNode) -> CodeRange:
        line, column, end_line, end_column = self._spans[node]
        return CodeRange((line, column), (end_line, end_column))

    def __iter__(self) -> Iterator[cst.CSTNode]:
        return iter(self._spans)

    def __len__(self) -> int:
        return len(self._spans)

    def __contains__(self, node: object) -> bool:
        return node in self._spans


class _PositionState(PositionProvidingCodegenState):
    """libcst's PositionProvidingCodegenState, same positions, cheaper bookkeeping: spans are
    tuples, a token without a line break moves the column without a regular expression, and the
    syntactic position of a node is recorded by a plain context manager object."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spans: dict[cst.CSTNode, tuple[int, int, int, int]] = {}
        self.starts: list[tuple[int, int]] = []

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.add_token(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        if "\n" in value or "\r" in value:
            self._update_position(value)
        else:
            self.column += len(value)

    def before_codegen(self, node: cst.CSTNode) -> None:
        self.starts.append((self.line, self.column))

    def after_codegen(self, node: cst.CSTNode) -> None:
        line, column = self.starts.pop()
        if node not in self.spans:  # a syntactic position already recorded wins
            self.spans[node] = (line, column, self.line, self.column)

    def record_syntactic_position(  # type: ignore[override]
        self, node: cst.CSTNode, *, start_node: cst.CSTNode | None = None, end_node: cst.CSTNode | None = None
    ) -> _Syntactic:
        return _Syntactic(self, node, start_node, end_node)


class _Syntactic:
    """``with state.record_syntactic_position(node)``: the node's span without its whitespace, or
    from ``start_node``'s start to ``end_node``'s end."""

    __slots__ = ("state", "node", "start_node", "end_node", "start")

    def __init__(
        self, state: _PositionState, node: cst.CSTNode, start_node: cst.CSTNode | None, end_node: cst.CSTNode | None
    ) -> None:
        self.state, self.node, self.start_node, self.end_node = state, node, start_node, end_node
        self.start = (state.line, state.column)

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        state = self.state
        spans = state.spans
        line, column = self.start if self.start_node is None else spans[self.start_node][:2]
        end = (state.line, state.column) if self.end_node is None else spans[self.end_node][2:]
        spans[self.node] = (line, column, *end)


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


__all__ = ["Member", "innermost_member", "locate", "module_positions", "statement_positions"]
