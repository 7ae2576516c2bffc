"""Whether code holds a bandit check's trigger (``bandit_triggers``), without loading the bandit
bridge: the catalogue asks it of every selected check for every document
(:mod:`linter.engine.catalogue`), and :mod:`linter.engine.bandit_bridge` before running bandit."""

from __future__ import annotations

import functools
import re

NOCASE = "(?i)"  # a trigger starting with this is searched (without it) in the lower-cased code


@functools.lru_cache(maxsize=256)  # one per selection, and one per check (linter.engine.catalogue)
def compiled_triggers(fragments: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], bool], ...]:
    return tuple(
        (re.compile(fragment[len(NOCASE) :]), True) if fragment.startswith(NOCASE) else (re.compile(fragment), False)
        for fragment in fragments
    )


# Non-ASCII letters that Python's case-insensitive matching (bandit's) equates with an ASCII one:
# "ſelect ... from" is SQL to bandit. (``"İ".lower()`` is "i" and a combining dot.)
_FOLDS = (("\u017f", "s"), ("\u0131", "i"), ("i\u0307", "i"))


def lowered_code(code: str) -> str:
    """The code lower-cased, with the letters of ``_FOLDS`` folded as bandit's case-insensitive
    matching folds them. Lines are kept (offsets may move: some letters lower to two characters)."""
    lowered = code.lower()
    if not code.isascii():
        for letter, ascii_letter in _FOLDS:
            if letter in lowered:
                lowered = lowered.replace(letter, ascii_letter)
    return lowered


def fragments_triggered(code: str, fragments: tuple[str, ...]) -> bool:
    """Whether ``code`` holds a match of one of the ``bandit_triggers`` ``fragments``."""
    lowered: str | None = None
    for pattern, nocase in compiled_triggers(fragments):
        if nocase:
            lowered = lowered_code(code) if lowered is None else lowered
            if pattern.search(lowered):
                return True
        elif pattern.search(code):
            return True
    return False
