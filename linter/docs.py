"""Rule documentation in ruff's shape, generated from each rule's docstring and examples."""

from __future__ import annotations

from linter.examples import cell_sources
from linter.model import Example
from linter.rule import Rule


def _example_block(example: Example) -> str:
    if example.path.endswith(".ipynb"):
        parts = []
        for number, (kind, source) in enumerate(cell_sources(example), start=1):
            lang = "python" if kind == "code" else kind
            parts.append(f"Cell {number} ({kind}):\n```{lang}\n{source.rstrip()}\n```")
        return "\n".join(parts)
    lang = "python" if example.path.endswith(".py") else "text"
    return f"`{example.path}`:\n```{lang}\n{example.source.rstrip()}\n```" if lang == "text" else (
        f"```python\n{example.source.rstrip()}\n```"
    )


def rule_markdown(rule: type[Rule]) -> str:
    """One rule's section: title, metadata, docstring (What it does / Why is this bad? / Fix),
    then the first INVALID example as "Example" and the first VALID one as "Use instead"."""
    lines = [
        f"## {rule.code} {rule.name}",
        "",
        f"Category: `{rule.category.value}` · default severity: `{rule.severity.label}`"
        + (f" · CWE: {', '.join(f'CWE-{c}' for c in rule.cwe)}" if rule.cwe else ""),
        "",
        rule.docs(),
        "",
    ]
    if rule.INVALID:
        lines += ["### Example", "", _example_block(rule.INVALID[0]), ""]
    if rule.VALID:
        lines += ["### Use instead", "", _example_block(rule.VALID[0]), ""]
    return "\n".join(lines) + "\n"


def rules_markdown(rules: tuple[type[Rule], ...]) -> str:
    header = "# mlsafe rules\n\nGenerated from the rule classes by `python -m linter.docs`; do not edit.\n\n"
    index = "".join(f"- [{r.code} {r.name}](#{r.code.lower()}-{r.name}): {r.summary}\n" for r in rules)
    return header + index + "\n" + "\n".join(rule_markdown(r) for r in rules)


if __name__ == "__main__":
    import sys

    from linter.registry import all_rules

    sys.stdout.write(rules_markdown(all_rules()))
