"""Reading a model file's bytes: the formats that hold pickles (plain and compressed pickles, torch
zip and legacy archives, numpy ``.npy``/``.npz``, joblib) and the globals their pickle streams
import, with :mod:`linter.sources.pickle_stream` (nothing is unpickled, imported or called).

Imported by :func:`linter.sources.artifacts.read_artifact` and its siblings when a model file is
read, so that a run over code alone never loads it (nor ``zipfile``, ``pickle`` and ``pickletools``).
"""

from __future__ import annotations

import ast
import contextlib
import io
import struct
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final, cast

from linter.sources.artifacts import PICKLE_SUFFIXES, ArtifactInfo
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

_ZIP: Final = b"PK\x03\x04"
_EMPTY_ZIP: Final = b"PK\x05\x06"
_NPY: Final = b"\x93NUMPY"
_LEGACY_TORCH_MAGIC: Final = 0x1950A86A20F9469CFC6C
# How protocol 0 and 1 pickles start: MARK, GLOBAL, EMPTY_DICT, EMPTY_LIST, EMPTY_TUPLE.
_PROTOCOL_0_STARTS: Final = frozenset({b"(", b"c", b"}", b"]", b")"})
_WRAPPERS: Final = frozenset(
    {"joblib.numpy_pickle.NumpyArrayWrapper", "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper"}
)


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
