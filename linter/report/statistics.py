"""``--statistics``: how many findings each rule produced, most frequent first (ruff's shape)."""

from __future__ import annotations

import json
from collections import Counter

from linter.model import Finding, Result


def counts(result: Result) -> list[tuple[str, str, str, int]]:
    """(code, name, highest severity, count) per rule with findings, by count then code."""
    by_code = Counter(f.code for f in result.findings)
    worst: dict[str, Finding] = {}
    for finding in result.findings:  # a rule's findings may differ in severity: show the highest
        if finding.code not in worst or finding.severity > worst[finding.code].severity:
            worst[finding.code] = finding
    meta = {code: (f.name, f.severity.label) for code, f in worst.items()}
    return sorted(
        ((code, meta[code][0], meta[code][1], n) for code, n in by_code.items()),
        key=lambda row: (-row[3], row[0]),
    )


def render(result: Result, color: bool = False) -> str:
    rows = counts(result)
    if not rows:
        return ""
    width = len(str(rows[0][3]))
    return "".join(f"{n:>{width}}\t{code}\t{name}\t[{severity}]\n" for code, name, severity, n in rows)


def render_json(result: Result, color: bool = False) -> str:
    rows = [{"code": c, "name": n, "severity": s, "count": k} for c, n, s, k in counts(result)]
    return json.dumps(rows, indent=2) + "\n"
