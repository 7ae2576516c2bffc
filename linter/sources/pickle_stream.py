"""Read a pickle stream's opcodes without unpickling: which globals it imports.

Nothing is ever unpickled, imported or called. The opcodes are read one at a time from a stream
(``pickletools``' opcode table gives their names and stack effects); long byte and string arguments
are skipped, not read, so a multi-gigabyte pickle costs only its structure. A small stack of plain
values (strings, small ints, short tuples, dicts of them; anything else is an opaque marker) is kept
so that ``STACK_GLOBAL`` names (protocol 4 and 5 push the module and the name as strings, often
through the memo) and joblib's inline array sizes can be told.

Budgets stop the walk with a located problem (``at byte N``) instead of hanging or running out of
memory: opcodes, mark nesting, stack and memo sizes, line length, bytes read and wall time.
"""

from __future__ import annotations

import functools
import math
import pickletools
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Final

from linter.startup.lazy_pattern import lazy_compile

MAX_LINE: Final = 64 * 1024  # a newline-terminated argument (GLOBAL, INT, STRING...) longer than this stops the walk
MAX_KEPT_STRING: Final = 4096  # longer strings are skipped and stand as opaque values


@dataclass(frozen=True)
class Budget:
    """Limits of one read. ``seconds`` is wall time for a whole file (all its pickles)."""

    opcodes: int = 5_000_000
    depth: int = 1_000
    stack: int = 1_000_000
    memo: int = 1_000_000
    pickle_bytes: int = 512 * 1024 * 1024  # bytes of a decompressed stream (zip member, gzip) read
    pickles: int = 64  # pickles one after the other in one file
    members: int = 10_000  # zip entries looked at
    seconds: float = 30.0


DEFAULT_BUDGET: Final = Budget()


class StreamProblem(Exception):
    """Reading stopped: ``message`` says why and where (``at byte N``)."""


class _Opaque:
    __slots__ = ()

    def __repr__(self) -> str:
        return "<opaque>"


OPAQUE: Final = _Opaque()
_MARK: Final = object()


@dataclass(frozen=True)
class Global:
    """A global the pickle imports (``module.name``), as a value on the stack."""

    name: str


@dataclass(frozen=True)
class Made:
    """An object a pickle builds by calling ``callable`` (REDUCE, NEWOBJ) with ``args``."""

    callable: str | None
    args: tuple[object, ...] = ()


@dataclass
class Reader:
    """A stream with a position, a byte budget and a deadline. ``skip`` seeks when it can."""

    stream: IO[bytes]
    limit: int
    deadline: float
    where: str = ""
    offset: int = 0
    seekable: bool = False

    def __post_init__(self) -> None:
        try:
            self.seekable = bool(self.stream.seekable())
        except (OSError, ValueError, AttributeError):
            self.seekable = False

    def _charge(self, count: int) -> None:
        if self.offset + count > self.limit:
            raise StreamProblem(f"stopped after {self.limit} bytes{self.place()} (size limit)")

    def read(self, count: int) -> bytes:
        self._charge(count)
        data = self.stream.read(count)
        self.offset += len(data)
        if len(data) < count:
            raise StreamProblem(f"truncated: the pickle ends early at byte {self.offset}{self.where}")
        return data

    def next_byte(self) -> bytes:
        """The next byte ('' at the end)."""
        self._charge(1)
        data = self.stream.read(1)
        if data:
            self.offset += 1
        return data

    def readline(self) -> bytes:
        self._charge(1)
        line = self.stream.readline(MAX_LINE + 1)
        self.offset += len(line)
        if not line.endswith(b"\n"):
            if len(line) > MAX_LINE:
                raise StreamProblem(f"an argument line longer than {MAX_LINE} bytes at byte {self.offset}{self.where}")
            raise StreamProblem(f"truncated: the pickle ends early at byte {self.offset}{self.where}")
        return line[:-1]

    def skip(self, count: int) -> None:
        if count <= 0:
            return
        self._charge(count)
        if self.seekable:
            self.stream.seek(count, 1)
            self.offset += count
            return
        left = count
        while left:
            chunk = self.stream.read(min(left, 1 << 20))
            if not chunk:
                raise StreamProblem(f"truncated: the pickle ends early at byte {self.offset}{self.where}")
            left -= len(chunk)
            self.offset += len(chunk)
            self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise StreamProblem(f"stopped at byte {self.offset}{self.where} (time limit)")

    def place(self) -> str:
        return f" at byte {self.offset}{self.where}"


