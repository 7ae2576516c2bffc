"""Rule documentation in ruff's shape, generated from each rule's docstring and examples.

``mlsafe rule CODE`` prints one rule's section; ``python -m linter.docs`` prints docs/rules.md and
``python -m linter.docs --write`` rewrites it (a test fails when the file drifts from the rules).
Each section's heading is ``## CODE name``, whose GitHub anchor is the fragment of
:meth:`Rule.url`, so every finding's ``url`` opens its rule's section.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from linter.links import project_url
from linter.model import SAFE, Example
from linter.rule import Rule

RULES_MD = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


__all__ = ["project_url", "rule_markdown", "rules_markdown", "use_instead"]


def anchor(heading: str) -> str:
    """GitHub's anchor of a markdown heading: lower case, punctuation dropped, spaces to ``-``."""
    text = heading.lstrip("#").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def heading(rule: type[Rule]) -> str:
    return f"## {rule.code} {rule.name}"


def _notebook_cells(source: str) -> list[tuple[str, str]] | None:
    """(kind, source) of each cell, or None when the text is not a readable notebook."""
    try:
        data = json.loads(source)
    except (json.JSONDecodeError, RecursionError):
        return None
    cells = data.get("cells") if isinstance(data, dict) else None
    if not isinstance(cells, list):
        return None
    found = []
    for cell in cells:
        if not isinstance(cell, dict):
            continue
        text = cell.get("source", "")
        text = "".join(text) if isinstance(text, list) else str(text)
        found.append((str(cell.get("cell_type", "raw")), text))
    return found


def _fence(lang: str, text: str) -> str:
    return f"```{lang}\n{text.rstrip()}\n```"


def _example_block(example: Example) -> str:
    if example.path.endswith(".ipynb"):
        cells = _notebook_cells(example.source)
        if cells is None:
            return f"`{example.path}` (not a readable notebook):\n" + _fence("json", example.source)
        return "\n".join(
            f"Cell {number} ({kind}):\n" + _fence("python" if kind == "code" else kind, source)
            for number, (kind, source) in enumerate(cells, start=1)
        )
    if example.path.endswith(".py"):
        return _fence("python", example.source)
    return f"`{example.path}`:\n" + _fence("text", example.source)


def _fix_option(rule: type[Rule]) -> str:
    """The ``mlsafe check`` option that applies the rule's fixes: ``--fix`` for safe ones."""
    return "--fix" if rule.fix_applicability == SAFE else "--unsafe-fixes"


def _fix_line(rule: type[Rule]) -> list[str]:
    if not rule.fix_title:
        return []
    option = _fix_option(rule)
    return [f"Fixable: {rule.fix_title} (`mlsafe check {option}`; see the rule's Fix section).", ""]


def cwe_url(number: int) -> str:
    """The MITRE page of a CWE."""
    return f"https://cwe.mitre.org/data/definitions/{number}.html"


def _references(rule: type[Rule]) -> list[str]:
    """The "References" section: a link to each CWE of ``rule.cwe`` (none for a rule without)."""
    if not rule.cwe:
        return []
    return ["### References", "", *(f"- [CWE-{c}]({cwe_url(c)})" for c in rule.cwe), ""]


def use_instead(rule: type[Rule]) -> Example | None:
    """The "Use instead" example: the first INVALID example after the rule's fix, when it has
    one that changes it (the same code, made safe), else the first VALID example."""
    if rule.INVALID:
        first = rule.INVALID[0]
        if first.fixed is not None and first.fixed != first.source:
            return Example(first.fixed, path=first.path, title=first.title)
    return rule.VALID[0] if rule.VALID else None


def rule_markdown(rule: type[Rule]) -> str:
    """One rule's section: title, metadata, docstring (What it does / Why is this bad? / Fix),
    then the first INVALID example as "Example", :func:`use_instead` as "Use instead", and a link
    to each of the rule's CWEs as "References"."""
    lines = [
        heading(rule),
        "",
        f"Category: `{rule.category.value}` · default severity: `{rule.severity.label}`"
        + (f" · CWE: {', '.join(f'CWE-{c}' for c in rule.cwe)}" if rule.cwe else ""),
        "",
        f"{rule.summary}." if rule.summary and not rule.summary.endswith(".") else rule.summary,
        "",
        *_fix_line(rule),
        re.sub(r"^(#+) ", r"#\1 ", rule.docs(), flags=re.MULTILINE),  # under the rule's own heading
        "",
    ]
    if rule.INVALID:
        lines += ["### Example", "", _example_block(rule.INVALID[0]), ""]
    instead = use_instead(rule)
    if instead is not None:
        lines += ["### Use instead", "", _example_block(instead), ""]
    lines += _references(rule)
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """``text`` as a markdown table cell (a ``|`` would end it)."""
    return text.replace("|", "\\|")


def _fixable(rule: type[Rule]) -> str:
    return f"yes (`{_fix_option(rule)}`)" if rule.fix_title else "no"


def index_markdown(rules: tuple[type[Rule], ...]) -> str:
    """The index of the rules: one row per rule (its code linking to its section), in ``rules``' order."""
    rows = "".join(
        f"| [{r.code}](#{anchor(heading(r))}) | {r.name} | {r.category.value} | {r.severity.label} "
        f"| {_cell(r.summary)} | {_fixable(r)} |\n"
        for r in rules
    )
    return "| code | name | category | default severity | summary | fixable |\n|---|---|---|---|---|---|\n" + rows


def rules_markdown(rules: tuple[type[Rule], ...]) -> str:
    """docs/rules.md: the index of the rules, then each rule's section."""
    header = (
        "# mlsafe rules\n\n"
        "Generated from the rule classes by `python -m linter.docs --write`; do not edit by hand.\n"
        "`mlsafe rules` lists the rules and `mlsafe rule CODE` prints one section in the terminal.\n\n"
    )
    return header + index_markdown(rules) + "\n" + "\n".join(rule_markdown(r) for r in rules)


def main(argv: list[str]) -> int:
    import sys

    from linter.registry import all_rules

    text = rules_markdown(all_rules())
    if "--write" in argv:
        RULES_MD.parent.mkdir(parents=True, exist_ok=True)
        RULES_MD.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
