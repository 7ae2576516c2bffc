"""The request and response of ``POST /mlsafe/lint``, independent of tornado (unit-testable).

Request body (JSON)::

    {"notebook": {"cells": [{"id": "...", "cell_type": "code", "source": "...", "outputs": [...]}],
                  "metadata": {...}, "nbformat": 4, "nbformat_minor": 5},
     "ignore": ["MLS4"], "min_severity": "low"}

There is no path: the server never reads a file for the client. Response::

    {"cells": {"<cell id>": [finding, ...]}, "notebook": [finding, ...], "count": N}

``notebook`` holds findings that belong to no cell with an id (a notebook that cannot be read at
all). Each finding carries the code, name, severity, category, message, 1-based line and column,
exclusive end, the 0-based output index (``null`` for the source) and the rule's docs URL. Messages
come from the engine, which redacts secrets and personal data; no source text is added here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from linter.api import SENSITIVE_PREFIXES
from linter.config import Config
from linter.model import Finding, Result, Severity
from linter.report.machine import as_dict

#: Largest request body accepted, in bytes (the live notebook with its outputs).
MAX_BODY_BYTES = 10 * 1024 * 1024

#: A label for the findings; the client's own path is never used (nor read).
NOTEBOOK_LABEL = "notebook.ipynb"

# What the page gets of a finding: an allow-list, so a field the JSON report gains later (a source
# excerpt, say) is not sent to the browser by accident.
SENT_FIELDS = (
    "code", "name", "category", "severity", "message", "cell", "output",
    "line", "column", "end_line", "end_column", "url", "cell_id",
)  # fmt: skip


class BadRequest(ValueError):
    """The body is not a lint request; the message says why (sent back with status 400)."""


@dataclass(frozen=True)
class LintRequest:
    notebook: Mapping[str, Any]
    config: Config
    min_severity: Severity


def parse_request(body: object) -> LintRequest:
    if not isinstance(body, Mapping):
        raise BadRequest("the body must be a JSON object")
    notebook = body.get("notebook")
    if not isinstance(notebook, Mapping) or not isinstance(notebook.get("cells"), list):
        raise BadRequest("'notebook' must be a notebook object with a 'cells' list")
    codes = _ignored(body)
    level = body.get("min_severity", "low")
    try:
        min_severity = Severity.parse(level) if isinstance(level, str) else Severity.parse("")
    except ValueError:
        # The value is not echoed: tornado logs the message of every 400, and the field may hold
        # anything a client pasted (a token, say).
        raise BadRequest("'min_severity' must be low, medium or high") from None
    return LintRequest(notebook=notebook, config=Config(ignore=codes), min_severity=min_severity)


@dataclass(frozen=True)
class RedactRequest:
    output: Mapping[str, Any]
    config: Config


def parse_redact_request(body: object) -> RedactRequest:
    """``{"output": {...one nbformat output...}, "ignore": [...]}`` (see ``POST /mlsafe/redact``)."""
    if not isinstance(body, Mapping):
        raise BadRequest("the body must be a JSON object")
    output = body.get("output")
    if not isinstance(output, Mapping) or not isinstance(output.get("output_type"), str):
        raise BadRequest("'output' must be a notebook output object with an 'output_type'")
    return RedactRequest(output=output, config=Config(ignore=_ignored(body)))


def _ignored(body: Mapping[str, Any]) -> tuple[str, ...]:
    ignore = body.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(code, str) for code in ignore):
        raise BadRequest("'ignore' must be a list of rule codes or prefixes")
    return tuple(code.strip().upper() for code in ignore if code.strip())


def finding_json(finding: Finding, cell_ids: Sequence[str | None] = (), redactable: bool = False) -> dict[str, Any]:
    """The :data:`SENT_FIELDS` of the finding as ``mlsafe check --format json`` writes it, its
    quick fix when it only edits cell sources (see :func:`fix_json`; ``cell_ids``: the ids of the
    request's cells, in order), and for a finding in an output whether that output holds values
    the page can redact (``POST /mlsafe/redact``)."""
    fields = as_dict(finding)
    sent = {**{key: fields[key] for key in SENT_FIELDS}, "fix": fix_json(finding, cell_ids)}
    if finding.location.output is not None:
        sent["redactable"] = redactable
    return sent


def fix_json(finding: Finding, cell_ids: Sequence[str | None] = ()) -> dict[str, Any] | None:
    """The fix the page can apply to the live cells: its title, tier and source edits (the new
    text only, never the text it replaces), each with the id of its cell so the page finds it
    after cells moved; None for fixes of saved outputs."""
    fix = finding.fix
    if fix is None or any(edit.output is not None or edit.clear_output or edit.cell is None for edit in fix.edits):
        return None
    return {
        "title": fix.title,
        "applicability": fix.applicability,
        "edits": [
            {
                "cell": e.cell,
                "cell_id": cell_ids[e.cell - 1] if 0 < e.cell <= len(cell_ids) else None,
                "line": e.line,
                "column": e.column,
                "end_line": e.end_line,
                "end_column": e.end_column,
                "content": e.text,
            }
            for e in fix.edits
        ],
    }


def response_json(result: Result, min_severity: Severity, cell_ids: Sequence[str | None]) -> dict[str, Any]:
    """Findings at or above ``min_severity``, keyed by cell id (every id of the request is a key,
    so the client can clear the cells that no longer have findings)."""
    cells: dict[str, list[dict[str, Any]]] = {cell_id: [] for cell_id in cell_ids if cell_id is not None}
    unplaced: list[dict[str, Any]] = []
    count = 0
    redactable = redactable_outputs(result.findings)
    for finding in result.findings:
        if finding.severity < min_severity:
            continue
        count += 1
        where = (finding.location.cell, finding.location.output)
        sent = finding_json(finding, cell_ids, where in redactable)
        if finding.cell_id is not None and finding.cell_id in cells:
            cells[finding.cell_id].append(sent)
        else:
            unplaced.append(sent)
    return {"cells": cells, "notebook": unplaced, "count": count}


def redactable_outputs(findings: Sequence[Finding]) -> set[tuple[int | None, int]]:
    """(cell, output) of the outputs where a secret or personal-data rule found a value, at any
    severity: what ``POST /mlsafe/redact`` would mask there."""
    return {
        (f.location.cell, f.location.output)
        for f in findings
        if f.location.output is not None and f.code.startswith(SENSITIVE_PREFIXES)
    }


def cell_ids(notebook: Mapping[str, Any]) -> list[str | None]:
    """The id of each cell, in order (None for a cell without a string id)."""
    cells = notebook.get("cells")
    if not isinstance(cells, list):
        return []
    ids = (cell.get("id") if isinstance(cell, Mapping) else None for cell in cells)
    return [cell_id if isinstance(cell_id, str) else None for cell_id in ids]
