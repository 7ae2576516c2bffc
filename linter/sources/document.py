"""The Document: one scanned file as the engine sees it (cells, outputs, virtual code, source map)."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Literal

from linter.sources.artifacts import ArtifactInfo

# What a Document is (see :class:`Document`), by file name or as told; ``model`` is a model file
# (``.pkl``, ``.pt``...), read statically for the globals its pickles import (``artifact``).
# ``shell`` is a shell script (each logical line a MagicLine of a ``bash`` cell magic).
DocumentKind = Literal["python", "notebook", "requirements", "model", "shell"]
# The cell types of nbformat 4; a cell of any other type is read as ``raw``.
CellKind = Literal["code", "markdown", "raw"]
# What the text handed to ``check_text`` is (see linter.rule.TextBlock): a notebook cell, a script or
# a requirements file.
TextKind = CellKind | Literal["python", "requirements"]
# See :class:`MagicLine`.
MagicKind = Literal["shell", "line-magic", "cell-magic"]
# The ``output_type`` of a saved output that holds text (``pyout``/``pyerr``: nbformat 3 names;
# a ``pyerr`` output is read as ``error``).
OutputType = Literal["stream", "execute_result", "display_data", "pyout", "error"]
# What the text of an OutputText is: see there.
OutputMime = Literal[
    "stream", "text/plain", "text/html", "text/markdown", "text/latex", "application/json", "traceback"
]


@dataclass(frozen=True)
class OutputText:
    """The typed text of one saved output of a notebook cell.

    ``mime`` is ``stream`` (stdout/stderr text), ``text/plain``, ``text/html`` (already reduced to
    text, table cells separated by tabs, one row a line), ``text/markdown``, ``text/latex``,
    ``application/json`` (as JSON text) or ``traceback`` (ANSI codes stripped).
    """

    cell: int
    index: int
    output_type: OutputType
    mime: OutputMime
    text: str
    ename: str | None = None
    evalue: str | None = None


@dataclass(frozen=True)
class Cell:
    """One notebook cell; ``index`` is 0-based over all cells (the user sees ``index + 1``)."""

    index: int
    kind: CellKind
    source: str
    id: str | None = None
    outputs: tuple[OutputText, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class MagicLine:
    """A shell or magic command kept out of the Python code, with where its text starts.

    ``kind`` is ``shell`` (``!cmd``, ``x = !cmd``), ``line-magic`` (``%pip install x``; ``text`` then
    starts with the magic's name, ``pip install x``) or ``cell-magic`` (one logical line of the body of
    a ``%%bash``/``%%sh``/``%%script``/``%%writefile``... cell; ``magic`` names the cell magic and
    ``args`` holds the rest of its first line). ``line`` is 1-based within the cell (or file),
    ``column`` 0-based; ``text`` may span several physical lines joined by backslash-newline
    continuations, kept verbatim so offsets in ``text`` map back exactly (see :meth:`position`).
    """

    cell: int | None
    line: int
    column: int
    kind: MagicKind
    magic: str
    text: str
    args: str = ""

    def position(self, offset: int) -> tuple[int, int]:
        """(line, 0-based column) in the cell of the character at ``offset`` in ``text``."""
        before = self.text[:offset]
        newlines = before.count("\n")
        if newlines == 0:
            return self.line, self.column + offset
        return self.line + newlines, offset - before.rfind("\n") - 1


@dataclass(frozen=True)
class SourceMap:
    """Maps lines of the virtual module back to (cell, line in cell, column offset).

    ``cells[i]``, ``lines[i]`` and ``offsets[i]`` describe virtual line ``i + 1``; ``cells[i]`` is the
    0-based cell index or -1 for a plain file. Every virtual line maps to exactly one source line.
    """

    cells: tuple[int, ...]
    lines: tuple[int, ...]
    offsets: tuple[int, ...]

    @classmethod
    def identity(cls, line_count: int) -> SourceMap:
        return cls(
            cells=(-1,) * line_count,
            lines=tuple(range(1, line_count + 1)),
            offsets=(0,) * line_count,
        )

    def __len__(self) -> int:
        return len(self.lines)

    def to_source(self, vline: int, vcol: int) -> tuple[int | None, int, int]:
        """(cell index or None, 1-based line, 0-based column) of a virtual position."""
        if not self.lines:
            return None, vline, vcol
        i = min(max(vline, 1), len(self.lines)) - 1
        cell = self.cells[i]
        return (None if cell < 0 else cell), self.lines[i], vcol + self.offsets[i]

    def to_virtual(self, cell: int | None, line: int) -> int | None:
        """The virtual line of a (cell, line), or None if that line is not part of the code."""
        key = -1 if cell is None else cell
        lo = bisect.bisect_left(self.cells, key)
        hi = bisect.bisect_right(self.cells, key)
        for i in range(lo, hi):
            if self.lines[i] == line:
                return i + 1
        return None

    def cell_range(self, cell: int) -> tuple[int, int] | None:
        """First and last virtual line of a cell, or None if the cell holds no code."""
        lo = bisect.bisect_left(self.cells, cell)
        hi = bisect.bisect_right(self.cells, cell)
        return (lo + 1, hi) if hi > lo else None


@dataclass(frozen=True)
class ReadProblem:
    """A problem met while reading a file (reported as MLS002), with where it is."""

    message: str
    cell: int | None = None
    line: int = 1
    column: int = 0


@dataclass(frozen=True)
class Document:
    """A file ready for analysis.

    ``kind`` is ``python``, ``notebook``, ``requirements`` or ``model``. ``code`` is the virtual Python
    module: a script's text, or all code cells of a notebook with IPython syntax neutralised line for
    line. ``text`` is the file's text for scripts and requirements files (empty for notebooks: see
    cells). ``artifact`` is what a model file's pickles import (model files only; no code, no text).
    """

    path: str
    kind: DocumentKind
    code: str
    source_map: SourceMap
    text: str = ""
    cells: tuple[Cell, ...] = ()
    magics: tuple[MagicLine, ...] = ()
    problems: tuple[ReadProblem, ...] = ()
    artifact: ArtifactInfo | None = None

    @property
    def is_notebook(self) -> bool:
        return self.kind == "notebook"

    def source_line(self, cell: int | None, line: int) -> str:
        """The text of a source line as the user sees it ('' when out of range)."""
        text = self.cells[cell].source if cell is not None and cell < len(self.cells) else self.text
        lines = text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""
