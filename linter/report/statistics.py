"""``--statistics``: how many findings each rule produced, broken down by severity, most frequent
first (ruff's shape: count, code, name; then the count of each severity)."""

from __future__ import annotations

import json
from collections import Counter

from linter.model import Result, Severity

SEVERITIES = (Severity.HIGH, Severity.MEDIUM, Severity.LOW)


def counts(result: Result) -> list[tuple[str, str, dict[str, int], int]]:
    """(code, name, count per severity label (highest first, only those with findings), count)
    per rule with findings, by count then code."""
    by_code = Counter(f.code for f in result.findings)
    by_severity = Counter((f.code, f.severity) for f in result.findings)
    names = {f.code: f.name for f in result.findings}
    rows = [
        (code, names[code], {s.label: by_severity[code, s] for s in SEVERITIES if by_severity[code, s]}, n)
        for code, n in by_code.items()
    ]
    return sorted(rows, key=lambda row: (-row[3], row[0]))


def render(result: Result, color: bool = False) -> str:
    rows = counts(result)
    if not rows:
        return ""
    width = len(str(rows[0][3]))
    return "".join(f"{n:>{width}}\t{code}\t{name}\t[{_split(split)}]\n" for code, name, split, n in rows)


def _split(split: dict[str, int]) -> str:
    """``9 medium, 1 low``."""
    return ", ".join(f"{count} {label}" for label, count in split.items())


def render_json(result: Result, color: bool = False) -> str:
    """One object per rule: ``severity`` is the highest severity among its findings (as before),
    ``severities`` the count of each."""
    rows = [
        {"code": c, "name": n, "severity": next(iter(split)), "severities": split, "count": k}
        for c, n, split, k in counts(result)
    ]
    return json.dumps(rows, indent=2) + "\n"