_OPCODES: Final = {op.code.encode("latin-1"): op for op in pickletools.opcodes}
# Argument readers: byte length of the length prefix and its struct format.
_LENGTH_PREFIX: Final = {
    pickletools.TAKEN_FROM_ARGUMENT1: (1, "<B"),
    pickletools.TAKEN_FROM_ARGUMENT4: (4, "<i"),
    pickletools.TAKEN_FROM_ARGUMENT4U: (4, "<I"),
    pickletools.TAKEN_FROM_ARGUMENT8U: (8, "<Q"),
}
_FIXED_INTS: Final = {1: "<B", 2: "<H", 4: "<i", 8: "<Q"}
_TEXT_OPS: Final = frozenset({"SHORT_BINUNICODE", "BINUNICODE", "BINUNICODE8", "SHORT_BINSTRING", "BINSTRING"})
_POP_ONLY: Final = frozenset({"POP", "APPEND", "APPENDS", "ADDITEMS", "SETITEM", "SETITEMS", "BUILD", "DICT", "LIST"})


@dataclass
class WalkResult:
    """What one pickle imports, in order of appearance, and how many opcodes it took."""

    globals: list[str] = field(default_factory=list)
    opcodes: int = 0
    value: object = None  # what the pickle loads to, when it is a plain value (an int, a string)


@dataclass
class _Machine:
    reader: Reader
    budget: Budget
    on_build: Callable[[Made, object, Reader], None] | None = None
    stack: list[object] = field(default_factory=list)
    marks: list[int] = field(default_factory=list)
    memo: dict[int, object] = field(default_factory=dict)
    result: WalkResult = field(default_factory=WalkResult)

    def push(self, value: object) -> None:
        if len(self.stack) >= self.budget.stack:
            raise StreamProblem(f"more than {self.budget.stack} values on the stack{self.reader.place()}")
        self.stack.append(value)

    def pop(self) -> object:
        if not self.stack or (self.marks and len(self.stack) <= self.marks[-1]):
            raise StreamProblem(f"malformed pickle: stack underflow{self.reader.place()}")
        return self.stack.pop()

    def pop_mark(self) -> list[object]:
        if not self.marks:
            raise StreamProblem(f"malformed pickle: no mark to pop{self.reader.place()}")
        start = self.marks.pop()
        items = self.stack[start:]
        del self.stack[start:]
        return items

    def top(self) -> object:
        if not self.stack:
            raise StreamProblem(f"malformed pickle: empty stack{self.reader.place()}")
        return self.stack[-1]

    def add_global(self, name: str) -> Global:
        self.result.globals.append(clean_name(name))
        return Global(name)


def clean_name(name: str) -> str:
    """A global's name as it may be shown: printable characters only, at most 120 of them (the name
    comes from an untrusted file and ends up in messages)."""
    shown = "".join(c if c.isprintable() else "?" for c in name)
    return shown if len(shown) <= 120 else shown[:117] + "..."


def walk_pickle(
    reader: Reader,
    budget: Budget,
    on_build: Callable[[Made, object, Reader], None] | None = None,
    first: bytes = b"",
) -> WalkResult:
    """Walk one pickle from the reader's position to its STOP; raises StreamProblem when the stream
    is not a (whole) pickle or a budget runs out. ``first`` is its first byte when the caller has
    read it already. ``on_build(obj, state, reader)`` is called after each BUILD of an object made
    by REDUCE/NEWOBJ (joblib's inline arrays follow such a BUILD)."""
    machine = _Machine(reader, budget, on_build)
    table = _table()
    result = machine.result
    count = 0
    limit = budget.opcodes
    while True:
        start = reader.offset - len(first)
        code, first = (first or reader.next_byte()), b""
        if not code:
            raise StreamProblem(f"truncated: the pickle ends early at byte {reader.offset}{reader.where}")
        entry = table.get(code)
        if entry is None:
            raise StreamProblem(f"not a pickle opcode (0x{code[0]:02x}) at byte {start}{reader.where}")
        count += 1
        if count > limit:
            result.opcodes = count
            raise StreamProblem(f"more than {budget.opcodes} opcodes; stopped at byte {start}{reader.where}")
        if not count & 4095:
            reader.check_time()
        op, read_argument, handle = entry
        if handle is None:  # STOP
            result.opcodes = count
            result.value = machine.stack[-1] if machine.stack else None
            return result
        handle(machine, op, read_argument(reader, op), start)


