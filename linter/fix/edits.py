"""Turning what a rule proposes (a replacement node or text) into :class:`~linter.model.Edit` values
in user coordinates, and text helpers shared with :mod:`linter.fix.apply`.

A CST replacement is rendered with libcst and compared with the rendering of the node it replaces;
only the part that differs becomes the edit (``load(`` -> ``safe_load(`` is an insertion of
``safe_``), so a fix never rewrites more than it changes. The engine checks that the node's
rendering is exactly the text at the node's position in the cell (or file): where it is not (a line
the magic neutraliser changed, CRLF inside a cell), no fix is offered rather than a wrong one.
"""

from __future__ import annotations

import ast
import bisect
import warnings
from collections.abc import Sequence

import libcst as cst
from libcst._nodes.internal import CodegenState

from linter.model import Edit, Position
from linter.sources.document import Document
from linter.startup.lazy_pattern import lazy_compile


def block_indents(ancestors: Sequence[cst.CSTNode]) -> tuple[str | None, ...]:
    """The indentation of each block around a node (None: the module's default)."""
    return tuple(node.indent for node in ancestors if isinstance(node, cst.IndentedBlock))


def render(module: cst.Module, node: cst.CSTNode, indents: Sequence[str | None]) -> str:
    """The code of ``node`` as it is written inside blocks indented by ``indents`` (the lines a
    multi-line expression continues on carry the block's indentation)."""
    tokens = [module.default_indent if token is None else token for token in indents]
    state = CodegenState(
        default_indent=module.default_indent, default_newline=module.default_newline, indent_tokens=tokens
    )
    node._codegen(state)
    return "".join(state.tokens)


def line_starts(text: str) -> list[int]:
    """Offsets where the lines of ``text`` start (lines end at ``\\n``; a ``\\r`` before it stays
    part of the line, so columns are the same as in the text with CRLF normalised)."""
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def offset_of(starts: Sequence[int], text_length: int, line: int, column: int) -> int | None:
    """Offset of (1-based line, 0-based column), or None when it lies outside the text or past the
    end of its line."""
    if not 1 <= line <= len(starts) or column < 0:
        return None
    line_end = starts[line] - 1 if line < len(starts) else text_length
    offset = starts[line - 1] + column
    return offset if offset <= line_end else None


def position_of(starts: Sequence[int], offset: int) -> tuple[int, int]:
    """(1-based line, 0-based column) of an offset."""
    index = bisect.bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index]


def common_ends(old: str, new: str) -> tuple[int, int]:
    """Lengths of the longest common prefix and of the longest common suffix of ``old`` and ``new``
    that do not overlap the prefix."""
    limit = min(len(old), len(new))
    prefix = 0
    while prefix < limit and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return prefix, suffix


def replacement_edit(
    source: str,
    cell: int | None,
    start: tuple[int, int],
    end: tuple[int, int],
    old_code: str,
    new_code: str,
) -> Edit | None:
    """The smallest edit of ``source`` (a cell's source or a file's text) that turns ``old_code``,
    the rendering of a node whose position is ``start``..``end`` ((line, 0-based column)), into
    ``new_code``. The rendering may hold more than the position (an argument's comma): it must be
    found in ``source`` around the position, else None. ``cell`` is 0-based or None."""
    starts = line_starts(source)
    begin = offset_of(starts, len(source), *start)
    finish = offset_of(starts, len(source), *end)
    if begin is None or finish is None or finish < begin:
        return None
    span = source[begin:finish]
    index = old_code.find(span)
    while index >= 0:
        base = begin - index
        if base >= 0 and source.startswith(old_code, base):
            return _diff_edit(starts, cell, base, old_code, new_code)
        index = old_code.find(span, index + 1)
    return None


def _diff_edit(starts: Sequence[int], cell: int | None, base: int, old: str, new: str) -> Edit | None:
    if old == new:
        return None
    prefix, suffix = common_ends(old, new)
    first = position_of(starts, base + prefix)
    last = position_of(starts, base + len(old) - suffix)
    return Edit(
        cell=None if cell is None else cell + 1,
        output=None,
        line=first[0],
        column=first[1] + 1,
        end_line=last[0],
        end_column=last[1] + 1,
        text=new[prefix : len(new) - suffix],
    )


def span_edit(position: Position, text: str) -> Edit:
    """An edit replacing a span given in the engine's coordinates (cell and columns 0-based) with
    ``text``."""
    span = position.to_user()
    return Edit(span.cell, span.output, span.line, span.column, span.end_line, span.end_column, text)


_PREAMBLE = lazy_compile(r"#!.*|#.*coding[:=].*|\s*")  # lines that must stay first in a script


def import_edit(document: Document, statement: str) -> Edit | None:
    """An edit inserting ``statement`` (``import os``) on a line of its own where a module's imports
    start: in a script after the shebang, encoding line, docstring and ``from __future__`` imports;
    in a notebook at the top of the first code cell (one that starts with a cell magic, or with a
    ``from __future__`` import, is skipped). None when there is no such place."""
    if document.is_notebook:
        for cell in document.cells:
            if cell.kind == "code" and not cell.source.lstrip().startswith(("%%", "from __future__")):
                return Edit(cell.index + 1, None, 1, 1, 1, 1, statement + "\n")
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            module = ast.parse(document.code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    line = 1
    for index, node in enumerate(module.body):
        docstring = (
            index == 0
            and isinstance(node, ast.Expr)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        )
        if not docstring and not (isinstance(node, ast.ImportFrom) and node.module == "__future__"):
            break
        line = (node.end_lineno or node.lineno) + 1
    if line == 1:
        lines = document.code.split("\n")
        while line <= min(2, len(lines)) and lines[line - 1].startswith("#") and _PREAMBLE.fullmatch(lines[line - 1]):
            line += 1
    return Edit(None, None, line, 1, line, 1, statement + "\n")
