"""Tests generated from every rule's VALID and INVALID examples: each INVALID example is reported
exactly at its expected positions (cell, output, line, column, severity), each VALID one not at all."""

from __future__ import annotations

import pytest

from linter.api import lint_source
from linter.config import Config
from linter.fix.apply import fix_text
from linter.model import Example, Expected, Finding
from linter.registry import all_rules

CASES = [
    pytest.param(rule, example, valid, id=f"{rule.code}-{'valid' if valid else 'invalid'}-{i}")
    for rule in all_rules()
    for valid, examples in ((True, rule.VALID), (False, rule.INVALID))
    for i, example in enumerate(examples)
]


def _matches(expected: Expected, finding: Finding) -> bool:
    loc = finding.location
    return (
        loc.line == expected.line
        and loc.cell == expected.cell
        and loc.output == expected.output
        and (expected.column is None or loc.column == expected.column)
        and (expected.severity is None or finding.severity == expected.severity)
    )


def _describe(findings: list[Finding]) -> str:
    return "\n".join(
        f"  cell={f.location.cell} output={f.location.output} {f.location.line}:{f.location.column} "
        f"{f.severity.label} {f.message}"
        for f in findings
    )


@pytest.mark.parametrize(("rule", "example", "valid"), CASES)
def test_rule_example(rule, example: Example, valid: bool) -> None:
    select = (rule.code, *rule.EXAMPLE_SELECT)
    result = lint_source(example.source, path=example.path, config=Config(select=select))
    findings = [f for f in result.findings if f.code == rule.code]
    if valid:
        assert not findings, f"VALID example reported:\n{_describe(findings)}\n{example.source}"
        return
    assert example.expect, "an INVALID example must say where it is reported"
    unmatched = [e for e in example.expect if not any(_matches(e, f) for f in findings)]
    extra = [f for f in findings if not any(_matches(e, f) for e in example.expect)]
    assert not unmatched and not extra, (
        f"expected {example.expect}\nunmatched: {unmatched}\nfound:\n{_describe(findings)}\n{example.source}"
    )


FIXED_CASES = [
    pytest.param(rule, example, id=f"{rule.code}-fixed-{i}")
    for rule in all_rules()
    for i, example in enumerate(rule.INVALID)
    if example.fixed is not None
]


@pytest.mark.parametrize(("rule", "example"), FIXED_CASES)
def test_rule_example_fixed(rule, example: Example) -> None:
    """Applying the rule's fixes (unsafe included) to an INVALID example gives its ``fixed`` text,
    and fixing that again changes nothing."""
    config = Config(select=(rule.code,))
    result = fix_text(example.source, example.path, config, unsafe=True)
    assert result.fixed == example.fixed and not result.problems
    assert fix_text(result.fixed, example.path, config, unsafe=True).fixed == result.fixed


def test_fixable_rules_show_their_fix() -> None:
    """A rule that fixes has fixed examples (MLS401's pin depends on what is installed where the
    tests run: tests/test_fix.py covers it); one that does not fix has none that change."""
    for rule in all_rules():
        fixed = [e for e in rule.INVALID if e.fixed is not None]
        changed = [e for e in fixed if e.fixed != e.source]
        assert bool(fixed) == bool(rule.fix_title), rule.code
        assert bool(changed) == (bool(rule.fix_title) and rule.code != "MLS401"), rule.code
        assert rule.info().fixable == bool(rule.fix_title)


def test_every_rule_has_docs_and_examples() -> None:
    for rule in all_rules():
        docs = rule.docs()
        assert "## What it does" in docs and "## Why is this bad?" in docs and "## Fix" in docs, rule.code
        assert rule.VALID and rule.INVALID, rule.code
        assert rule.summary and rule.name, rule.code