_Handler = Callable[["_Machine", pickletools.OpcodeInfo, object, int], None]
_ArgumentReader = Callable[[Reader, pickletools.OpcodeInfo], object]


def _no_argument(reader: Reader, op: pickletools.OpcodeInfo) -> None:
    return None


def _fixed_int(size: int, fmt: str) -> _ArgumentReader:
    unpack = struct.Struct(fmt).unpack

    def read(reader: Reader, op: pickletools.OpcodeInfo) -> object:
        return unpack(reader.read(size))[0]

    return read


def _mark(m: _Machine, op: pickletools.OpcodeInfo, arg: object, start: int) -> None:
    if len(m.marks) >= m.budget.depth:
        raise StreamProblem(f"nested deeper than {m.budget.depth} marks at byte {start}{m.reader.where}")
    m.marks.append(len(m.stack))


def _push_value(value: object) -> _Handler:
    def push(m: _Machine, op: pickletools.OpcodeInfo, arg: object, start: int) -> None:
        m.push({} if value is _EMPTY_DICT else value)

    return push


def _push_argument(m: _Machine, op: pickletools.OpcodeInfo, arg: object, start: int) -> None:
    m.push(arg if isinstance(arg, (str, int)) else OPAQUE)


def _nothing(m: _Machine, op: pickletools.OpcodeInfo, arg: object, start: int) -> None:
    return None


def _memoize(m: _Machine, op: pickletools.OpcodeInfo, arg: object, start: int) -> None:
    memo = m.memo
    if len(memo) >= m.budget.memo:
        raise StreamProblem(f"more than {m.budget.memo} memo entries{m.reader.place()}")
    memo[len(memo)] = m.top()


def _put(m: _Machine, op: pickletools.OpcodeInfo, arg: object, start: int) -> None:
    _memo(m, op.name, arg)


def _get(m: _Machine, op: pickletools.OpcodeInfo, arg: object, start: int) -> None:
    m.push(m.memo.get(arg, OPAQUE) if isinstance(arg, int) else OPAQUE)


def _append(m: _Machine, op: pickletools.OpcodeInfo, arg: object, start: int) -> None:
    m.pop()
    m.top()


_EMPTY_DICT: Final = object()


@functools.cache
def _table() -> dict[bytes, tuple[pickletools.OpcodeInfo, _ArgumentReader, _Handler | None]]:
    """Per opcode byte: its info, how to read its argument, and how to apply it (None: STOP)."""
    table: dict[bytes, tuple[pickletools.OpcodeInfo, _ArgumentReader, _Handler | None]] = {}
    simple: dict[str, _Handler] = {
        "MARK": _mark,
        "NONE": _push_value(None),
        "NEWTRUE": _push_value(True),
        "NEWFALSE": _push_value(False),
        "EMPTY_TUPLE": _push_value(()),
        "EMPTY_DICT": _push_value(_EMPTY_DICT),
        "EMPTY_LIST": _push_value(OPAQUE),
        "EMPTY_SET": _push_value(OPAQUE),
        "PROTO": _nothing,
        "FRAME": _nothing,
        "SHORT_BINUNICODE": _push_argument,
        "BINUNICODE": _push_argument,
        "BININT": _push_argument,
        "BININT1": _push_argument,
        "BININT2": _push_argument,
        "MEMOIZE": _memoize,
        "BINPUT": _put,
        "LONG_BINPUT": _put,
        "BINGET": _get,
        "LONG_BINGET": _get,
        "APPEND": _append,
        "BINFLOAT": _push_value(OPAQUE),
    }
    for op in pickletools.opcodes:
        code = op.code.encode("latin-1")
        reader: _ArgumentReader = _argument
        if op.arg is None:
            reader = _no_argument
        elif op.arg.n in _FIXED_INTS and op.name != "BINFLOAT":
            reader = _fixed_int(op.arg.n, _FIXED_INTS[op.arg.n])
        handler: _Handler | None = simple.get(op.name, _step)
        table[code] = (op, reader, None if op.name == "STOP" else handler)
    return table


