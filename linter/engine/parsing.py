"""Parsing the virtual module with quarantine of broken cells: a cell that does not parse alone is
reported once as MLS001 and blanked (same line count), so the other cells are still analysed."""

from __future__ import annotations

import ast
import warnings

from linter.engine.ruleset import SYNTAX_ERROR, Raw, RuleSet, tool_raw
from linter.sources.document import Document


def _try_parse(code: str) -> tuple[ast.Module | None, Exception | None]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(code), None
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        return None, error


def _error_position(error: Exception) -> tuple[int, int, str]:
    if isinstance(error, SyntaxError):
        line = error.lineno or 1
        column = max((error.offset or 1) - 1, 0)
        return line, column, f"syntax error: {error.msg}"
    if isinstance(error, RecursionError):
        return 1, 0, "code nested too deeply to analyse"
    return 1, 0, f"cannot parse: {error}"


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
        line, column, message = _error_position(error)
        raws.extend(tool_raw(ruleset, SYNTAX_ERROR, message, None, line, column))
        return None, "", raws
    bad: set[int] = set()
    for cell in dict.fromkeys(document.source_map.cells):
        first, last = document.source_map.cell_range(cell) or (0, -1)
        _, cell_error = _try_parse("\n".join(lines[first - 1 : last]))
        if cell_error is not None:
            bad.add(cell)
            line, column, message = _error_position(cell_error)
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
