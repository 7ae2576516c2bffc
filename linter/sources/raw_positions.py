"""Where a cell's source line lies in the raw ``.ipynb`` text.

Findings in notebooks carry cell-relative positions; SARIF and GitHub annotations need the line and
column of the notebook *file*, so that an annotation lands on the JSON line that holds the code.
nbformat writes each source line of a cell as one JSON string (``"source": ["import x\\n", ...]``,
indented by 1 or 2 spaces); other writers store one string with ``\\n`` escapes, or escape every
non-ASCII character, or use CRLF. A small JSON scanner records the raw span of each string of each
cell's ``source`` (and of each saved output's text), and :meth:`RawPositions.source` decodes just
the strings it needs to map a (cell, line, column) to a (raw line, raw column).

Columns are counted in Unicode code points, 1-based, like the findings' columns. Nothing here raises
for bad input: a text that is not a notebook maps nothing (``None``).
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

from linter.startup.lazy_pattern import lazy_compile

_SPACE = lazy_compile(r"[ \t\r\n]*")
_SCALAR = lazy_compile(r"-?[0-9][0-9eE.+-]*|true|false|null")
_ESCAPE = lazy_compile(r"\\(?:u[0-9a-fA-F]{4}|.)|[^\\]", re.DOTALL)
_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_MAX_DEPTH = 200
_START = "\x00start"  # key holding an object's raw offset: a raw NUL cannot occur in a JSON key


@dataclass(frozen=True)
class Span:
    """A JSON string value: raw offsets of its content (between the quotes)."""

    start: int
    end: int


class _Scanner:
    """Recursive descent over JSON text keeping only objects, arrays and string spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip(self) -> None:
        self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def value(self, depth: int = 0) -> object:
        if depth > _MAX_DEPTH:
            raise ValueError("nested too deeply")
        self.skip()
        char = self.text[self.pos : self.pos + 1]
        if char == "{":
            return self.obj(depth)
        if char == "[":
            return self.array(depth)
        if char == '"':
            return self.string()
        match = _SCALAR.match(self.text, self.pos)
        if match is None:
            raise ValueError(f"unexpected character at {self.pos}")
        self.pos = match.end()
        return None

    def string(self) -> Span:
        """The string starting at ``pos`` (str.find, so megabyte image payloads cost little)."""
        text, start = self.text, self.pos + 1
        search = start
        while True:
            quote = text.find('"', search)
            if quote < 0:
                raise ValueError("unterminated string")
            backslashes = 0
            while text[quote - 1 - backslashes] == "\\":
                backslashes += 1
            if backslashes % 2 == 0:
                self.pos = quote + 1
                return Span(start, quote)
            search = quote + 1

    def obj(self, depth: int) -> dict[str, object]:
        start = self.pos
        self.pos += 1
        found: dict[str, object] = {_START: start}
        self.skip()
        if self.text.startswith("}", self.pos):
            self.pos += 1
            return found
        while True:
            key = self.value(depth + 1)
            if not isinstance(key, Span):
                raise ValueError("object key is not a string")
            self.skip()
            if not self.text.startswith(":", self.pos):
                raise ValueError("missing ':'")
            self.pos += 1
            found[self.text[key.start : key.end]] = self.value(depth + 1)
            self.skip()
            char = self.text[self.pos : self.pos + 1]
            self.pos += 1
            if char == "}":
                return found
            if char != ",":
                raise ValueError("missing ',' in object")

    def array(self, depth: int) -> list[object]:
        self.pos += 1
        items: list[object] = []
        self.skip()
        if self.text.startswith("]", self.pos):
            self.pos += 1
            return items
        while True:
            items.append(self.value(depth + 1))
            self.skip()
            char = self.text[self.pos : self.pos + 1]
            self.pos += 1
            if char == "]":
                return items
            if char != ",":
                raise ValueError("missing ',' in array")


def _line_starts(text: str) -> list[int]:
    """Offsets where raw lines start (after ``\\n``, ``\\r\\n`` or a lone ``\\r``)."""
    starts = [0]
    if "\r" in text:
        starts.extend(match.end() for match in re.finditer(r"\r\n?|\n", text))
        return starts
    find = text.find
    newline = find("\n")
    while newline >= 0:
        starts.append(newline + 1)
        newline = find("\n", newline + 1)
    return starts


def _decoded(text: str, span: Span) -> list[tuple[str, int]]:
    """The characters of a JSON string with the raw offset where each starts. Surrogate pairs
    written as two ``\\u`` escapes become one character, as ``json`` decodes them."""
    out: list[tuple[str, int]] = []
    for match in _ESCAPE.finditer(text, span.start, span.end):
        token = match.group()
        if len(token) == 1:
            out.append((token, match.start()))
        elif token[1] == "u":
            char = chr(int(token[2:], 16))
            if out and "\ud800" <= out[-1][0] <= "\udbff" and "\udc00" <= char <= "\udfff":
                high, offset = out.pop()
                char = chr(0x10000 + ((ord(high) - 0xD800) << 10) + (ord(char) - 0xDC00))
                out.append((char, offset))
            else:
                out.append((char, match.start()))
        else:
            out.append((_SIMPLE.get(token[1], token[1]), match.start()))
    return out


def _strings(node: object) -> tuple[Span, ...]:
    if isinstance(node, Span):
        return (node,)
    if isinstance(node, list) and all(isinstance(item, Span) for item in node):
        return tuple(node)
    return ()