def _step(m: _Machine, op: pickletools.OpcodeInfo, arg: object, start: int) -> None:
    name = op.name
    if name == "MARK":
        if len(m.marks) >= m.budget.depth:
            raise StreamProblem(f"nested deeper than {m.budget.depth} marks at byte {start}{m.reader.where}")
        m.marks.append(len(m.stack))
        return
    if name in ("GLOBAL", "INST"):
        module, _, attr = str(arg).partition("\n")
        made = m.add_global(f"{module}.{attr}")
        if name == "INST":
            m.pop_mark()
            m.push(Made(made.name))
        else:
            m.push(made)
        return
    if name == "STACK_GLOBAL":
        attr_value, module_value = m.pop(), m.pop()
        if isinstance(module_value, str) and isinstance(attr_value, str):
            m.push(m.add_global(f"{module_value}.{attr_value}"))
        else:
            m.push(m.add_global("?.? (STACK_GLOBAL of a computed name)"))
        return
    if name in ("EXT1", "EXT2", "EXT4"):
        m.push(m.add_global(f"copyreg extension {arg}"))
        return
    if name in _MEMO_OPS:
        _memo(m, name, arg)
        return
    if name in _BUILDERS:
        _BUILDERS[name](m)
        return
    if name in _POP_ONLY:
        _pop_only(m, name)
        return
    _generic(m, op, arg)


def _argument(reader: Reader, op: pickletools.OpcodeInfo) -> object:
    """The opcode's argument: kept for text and small ints, skipped for long data."""
    desc = op.arg
    if desc is None:
        return None
    n = desc.n
    if n == pickletools.UP_TO_NEWLINE:
        first = reader.readline()
        if op.name in ("GLOBAL", "INST"):
            second = reader.readline()
            return first.decode("latin-1") + "\n" + second.decode("latin-1")
        if op.name in ("GET", "PUT"):
            return _int_or_none(first)
        if op.name == "INT":
            return {b"00": False, b"01": True}.get(first, _int_or_none(first))
        if op.name in ("STRING", "UNICODE"):
            text = first.decode("latin-1")
            return text[1:-1] if op.name == "STRING" and len(text) >= 2 else text
        return OPAQUE
    if n in _LENGTH_PREFIX:
        size, fmt = _LENGTH_PREFIX[n]
        (length,) = struct.unpack(fmt, reader.read(size))
        if length < 0:
            raise StreamProblem(f"malformed pickle: negative length{reader.place()}")
        if op.name in _TEXT_OPS and length <= MAX_KEPT_STRING:
            raw = reader.read(length)
            return raw.decode("utf-8", "replace") if "UNICODE" in op.name else raw.decode("latin-1")
        if op.name in ("LONG1", "LONG4") and length <= 16:
            return int.from_bytes(reader.read(length), "little", signed=True)
        reader.skip(length)
        return OPAQUE
    data = reader.read(n)
    fixed = _FIXED_INTS.get(n)
    if op.name == "BINFLOAT" or fixed is None:
        return OPAQUE
    return struct.unpack(fixed, data)[0]


def _int_or_none(text: bytes) -> int | None:
    try:
        return int(text.rstrip(b"L"))
    except ValueError:
        return None


_MEMO_OPS: Final = frozenset({"MEMOIZE", "PUT", "BINPUT", "LONG_BINPUT", "GET", "BINGET", "LONG_BINGET"})


def _memo(m: _Machine, name: str, arg: object) -> None:
    if name.endswith("GET"):
        m.push(m.memo.get(arg, OPAQUE) if isinstance(arg, int) else OPAQUE)
        return
    key = len(m.memo) if name == "MEMOIZE" else arg
    if not isinstance(key, int):
        return
    if len(m.memo) >= m.budget.memo and key not in m.memo:
        raise StreamProblem(f"more than {m.budget.memo} memo entries{m.reader.place()}")
    m.memo[key] = m.top()


def _small(value: object) -> bool:
    """Values worth keeping inside tuples and dicts: scalars and tuples of scalars (never deep)."""
    if value is None or isinstance(value, (str, int, bool, Global)):
        return True
    return (
        isinstance(value, tuple)
        and len(value) <= 32
        and all(v is None or isinstance(v, (str, int, bool, Global, Made)) for v in value)
    )


def _tuple_of(items: list[object]) -> object:
    kept = tuple(items)
    return kept if len(kept) <= 32 and all(_small(v) or isinstance(v, Made) for v in kept) else OPAQUE


def _tuple(m: _Machine) -> None:
    m.push(_tuple_of(m.pop_mark()))


def _tuple_n(count: int) -> Callable[[_Machine], None]:
    def build(m: _Machine) -> None:
        items = [m.pop() for _ in range(count)]
        m.push(_tuple_of(items[::-1]))

    return build


def _reduce(m: _Machine) -> None:
    args, func = m.pop(), m.pop()
    name = func.name if isinstance(func, Global) else None
    m.push(Made(name, args if isinstance(args, tuple) else ()))


