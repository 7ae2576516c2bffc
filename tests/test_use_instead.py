"""Generated from every rule: its "Use instead" example and the fixed text of each of its INVALID
examples are themselves safe, i.e. the rule reports nothing there (issue 14: MLS101's showed
`pickle.dump`, MLS102's added an unrelated line, B602's ran another command)."""

from __future__ import annotations

import pytest

from linter.api import lint_source
from linter.config import Config
from linter.docs import rule_markdown, use_instead
from linter.model import Example
from linter.registry import all_rules

RULES = all_rules()


def _reported(rule, example: Example, text: str) -> list[str]:
    result = lint_source(text, path=example.path, config=Config(select=(rule.code, *rule.EXAMPLE_SELECT)))
    return [
        f"{f.location.cell}:{f.location.line}:{f.location.column} {f.message}"
        for f in result.findings
        if f.code == rule.code
    ]


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_use_instead_example_does_not_trigger_its_rule(rule) -> None:
    example = use_instead(rule)
    if example is None:
        pytest.fail(f"{rule.code} has no example to show as 'Use instead'")
    assert _reported(rule, example, example.source) == [], example.source


FIXED = [
    pytest.param(rule, example, id=f"{rule.code}-fixed-{i}")
    for rule in RULES
    for i, example in enumerate(rule.INVALID)
    if example.fixed is not None and example.fixed != example.source
]


@pytest.mark.parametrize(("rule", "example"), FIXED)
def test_fixed_example_leaves_nothing_the_fix_could_fix(rule, example: Example) -> None:
    """What the fix changed is no longer reported; what a rule leaves to the user (MLS202's
    headers and parameter defaults) is still reported, without a fix."""
    assert example.fixed is not None
    config = Config(select=(rule.code, *rule.EXAMPLE_SELECT))
    left = [f for f in lint_source(example.fixed, path=example.path, config=config).findings if f.code == rule.code]
    assert [f.message for f in left if f.fix is not None] == [], example.fixed
    assert len(left) < len(example.expect)


def test_a_fixable_example_shows_its_own_fix_as_use_instead() -> None:
    """MLS102's "Use instead" is its example with `weights_only=True`, and nothing else."""
    rule = next(r for r in RULES if r.code == "MLS102")
    docs = rule_markdown(rule)
    example = docs.split("### Example", 1)[1].split("### Use instead", 1)[0]
    instead = docs.split("### Use instead", 1)[1].split("###", 1)[0]
    assert "torch.load('ckpt.pt')" in example
    assert "torch.load('ckpt.pt', weights_only=True)" in instead
    assert "torch.save" not in instead


def test_the_issue_examples_are_counterparts() -> None:
    by_code = {r.code: r for r in RULES}
    mls101 = use_instead(by_code["MLS101"])
    assert mls101 is not None and "pickle.dump" not in mls101.source and "load" in mls101.source
    b602 = use_instead(by_code["B602"])
    assert b602 is not None and "unzip" in b602.source and "shell=True" not in b602.source