@dataclass(frozen=True)
class _Cell:
    start: int
    source: tuple[Span, ...]
    # per output: its object's start and the strings of each text it stores ("stream" for a
    # stream's text, else the MIME type of a data entry)
    outputs: tuple[tuple[int, dict[str, tuple[Span, ...]]], ...]


class RawPositions:
    """Maps cell and output positions of one notebook to its raw text's lines and columns."""

    def __init__(self, text: str, cells: tuple[_Cell, ...]) -> None:
        self._text = text
        self._cells = cells
        self._line_starts = _line_starts(text)

    @classmethod
    def scan(cls, text: str) -> RawPositions | None:
        """Scan a notebook's raw JSON text (v4 ``cells``); None when it is not one."""
        scanner = _Scanner(text)
        scanner.pos = 1 if text.startswith("\ufeff") else 0
        try:
            root = scanner.value()
        except (ValueError, RecursionError, IndexError):
            return None
        cells = root.get("cells") if isinstance(root, dict) else None
        if not isinstance(cells, list):
            return None
        return cls(text, tuple(_cell(raw) for raw in cells))

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based raw line and column of a raw offset."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def source(self, cell: int, line: int, column: int) -> tuple[int, int] | None:
        """Raw (line, column) of the character at ``line``/``column`` (1-based) of cell ``cell``
        (1-based, as in Location); a column past the end of the line maps to the line's end."""
        if not 1 <= cell <= len(self._cells):
            return None
        found = self._find(self._cells[cell - 1].source, line, column)
        return found if found is not None else self.cell_start(cell)

    def output(self, cell: int, output: int, line: int, column: int, mime: str | None = None) -> tuple[int, int] | None:
        """Raw position in a saved output (``output`` 0-based) of ``line``/``column`` in its text
        ``mime`` (default: a stream's text, else ``text/plain``) when that text is stored as it
        is shown, else where the output object starts."""
        if not self._has_output(cell, output):
            return self.cell_start(cell)
        start, texts = self._cells[cell - 1].outputs[output]
        strings = texts.get(mime) if mime is not None else texts.get("stream", texts.get("text/plain"))
        at = self._find(strings, line, column) if strings else None
        return at if at is not None else self.line_column(start)

    def output_value(self, cell: int, output: int, mime: str, value: str, nth: int = 0) -> tuple[int, int] | None:
        """Raw position of the ``nth`` occurrence (else the first) of ``value`` in the stored text
        ``mime`` of a saved output (HTML, whose shown text is reduced from the markup, and
        tracebacks, whose lines are joined and stripped of colours), trying the
        value HTML-escaped too; else where the output object starts."""
        if not self._has_output(cell, output):
            return self.cell_start(cell)
        start, texts = self._cells[cell - 1].outputs[output]
        chars = [c for span in texts.get(mime, ()) for c in _decoded(self._text, span)]
        text = "".join(char for char, _ in chars)
        if len(text) != len(chars):  # an astral character decoded from one escape: give up
            return self.line_column(start)
        for needle in dict.fromkeys((value, html.escape(value, quote=False), html.escape(value))):
            hits = [m.start() for m in re.finditer(re.escape(needle), text)] if needle else []
            if hits:
                return self.line_column(chars[hits[nth] if nth < len(hits) else hits[0]][1])
        return self.line_column(start)

    def _has_output(self, cell: int, output: int) -> bool:
        return 1 <= cell <= len(self._cells) and 0 <= output < len(self._cells[cell - 1].outputs)

    def cell_start(self, cell: int) -> tuple[int, int] | None:
        if not 1 <= cell <= len(self._cells):
            return None
        return self.line_column(self._cells[cell - 1].start)

    def _find(self, spans: tuple[Span, ...], line: int, column: int) -> tuple[int, int] | None:
        current, col, last = 1, 1, None
        for span in spans:
            for char, offset in _decoded(self._text, span):
                if current == line:
                    if col == column:
                        return self.line_column(offset)
                    last = offset
                if char == "\n":
                    if current == line:
                        return self.line_column(offset)
                    current += 1
                    col = 1
                else:
                    col += 1
            if current > line:
                break
        if last is not None:
            raw_line, raw_col = self.line_column(last)
            return raw_line, raw_col + 1
        if current == line and spans:  # an empty last line: just after the final string's content
            return self.line_column(spans[-1].end)
        return None


def _cell(raw: object) -> _Cell:
    if not isinstance(raw, dict):
        return _Cell(0, (), ())
    outputs: list[tuple[int, dict[str, tuple[Span, ...]]]] = []
    raw_outputs = raw.get("outputs")
    for output in raw_outputs if isinstance(raw_outputs, list) else ():
        if not isinstance(output, dict):
            outputs.append((0, {}))
            continue
        texts = {"stream": _strings(output["text"])} if "text" in output else {}
        if "traceback" in output:
            texts["traceback"] = _strings(output["traceback"])
        data = output.get("data")
        if isinstance(data, dict):
            texts.update((mime, _strings(value)) for mime, value in data.items() if mime != _START)
        outputs.append((int(output.get(_START, 0)), texts))
    return _Cell(int(raw.get(_START, 0)), _strings(raw.get("source")), tuple(outputs))


__all__ = ["RawPositions"]
