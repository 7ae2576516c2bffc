"""Decode the saved outputs of a notebook cell into the text a person could have typed or seen.

Kept: ``stream`` text, ``text/plain``, ``text/html`` (reduced to text; table cells joined by tabs, one
row a line) of ``execute_result``/``display_data``, ``text/markdown``, ``application/json`` as text,
and ``error`` tracebacks with ANSI colour codes stripped. Skipped: images and other binary MIME
types, widget state and model ids (``application/vnd.jupyter.widget-*``), metadata and execution
counts: they hold no typed text, and scanning them floods secret scanners with false positives.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from linter.sources.document import OutputMime, OutputText, OutputType
from linter.startup.lazy_pattern import lazy_compile

ANSI_ESCAPE = lazy_compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07")
TEXT_MIMES: tuple[OutputMime, ...] = ("text/plain", "text/html", "text/markdown", "text/latex", "application/json")
# When one output holds several representations, reports show one of them, the one a reader sees
# (HTML before Markdown before plain text), and every position in that output is a position in it.
SHOWN_PREFERENCE: tuple[OutputMime, ...] = (
    "stream",
    "traceback",
    "text/html",
    "text/markdown",
    "text/plain",
    "text/latex",
    "application/json",
)


def strip_ansi(text: str) -> str:
    return ANSI_ESCAPE.sub("", text)


def joined(value: object) -> str:
    """nbformat multiline strings are a string or a list of strings."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(part for part in value if isinstance(part, str))
    return ""


def _mime_text(mime: OutputMime, value: object) -> str:
    if mime == "application/json":
        return value if isinstance(value, str) else json.dumps(value, indent=1, ensure_ascii=False)
    text = joined(value)
    if mime != "text/html":
        return text
    from linter.sources.html_text import html_text  # html.parser: only for HTML outputs

    return html_text(text)


def decode_output(cell: int, index: int, output: Mapping[str, Any]) -> Iterator[OutputText]:
    """The typed texts of one saved output (none for images, widgets and unknown shapes)."""
    kind = output.get("output_type")
    if kind == "stream":
        text = strip_ansi(joined(output.get("text")))
        if text:
            yield OutputText(cell, index, "stream", "stream", text)
    elif kind in ("execute_result", "display_data", "pyout"):
        output_type: OutputType = kind  # the JSON value (Any), one of these three
        data = output.get("data")
        if not isinstance(data, Mapping):
            return
        for mime in TEXT_MIMES:
            if mime in data:
                text = strip_ansi(_mime_text(mime, data[mime]))
                if text:
                    yield OutputText(cell, index, output_type, mime, text)
    elif kind in ("error", "pyerr"):
        ename = output.get("ename") if isinstance(output.get("ename"), str) else None
        evalue = output.get("evalue") if isinstance(output.get("evalue"), str) else None
        frames = output.get("traceback")
        frames = frames if isinstance(frames, list) else []
        text = strip_ansi("\n".join(f for f in frames if isinstance(f, str)))
        if not text and (ename or evalue):
            text = f"{ename or ''}: {evalue or ''}"
        yield OutputText(cell, index, "error", "traceback", text, ename, evalue)


def decode_outputs(cell: int, outputs: object) -> tuple[OutputText, ...]:
    if not isinstance(outputs, list):
        return ()
    return tuple(
        text
        for index, output in enumerate(outputs)
        if isinstance(output, Mapping)
        for text in decode_output(cell, index, output)
    )


def _rank(mime: OutputMime) -> int:
    return SHOWN_PREFERENCE.index(mime) if mime in SHOWN_PREFERENCE else len(SHOWN_PREFERENCE)


def shown_output(outputs: Iterable[OutputText], index: int) -> OutputText | None:
    """The representation of output ``index`` that reports show (see ``SHOWN_PREFERENCE``)."""
    candidates = [o for o in outputs if o.index == index]
    return min(candidates, key=lambda o: _rank(o.mime)) if candidates else None


def _offset(text: str, line: int, column: int) -> int | None:
    """The offset of ``line`` (1-based) and ``column`` (0-based) in ``text``, None when outside."""
    start = 0
    for _ in range(line - 1):
        newline = text.find("\n", start)
        if newline < 0:
            return None
        start = newline + 1
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return start + column if start + column <= end else None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and 0-based column of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1)


Span = tuple[int, int, int, int]  # line (1-based), column (0-based), end line, end column


def relocate(span: Span, source: str, target: str) -> Span | None:
    """The span of ``source`` (another representation of the same output) in ``target``, found by
    its text: the same occurrence (first, second...) of that text, else its first occurrence; None
    when ``target`` does not hold it."""
    start = _offset(source, span[0], span[1])
    end = _offset(source, span[2], span[3])
    if start is None or end is None or end <= start:
        return None
    value = source[start:end]
    nth = 0
    found = source.find(value)
    while 0 <= found < start:
        nth += 1
        found = source.find(value, found + 1)
    hits: list[int] = []
    found = target.find(value)
    while found >= 0 and len(hits) <= nth:
        hits.append(found)
        found = target.find(value, found + 1)
    if not hits:
        return None
    at = hits[nth] if nth < len(hits) else hits[0]
    return (*_line_column(target, at), *_line_column(target, at + len(value)))
