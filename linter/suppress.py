"""Suppression comments: ``# noqa: MLS101`` and ``# pragma: allowlist secret`` on a finding's line.

Codes in a ``noqa`` list match by prefix, as in flake8 (``# noqa: MLS2`` covers MLS201 to MLS204).
A bare ``# noqa`` suppresses nothing by default: a security finding should be silenced by name.
Findings in saved outputs are not suppressed by comments.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from linter.document import Document

if TYPE_CHECKING:
    from linter.engine import Raw

NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]*(?:[\s,]+[A-Z]+[0-9]*)*))?", re.IGNORECASE)
ALLOWLIST_SECRET = re.compile(r"pragma:\s*allowlist[ -]secret", re.IGNORECASE)


def noqa_codes(line: str) -> tuple[str, ...] | None:
    """The codes of a ``# noqa: ...`` comment on ``line`` (``()`` for a bare noqa), or None."""
    if "noqa" not in line.lower():
        return None
    match = NOQA.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    return tuple(c.upper() for c in re.split(r"[\s,]+", codes) if c) if codes else ()


def is_suppressed(document: Document, raw: "Raw") -> bool:
    if raw.output is not None:
        return False
    line = document.source_line(raw.cell, raw.line)
    if "#" not in line:
        return False
    code = raw.rule.code
    if code.startswith("MLS2") and ALLOWLIST_SECRET.search(line):
        return True
    codes = noqa_codes(line)
    return bool(codes) and any(code.startswith(prefix) for prefix in codes)
