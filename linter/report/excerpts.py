"""Source excerpts and raw notebook positions for findings, for the reports that show them.

:func:`annotate` is called by :mod:`linter.api` only when the chosen report needs it (``full``,
``html``, ``sarif``, ``github``, ``junit``) and only for documents with findings, so the default
path pays nothing. It fills :attr:`Finding.excerpt` with the finding's lines, **redacted**: the span
of every secret (MLS2xx) or PII (MLS5xx) finding on those lines, and any quoted value that looks like
a credential or an e-mail address (a second line of defence, should a secret rule be deselected or
miss it), is replaced by :func:`linter.kit.redaction.redact` of it. For notebooks it also fills
``Location.raw_line``/``raw_column`` from the raw ``.ipynb`` text.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from linter.kit.redaction import redact
from linter.model import Category, Excerpt, Finding, Location
from linter.sources.document import Document
from linter.sources.outputs import shown_output
from linter.sources.raw_positions import RawPositions
from linter.startup.lazy_pattern import lazy_compile

SENSITIVE = (Category.SECRET, Category.PII)
# Other findings whose span is a personal value: MLS305's user and host names in saved outputs.
SENSITIVE_CODES = ("MLS305",)
MAX_LINES = 6
MAX_WIDTH = 200

_QUOTED = lazy_compile(r"""(?P<q>['"])(?P<value>(?:(?!(?P=q))[^\\]|\\.){6,}?)(?P=q)""")
_SENSITIVE_NAME = lazy_compile(
    r"""(?i)(?:key|token|secret|passw|pwd|credential|auth|bearer)\w*['"]?\s*[:=]\s*(?:[rbuf]{0,2})(?P<q>['"])"""
)
_KNOWN_PREFIX = lazy_compile(
    r"^(?:sk-|sk_(?:live|test)_|rk_live_|ghp_|gho_|ghu_|ghs_|github_pat_|glpat-|hf_|xox[abprs]-|AKIA|ASIA|AIza|eyJ)"
)
_TOKEN = lazy_compile(r"[A-Za-z0-9+/=_\-]{20,}")
_EMAIL = lazy_compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
Span = tuple[int, int]  # 0-based, end exclusive
Hidden = dict[tuple[int | None, int | None, int], list[Span]]  # (cell, output, line) -> spans


def _entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


def looks_secret(value: str) -> bool:
    """A credential-looking token: a known key prefix, or long, mixed and random-looking."""
    if len(value) < 16 or any(ch.isspace() for ch in value):
        return False
    if _KNOWN_PREFIX.match(value):
        return True
    if "/" in value and not re.search(r"[+=]", value):  # a path, not base64
        return False
    return bool(
        _TOKEN.fullmatch(value)
        and any(ch.isdigit() for ch in value)
        and any(ch.isalpha() for ch in value)
        and _entropy(value) >= 3.5
    )


def suspicious_spans(line: str) -> list[Span]:
    """Spans of a line to hide even when no rule reported them: credential-looking quoted values,
    string values assigned to key/token/secret/password-like names, and e-mail addresses."""
    spans: list[Span] = []
    sensitive_quotes = {m.end() - 1 for m in _SENSITIVE_NAME.finditer(line)}
    for match in _QUOTED.finditer(line):
        value = match.group("value")
        if match.start() in sensitive_quotes or looks_secret(value):
            spans.append((match.start("value"), match.end("value")))
    for match in _TOKEN.finditer(line):
        if looks_secret(match.group()):
            spans.append(match.span())
    spans.extend(match.span() for match in _EMAIL.finditer(line))
    return spans


def redact_line(line: str, spans: Iterable[Span]) -> tuple[str, list[tuple[int, int, int]]]:
    """The line with each (merged) span replaced by its redaction, and the shifts applied
    (old start, old end, new length) for :func:`_shift`."""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(line), e)) for s, e in spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    parts: list[str] = []
    edits: list[tuple[int, int, int]] = []
    cursor = 0
    for start, end in merged:
        hidden = redact(line[start:end])
        parts.extend((line[cursor:start], hidden))
        edits.append((start, end, len(hidden)))
        cursor = end
    parts.append(line[cursor:])
    return "".join(parts), edits


