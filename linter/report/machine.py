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
    }


def render_json(result: Result, color: bool = False) -> str:
    return json.dumps([as_dict(f) for f in result.findings], indent=2, ensure_ascii=False) + "\n"


def render_json_lines(result: Result, color: bool = False) -> str:
    return "".join(json.dumps(as_dict(f), ensure_ascii=False) + "\n" for f in result.findings)
