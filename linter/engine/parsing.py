"""Parsing the virtual module with quarantine of broken cells: a cell that does not parse alone is
reported once as MLS001 and blanked (same line count), so the other cells are still analysed."""

from __future__ import annotations

import ast
import sys
import warnings

import libcst as cst

from linter.engine.ruleset import SYNTAX_ERROR, Raw, RuleSet, tool_raw
from linter.sources.document import Document
from linter.startup.lazy_pattern import lazy_compile


def _try_parse(code: str) -> tuple[ast.Module | None, Exception | None]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(code), None
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        return None, error


def _error_position(error: Exception, source: str = "") -> tuple[int, int, str]:
    if isinstance(error, SyntaxError):
        line = error.lineno or 1
        column = max((error.offset or 1) - 1, 0)
        return line, column, syntax_message(error.msg, source)
    if isinstance(error, RecursionError):
        return 1, 0, "code nested too deeply to analyse"
    return 1, 0, f"cannot parse: {error}"


def syntax_message(error: str, source: str) -> str:
    """MLS001's message: the error and the grammar it comes from, or the newer Python the code needs
    when the running one's grammar rejects it but a newer one's accepts it."""
    running = sys.version_info[:2]
    here = ".".join(map(str, running))
    needed = required_python(source, error) if source else None
    if needed is not None and needed[0] > running:
        version = ".".join(map(str, needed[0]))
        return (
            f"needs Python {version}+ ({needed[1]}), newer than the Python {here} mlsafe runs on ({error}); "
            f"run mlsafe on Python {version}+ to analyse it"
        )
    return f"syntax error: {error} (Python {here} grammar)"


def required_python(source: str, error: str = "") -> tuple[tuple[int, int], str] | None:
    """The newest Python version that a construct of ``source`` needs, and that construct, when
    libcst (whose parser reads every grammar up to 3.14) can parse it; else None. ``error`` is the
    running parser's message: an f-string error on code libcst reads is PEP 701's f-strings. Large
    or deeply nested code is not handed to libcst (its native parser can overflow the stack)."""
    if len(source) > _NEWER_GRAMMAR_MAX_CHARS or _bracket_depth(source) > _NEWER_GRAMMAR_MAX_DEPTH:
        return None
    try:
        module = cst.parse_module(source)
    except Exception:  # libcst raises ParserSyntaxError and others on code no grammar accepts
        return None
    finder = _NewSyntax()
    if error.startswith("f-string"):
        finder.found.append(((3, 12), "quotes, backslashes or comments inside an f-string's {}"))
    module.visit(finder)
    return max(finder.found, default=None)


# Limits of the code ``required_python`` parses again (Python's own parser stops at 200 brackets).
_NEWER_GRAMMAR_MAX_CHARS = 200_000
_NEWER_GRAMMAR_MAX_DEPTH = 100
_BRACKETS = lazy_compile(r"[\[\](){}]")


def _bracket_depth(source: str) -> int:
    """The deepest bracket nesting, strings and comments not told apart (an upper bound)."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(source):
        depth = depth + 1 if match.group() in "([{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


class _NewSyntax(cst.CSTVisitor):
    """Collects constructs newer than Python 3.10 (the oldest version mlsafe runs on)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[tuple[int, int], str]] = []

    def visit_ExceptStarHandler(self, node: cst.ExceptStarHandler) -> None:
        self.found.append(((3, 11), "except*"))

    def visit_TypeAlias(self, node: cst.TypeAlias) -> None:
        self.found.append(((3, 12), "a type statement"))

    def visit_TypeParameters(self, node: cst.TypeParameters) -> None:
        self.found.append(((3, 12), "type parameters"))

    def visit_TypeParam(self, node: cst.TypeParam) -> None:
        if node.default is not None:
            self.found.append(((3, 13), "a type parameter default"))

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if isinstance(node.type, cst.Tuple) and not node.type.lpar:
            self.found.append(((3, 14), "several exception types without parentheses"))

    def visit_TemplatedString(self, node: cst.TemplatedString) -> None:
        self.found.append(((3, 14), "a template string"))


def parse_with_quarantine(document: Document, ruleset: RuleSet) -> tuple[ast.Module | None, str, list[Raw]]:
    """Parse the virtual module; blank out cells that fail alone and report each once. Returns the
    tree, the code it was parsed from (broken cells blanked) and the MLS001 reports."""
    if not document.code.strip():
        return None, "", []
    module, error = _try_parse(document.code)
    if error is None:
        return module, document.code, []
    lines = document.code.split("\n")
    raws: list[Raw] = []
    if not document.is_notebook:
        line, column, message = _error_position(error, document.code)
        raws.extend(tool_raw(ruleset, SYNTAX_ERROR, message, None, line, column))
        return None, "", raws
    bad: set[int] = set()
    for cell in dict.fromkeys(document.source_map.cells):
        first, last = document.source_map.cell_range(cell) or (0, -1)
        cell_code = "\n".join(lines[first - 1 : last])
        _, cell_error = _try_parse(cell_code)
        if cell_error is not None:
            bad.add(cell)
            line, column, message = _error_position(cell_error, cell_code)
            vline = min(first + line - 1, last)
            src_cell, src_line, src_col = document.source_map.to_source(vline, column)
            raws.extend(tool_raw(ruleset, SYNTAX_ERROR, message, src_cell, src_line, src_col))
    for _ in range(len(document.cells) + 1):
        for cell in bad:
            first, last = document.source_map.cell_range(cell) or (1, 0)
            lines[first - 1 : last] = [""] * (last - first + 1)
        code = "\n".join(lines)
        module, error = _try_parse(code)
        if error is None:
            return module, code, raws
        vline, column, message = _error_position(error)
        error_cell, src_line, src_col = document.source_map.to_source(vline, column)
        if error_cell is None or error_cell in bad:
            return None, "", raws
        bad.add(error_cell)
        raws.extend(tool_raw(ruleset, SYNTAX_ERROR, message, error_cell, src_line, src_col))
    return None, "", raws
