"""Reporters: pure functions from a Result to text. They never see unredacted values: source
excerpts arrive already redacted (:mod:`linter.report.excerpts`), messages never hold a full value.

Each format says whether it needs *context*: excerpts and raw notebook positions, which
:mod:`linter.api` computes only when asked (``context=True``), for documents with findings.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from linter.model import Finding, Result

Reporter = Callable[[Result, bool], str]


@dataclass(frozen=True)
class Format:
    module: str  # linter.report.<module>, imported only when the format is used
    function: str
    context: bool = False
    description: str = ""


FORMATS: dict[str, Format] = {
    "text": Format("text", "render", False, "one line a finding, flake8/ruff style (default)"),
    "full": Format("full", "render", True, "each finding with its redacted source line and a caret"),
    "json": Format("machine", "render_json", False, "a JSON array of findings"),
    "json-lines": Format("machine", "render_json_lines", False, "one JSON object a line"),
    "sarif": Format("sarif", "render", True, "SARIF 2.1.0 for GitHub code scanning and IDEs"),
    "github": Format("github", "render", True, "GitHub Actions workflow annotations"),
    "junit": Format("junit", "render", True, "JUnit XML for CI test reports"),
    "html": Format("html", "render", True, "one self-contained HTML page"),
    "gitlab": Format("gitlab", "render", True, "GitLab Code Quality JSON"),
}


def formats() -> Sequence[str]:
    return tuple(FORMATS)


def needs_context(name: str) -> bool:
    """Does this format show source excerpts or raw notebook positions?"""
    return FORMATS[name].context


def reporter(name: str) -> Reporter:
    spec = FORMATS[name]
    module = importlib.import_module(f"linter.report.{spec.module}")
    function: Reporter = getattr(module, spec.function)
    return function


def render(name: str, result: Result, color: bool = False, statistics: bool = False) -> str:
    """The report in format ``name``; with ``statistics``, the count of findings per rule instead
    (as JSON for the JSON formats, else as a text table)."""
    if statistics:
        from linter.report import statistics as stats

        return (stats.render_json if name in ("json", "json-lines") else stats.render)(result, False)
    return reporter(name)(result, color)


__all__ = ["FORMATS", "Finding", "Result", "formats", "needs_context", "render", "reporter"]
