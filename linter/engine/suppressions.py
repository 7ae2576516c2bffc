"""Suppressions: ``# noqa: MLS101`` and ``# pragma: allowlist secret`` on a finding's line, and
``mlsafe-ignore`` cell tags; and the MLS003 diagnostics about suppressions themselves.

- Codes in a ``noqa`` list match by prefix, as in flake8 (``# noqa: MLS2`` covers MLS201 to
  MLS204). A bare ``# noqa`` suppresses nothing unless ``allow-bare-noqa`` is set: a security
  finding should be silenced by name. Codes of other tools (``E501``) are left alone.
- ``# pragma: allowlist secret`` (detect-secrets' comment) suppresses MLS2xx findings on its line.
- A cell tagged ``mlsafe-ignore`` has all its findings suppressed, source and saved outputs; a tag
  ``mlsafe-ignore:MLS304`` (or ``mlsafe-ignore:MLS304,MLS204``) only those codes. Comments cannot
  reach saved outputs; tags can.
- MLS003 reports a ``noqa`` comment naming an MLS code that suppressed nothing on its line, when
  that code was selected (ruff's RUF100), and any MLS code in a ``noqa`` comment or an
  ``mlsafe-ignore`` tag that matches no rule (a typo would otherwise silence nothing, silently).
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from linter.sources.document import Document
from linter.startup.lazy_pattern import lazy_compile

UNUSED_NOQA = "MLS003"
IGNORE_TAG = "mlsafe-ignore"
OUR_PREFIX = "MLS"

NOQA = lazy_compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]*(?:[\s,]+[A-Z]+[0-9]*)*))?", re.IGNORECASE)
ALLOWLIST_SECRET = lazy_compile(r"pragma:\s*allowlist[ -]secret", re.IGNORECASE)
_REQUIREMENTS_COMMENT = lazy_compile(r"(?:^|\s)(#.*)$")


def noqa_codes(line: str) -> tuple[str, ...] | None:
    """The codes of a ``# noqa: ...`` comment on ``line`` (``()`` for a bare noqa), or None."""
    if "noqa" not in line.lower():
        return None
    match = NOQA.search(line)
    if match is None:
        return None
    return _codes_of(match)


def _codes_of(match: re.Match[str]) -> tuple[str, ...]:
    codes = match.group("codes")
    return tuple(c.upper() for c in re.split(r"[\s,]+", codes) if c) if codes else ()


def tag_codes(tags: Iterable[str]) -> tuple[str, ...] | None:
    """Codes of a cell's ``mlsafe-ignore`` tags: None without such a tag, ``()`` for the bare tag
    (everything), else the listed codes."""
    codes: list[str] = []
    found = False
    for tag in tags:
        name, _, rest = tag.strip().partition(":")
        if name.strip().lower() != IGNORE_TAG:
            continue
        found = True
        listed = [c.strip().upper() for c in rest.split(",") if c.strip()]
        if not listed:
            return ()
        codes.extend(listed)
    return tuple(codes) if found else None


def _matches(code: str, prefixes: Iterable[str]) -> list[str]:
    return [prefix for prefix in prefixes if code.startswith(prefix)]


@dataclass(frozen=True)
class Directive:
    """A ``# noqa`` comment: where its ``#`` is (cell 0-based or None, line 1-based, column
    0-based), where the comment ends, and the codes it names."""

    cell: int | None
    line: int
    column: int
    end_column: int
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Problem:
    """An MLS003 diagnostic, in source coordinates (column 0-based)."""

    message: str
    cell: int | None
    line: int
    column: int
    end_column: int


class Suppressor:
    """Decides suppressions for one document and remembers which ``noqa`` codes were used."""

    def __init__(self, document: Document, allow_bare_noqa: bool = False) -> None:
        self.document = document
        self.allow_bare_noqa = allow_bare_noqa
        self.used: dict[tuple[int | None, int], set[str]] = {}
        self._lines: dict[int | None, list[str]] = {}

    def line(self, cell: int | None, line: int) -> str:
        """The text of a source line as the user sees it ('' when out of range); cached."""
        lines = self._lines.get(cell)
        if lines is None:
            cells = self.document.cells
            text = cells[cell].source if cell is not None and cell < len(cells) else self.document.text
            lines = self._lines[cell] = text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def suppressed(self, code: str, cell: int | None, output: int | None, line: int) -> bool:
        if cell is not None and cell < len(self.document.cells):
            tagged = tag_codes(self.document.cells[cell].tags)
            if tagged is not None and (not tagged or _matches(code, tagged)):
                return True
        if output is not None:
            return False
        text = self.line(cell, line)
        if "#" not in text:
            return False
        codes = noqa_codes(text)
        if codes == () and self.allow_bare_noqa:
            return True
        matched = _matches(code, codes or ())
        if matched:
            self.used.setdefault((cell, line), set()).update(matched)
            return True
        return code.startswith("MLS2") and ALLOWLIST_SECRET.search(text) is not None

    def problems(self, selected: Iterable[str], known: Iterable[str]) -> Iterator[Problem]:
        """MLS003 diagnostics; call after every finding went through :meth:`suppressed`."""
        selected, known = tuple(selected), tuple(known)
        for directive in noqa_directives(self.document):
            ours = [c for c in directive.codes if c.startswith(OUR_PREFIX)]
            unknown = [c for c in ours if not _matches_any(c, known)]
            used = self.used.get((directive.cell, directive.line), set())
            unused = [
                c
                for c in ours
                if c not in unknown
                and c not in used
                and _matches_any(c, selected)
                and not UNUSED_NOQA.startswith(c)  # such a prefix may be there to silence MLS003
            ]
            message = _message(unused, unknown)
            if message:
                yield Problem(message, directive.cell, directive.line, directive.column, directive.end_column)
        yield from self._tag_problems(known)

    def _tag_problems(self, known: tuple[str, ...]) -> Iterator[Problem]:
        for cell in self.document.cells:
            unknown = [c for c in tag_codes(cell.tags) or () if not _matches_any(c, known)]
            if unknown:
                listed = ", ".join(f"`{c}`" for c in unknown)
                yield Problem(
                    f"`{IGNORE_TAG}` cell tag names unknown code {listed}: it suppresses nothing", cell.index, 1, 0, 0
                )