def _newobj(m: _Machine) -> None:
    args, cls = m.pop(), m.pop()
    name = cls.name if isinstance(cls, Global) else None
    m.push(Made(name, args if isinstance(args, tuple) else ()))


def _newobj_ex(m: _Machine) -> None:
    m.pop()
    _newobj(m)


def _obj(m: _Machine) -> None:
    items = m.pop_mark()
    cls = items[0] if items else None
    m.push(Made(cls.name if isinstance(cls, Global) else None))


def _build(m: _Machine) -> None:
    state = m.pop()
    obj = m.top()
    if m.on_build is not None and isinstance(obj, Made):
        m.on_build(obj, state, m.reader)


def _setitems(m: _Machine, pairs: list[object]) -> None:
    target = m.top()
    if isinstance(target, dict) and len(target) < 64:
        for key, value in zip(pairs[::2], pairs[1::2], strict=False):
            if isinstance(key, (str, int)) and (_small(value) or isinstance(value, Made)):
                target[key] = value


def _pop_only(m: _Machine, name: str) -> None:
    if name == "POP":
        if m.stack and not (m.marks and len(m.stack) <= m.marks[-1]):
            m.stack.pop()
        elif m.marks:  # POP of a mark (pickle.py allows it)
            m.pop_mark()
        else:
            raise StreamProblem(f"malformed pickle: stack underflow{m.reader.place()}")
    elif name == "APPEND":
        m.pop()
        m.top()
    elif name == "SETITEM":
        value, key = m.pop(), m.pop()
        _setitems(m, [key, value])
    elif name == "SETITEMS":
        _setitems(m, m.pop_mark())
    elif name in ("APPENDS", "ADDITEMS"):
        m.pop_mark()
        m.top()
    elif name == "BUILD":
        _build(m)
    elif name in ("DICT", "LIST"):
        items = m.pop_mark()
        if name == "DICT":
            m.push({})
            _setitems(m, items)
        else:
            m.push(OPAQUE)


def _generic(m: _Machine, op: pickletools.OpcodeInfo, arg: object) -> None:
    """Any other opcode by its stack effect in pickletools' table; pushes the argument when the
    opcode pushes exactly its argument (ints, strings), else opaque values."""
    for item in reversed(op.stack_before):
        if item is pickletools.markobject:
            m.pop_mark()
        elif item is not pickletools.stackslice:
            m.pop()
    name = op.name
    if name == "NONE":
        m.push(None)
    elif name in ("NEWTRUE", "NEWFALSE"):
        m.push(name == "NEWTRUE")
    elif name == "EMPTY_DICT":
        m.push({})
    elif name == "EMPTY_TUPLE":
        m.push(())
    elif name == "DUP":
        m.push(m.top())
    elif name in ("PROTO", "FRAME"):
        return
    else:
        for _ in op.stack_after:
            m.push(arg if isinstance(arg, (str, int)) and len(op.stack_after) == 1 else OPAQUE)


_BUILDERS: Final[dict[str, Callable[[_Machine], None]]] = {
    "TUPLE": _tuple,
    "TUPLE1": _tuple_n(1),
    "TUPLE2": _tuple_n(2),
    "TUPLE3": _tuple_n(3),
    "REDUCE": _reduce,
    "NEWOBJ": _newobj,
    "NEWOBJ_EX": _newobj_ex,
    "OBJ": _obj,
}

# numpy dtype strings: kind letter and size (``<f8``, ``|b1``, ``<U12``)
_DTYPE: Final = lazy_compile(r"[<>|=]?([a-zA-Z])(\d*)")
_UNIT_BYTES: Final = {"U": 4}


def dtype_itemsize(descr: str) -> int | None:
    """The item size of a simple numpy dtype string, without numpy (None when unknown)."""
    match = _DTYPE.fullmatch(descr)
    if match is None:
        return None
    kind, digits = match.groups()
    if kind == "O":
        return None
    if not digits:
        return {
            "b": 1,
            "B": 1,
            "h": 2,
            "H": 2,
            "i": 4,
            "I": 4,
            "l": 8,
            "L": 8,
            "q": 8,
            "Q": 8,
            "f": 4,
            "d": 8,
            "e": 2,
            "?": 1,
        }.get(kind)
    return int(digits) * _UNIT_BYTES.get(kind, 1)


def array_bytes(shape: object, itemsize: int) -> int | None:
    if not isinstance(shape, tuple) or not all(isinstance(n, int) and n >= 0 for n in shape):
        return None
    return math.prod(shape) * itemsize
