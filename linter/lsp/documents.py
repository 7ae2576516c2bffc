"""What an editor holds, as :mod:`linter.api` lints it: a buffer (script, requirements file, or
jupyterlab-lsp's joined notebook), a notebook's live cells (one module, as the CLI reads a notebook),
and the notebook file on disk for its saved outputs, which LSP never syncs."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from linter.api import lint_notebook, lint_source
from linter.config import Config
from linter.lsp.percent import is_percent_script, percent_cells, to_script
from linter.model import Finding
from linter.sources.document import CellKind, DocumentKind
from linter.sources.reading import NotReadable, document_from_text, kind_of, read_regular


@dataclass(frozen=True)
class LiveCell:
    """One cell of an open notebook: its own text-document URI, kind, text and tags."""

    uri: str
    kind: CellKind
    text: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class DiskOutputs:
    """The findings in the saved outputs of a notebook file, and the source of each cell on disk
    (to find the live cell that owns an output after cells moved)."""

    findings: tuple[Finding, ...]
    sources: tuple[str, ...]


def uri_path(uri: str) -> str:
    """The file-system path of a ``file:`` URI; for other schemes (``untitled:``,
    ``vscode-notebook-cell:``) the path part, which still names the file kind."""
    parsed = urlparse(uri)
    path = unquote(parsed.path)
    if parsed.scheme == "file" and os.name == "nt" and path.startswith("/") and path[2:3] == ":":
        path = path[1:]  # pragma: no cover - Windows drive letters
    return path or uri


def text_kind(path: str, language_id: str | None) -> DocumentKind:
    """How to read a text buffer: requirements files by name; everything else an editor sends as a
    text document is Python (jupyterlab-lsp names its joined notebook ``x.ipynb``), except a
    notebook's JSON opened as text."""
    kind = kind_of(path)
    if kind == "requirements" or language_id in ("pip-requirements", "requirements"):
        return "requirements"
    return "notebook" if kind == "notebook" and language_id == "json" else "python"


def lint_text(text: str, path: str, language_id: str | None, config: Config) -> tuple[Finding, ...]:
    """The findings of a buffer; a percent-format script is linted as the notebook it stands for
    (see :mod:`linter.lsp.percent`), its findings given in script coordinates."""
    kind = text_kind(path, language_id)
    if kind == "python" and is_percent_script(text):
        cells = percent_cells(text)
        live = [LiveCell(f"#{i}", cell.kind, cell.text) for i, cell in enumerate(cells)]
        mapped = (to_script(finding, cells) for finding in lint_cells(live, path, config))
        return tuple(sorted((f for f in mapped if f is not None), key=Finding.sort_key))
    return lint_source(text, path, config, kind=kind).findings


def cell_kind(kind: int, language_id: str | None) -> CellKind:
    """nbformat's cell type of an LSP notebook cell (``NotebookCellKind``: 1 markup, 2 code); a
    code cell in another language than Python is read as ``raw`` (not code)."""
    if kind == 1:
        return "markdown"
    return "code" if language_id in (None, "python") else "raw"


def tags_of(metadata: object) -> tuple[str, ...]:
    """Cell tags from an LSP cell's metadata: nbformat's ``{"tags": [...]}``, or VS Code's
    ``{"metadata": {"tags": [...]}}``."""
    if not isinstance(metadata, Mapping):
        return ()
    tags = metadata.get("tags")
    inner = metadata.get("metadata")
    if tags is None and isinstance(inner, Mapping):
        tags = inner.get("tags")
    return tuple(tag for tag in tags if isinstance(tag, str)) if isinstance(tags, list) else ()


def notebook_json(cells: Sequence[LiveCell]) -> dict[str, object]:
    """nbformat 4 JSON of live cells (no outputs: LSP does not sync them)."""
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {
                "cell_type": cell.kind,
                "metadata": {"tags": list(cell.tags)} if cell.tags else {},
                "source": cell.text,
                **({"outputs": [], "execution_count": None} if cell.kind == "code" else {}),
            }
            for cell in cells
        ],
    }


def lint_cells(cells: Sequence[LiveCell], path: str, config: Config) -> tuple[Finding, ...]:
    """The findings of a live notebook: all code cells one module."""
    return lint_notebook(notebook_json(cells), path, config).findings


def disk_outputs(path: str, config: Config) -> DiskOutputs:
    """Findings in the saved outputs of the notebook file ``path`` (none when it cannot be read)."""
    try:  # a regular file under max-file-size, read without ever blocking (never a FIFO)
        text = read_regular(Path(path), config.max_file_size).decode("utf-8-sig")
    except (NotReadable, UnicodeDecodeError):
        return DiskOutputs((), ())
    found = lint_source(text, path, config, kind="notebook").findings
    outputs = tuple(f for f in found if f.location.output is not None)
    sources = tuple(cell.source for cell in document_from_text(text, path, "notebook").cells) if outputs else ()
    return DiskOutputs(outputs, sources)


def owning_cell(disk_cell: int, sources: Sequence[str], cells: Sequence[LiveCell]) -> int | None:
    """The 0-based index of the live cell that owns the outputs of disk cell ``disk_cell`` (0-based):
    the cell at the same index when its text is unchanged, else the nearest cell with the same
    text, else the cell at the same index (edited since the save)."""
    source = sources[disk_cell] if 0 <= disk_cell < len(sources) else None
    if 0 <= disk_cell < len(cells) and cells[disk_cell].text == source:
        return disk_cell
    same = [i for i, cell in enumerate(cells) if cell.kind == "code" and cell.text == source]
    if same:
        return min(same, key=lambda i: abs(i - disk_cell))
    return disk_cell if 0 <= disk_cell < len(cells) else None
