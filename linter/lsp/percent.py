"""Percent-format scripts (``# %%`` cells, as jupytext, VS Code's interactive window, Spyder and
Neovim's notebook plugins write them) linted as the notebooks they stand for.

The cells are split at ``# %%`` lines (``# %% [markdown]`` cells are markdown, their ``# `` comment
prefixes removed); magics jupytext comments out (``# !pip install x``, ``# %pip install x``) are
read as magics again, as are magics written plainly (``!pip install x``). So all code cells form one
module, IPython syntax in one cell does not break the others, and installs are checked. Findings and
their fixes are mapped back to lines and columns of the script.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from linter.model import Edit, Finding, Fix, Location
from linter.sources.document import CellKind
from linter.startup.lazy_pattern import lazy_compile

_MARKER = lazy_compile(r"^#\s?%%(?P<rest>(?:\s.*)?)$")  # `# %%`, `# %% [markdown]`; not `# %%bash`
_MARKDOWN = lazy_compile(r"^\s*(?:.*\s)?\[(?:markdown|md)\]")
_COMMENTED_MAGIC = lazy_compile(r"^(?P<indent>[ \t]*)# (?=![^\s!]|%%?[A-Za-z_])")
_MARKDOWN_COMMENT = lazy_compile(r"^#[ ]?")


@dataclass(frozen=True)
class PercentCell:
    """A cell of a percent script: its kind, the 0-based script line of its first line, its text as
    a notebook cell would hold it, and per line the characters taken from the line's start."""

    kind: CellKind
    first: int
    text: str
    shifts: tuple[int, ...]


def is_percent_script(text: str) -> bool:
    return "%%" in text and any(_MARKER.match(line) for line in text.split("\n"))


def _cell(kind: CellKind, first: int, lines: Sequence[str]) -> PercentCell:
    texts, shifts = [], []
    for line in lines:
        pattern = _MARKDOWN_COMMENT if kind == "markdown" else _COMMENTED_MAGIC
        match = pattern.match(line)
        if match is None:
            texts.append(line)
            shifts.append(0)
            continue
        indent = match.groupdict().get("indent") or ""
        cut = match.end() - len(indent)
        texts.append(indent + line[match.end() :])
        shifts.append(cut)
    return PercentCell(kind, first, "\n".join(texts), tuple(shifts))


def percent_cells(text: str) -> tuple[PercentCell, ...]:
    """The cells of a percent script (lines before the first ``# %%`` are a code cell of their own
    when they hold anything)."""
    lines = text.split("\n")
    cells: list[PercentCell] = []
    kind: CellKind = "code"
    first = 0
    for index, line in enumerate([*lines, "# %%"]):
        match = _MARKER.match(line) if index < len(lines) else _MARKER.match("# %%")
        if match is None:
            continue
        body = lines[first:index]
        if first > 0 or any(part.strip() for part in body):
            cells.append(_cell(kind, first, body))
        kind = "markdown" if _MARKDOWN.match(match.group("rest")) else "code"
        first = index + 1
    return tuple(cells)


def _point(cells: Sequence[PercentCell], cell: int | None, line: int, column: int) -> tuple[int, int]:
    """Script (1-based line, 1-based column) of a 1-based cell's (line, column)."""
    if cell is None or not 1 <= cell <= len(cells):
        return line, column
    percent = cells[cell - 1]
    shift = percent.shifts[line - 1] if 1 <= line <= len(percent.shifts) else 0
    return percent.first + line, column + shift


def _edit(edit: Edit, cells: Sequence[PercentCell]) -> Edit | None:
    if edit.output is not None or edit.clear_output:
        return None
    line, column = _point(cells, edit.cell, edit.line, edit.column)
    end_line, end_column = _point(cells, edit.cell, edit.end_line, edit.end_column)
    return Edit(None, None, line, column, end_line, end_column, edit.text)


def _fix(fix: Fix | None, cells: Sequence[PercentCell]) -> Fix | None:
    if fix is None:
        return None
    edits = [_edit(edit, cells) for edit in fix.edits]
    if any(edit is None for edit in edits):
        return None
    return dataclasses.replace(fix, edits=tuple(edit for edit in edits if edit is not None))


def to_script(finding: Finding, cells: Sequence[PercentCell]) -> Finding | None:
    """A finding of the notebook form in script coordinates (None for one in a saved output:
    a script has none)."""
    loc = finding.location
    if loc.output is not None:
        return None
    line, column = _point(cells, loc.cell, loc.line, loc.column)
    end_line, end_column = _point(cells, loc.cell, loc.end_line, loc.end_column)
    fix = _fix(finding.fix, cells)
    return dataclasses.replace(
        finding,
        location=Location(loc.path, None, None, line, column, end_line, end_column),
        cell_id=None,
        fix=fix,
        fixable=fix is not None,
    )
