"""Rule docs: docs/rules.md is generated and kept current; every finding's url opens its section."""

from __future__ import annotations

import io
import re

from linter.api import lint_source
from linter.cli import main
from linter.docs import RULES_MD, anchor, rule_markdown, rules_markdown
from linter.registry import all_rules


def test_rules_md_is_current() -> None:
    assert RULES_MD.is_file(), "docs/rules.md is missing: run `python -m linter.docs --write`"
    assert RULES_MD.read_text(encoding="utf-8") == rules_markdown(all_rules()), (
        "docs/rules.md differs from the rules: run `python -m linter.docs --write`"
    )


def test_every_rule_url_points_at_its_heading_in_rules_md(declared_urls: object) -> None:
    text = rules_markdown(all_rules())
    anchors = [anchor(h) for h in re.findall(r"^## .+$", text, flags=re.MULTILINE)]
    assert len(anchors) == len(set(anchors)) == len(all_rules())
    for rule in all_rules():
        assert rule.url().endswith("docs/rules.md#" + anchor(f"## {rule.code} {rule.name}"))
        assert rule.url().split("#", 1)[1] in anchors


def test_anchor_follows_github() -> None:
    assert anchor("## MLS101 pickle-load") == "mls101-pickle-load"
    assert anchor("## Why is this bad?") == "why-is-this-bad"


def test_findings_carry_the_url_of_their_section(declared_urls: object) -> None:
    finding = lint_source("import pickle\npickle.load(f)\n", "a.py").findings[0]
    assert finding.url.endswith("docs/rules.md#mls101-pickle-load")


def test_rule_command_prints_the_section_and_rules_lists_all() -> None:
    out = io.StringIO()
    assert main(["rule", "mls101"], stdout=out) == 0
    text = out.getvalue()
    assert text.startswith("## MLS101 pickle-load\n")
    assert "### What it does" in text and "### Example" in text and "### Use instead" in text
    listing = io.StringIO()
    assert main(["rules"], stdout=listing) == 0
    assert [line.split()[0] for line in listing.getvalue().splitlines()] == [r.code for r in all_rules()]


def test_every_rule_has_docs_that_render() -> None:
    for rule in all_rules():
        out = io.StringIO()
        assert main(["rule", rule.code], stdout=out) == 0, rule.code
        assert "### What it does" in out.getvalue(), rule.code


def test_unknown_rule_is_a_usage_error() -> None:
    err = io.StringIO()
    assert main(["rule", "MLS999"], stdout=io.StringIO(), stderr=err) == 2
    assert "unknown rule" in err.getvalue()


def test_references_link_each_cwe_of_the_rule_and_only_rules_with_cwes_have_them() -> None:
    for rule in all_rules():
        section = rule_markdown(rule)
        links = re.findall(r"^- \[CWE-(\d+)\]\(https://cwe\.mitre\.org/data/definitions/(\d+)\.html\)$", section, re.M)
        if rule.cwe:
            assert "\n### References\n\n" in section, rule.code
            assert [(str(c), str(c)) for c in rule.cwe] == links, rule.code
        else:
            assert "References" not in section and not links, rule.code


def test_rule_command_prints_the_references() -> None:
    out = io.StringIO()
    assert main(["rule", "MLS303"], stdout=out) == 0
    assert out.getvalue().endswith(
        "### References\n\n"
        "- [CWE-489](https://cwe.mitre.org/data/definitions/489.html)\n"
        "- [CWE-215](https://cwe.mitre.org/data/definitions/215.html)\n\n"
    )
    out = io.StringIO()
    assert main(["rule", "MLS001"], stdout=out) == 0
    assert "References" not in out.getvalue()


def test_rules_md_opens_with_an_index_of_every_rule() -> None:
    text = RULES_MD.read_text(encoding="utf-8")
    head = text.split("\n## ", 1)[0]  # before the first rule's section
    rows = [line for line in head.splitlines() if line.startswith("| [")]
    assert "| code | name | category | default severity | summary | fixable |" in head
    assert len(rows) == len(all_rules())
    for rule, row in zip(all_rules(), rows, strict=True):
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        fixable = "no"
        if rule.fix_title:
            fixable = "yes (`--fix`)" if rule.fix_applicability == "safe" else "yes (`--unsafe-fixes`)"
        assert cells == [
            f"[{rule.code}](#{anchor(f'## {rule.code} {rule.name}')})",
            rule.name,
            rule.category.value,
            rule.severity.label,
            rule.summary,
            fixable,
        ], rule.code


def test_readme_points_to_the_index_instead_of_a_rule_table() -> None:
    readme = (RULES_MD.parent.parent / "README.md").read_text(encoding="utf-8")
    rules = readme.split("\n## Rules\n", 1)[1].split("\n## ", 1)[0]
    assert "[docs/rules.md](docs/rules.md)" in rules and "`mlsafe rules`" in rules
    assert "| code |" not in rules and not any(f"| {rule.code} |" in rules for rule in all_rules())
