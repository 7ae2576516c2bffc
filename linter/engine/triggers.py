"""Where the selected rules' triggers occur in a document's code, found in one pass.

A rule's ``triggers`` are regular-expression fragments; a top-level statement is worth a syntax-tree
visit only when one of them matches in it (see :mod:`linter.engine.cst_walk`). Searching each of a few
hundred triggers over every document (``str.find`` per word, ``re`` for the rest) was the largest
part of a run's scanning, so the triggers are reduced to plain words and searched together:

- each trigger becomes a :class:`Needle`: the longest literal every match must contain (``load``
  for ``\\bload\\s*\\(``) and, unless the trigger is that literal alone, the expression to confirm each
  occurrence of the literal on its line and the next few;
- every needle's literal goes into one Aho-Corasick automaton (``ahocorasick_rs``, the Rust
  ``aho-corasick`` crate), which finds all occurrences of all of them in a single pass;
- a trigger with no literal every match must hold is searched with ``re`` over the whole code.

The offsets found are the same as searching each trigger on its own (a test holds the scanner to
that), only cheaper: over the benchmark corpus, 7 s of scanning became about 1.5 s.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from linter.startup.lazy_pattern import lazy_compile

# the regular-expression parser, to find the literal every match needs
if sys.version_info >= (3, 11):
    import re._constants as _sre_constants
    import re._parser as _sre_parse
else:
    import sre_constants as _sre_constants
    import sre_parse as _sre_parse

WINDOW_LINES = 12  # a trigger pattern may span this many lines (``except (A,\n B) as e``)


@functools.lru_cache(maxsize=4096)
def _parsed(pattern: str) -> Any:
    """The parsed expression (read only), once per pattern: Needle.of asks three times, and a run
    builds a needle for each of a few hundred triggers."""
    try:
        return _sre_parse.parse(pattern)
    except re.error:
        return None


def _literal_run(pattern: str) -> tuple[str, int]:
    """The longest run of consecutive top-level literals of ``pattern`` and the index of its first
    op in the parsed expression ('' and -1 when there is none)."""
    parsed = _parsed(pattern)
    run: list[str] = []
    best, best_at, run_at = "", -1, 0
    for index, (op, arg) in enumerate(parsed if parsed is not None else ()):
        if op is _sre_constants.LITERAL:
            if not run:
                run_at = index
            run.append(chr(arg))
            continue
        if len(run) > len(best):
            best, best_at = "".join(run), run_at
        run = []
    if len(run) > len(best):
        best, best_at = "".join(run), run_at
    return best, best_at


def required_literal(pattern: str) -> str:
    """The longest run of characters every match of ``pattern`` must contain ('' if none is sure):
    consecutive literals at the top level of the parsed expression (not in a branch, group or
    repeat)."""
    return _literal_run(pattern)[0]


_ZERO_WIDTH = (_sre_constants.AT, _sre_constants.ASSERT, _sre_constants.ASSERT_NOT)


def starts_with_literal(pattern: str) -> bool:
    """Whether every match of ``pattern`` starts where its required literal starts: only
    zero-width tests (``\\b``, lookarounds) come before the literal (``\\bload\\s*\\(``)."""
    literal, at = _literal_run(pattern)
    parsed = _parsed(pattern)
    return bool(literal) and parsed is not None and all(op in _ZERO_WIDTH for op, _ in list(parsed)[:at])


# A literal written as a regular expression: characters that are not special outside a class, and
# backslash-escaped punctuation (``pip\\ install``, ``torch\\.load``); ``{`` is left to the parser.
_ESCAPED_LITERAL = lazy_compile(r"(?:[^\\.^$*+?{}\[\]|()]|\\[^A-Za-z0-9])+")
_ESCAPE = lazy_compile(r"\\(.)", re.DOTALL)


def escaped_literal(pattern: str) -> str:
    """The one string ``pattern`` matches when it is written as plain characters and escaped
    punctuation (``pip\\ install`` -> ``pip install``), read without the expression parser; ''
    for any other pattern (which may still be a literal: :func:`is_literal` decides)."""
    if not _ESCAPED_LITERAL.fullmatch(pattern):
        return ""
    return _ESCAPE.sub(r"\1", pattern) if "\\" in pattern else pattern


@functools.lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def is_literal(pattern: str) -> bool:
    """Whether ``pattern`` matches exactly one string (its literal characters, ``re.escape``'d or
    not) and nothing else: then finding that string is matching the pattern."""
    parsed = _parsed(pattern)
    return parsed is not None and len(parsed) > 0 and all(op is _sre_constants.LITERAL for op, _ in parsed)


@dataclass(frozen=True)
class Needle:
    """A trigger as a plain substring, and the trigger's regular expression to confirm each
    occurrence on its line and the next few (None when the trigger is the substring itself).
    ``code_only``: the trigger's rule cannot report inside a statement made of a string alone (a
    docstring), so occurrences there do not count."""

    text: str
    pattern: str | None  # the trigger's regular expression (compiled by ``compiled``)
    code_only: bool = False
    anchored: bool = False  # every match starts at an occurrence of ``text``

    @classmethod
    def of(cls, trigger: str, code_only: bool = False) -> Needle:
        """The needle of ``trigger``; a run builds several hundred, so the common shapes cost no
        parsing: a plain word, or an escaped literal (``pip\\ install``) read by
        :func:`escaped_literal`; only real expressions are parsed (and compiled on first use)."""
        literal = escaped_literal(trigger)
        if literal:
            return cls(literal, None, code_only)
        if is_literal(trigger):
            return cls(required_literal(trigger), None, code_only)
        return cls(required_literal(trigger), trigger, code_only, starts_with_literal(trigger))

    @property
    def compiled(self) -> re.Pattern[str] | None:
        """The trigger's expression, compiled once per process when first needed."""
        return None if self.pattern is None else _compiled(self.pattern)

    def confirm(self, code: str, position: int) -> Iterator[int]:
        """Starts of the trigger's matches around an occurrence of the literal at ``position``:
        the match there when every match starts at the literal; otherwise every match from a few
        lines before to ``WINDOW_LINES`` after (a match may be found again from the next
        occurrence)."""
        if self.pattern is None:
            yield position
            return
        if self.anchored:
            if _compiled(self.pattern).match(code, position):
                yield position
            return
        start = position
        for _ in range(WINDOW_LINES // 4 + 1):
            start = code.rfind("\n", 0, start)
            if start < 0:
                break
        end = position
        for _ in range(WINDOW_LINES):
            end = code.find("\n", end + 1)
            if end < 0:
                end = len(code)
                break
        yield from (m.start() for m in _compiled(self.pattern).finditer(code, start + 1, end))

    def hits(self, code: str) -> Iterator[int]:
        """Offsets where the trigger's matches start, searched on its own (the reference the
        scanner is held to; a match may repeat)."""
        if not self.text:
            yield from (m.start() for m in _compiled(self.pattern).finditer(code)) if self.pattern else ()
            return
        find, size = code.find, len(self.text)
        position = find(self.text)
        while position >= 0:
            yield from self.confirm(code, position)
            position = find(self.text, position + size)


@dataclass(frozen=True)
class TriggerScanner:
    """All needles of a rule set, searched together."""

    needles: tuple[Needle, ...]
    words: tuple[str, ...]  # the distinct literals, in the automaton's order
    by_word: Mapping[int, tuple[Needle, ...]]  # automaton pattern index -> needles with that literal
    bare: tuple[Needle, ...]  # needles without a literal: their patterns run over the whole code
    automaton: Any = None  # ahocorasick_rs.AhoCorasick over ``words`` (None when there are none)

    @classmethod
    def build(cls, needles: Iterable[Needle]) -> TriggerScanner:
        unique = tuple(dict.fromkeys(needles))
        words = tuple(sorted({n.text for n in unique if n.text}))
        index = {word: i for i, word in enumerate(words)}
        grouped: dict[int, list[Needle]] = {}
        for needle in unique:
            if needle.text:
                grouped.setdefault(index[needle.text], []).append(needle)
        automaton = None
        if words:
            import ahocorasick_rs

            automaton = ahocorasick_rs.AhoCorasick(list(words))
        return cls(
            needles=unique,
            words=words,
            by_word=MappingProxyType({i: tuple(group) for i, group in grouped.items()}),
            bare=tuple(n for n in unique if not n.text),
            automaton=automaton,
        )

    def hits(self, code: str, in_string: Callable[[int], bool] = lambda offset: False) -> list[int]:
        """Offsets where some trigger's match starts (unsorted; a match may repeat); matches of
        code-only triggers at offsets ``in_string`` says lie in a string statement are left out."""
        found: list[int] = []
        if self.automaton is not None:
            by_word = self.by_word
            for word, start, _ in self.automaton.find_matches_as_indexes(code, overlapping=True):
                for needle in by_word[word]:
                    if needle.pattern is None:
                        if not (needle.code_only and in_string(start)):
                            found.append(start)
                        continue
                    found.extend(
                        hit for hit in needle.confirm(code, start) if not (needle.code_only and in_string(hit))
                    )
        for needle in self.bare:
            found.extend(hit for hit in needle.hits(code) if not (needle.code_only and in_string(hit)))
        return found

    def search(self, text: str) -> bool:
        """Whether some trigger matches in ``text``."""
        return bool(self.hits(text))


__all__ = [
    "Needle",
    "TriggerScanner",
    "WINDOW_LINES",
    "escaped_literal",
    "is_literal",
    "required_literal",
    "starts_with_literal",
]
