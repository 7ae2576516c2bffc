"""Turn files (or live notebook content) into Documents. Nothing here imports scanned code."""

from __future__ import annotations

import io
import json
import tokenize
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from linter.sources.document import Cell, CellKind, Document, DocumentKind, MagicLine, ReadProblem, SourceMap
from linter.sources.ipython_calls import shell_calls
from linter.sources.magics import neutralise
from linter.sources.outputs import decode_outputs, joined

MAX_BYTES = 50 * 1024 * 1024


def kind_of(path: str) -> DocumentKind:
    """``notebook``, ``requirements`` or ``python``, by file name."""
    name = Path(path).name.lower()
    if name.endswith(".ipynb"):
        return "notebook"
    if name.endswith(".txt") and name.startswith(("requirements", "constraints")):
        return "requirements"
    if name.endswith(".in") and name.startswith("requirements"):
        return "requirements"
    return "python"


def problem_document(path: str, message: str, line: int = 1, column: int = 0) -> Document:
    """A document that could not be read: no code, one problem."""
    return Document(
        path=path,
        kind=kind_of(path),
        code="",
        source_map=SourceMap((), (), ()),
        problems=(ReadProblem(message, None, line, column),),
    )


def read_path(path: Path, display: str | None = None, kind: DocumentKind | None = None) -> Document:
    """Read one file from disk; never raises for bad content or unreadable files. ``kind`` overrides
    the kind the file name gives (a requirements file included with ``-r base.txt``)."""
    shown = display if display is not None else str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return problem_document(shown, f"file too large to scan ({size / 1e6:.1f} MB > {MAX_BYTES // 10**6} MB)")
        data = path.read_bytes()
    except FileNotFoundError:
        return problem_document(shown, "no such file or directory")
    except OSError as error:
        return problem_document(shown, f"cannot read file: {error.strerror or error}")
    return document_from_bytes(data, shown, kind)


def document_from_bytes(data: bytes, path: str, kind: DocumentKind | None = None) -> Document:
    if b"\x00" in data[:8192]:
        return problem_document(path, "binary file (NUL bytes), not scanned")
    kind = kind or kind_of(path)
    try:
        encoding = _python_encoding(data) if kind == "python" else "utf-8-sig"
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError, SyntaxError) as error:
        line, column = _byte_position(data, _bad_byte(data, error))
        return problem_document(
            path,
            f"cannot decode text ({error.__class__.__name__}: not valid UTF-8 or the declared encoding)",
            line,
            column,
        )
    return document_from_text(text, path, kind)


def _python_encoding(data: bytes) -> str:
    encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    return "utf-8-sig" if encoding in ("utf-8", "utf-8-sig") else encoding


def _bad_byte(data: bytes, error: Exception) -> int:
    if isinstance(error, UnicodeDecodeError):
        return error.start
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        return utf8_error.start
    return 0


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1)


def document_from_text(text: str, path: str, kind: DocumentKind | None = None) -> Document:
    kind = kind or kind_of(path)
    if kind == "notebook":
        return notebook_from_text(text, path)
    normal = text.replace("\r\n", "\n")
    line_count = normal.count("\n") + 1
    code, magics = shell_calls(normal) if kind == "python" else ("", ())
    source_map = SourceMap.identity(line_count) if kind == "python" else SourceMap((), (), ())
    return Document(path=path, kind=kind, code=code, source_map=source_map, text=normal, magics=magics)


def notebook_from_text(text: str, path: str) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return problem_document(path, f"invalid notebook JSON: {error.msg}", error.lineno, error.colno - 1)
    except RecursionError:
        return problem_document(path, "invalid notebook JSON: nested too deeply")
    return notebook_document(data, path)


def notebook_document(data: object, path: str) -> Document:
    """A Document from notebook JSON already parsed (a file, or live content from JupyterLab)."""
    if not isinstance(data, Mapping) or not (
        isinstance(data.get("cells"), list) or isinstance(data.get("worksheets"), list)
    ):
        return problem_document(path, "not a Jupyter notebook (no 'cells' list)")
    problems: list[ReadProblem] = []
    major = data.get("nbformat")
    if isinstance(data.get("worksheets"), list) or (isinstance(major, int) and major < 4):
        upgraded = _upgrade(data)
        if upgraded is None:
            return problem_document(path, f"cannot read nbformat {major} notebook")
        data = upgraded
    raw_cells = data.get("cells")
    cells = tuple(_cell(i, raw, problems) for i, raw in enumerate(raw_cells or ()))
    return _assemble(path, cells, problems)


def _upgrade(data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """Old notebooks (v1 to v3) upgraded to v4 by nbformat, imported only when needed."""
    try:
        import nbformat

        node = nbformat.from_dict(dict(data))
        upgraded = nbformat.convert(node, 4)
    except Exception:  # nbformat raises many kinds on malformed old notebooks
        return None
    return upgraded if isinstance(upgraded, Mapping) else None


def _cell(index: int, raw: object, problems: list[ReadProblem]) -> Cell:
    if not isinstance(raw, Mapping):
        problems.append(ReadProblem("cell is not a JSON object; skipped", index, 1, 0))
        return Cell(index, "raw", "")
    cell_type = raw.get("cell_type")
    source = raw.get("source", "")
    if not isinstance(source, (str, list)) or (
        isinstance(source, list) and not all(isinstance(part, str) for part in source)
    ):
        problems.append(ReadProblem("cell source is not text; skipped", index, 1, 0))
        return Cell(index, "raw", "")
    kind: CellKind = cell_type if cell_type in ("code", "markdown", "raw") else "raw"
    metadata = raw.get("metadata")
    tags = metadata.get("tags") if isinstance(metadata, Mapping) else None
    cell_id = raw.get("id")
    return Cell(
        index=index,
        kind=kind,
        source=joined(source),
        id=cell_id if isinstance(cell_id, str) else None,
        outputs=decode_outputs(index, raw.get("outputs")) if kind == "code" else (),
        tags=tuple(t for t in tags if isinstance(t, str)) if isinstance(tags, list) else (),
    )


def _assemble(path: str, cells: Sequence[Cell], problems: list[ReadProblem]) -> Document:
    lines: list[str] = []
    map_cells: list[int] = []
    map_lines: list[int] = []
    offsets: list[int] = []
    magics: list[MagicLine] = []
    for cell in cells:
        if cell.kind != "code":
            continue
        result = neutralise(cell.source, cell.index)
        lines.extend(line.rstrip("\r") for line in result.lines)
        map_cells.extend([cell.index] * len(result.lines))
        map_lines.extend(range(1, len(result.lines) + 1))
        offsets.extend(result.offsets)
        magics.extend(result.magics)
    return Document(
        path=path,
        kind="notebook",
        code="\n".join(lines) + "\n" if lines else "",
        source_map=SourceMap(tuple(map_cells), tuple(map_lines), tuple(offsets)),
        cells=tuple(cells),
        magics=tuple(magics),
        problems=tuple(problems),
    )
