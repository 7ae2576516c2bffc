"""Model files read statically: which globals their pickle streams import.

Formats, told by their first bytes (the file name only decides whether to look): plain pickles
(also several in a row, as legacy ``torch.save`` writes them), joblib files (arrays written inline
after a ``NumpyArrayWrapper`` are skipped by their size; gzip, bz2 and xz compressed ones are read
through the standard library's stream decompressors), PyTorch zip checkpoints (every ``*.pkl``
member, ``data.pkl`` and TorchScript's ``constants.pkl``), numpy ``.npy`` files (an object array
holds a pickle after its header) and ``.npz`` archives of them.

Nothing is unpickled, imported or called (see :mod:`linter.sources.pickle_stream`): files are
streamed, never read whole, and every read has a byte, opcode, nesting and time budget; a file
that runs out of one is reported with where reading stopped, together with what was read so far.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import struct
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final, cast

from linter.sources.pickle_stream import (
    DEFAULT_BUDGET,
    Budget,
    Made,
    Reader,
    StreamProblem,
    array_bytes,
    dtype_itemsize,
    walk_pickle,
)
from linter.startup.lazy_pattern import lazy_compile

MODEL_SUFFIXES: Final = (".pkl", ".pickle", ".joblib", ".dill", ".pt", ".pth", ".bin", ".ckpt", ".npy", ".npz")
# Suffixes that promise a pickle: a file of one of them that is no pickle at all is reported.
PICKLE_SUFFIXES: Final = (".pkl", ".pickle", ".joblib", ".dill", ".pt", ".pth", ".ckpt")
_ZIP: Final = b"PK\x03\x04"
_EMPTY_ZIP: Final = b"PK\x05\x06"
_NPY: Final = b"\x93NUMPY"
_LEGACY_TORCH_MAGIC: Final = 0x1950A86A20F9469CFC6C
# How protocol 0 and 1 pickles start: MARK, GLOBAL, EMPTY_DICT, EMPTY_LIST, EMPTY_TUPLE.
_PROTOCOL_0_STARTS: Final = frozenset({b"(", b"c", b"}", b"]", b")"})
_WRAPPERS: Final = frozenset(
    {"joblib.numpy_pickle.NumpyArrayWrapper", "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper"}
)


def is_model_file(name: str) -> bool:
    return name.lower().endswith(MODEL_SUFFIXES)


# A string literal naming a model file (``'weights.pt'``, ``"models/clf.joblib"``).
_MODEL_LITERAL: Final = lazy_compile(
    r"""(?P<q>['"])(?P<path>[^'"\n\\]{1,300}(?:"""
    + "|".join(re.escape(suffix) for suffix in MODEL_SUFFIXES)
    + r"""))(?P=q)""",
    re.IGNORECASE,
)
MAX_REFERENCED: Final = 32  # model files read for one document


def referenced_model_files(document_path: str, code: str) -> dict[str, Path]:
    """Literal relative paths in ``code`` that name an existing model file relative to the folder
    of the document ``document_path``; empty when the document is not a file on disk. Absolute
    paths, ``~`` and URLs are left alone: they are not part of the scanned tree."""
    lower = code.lower()
    if not any(suffix in lower for suffix in MODEL_SUFFIXES):
        return {}
    base = Path(document_path)
    found: dict[str, Path] = {}
    try:
        if not base.is_file():
            return {}
        for match in _MODEL_LITERAL.finditer(code):
            literal = match.group("path")
            if literal in found or literal.startswith(("/", "~", "\\")) or ":" in literal:
                continue
            candidate = base.parent / literal
            if candidate.is_file():
                found[literal] = candidate
                if len(found) >= MAX_REFERENCED:
                    break
    except OSError:
        return found
    return found


def referenced_stamp(document_path: str, code: str) -> str:
    """Size and modification time of the model files ``code`` names (for cache keys: a notebook's
    findings change when a model file it loads changes)."""
    parts = []
    for literal, path in sorted(referenced_model_files(document_path, code).items()):
        try:
            stat = path.stat()
        except OSError:
            continue
        parts.append(f"{literal}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


@dataclass(frozen=True)
class ArtifactInfo:
    """What a model file imports when unpickled.

    ``format`` is ``pickle``, ``joblib``, ``torch-zip``, ``torch-legacy``, ``numpy``, ``zip`` or
    ``unknown`` (not a format that holds a pickle: nothing to say). ``globals`` are the sorted,
    distinct ``module.name`` the streams import; ``pickles`` how many pickle streams were read.
    ``problem``, when reading stopped early or the file is not what its name says, tells why and
    where (``at byte N`` of the file or of a zip member); ``globals`` then holds what was read before.
    """

    path: str
    format: str
    globals: tuple[str, ...] = ()
    pickles: int = 0
    problem: str | None = None

    @property
    def holds_pickle(self) -> bool:
        return self.pickles > 0 or (self.problem is not None and self.format != "unknown")


@dataclass
class _Scan:
    budget: Budget
    deadline: float
    names: list[str]
    pickles: int = 0
    format: str = "unknown"


def read_artifact(path: Path, display: str | None = None, budget: Budget = DEFAULT_BUDGET) -> ArtifactInfo:
    """Read the model file at ``path``; never raises (unreadable files give a problem)."""
    shown = display if display is not None else str(path)
    try:
        with path.open("rb") as stream:
            return read_stream(stream, shown, budget)
    except OSError as error:
        return ArtifactInfo(shown, "unknown", problem=f"cannot read file: {error.strerror or error}")


def read_bytes(data: bytes, display: str, budget: Budget = DEFAULT_BUDGET) -> ArtifactInfo:
    return read_stream(io.BytesIO(data), display, budget)


def read_stream(stream: IO[bytes], display: str, budget: Budget = DEFAULT_BUDGET) -> ArtifactInfo:
    scan = _Scan(budget, time.monotonic() + budget.seconds, [])
    problem: str | None = None
    try:
        _dispatch(stream, scan, display)
    except StreamProblem as stop:
        problem = str(stop)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError) as error:
        # damaged archives and compressed streams (the decompressors raise these)
        problem = f"cannot read {scan.format} data: {type(error).__name__}: {error}"[:300]
    except (MemoryError, RecursionError):
        problem = "stopped: the file is too large or too deeply nested to read"
    if problem is not None and scan.format == "unknown" and not display.lower().endswith(PICKLE_SUFFIXES):
        problem = None  # a .bin or .npy file that is simply not a pickle
    return ArtifactInfo(display, scan.format, tuple(sorted(set(scan.names))), scan.pickles, problem)


def _dispatch(stream: IO[bytes], scan: _Scan, display: str) -> None:
    head = stream.read(8)
    stream.seek(0)
    if head.startswith((_ZIP, _EMPTY_ZIP)):
        scan.format = "zip"
        _zip(stream, scan)
    elif head.startswith(_NPY):
        scan.format = "numpy"
        _npy(Reader(stream, 1 << 62, scan.deadline), scan)
    elif head.startswith(b"\x1f\x8b") or head.startswith(b"BZh") or head.startswith(b"\xfd7zXZ\x00"):
        scan.format = "joblib"
        with _decompressed(stream, head) as inner:
            _pickles(Reader(inner, scan.budget.pickle_bytes, scan.deadline, " of the decompressed data"), scan)
    elif (
        head[:1] == b"\x80"
        and head[1:2] in (b"\x02", b"\x03", b"\x04", b"\x05")
        or display.lower().endswith(PICKLE_SUFFIXES)
    ):
        _pickles(Reader(stream, 1 << 62, scan.deadline), scan)
    elif head[:1] in _PROTOCOL_0_STARTS:  # maybe a protocol 0 or 1 pickle named .bin or .npy
        try:
            _pickles(Reader(stream, 1 << 62, scan.deadline), scan)
        except StreamProblem:
            if scan.pickles == 0:  # not a pickle after all: nothing to say
                scan.format, scan.names[:] = "unknown", []


@contextlib.contextmanager
def _decompressed(stream: IO[bytes], head: bytes) -> Iterator[IO[bytes]]:
    if head.startswith(b"\x1f\x8b"):
        import gzip

        with gzip.GzipFile(fileobj=stream, mode="rb") as inner:
            yield cast(IO[bytes], inner)
    elif head.startswith(b"BZh"):
        import bz2

        with bz2.BZ2File(stream, "rb") as inner:
            yield cast(IO[bytes], inner)
    else:
        import lzma

        with lzma.LZMAFile(stream, "rb") as inner:
            yield cast(IO[bytes], inner)


def _pickles(reader: Reader, scan: _Scan) -> None:
    """Pickles one after the other from the reader's position: the first must be whole; later
    ones count only when whole (data after the last pickle, such as a legacy torch file's raw
    storages, ends the walk quietly)."""
    first_format = scan.format
    legacy_left: int | None = None
    while scan.pickles < scan.budget.pickles:
        byte = reader.next_byte()
        if not byte:
            return
        found: list[str] = []
        wrapper = _JoblibArrays(reader, scan, found)
        try:
            result = walk_pickle(reader, scan.budget, wrapper.on_build, first=byte)
        except StreamProblem:
            if scan.pickles == 0:
                scan.names.extend(found)
                scan.format = scan.format if scan.format != "unknown" else "pickle"
                raise
            return
        scan.pickles += 1
        scan.names.extend(result.globals)
        if scan.pickles == 1:
            if first_format == "unknown":
                scan.format = "joblib" if wrapper.seen else "pickle"
            legacy_left = 4 if result.value == _LEGACY_TORCH_MAGIC else None
            if legacy_left is not None:
                scan.format = "torch-legacy"
        if legacy_left is not None:
            legacy_left -= 1
            if legacy_left < 0:
                return  # the magic, protocol, sys info, the object and the storage keys: raw data follows
        if first_format == "unknown" and legacy_left is None and scan.format == "pickle":
            return  # pickle.load reads one pickle; what follows is not read by it


class _JoblibArrays:
    """Skips the raw array bytes joblib writes right after a ``NumpyArrayWrapper``'s BUILD (an
    object array is a nested pickle there instead, which is walked)."""

    def __init__(self, reader: Reader, scan: _Scan, found: list[str]) -> None:
        self.reader = reader
        self.scan = scan
        self.found = found
        self.seen = False

    def on_build(self, obj: Made, state: object, reader: Reader) -> None:
        if obj.callable not in _WRAPPERS:
            return
        self.seen = True
        if not isinstance(state, dict):
            raise StreamProblem(f"joblib array of unknown layout{reader.place()}")
        dtype = state.get("dtype")
        descr = dtype.args[0] if isinstance(dtype, Made) and dtype.args and isinstance(dtype.args[0], str) else None
        if descr is not None and descr.lstrip("<>|=").startswith("O"):
            self._padding(state, reader)
            nested = walk_pickle(reader, self.scan.budget)
            self.found.extend(nested.globals)
            self.scan.names.extend(nested.globals)
            return
        itemsize = dtype_itemsize(descr) if descr is not None else None
        size = array_bytes(state.get("shape"), itemsize) if itemsize is not None else None
        if size is None:
            raise StreamProblem(f"joblib array of unknown size{reader.place()}; the rest was not read")
        self._padding(state, reader)
        reader.skip(size)

    @staticmethod
    def _padding(state: dict[object, object], reader: Reader) -> None:
        if state.get("numpy_array_alignment_bytes") is not None:
            reader.skip(reader.read(1)[0])


def _npy(reader: Reader, scan: _Scan) -> None:
    """A ``.npy`` stream: its header; an object array's pickle after it."""
    magic = reader.read(8)
    if not magic.startswith(_NPY):
        return
    major = magic[6]
    length = struct.unpack("<H", reader.read(2))[0] if major == 1 else struct.unpack("<I", reader.read(4))[0]
    if length > 1 << 20:
        raise StreamProblem(f"numpy header longer than 1 MB{reader.place()}")
    try:
        header = ast.literal_eval(reader.read(length).decode("latin-1").strip())
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        raise StreamProblem(f"malformed numpy header{reader.place()}") from None
    descr = header.get("descr") if isinstance(header, dict) else None
    if "O" not in str(descr):
        return
    result = walk_pickle(reader, scan.budget)
    scan.pickles += 1
    scan.names.extend(result.globals)


def _zip(stream: IO[bytes], scan: _Scan) -> None:
    with zipfile.ZipFile(stream) as archive:
        infos = archive.infolist()
        if len(infos) > scan.budget.members:
            raise StreamProblem(f"more than {scan.budget.members} zip entries")
        pickled = [i for i in infos if i.filename.endswith(".pkl") and not i.is_dir()]
        arrays = [i for i in infos if i.filename.endswith(".npy") and not i.is_dir()]
        if pickled:
            scan.format = "torch-zip"
        elif arrays:
            scan.format = "numpy"
        else:
            return
        spent = 0
        for info in (*pickled, *arrays):
            with archive.open(info) as member:
                reader = Reader(member, scan.budget.pickle_bytes - spent, scan.deadline, f" of {info.filename}")
                if info.filename.endswith(".pkl"):
                    result = walk_pickle(reader, scan.budget)
                    scan.pickles += 1
                    scan.names.extend(result.globals)
                else:
                    _npy(reader, scan)
                spent += reader.offset
