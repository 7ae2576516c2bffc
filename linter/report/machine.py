"""JSON and JSON-lines: one object per finding, sorted by path, cell, output, line, column, code."""

from __future__ import annotations

import json
from typing import Any

from linter.model import Finding, Result


def as_dict(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    return {
        "path": loc.path,
        "cell": loc.cell,
        "output": loc.output,
        "line": loc.line,
        "column": loc.column,
        "end_line": loc.end_line,
        "end_column": loc.end_column,
        "code": finding.code,
        "name": finding.name,
        "category": finding.category.value,
        "severity": finding.severity.label,
        "message": finding.message,
        "cell_id": finding.cell_id,
        "fingerprint": finding.fingerprint,
        "url": finding.url,
        "fix": _fix(finding),
    }


def _fix(finding: Finding) -> dict[str, Any] | None:
    """ruff's shape: applicability, title and edits (1-based, end exclusive, cell as ``cell``)."""
    fix = finding.fix
    if fix is None:
        return None
    return {
        "applicability": fix.applicability,
        "title": fix.title,
        "edits": [
            {
                "cell": e.cell,
                "output": e.output,
                "line": e.line,
                "column": e.column,
                "end_line": e.end_line,
                "end_column": e.end_column,
                "content": e.text,
                "clear_output": e.clear_output,
            }
            for e in fix.edits
        ],
    }


def render_json(result: Result, color: bool = False) -> str:
    return json.dumps([as_dict(f) for f in result.findings], indent=2, ensure_ascii=False) + "\n"


def render_json_lines(result: Result, color: bool = False) -> str:
    return "".join(json.dumps(as_dict(f), ensure_ascii=False) + "\n" for f in result.findings)
