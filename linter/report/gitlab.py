"""GitLab Code Quality: a JSON array of issues (``description``, ``check_name``, ``fingerprint``,
``severity``, ``location.path`` and ``location.lines.begin``), as ``ruff --output-format gitlab``
writes it, for the merge request widget and diff annotations.

In notebooks the line is the raw ``.ipynb`` line holding the finding (so the annotation lands on
it in the diff) and the description starts with the cell. Fingerprints are hashes of the rule,
the path, the cell id and the finding's own fingerprint (a hash of a secret's value) or a hash
of its line: never a value; a second identical key gets a counter, so each is unique.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path, PurePath
from typing import Any

from linter.model import Finding, Result, Severity

SEVERITY = {Severity.HIGH: "critical", Severity.MEDIUM: "major", Severity.LOW: "minor"}


def _path(path: str) -> str:
    """A path relative to the working directory (the repository root in CI), with ``/``."""
    pure = PurePath(path)
    if pure.is_absolute():
        try:
            pure = pure.relative_to(Path.cwd())
        except ValueError:
            pass
    return pure.as_posix()


def _key(finding: Finding) -> str:
    loc = finding.location
    parts = (
        finding.code,
        loc.path,
        finding.cell_id or str(loc.cell or ""),
        "" if loc.output is None else str(loc.output),
        finding.fingerprint or finding.line_hash or f"{loc.line}:{loc.column}",
    )
    return "\0".join(parts)


def issue(finding: Finding, fingerprint: str) -> dict[str, Any]:
    loc = finding.location
    if loc.cell is not None:
        where = f"cell {loc.cell}" + (f", output {loc.output + 1}" if loc.output is not None else "")
        description = f"{finding.code} {where}, line {loc.line}: {finding.message}"
        begin = loc.raw_line or 1
        end = loc.raw_end_line or begin
    else:
        description = f"{finding.code} {finding.message}"
        begin, end = loc.line, loc.end_line
    return {
        "description": description,
        "check_name": finding.code,
        "fingerprint": fingerprint,
        "severity": SEVERITY[finding.severity],
        "categories": ["Security"],
        "location": {"path": _path(loc.path), "lines": {"begin": begin, "end": max(begin, end)}},
    }


def render(result: Result, color: bool = False) -> str:
    seen: Counter[str] = Counter()
    issues = []
    for finding in result.findings:
        key = _key(finding)
        seen[key] += 1
        digest = hashlib.sha256(f"{key}\0{seen[key]}".encode("utf-8", "surrogatepass")).hexdigest()
        issues.append(issue(finding, digest))
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
