"""Edits (in cell, output and line coordinates) to splices of a file's raw text.

A :class:`Splice` replaces ``raw[start:end]`` with ``text``; :mod:`linter.fix.apply` applies the splices of
one pass from the end backwards, so the rest of the file keeps its bytes.

Scripts and requirements files: lines end at ``\\n`` (CRLF files keep their ``\\r``; new lines in an
edit get the file's line ending).

Notebooks are never re-serialised: the raw JSON is scanned (:mod:`linter.sources.raw_positions`) to
find the string(s) holding the edited cell source or output text, and only the changed characters
are re-encoded, in the file's style: a source stored as one string stays one string; a list of
lines (nbformat's style) stays one line an item, new items getting the separator (comma, newline,
indentation) the list already uses; non-ASCII text is escaped when the file escapes it
(``ensure_ascii``). Clearing an output removes that output object and one separator. Anything that
cannot be located or whose style cannot be told is refused with a :class:`PatchError`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from linter.fix.edits import line_starts, offset_of
from linter.model import Edit
from linter.sources.document import Document

# The raw-JSON scanner behind raw positions, reused as is (only string spans and object starts).
from linter.sources.raw_positions import _START, Span, _decoded, _Scanner
from linter.startup.lazy_pattern import lazy_compile


class PatchError(Exception):
    """An edit that cannot be applied without reformatting the file (the message says why)."""


@dataclass(frozen=True)
class Splice:
    start: int
    end: int
    text: str

    def overlaps(self, other: Splice) -> bool:
        return (self.start < other.end and other.start < self.end) or self.start == other.start


def script_splices(raw: str, edits: tuple[Edit, ...]) -> list[Splice]:
    """Splices of a script or requirements file for ``edits`` (which must not name a cell)."""
    starts = line_starts(raw)
    crlf = "\r\n" in raw
    found = []
    for edit in edits:
        if edit.cell is not None or edit.output is not None or edit.clear_output:
            raise PatchError("an edit for a notebook cell in a plain file")
        begin = offset_of(starts, len(raw), edit.line, edit.column - 1)
        end = offset_of(starts, len(raw), edit.end_line, edit.end_column - 1)
        if begin is None or end is None or end < begin:
            raise PatchError(
                f"edit span {edit.line}:{edit.column}-{edit.end_line}:{edit.end_column} is outside the file"
            )
        found.append(Splice(begin, end, edit.text.replace("\n", "\r\n") if crlf else edit.text))
    return found


# ---------------------------------------------------------------------------------------------
# Notebooks


_ESCAPED_NON_ASCII = lazy_compile(r"\\(?:u(?!00[0-7])[0-9a-fA-F]{4}|[^u])")
_NON_ASCII = lazy_compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class _Chars:
    """A JSON text value (one string, or a list of strings) decoded with where each character
    lies in the raw text: ``starts[k]``/``ends[k]`` raw offsets of character ``k``, ``items[k]``
    the index of the string holding it."""

    spans: tuple[Span, ...]
    is_list: bool
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    items: tuple[int, ...]

    @property
    def line_items(self) -> bool:
        """A list of one line an item (nbformat's style; some writers put several lines in one
        string: those are edited in place like single strings)."""
        if not self.is_list:
            return False
        items, text = self.items, self.text
        boundaries = {k for k in range(1, len(items)) if items[k] != items[k - 1]}
        return boundaries == {k + 1 for k, char in enumerate(text[:-1]) if char == "\n"}

    @classmethod
    def of(cls, raw: str, node: object) -> _Chars | None:
        if isinstance(node, Span):
            spans, is_list = (node,), False
        elif isinstance(node, list) and all(isinstance(item, Span) for item in node):
            spans, is_list = tuple(node), True
        else:
            return None
        chars, starts, ends, items = [], [], [], []
        for index, span in enumerate(spans):
            decoded = _decoded(raw, span)
            for k, (char, start) in enumerate(decoded):
                chars.append(char)
                starts.append(start)
                ends.append(decoded[k + 1][1] if k + 1 < len(decoded) else span.end)
                items.append(index)
        return cls(spans, is_list, "".join(chars), tuple(starts), tuple(ends), tuple(items))


class NotebookPatcher:
    """Splices for edits of one notebook's raw text; ``document`` is that text read as a Document."""

    def __init__(self, raw: str, document: Document) -> None:
        self.raw = raw
        self.document = document
        scanner = _Scanner(raw)
        scanner.pos = 1 if raw.startswith("\ufeff") else 0
        try:
            root = scanner.value()
        except (ValueError, RecursionError, IndexError):
            root = None
        cells = root.get("cells") if isinstance(root, dict) else None
        if not isinstance(cells, list):
            raise PatchError("not an nbformat 4 notebook (no 'cells' list): not fixed")
        self.cells = cells
        self._ascii: bool | None = None

    def splices(self, edit: Edit) -> list[Splice]:
        if (
            edit.cell is None
            or not 1 <= edit.cell <= len(self.cells)
            or not isinstance(self.cells[edit.cell - 1], dict)
        ):
            raise PatchError(f"no cell {edit.cell} in the notebook")
        cell = self.cells[edit.cell - 1]
        if edit.output is None:
            chars = _Chars.of(self.raw, cell.get("source"))
            expected = self.document.cells[edit.cell - 1].source if edit.cell <= len(self.document.cells) else None
            return [self._text_splice(chars, expected, edit, "cell source")]
        outputs = cell.get("outputs")
        if (
            not isinstance(outputs, list)
            or not 0 <= edit.output < len(outputs)
            or not isinstance(outputs[edit.output], dict)
        ):
            raise PatchError(f"no output {edit.output + 1} in cell {edit.cell}")
        if edit.clear_output:
            return [self._remove_output(outputs, edit.output)]
        output = outputs[edit.output]
        data = output.get("data")
        node = output.get("text") if "text" in output else data.get("text/plain") if isinstance(data, dict) else None
        decoded = [
            o
            for o in self.document.cells[edit.cell - 1].outputs
            if o.index == edit.output and o.mime in ("stream", "text/plain")
        ]
        expected = decoded[0].text if decoded else None
        return [self._text_splice(_Chars.of(self.raw, node), expected, edit, "output text")]

    # -- text values -----------------------------------------------------------------------

    def _text_splice(self, chars: _Chars | None, expected: str | None, edit: Edit, what: str) -> Splice:
        if chars is None or expected is None or chars.text != expected:
            raise PatchError(f"the {what} of cell {edit.cell} is not stored as JSON text mlsafe can edit in place")
        if not chars.spans:
            raise PatchError(f"the {what} of cell {edit.cell} is an empty list: nothing to edit in place")
        text = chars.text
        starts = line_starts(text)
        begin = offset_of(starts, len(text), edit.line, edit.column - 1)
        end = offset_of(starts, len(text), edit.end_line, edit.end_column - 1)
        if begin is None or end is None or end < begin:
            raise PatchError(f"edit span {edit.line}:{edit.column} is outside the {what} of cell {edit.cell}")
        one_line = "\n" not in edit.text and "\n" not in text[begin:end]
        same_item = (begin == end or chars.items[begin] == chars.items[end - 1]) and not (
            begin == len(text) and text.endswith("\n")  # text after a final newline: a new item
        )
        if not chars.line_items or (one_line and same_item):
            return self._char_splice(chars, begin, end, edit.text)
        return self._items_splice(chars, begin, end, edit.text)

    def _char_splice(self, chars: _Chars, begin: int, end: int, new: str) -> Splice:
        """Replace characters ``begin``..``end`` in place, inside the string(s) holding them."""
        at = chars.starts[begin] if begin < len(chars.text) else chars.spans[-1].end
        stop = chars.ends[end - 1] if end > begin else at
        return Splice(at, stop, self._encode(new)[1:-1])

    def _items_splice(self, chars: _Chars, begin: int, end: int, new: str) -> Splice:
        """Rebuild the list items holding ``begin``..``end`` as one line an item (taking in the
        next items until the text ends a line; dropping items, with one separator, when no text
        is left)."""
        spans, text, count = chars.spans, chars.text, len(chars.text)
        bounds: list[tuple[int, int]] = []
        for index in range(len(spans)):
            start = bounds[-1][1] if bounds else 0
            bounds.append((start, start + chars.items.count(index)))
        first = chars.items[begin] if begin < count else len(spans) - 1
        last = chars.items[end - 1] if end > begin else first
        joined = text[bounds[first][0] : begin] + new + text[end : bounds[last][1]]
        while joined and not joined.endswith("\n") and last < len(spans) - 1:
            last += 1
            joined += text[bounds[last][0] : bounds[last][1]]
        lines = re.findall(r"[^\n]*\n|[^\n]+$", joined)
        if lines:
            separator = self._separator(spans)
            return Splice(spans[first].start - 1, spans[last].end + 1, separator.join(map(self._encode, lines)))
        if last < len(spans) - 1:
            return Splice(spans[first].start - 1, spans[last + 1].start - 1, "")
        if first > 0:
            return Splice(spans[first - 1].end + 1, spans[last].end + 1, "")
        opening = self.raw.rfind("[", 0, spans[0].start - 1)
        closing = self.raw.find("]", spans[-1].end + 1)
        if opening < 0 or closing < 0:
            raise PatchError("cannot locate the source list")
        return Splice(opening + 1, closing, "")

    def _separator(self, spans: tuple[Span, ...]) -> str:
        if len(spans) >= 2:
            return self.raw[spans[0].end + 1 : spans[1].start - 1]
        opening = self.raw.rfind("[", 0, spans[0].start - 1)
        space = self.raw[opening + 1 : spans[0].start - 1]
        if opening < 0 or space.strip():
            raise PatchError("cannot tell how this notebook lays out source lines")
        return "," + space if "\n" in space else ", "

    def _encode(self, text: str) -> str:
        """``text`` as a JSON string literal in the file's style."""
        if not _NON_ASCII.search(text):
            return json.dumps(text)
        return json.dumps(text, ensure_ascii=self._ensure_ascii())

    def _ensure_ascii(self) -> bool:
        if self._ascii is None:
            raw_non_ascii = bool(_NON_ASCII.search(self.raw))
            escaped = any(match.group().startswith("\\u") for match in _ESCAPED_NON_ASCII.finditer(self.raw))
            if raw_non_ascii and escaped:
                raise PatchError("the notebook mixes escaped and raw non-ASCII text: cannot tell how to write new text")
            self._ascii = escaped
        return self._ascii

    # -- outputs ---------------------------------------------------------------------------

    def _remove_output(self, outputs: list[object], index: int) -> Splice:
        """Remove output ``index``, with the separator after it (or before it, for the last)."""
        start = _object_start(outputs[index])
        end = self._object_end(start)
        if len(outputs) == 1:
            opening = self.raw.rfind("[", 0, start)
            closing = self.raw.find("]", end)
            if opening < 0 or closing < 0 or self.raw[opening + 1 : start].strip() or self.raw[end:closing].strip():
                raise PatchError("cannot locate the outputs list")
            return Splice(opening, closing + 1, "[]")
        if index + 1 < len(outputs):
            return Splice(start, _object_start(outputs[index + 1]), "")
        return Splice(self._object_end(_object_start(outputs[index - 1])), end, "")

    def _object_end(self, start: int) -> int:
        scanner = _Scanner(self.raw)
        scanner.pos = start
        scanner.value()
        return scanner.pos


def _object_start(node: object) -> int:
    if not isinstance(node, dict):
        raise PatchError("an output is not a JSON object")
    return int(node[_START])


__all__ = ["NotebookPatcher", "PatchError", "Splice", "script_splices"]
