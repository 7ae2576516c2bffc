"""Turn files (or live notebook content) into Documents. Nothing here imports scanned code."""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import tokenize
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from linter.sources.artifacts import ArtifactInfo, is_model_file, read_artifact, read_bytes
from linter.sources.document import (
    Cell,
    CellKind,
    Document,
    DocumentKind,
    MagicLine,
    ReadProblem,
    SourceMap,
)
from linter.sources.ipython_calls import shell_calls
from linter.sources.magics import neutralise, shell_script_lines
from linter.sources.outputs import decode_outputs, joined
from linter.startup.lazy_pattern import lazy_compile

MAX_BYTES = 100_000_000  # the default max-file-size (linter.config)
# Kernel languages (``metadata.kernelspec.language``) whose code cells are Python.
_PYTHON_LANGUAGES = frozenset({"python", "python2", "python3", "ipython", "ipython3", "pyspark", "sage"})


def kind_of(path: str) -> DocumentKind:
    """``notebook``, ``model``, ``shell``, ``requirements`` or ``python``, by file name. Every
    ``.txt`` file is read as a requirements file (pip's format; a walk picks only those named or
    shaped so, see :mod:`linter.sources.discovery`), never as Python; so are conda environment files."""
    name = Path(path).name.lower()
    if name.endswith(".ipynb"):
        return "notebook"
    if is_model_file(name):
        return "model"
    if name.endswith((".sh", ".bash")):
        return "shell"
    if is_conda_environment(name) or name.endswith(".txt") or is_requirements_name(name):
        return "requirements"
    return "python"


def is_requirements_name(name: str) -> bool:
    """``*requirements*.txt``, ``*constraints*.txt`` and ``*requirements*.in`` (pip-tools input):
    ``dev-requirements.txt``, ``mlflow-requirements.txt``, ``test-requirements-extra.txt``."""
    lower = name.lower()
    if lower.endswith(".txt"):
        return "requirements" in lower or "constraints" in lower
    return lower.endswith(".in") and "requirements" in lower


def is_conda_environment(name: str) -> bool:
    """``environment.yml``, ``environment-gpu.yaml``, ``conda.yml``: conda environment files."""
    lower = name.lower()
    return lower.endswith((".yml", ".yaml")) and lower.startswith(("environment", "conda"))


# The ``- pip:`` list of a conda environment file and the items in it.
_PIP_SECTION = lazy_compile(r"^(?P<indent>\s*)-\s*pip\s*:\s*$")
_LIST_ITEM = lazy_compile(r"^(?P<indent>\s*)-\s+(?P<item>\S.*?)\s*$")


def conda_pip_requirements(text: str) -> str:
    """The text of a conda environment file with everything but the items of its ``- pip:`` lists
    blanked (and each item's ``- `` turned into spaces): a requirements text in which every
    requirement keeps its line and column, so requirements checks and fixes apply to the file."""
    out: list[str] = []
    pip_indent: int | None = None
    for line in text.split("\n"):
        section = _PIP_SECTION.match(line)
        item = _LIST_ITEM.match(line)
        if section is not None:
            pip_indent = len(section.group("indent"))
            out.append("")
        elif pip_indent is not None and item is not None and len(item.group("indent")) > pip_indent:
            value = item.group("item")
            if value[:1] in ("'", '"') and value[-1:] == value[:1]:
                value = " " + value[1:-1] + " "
            start = item.start("item")
            out.append(" " * start + value)
        else:
            if line.strip() and not line.lstrip().startswith("#"):
                pip_indent = None  # anything else at or above the pip list's level ends it
            out.append("")
    return "\n".join(out)


def problem_document(path: str, message: str, line: int = 1, column: int = 0) -> Document:
    """A document that could not be read: no code, one problem."""
    return Document(
        path=path,
        kind=kind_of(path),
        code="",
        source_map=SourceMap((), (), ()),
        problems=(ReadProblem(message, None, line, column),),
    )


class NotReadable(Exception):
    """Why a path was not read (a FIFO, a device, a link loop, too large...): an MLS002 message."""


_SPECIAL = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _SPECIAL if test(mode)), "not a regular file")
    return f"not a regular file ({kind}); not scanned"