def _matches_any(prefix: str, codes: tuple[str, ...]) -> bool:
    return any(code.startswith(prefix) for code in codes)


def _message(unused: list[str], unknown: list[str]) -> str:
    parts = []
    if unused:
        parts.append("unused: " + ", ".join(f"`{c}`" for c in unused))
    if unknown:
        parts.append("unknown: " + ", ".join(f"`{c}`" for c in unknown))
    return f"Unused `noqa` directive ({'; '.join(parts)})" if parts else ""


# ---------------------------------------------------------------------------------------------
# Finding the real noqa comments (not text in strings)


def noqa_directives(document: Document) -> Iterator[Directive]:
    """``# noqa`` comments with codes in a document: Python comments (found as a tokenizer finds
    them, so text in strings does not count), comments on shell/magic lines, requirements comments."""
    if document.kind in ("requirements", "shell"):
        yield from _requirements_directives(document.text)
        return
    if document.is_notebook:
        lines = document.code.split("\n")
        for cell in document.cells:
            if cell.kind == "code" and "noqa" in cell.source.lower():
                yield from _python_directives(document, lines, cell.index)
        for magic in document.magics:
            if "noqa" in magic.text.lower():
                yield from _magic_directives(magic.text, magic.position, magic.cell)
    elif "noqa" in document.text.lower():
        yield from _python_directives(document, document.code.split("\n"), None)


def _python_directives(document: Document, lines: list[str], cell: int | None) -> Iterator[Directive]:
    """Directives in the code of a cell (or of the whole script), ``lines`` being the document's code."""
    if cell is None:
        first, last = 1, len(lines)
    else:
        span = document.source_map.cell_range(cell)
        if span is None:
            return
        first, last = span
    chunk = "\n".join(lines[first - 1 : last]) + "\n"
    found = []
    for number, start, comment in _noqa_comments(chunk):
        match = NOQA.search(comment)
        if match is None or not match.group("codes"):
            continue
        vline = first - 1 + number
        src_cell, line, column = document.source_map.to_source(vline, start + match.start())
        found.append(Directive(src_cell, line, column, column + len(match.group(0)), _codes_of(match)))
    # Code that does not parse was not analysed (MLS001): its noqa comments may well be needed.
    if found and _parses(chunk):
        yield from found


def _parses(source: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


# Where comments are in code that parses: a ``#`` outside a string starts one, and a string starts
# at a quote outside a comment (its prefix changes neither where it starts nor where it ends) and
# ends at the first unescaped matching quote (triple: three of them; single: not past the line's end
# unless the newline is escaped). Before Python 3.12 the tokenizer reads f-strings as plain strings.
_LEXEMES = lazy_compile(
    r"""\#[^\r\n]*"""
    r"""|'''[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*'''"""
    r'''|"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'''
    r"""|'[^'\\\n]*(?:\\[\s\S][^'\\\n]*)*'"""
    r'''|"[^"\\\n]*(?:\\[\s\S][^"\\\n]*)*"'''
)
# Code the lexeme scan does not read as ``tokenize`` does: a lone carriage return (not a line break
# for ``tokenize``, whose comment text then differs) and, from Python 3.12 on, f-strings (which may
# hold quotes like their own and comments of their own).
_TOKENIZE_ONLY = lazy_compile(r"\r|[fF][rR]?['\"]|[rR][fF]['\"]" if sys.version_info >= (3, 12) else r"\r")


def _noqa_comments(source: str) -> Iterator[tuple[int, int, str]]:
    """(line 1-based, column, text) of the comments of ``source`` that mention ``noqa``; the same as
    :func:`_tokenized_comments` for code that parses (for other code no directive is reported), by a
    regular-expression scan ~50x faster than ``tokenize``."""
    if _TOKENIZE_ONLY.search(source):
        yield from _tokenized_comments(source)
        return
    line, counted = 1, 0
    for match in _LEXEMES.finditer(source):
        start = match.start()
        if source[start] != "#" or "noqa" not in match.group().lower():
            continue
        line += source.count("\n", counted, start)
        counted = start
        yield line, start - source.rfind("\n", 0, start) - 1, match.group()


def _tokenized_comments(source: str) -> Iterator[tuple[int, int, str]]:
    """Like :func:`_noqa_comments`, by ``tokenize``, up to its first error (broken code reports less)."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.COMMENT and "noqa" in token.string.lower():
                yield token.start[0], token.start[1], token.string
    except (tokenize.TokenError, SyntaxError, ValueError):
        return


def _magic_directives(text: str, position: Callable[[int], tuple[int, int]], cell: int | None) -> Iterator[Directive]:
    match = NOQA.search(text)
    if match is not None and match.group("codes"):
        line, column = position(match.start())
        yield Directive(cell, line, column, column + len(match.group(0)), _codes_of(match))


def _requirements_directives(text: str) -> Iterator[Directive]:
    for number, line in enumerate(text.splitlines(), start=1):
        comment = _REQUIREMENTS_COMMENT.search(line) if "noqa" in line.lower() else None
        match = NOQA.search(comment.group(1)) if comment else None
        if comment and match and match.group("codes"):
            column = comment.start(1) + match.start()
            yield Directive(None, number, column, column + len(match.group(0)), _codes_of(match))