def _shift(column: int, edits: Sequence[tuple[int, int, int]], end: bool = False) -> int:
    """A 0-based column of the original line in the redacted one."""
    delta = 0
    for start, stop, size in edits:
        if column >= stop:
            delta += size - (stop - start)
        elif column > start or (column == start and end):
            return start + delta + (size if end else 0)
    return column + delta


def _window(line: str, column: int, end_column: int) -> tuple[str, int, int]:
    """Cut a very long line (minified output, data) to ``MAX_WIDTH`` characters around the span."""
    if len(line) <= MAX_WIDTH:
        return line, column, end_column
    start = max(0, min(column - MAX_WIDTH // 4, len(line) - MAX_WIDTH))
    cut = line[start : start + MAX_WIDTH]
    prefix = "…" if start else ""
    suffix = "…" if start + MAX_WIDTH < len(line) else ""
    shift = len(prefix) - start
    return prefix + cut + suffix, column + shift, min(end_column + shift, len(prefix) + len(cut))


def _text_of(document: Document, finding: Finding) -> str | None:
    loc = finding.location
    if loc.cell is None:
        return document.text if document.text else None
    if not 0 < loc.cell <= len(document.cells):
        return None
    cell = document.cells[loc.cell - 1]
    if loc.output is None:
        return cell.source
    shown = shown_output(cell.outputs, loc.output)  # the engine's output positions are in it
    return shown.text if shown is not None else None


def _hidden_spans(sensitive: Iterable[Finding]) -> Hidden:
    """(cell, output, line) -> spans of secret/PII findings to blank (0-based columns)."""
    spans: Hidden = {}
    for finding in sensitive:
        loc = finding.location
        for line in range(loc.line, loc.end_line + 1):
            start = loc.column - 1 if line == loc.line else 0
            end = loc.end_column - 1 if line == loc.end_line else 1 << 30
            if line == loc.line == loc.end_line and end <= start:
                end = 1 << 30  # a point finding on a secret: hide the rest of the line
            spans.setdefault((loc.cell, loc.output, line), []).append((start, end))
    return spans


# A detected value shorter than this is masked only where it stands alone (not inside a word).
SHORT_VALUE = 8


def value_spans(line: str, values: Iterable[str]) -> list[Span]:
    """Every occurrence in ``line`` of every value (or line of a multi-line value)."""
    spans: list[Span] = []
    for value in values:
        for part in value.split("\n"):
            part = part.strip()
            if len(part) < 3 or part not in line:
                continue
            if len(part) >= SHORT_VALUE:
                spans.extend((m.start(), m.end()) for m in re.finditer(re.escape(part), line))
            else:
                pattern = r"(?<!\w)" + re.escape(part) + r"(?!\w)"
                spans.extend((m.start(), m.end()) for m in re.finditer(pattern, line))
    return spans


def span_values(document: Document, findings: Iterable[Finding]) -> set[str]:
    """The value under the span of each finding that reports one (it has a fingerprint), in the
    text its position refers to."""
    values: set[str] = set()
    for finding in findings:
        if not finding.fingerprint:
            continue
        text = _text_of(document, finding)
        loc = finding.location
        if text is None:
            continue
        lines = text.replace("\r\n", "\n").split("\n")
        if not 0 < loc.line <= loc.end_line <= len(lines):
            continue
        if loc.line == loc.end_line:
            values.add(lines[loc.line - 1][loc.column - 1 : loc.end_column - 1])
        else:
            values.add(lines[loc.line - 1][loc.column - 1 :])
            values.update(lines[loc.line : loc.end_line - 1])
            values.add(lines[loc.end_line - 1][: loc.end_column - 1])
    values.discard("")
    return values


def excerpt(document: Document, finding: Finding, hidden: Hidden, values: Iterable[str] = ()) -> Excerpt | None:
    """The finding's lines (at most ``MAX_LINES``), redacted, long lines cut around the span."""
    text = _text_of(document, finding)
    if text is None:
        return None
    lines = text.replace("\r\n", "\n").split("\n")
    loc = finding.location
    if not 0 < loc.line <= len(lines):
        return None
    last = min(loc.end_line, len(lines), loc.line + MAX_LINES - 1)
    shown: list[str] = []
    column, end_column = loc.column - 1, loc.end_column - 1
    for number in range(loc.line, last + 1):
        original = lines[number - 1].rstrip("\r")
        spans = [
            *hidden.get((loc.cell, loc.output, number), ()),
            *suspicious_spans(original),
            *value_spans(original, values),
        ]
        redacted, edits = redact_line(original, spans)
        if number == loc.line:
            column = _shift(column, edits)
        if number == last:
            end_column = _shift(end_column if number == loc.end_line else len(original), edits, end=True)
        shown.append(redacted)
    if last == loc.line:
        shown[0], column, end_column = _window(shown[0], column, end_column)
    else:
        shown[0], column, _ = _window(shown[0], column, len(shown[0]))
        shown[1:] = [line if len(line) <= MAX_WIDTH else line[:MAX_WIDTH] + "…" for line in shown[1:]]
        end_column = min(end_column, len(shown[-1]))
    return Excerpt(first=loc.line, lines=tuple(shown), column=column + 1, end_column=end_column + 1)


# Outputs whose shown text is stored in the file as it is: positions map character by character.
_STORED_AS_SHOWN = frozenset({"stream", "text/plain", "text/markdown", "text/latex"})


def _raw_location(positions: RawPositions, location: Location, document: Document) -> Location:
    """``location`` with its raw .ipynb start and end (unchanged when they cannot be found)."""
    assert location.cell is not None
    if location.output is None:
        start = positions.source(location.cell, location.line, location.column)
        end = positions.source(location.cell, location.end_line, location.end_column)
    else:
        start, end = _raw_output(positions, location, document)
    if start is None:
        return location
    if end is None or end < start:
        end = start
    return dataclasses.replace(
        location, raw_line=start[0], raw_column=start[1], raw_end_line=end[0], raw_end_column=end[1]
    )


RawPoint = tuple[int, int] | None


def _raw_output(positions: RawPositions, location: Location, document: Document) -> tuple[RawPoint, RawPoint]:
    """Raw start and end of a finding in a saved output, in the representation reports show: by
    character where it is stored as shown, by its text in HTML markup, else the output's start."""
    assert location.cell is not None and location.output is not None
    cells = document.cells
    cell = cells[location.cell - 1] if 0 < location.cell <= len(cells) else None
    shown = shown_output(cell.outputs, location.output) if cell is not None else None
    mime = shown.mime if shown is not None else None
    if shown is None or mime in _STORED_AS_SHOWN:
        start = positions.output(location.cell, location.output, location.line, location.column, mime)
        end = positions.output(location.cell, location.output, location.end_line, location.end_column, mime)
        return start, end
    lines = shown.text.split("\n")
    value, before = "", ""
    if 0 < location.line == location.end_line <= len(lines):
        line = lines[location.line - 1]
        value = line[location.column - 1 : location.end_column - 1]
        before = "\n".join([*lines[: location.line - 1], line[: location.column - 1]])
    nth = before.count(value) if value else 0
    start = positions.output_value(location.cell, location.output, mime or "", value, nth)
    return start, start


def annotate(
    document: Document,
    findings: Sequence[Finding],
    sensitive: Iterable[Finding] = (),
    raw_text: str | None = None,
    values: Iterable[str] = (),
) -> tuple[Finding, ...]:
    """``findings`` of ``document`` with redacted excerpts and (notebooks) raw positions.
    ``sensitive`` are extra secret/PII findings of the same document whose spans must be hidden
    (the ones among ``findings`` are always hidden). Every value in ``values`` (the secret and PII
    values detected in the document) and under a sensitive span is masked wherever it appears in
    any excerpt, also when a span is wrong."""
    secret = [*(f for f in findings if f.category in SENSITIVE or f.code in SENSITIVE_CODES), *sensitive]
    hidden = _hidden_spans(secret)
    masked = sorted({*values, *span_values(document, secret)}, key=lambda v: (-len(v), v))
    positions = RawPositions.scan(raw_text) if raw_text is not None and document.is_notebook else None
    annotated = []
    for finding in findings:
        location = finding.location
        if positions is not None and location.cell is not None:
            location = _raw_location(positions, location, document)
        shown = excerpt(document, finding, hidden, masked)
        annotated.append(dataclasses.replace(finding, location=location, excerpt=shown))
    return tuple(annotated)


__all__ = ["annotate", "excerpt", "value_spans", "looks_secret", "redact_line", "suspicious_spans"]