def _stat_problem(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symbolic link loop; not scanned"
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return (
            "dangling symbolic link (its target does not exist)"
            if os.path.islink(path)
            else "no such file or directory"
        )
    return f"cannot read file: {error.strerror or error}"


def read_regular(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (or the regular file a link points to), read without
    ever blocking: anything else (FIFO, socket, device, directory) is refused before it is opened,
    and the file is opened with ``O_NONBLOCK`` and checked again with ``fstat`` (it may have been
    swapped in between). Raises NotReadable with the reason, also for a file over ``limit`` bytes."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise NotReadable(_stat_problem(path, error)) from None
    problem = _not_regular(info.st_mode)
    if problem is None and info.st_size > limit:
        problem = _too_large(info.st_size, limit)
    if problem is not None:
        raise NotReadable(problem)
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise NotReadable(_stat_problem(path, error)) from None
    with open(handle, "rb", closefd=True) as stream:
        try:
            problem = _not_regular(os.fstat(handle).st_mode)
            if problem is not None:
                raise NotReadable(problem)
            data = stream.read(limit + 1)
        except OSError as error:
            raise NotReadable(f"cannot read file: {error.strerror or error}") from None
    if len(data) > limit:  # grew since stat
        raise NotReadable(_too_large(len(data), limit))
    return data


def _too_large(size: int, limit: int) -> str:
    return f"file too large to scan ({size / 1e6:.1f} MB > {limit / 1e6:g} MB, the max-file-size); not scanned"


def read_path(
    path: Path, display: str | None = None, kind: DocumentKind | None = None, limit: int = MAX_BYTES
) -> Document:
    """Read one file from disk; never raises for bad content or unreadable files, never blocks on
    special files (see :func:`read_regular`). ``kind`` overrides the kind the file name gives (a
    requirements file included with ``-r base.txt``)."""
    shown = display if display is not None else str(path)
    if (kind or kind_of(str(path))) == "model":
        return model_document(shown, read_artifact(path, shown))
    try:
        box = [read_regular(path, limit)]
    except NotReadable as problem:
        return problem_document(shown, str(problem))
    return document_from_owned_bytes(box, shown, kind)


def model_document(path: str, artifact: ArtifactInfo) -> Document:
    """A model file: no text, only what its pickles import (streamed, see linter.sources.artifacts)."""
    return Document(path=path, kind="model", code="", source_map=SourceMap((), (), ()), artifact=artifact)


def document_from_bytes(data: bytes, path: str, kind: DocumentKind | None = None) -> Document:
    if (kind or kind_of(path)) == "model":
        return model_document(path, read_bytes(data, path))
    text = _decode(data, path, kind or kind_of(path))
    return text if isinstance(text, Document) else document_from_text(text, path, kind)


def document_from_owned_bytes(box: list[bytes], path: str, kind: DocumentKind | None = None) -> Document:
    """:func:`document_from_bytes` for bytes the caller hands over in ``box`` (and keeps no other
    reference to): each stage is freed before the next is built (bytes, text, notebook JSON), so a
    large notebook costs about twice its size at the peak, not four times."""
    kind = kind or kind_of(path)
    data = box.pop()
    if kind == "model":
        return model_document(path, read_bytes(data, path))
    text = _decode(data, path, kind)
    del data
    if isinstance(text, Document):
        return text
    if kind != "notebook":
        return document_from_text(text, path, kind)
    parsed = _parse_notebook_json(text, path)
    del text
    return parsed if isinstance(parsed, Document) else notebook_document(parsed, path)


def _decode(data: bytes, path: str, kind: DocumentKind) -> str | Document:
    """The text of a file's bytes, or a problem document saying where decoding failed."""
    if b"\x00" in data[:8192]:
        return problem_document(path, "binary file (NUL bytes), not scanned")
    try:
        encoding = _python_encoding(data) if kind == "python" else "utf-8-sig"
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError, SyntaxError) as error:
        line, column = _byte_position(data, _bad_byte(data, error))
        return problem_document(
            path,
            f"cannot decode text ({error.__class__.__name__}: not valid UTF-8 or the declared encoding)",
            line,
            column,
        )


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
    if kind == "model":  # a protocol 0 pickle is text (rule examples)
        return model_document(path, read_bytes(text.encode("latin-1", "replace"), path))
    normal = text.replace("\r\n", "\n")
    if kind == "shell":
        return Document(
            path=path,
            kind="shell",
            code="",
            source_map=SourceMap((), (), ()),
            text=normal,
            magics=shell_script_lines(normal),
        )
    if kind == "requirements" and is_conda_environment(Path(path).name):
        normal = conda_pip_requirements(normal)
    line_count = normal.count("\n") + 1
    code, magics = shell_calls(normal) if kind == "python" else ("", ())
    source_map = SourceMap.identity(line_count) if kind == "python" else SourceMap((), (), ())
    return Document(path=path, kind=kind, code=code, source_map=source_map, text=normal, magics=magics)


def notebook_from_text(text: str, path: str) -> Document:
    parsed = _parse_notebook_json(text, path)
    return parsed if isinstance(parsed, Document) else notebook_document(parsed, path)


def _parse_notebook_json(text: str, path: str) -> object:
    """The notebook's JSON, or a problem document saying where it is invalid."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        return problem_document(path, f"invalid notebook JSON: {error.msg}", error.lineno, error.colno - 1)
    except RecursionError:
        return problem_document(path, "invalid notebook JSON: nested too deeply")


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
    language = kernel_language(data)
    if language is not None:
        problems.append(
            ReadProblem(
                f"the notebook's kernel language is {language[:40]}, not Python: its code cells were not "
                "analysed as code (their text and outputs were)"
            )
        )
    return _assemble(path, cells, problems, python=language is None)


def kernel_language(data: Mapping[str, Any]) -> str | None:
    """The language of a notebook's kernel when its metadata names one other than Python (an R or
    Julia notebook), else None."""
    metadata = data.get("metadata")
    if not isinstance(metadata, Mapping):
        return None
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        section = metadata.get(key)
        language = section.get(field) if isinstance(section, Mapping) else None
        if isinstance(language, str) and language.strip():
            return None if language.strip().lower() in _PYTHON_LANGUAGES else language.strip()
    return None


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


def _assemble(path: str, cells: Sequence[Cell], problems: list[ReadProblem], python: bool = True) -> Document:
    lines: list[str] = []
    map_cells: list[int] = []
    map_lines: list[int] = []
    offsets: list[int] = []
    magics: list[MagicLine] = []
    for cell in cells:
        if cell.kind != "code" or not python:
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
