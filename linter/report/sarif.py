"""SARIF 2.1.0 for GitHub code scanning, Azure DevOps and IDE viewers.

Each rule is described once in ``tool.driver.rules`` (short and full description, markdown help
generated from the rule docs, ``helpUri``, ``properties.tags`` with ``security`` and
``external/cwe/cwe-NNN``, and ``security-severity`` so GitHub ranks alerts). For notebooks the
region is the raw ``.ipynb`` line and column of the finding (so annotations land on the JSON line of
that source line); the cell number, cell id and line within the cell are in the result's
``properties``. ``partialFingerprints`` keeps alerts stable when code moves: the finding's own
fingerprint (secrets, PII), else a hash of rule, path, cell id and the normalised source line.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from linter import __version__
from linter.model import Finding, Result, RuleInfo, Severity

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "note"}
# GitHub maps security-severity > 7.0 to high, 4.0-6.9 to medium, 0.1-3.9 to low.
SECURITY_SEVERITY = {Severity.HIGH: "8.0", Severity.MEDIUM: "5.5", Severity.LOW: "3.0"}
FINGERPRINT_KEY = "mlsafe/v1"


def project_url(*labels: str) -> str:
    """:func:`linter.docs.project_url` (the installed mlsafe's ``[project.urls]``)."""
    from linter.docs import project_url as lookup

    return lookup(*labels)


def _rule_infos() -> dict[str, tuple[RuleInfo, str]]:
    """code -> (metadata, markdown help) of every known rule."""
    from linter.docs import rule_markdown
    from linter.registry import all_rules

    return {rule.code: (rule.info(), rule_markdown(rule)) for rule in all_rules()}


def _plain(markdown: str) -> str:
    """Markdown reduced to plain text for ``help.text``."""
    text = re.sub(r"```\w*\n?", "", markdown)
    text = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    return text.replace("`", "").strip()


def _full_description(info: RuleInfo) -> str:
    match = re.search(r"## What it does\s*\n(.*?)(?:\n## |\Z)", info.docs, re.DOTALL)
    text = match.group(1) if match else info.summary
    return " ".join(text.split()) or info.summary or info.name


def descriptor(info: RuleInfo, help_markdown: str) -> dict[str, Any]:
    tags = ["security", info.category.value, *(f"external/cwe/cwe-{c}" for c in info.cwe)]
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary or info.name},
        "fullDescription": {"text": _full_description(info)},
        "help": {"text": _plain(help_markdown), "markdown": help_markdown},
        **({"helpUri": info.url} if info.url else {}),
        "defaultConfiguration": {"level": LEVEL[info.severity]},
        "properties": {
            "tags": tags,
            "precision": "high",
            "problem.severity": LEVEL[info.severity].replace("note", "recommendation"),
            "security-severity": SECURITY_SEVERITY[info.severity],
        },
    }


def _fallback_descriptor(finding: Finding) -> dict[str, Any]:
    """A rule the registry does not know (a plugin's code): described from the finding."""
    return {
        "id": finding.code,
        "name": finding.name,
        "shortDescription": {"text": finding.name},
        "helpUri": finding.url or None,
        "defaultConfiguration": {"level": LEVEL[finding.severity]},
        "properties": {
            "tags": ["security", finding.category.value],
            "security-severity": SECURITY_SEVERITY[finding.severity],
        },
    }


def uri(path: str, base: Path | None = None) -> str:
    """A relative path as a relative URI (forward slashes, percent-escaped), as GitHub code
    scanning wants them; an absolute path under ``base`` (the working directory) is made relative
    to it, any other absolute path becomes a ``file://`` URI."""
    pure = PurePath(path)
    if pure.is_absolute():
        try:
            pure = pure.relative_to(base or Path.cwd())
        except ValueError:
            return pure.as_uri()
    return quote(pure.as_posix())


def fingerprint(finding: Finding) -> str:
    if finding.fingerprint:
        return finding.fingerprint
    line = " ".join(finding.excerpt.lines[0].split()) if finding.excerpt and finding.excerpt.lines else ""
    key = "\0".join(
        (
            finding.code,
            finding.location.path,
            finding.cell_id or str(finding.location.cell or ""),
            str(finding.location.output if finding.location.output is not None else ""),
            line,
        )
    )
    return "sha256:" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def region(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    if loc.cell is not None:
        if loc.raw_line is None:
            return {}
        start = (loc.raw_line, loc.raw_column or 1)
        end = (loc.raw_end_line or start[0], loc.raw_end_column or start[1])
    else:
        start, end = (loc.line, loc.column), (loc.end_line, loc.end_column)
    found: dict[str, Any] = {"startLine": start[0], "startColumn": start[1]}
    if end > start:
        found.update(endLine=end[0], endColumn=end[1])
    return found


def properties(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    found: dict[str, Any] = {"category": finding.category.value, "severity": finding.severity.label}
    if loc.cell is not None:
        found.update(cell=loc.cell, cellLine=loc.line, cellColumn=loc.column)
        if finding.cell_id:
            found["cellId"] = finding.cell_id
        if loc.output is not None:
            found["output"] = loc.output + 1
    return found


def _result(finding: Finding, rule_index: int) -> dict[str, Any]:
    loc = finding.location
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri(loc.path)}}
    where = region(finding)
    if where:
        physical["region"] = where
    where_text = (
        f"cell {loc.cell}" + (f", output {loc.output + 1}" if loc.output is not None else "") + f", line {loc.line}: "
        if loc.cell is not None
        else ""
    )
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVEL[finding.severity],
        "message": {"text": where_text + finding.message},
        "locations": [{"physicalLocation": physical}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
        "properties": properties(finding),
    }


def sarif(result: Result) -> dict[str, Any]:
    known = _rule_infos()
    rules: list[dict[str, Any]] = [descriptor(info, help_md) for info, help_md in known.values()]
    index = {code: i for i, code in enumerate(known)}
    for finding in result.findings:
        if finding.code not in index:
            index[finding.code] = len(rules)
            rules.append({k: v for k, v in _fallback_descriptor(finding).items() if v is not None})
    home = project_url("Homepage", "Source", "Repository")
    invocation: dict[str, Any] = {"executionSuccessful": not result.errors}
    if result.errors:
        invocation["toolExecutionNotifications"] = [
            {"level": "error", "message": {"text": error}} for error in result.errors
        ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "mlsafe",
                        "version": __version__,
                        "semanticVersion": __version__,
                        **({"informationUri": home} if home else {}),
                        "rules": rules,
                    }
                },
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index[f.code]) for f in result.findings],
            }
        ],
    }


def render(result: Result, color: bool = False) -> str:
    return json.dumps(sarif(result), indent=2, ensure_ascii=False) + "\n"
