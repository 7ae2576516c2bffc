"""THE entry point. The CLI, the pre-commit hook, the flake8 plugin and the Jupyter handler are thin
adapters over these functions; none of them analyses code itself.

- :func:`lint_paths` scans files and directories;
- :func:`lint_source` scans text as if it were the file ``path`` (script, notebook JSON, requirements);
- :func:`lint_notebook` scans notebook content already parsed from JSON (live content from JupyterLab).

Each returns a :class:`~linter.model.Result` whose findings are sorted by path, cell, output, line,
column and code. Nothing here raises for bad input: unreadable files and internal errors become
MLS002 findings and the run goes on.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Mapping
from pathlib import Path

from linter.config import Config
from linter.document import Document, ReadProblem
from linter.engine import RuleSet, lint_document
from linter.files import discover
from linter.model import Finding, Result, RuleInfo
from linter.registry import all_rules, select_rules
from linter.sources import document_from_text, notebook_document, read_path

__all__ = ["Config", "Finding", "Result", "lint_paths", "lint_source", "lint_notebook", "rule_infos"]


@functools.lru_cache(maxsize=64)
def ruleset_for(select: tuple[str, ...], ignore: tuple[str, ...]) -> RuleSet:
    return RuleSet.build(select_rules(select, ignore), known=(rule.code for rule in all_rules()))


def _ruleset(config: Config, path: str = "") -> RuleSet:
    return ruleset_for(*config.selection(path))


def lint(document: Document, config: Config = Config()) -> tuple[Finding, ...]:
    """Findings of one document (per-file ignores and severity overrides of ``config`` applied);
    an internal error is reported as MLS002, never raised."""
    ruleset = _ruleset(config, document.path)
    return _override_severity(_lint(document, ruleset, config.allow_bare_noqa), config)


def _override_severity(findings: tuple[Finding, ...], config: Config) -> tuple[Finding, ...]:
    if not config.severity:
        return findings
    changed = []
    for finding in findings:
        severity = config.severity_of(finding.code)
        changed.append(finding if severity is None else dataclasses.replace(finding, severity=severity))
    return tuple(changed)


def _lint(document: Document, ruleset: RuleSet, allow_bare_noqa: bool) -> tuple[Finding, ...]:
    try:
        return lint_document(document, ruleset, allow_bare_noqa)
    except Exception as error:  # a bug must not stop a run over many files
        failed = Document(
            path=document.path,
            kind=document.kind,
            code="",
            source_map=document.source_map,
            problems=(ReadProblem(f"internal error while analysing: {type(error).__name__}: {error}"),),
        )
        return lint_document(failed, ruleset)


def lint_paths(paths: Iterable[str | Path], config: Config = Config()) -> Result:
    """Scan files and directories; ``config.exclude`` applies to both (see linter.config)."""
    files = discover(paths, config.is_excluded if config.exclude else None)
    findings: list[Finding] = []
    for path in files:
        findings.extend(lint(read_path(path), config))
    return Result(findings=tuple(sorted(findings, key=Finding.sort_key)), files=len(files))


def lint_source(text: str, path: str = "<string>.py", config: Config = Config()) -> Result:
    return Result(findings=lint(document_from_text(text, path), config), files=1)


def lint_notebook(notebook: Mapping[str, object], path: str = "notebook.ipynb", config: Config = Config()) -> Result:
    return Result(findings=lint(notebook_document(notebook, path), config), files=1)


def rule_infos() -> tuple[RuleInfo, ...]:
    return tuple(rule.info() for rule in all_rules())
