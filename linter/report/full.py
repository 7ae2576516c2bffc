"""``full``: each finding as in ``text``, then its source line(s) with a caret under the span and
the link to the rule's docs (ruff's ``full`` shape). The source is already redacted."""

from __future__ import annotations

from linter.model import Finding, Result
from linter.report import text

BLUE, RED, BOLD, RESET = "\x1b[34m", "\x1b[31m", "\x1b[1m", "\x1b[0m"
TAB = 4  # tabs are expanded so the caret lines up whatever the terminal's tab stops


def snippet(finding: Finding, color: bool = False) -> list[str]:
    """The gutter-numbered excerpt lines, with a caret line under the first one."""
    excerpt = finding.excerpt
    if excerpt is None or not excerpt.lines:
        return []
    width = len(str(excerpt.first + len(excerpt.lines) - 1))
    bar = f"{BLUE}|{RESET}" if color else "|"
    gutter = " " * width
    lines = [f"{gutter} {bar}"]
    for offset, source in enumerate(excerpt.lines):
        number = str(excerpt.first + offset).rjust(width)
        shown = source.expandtabs(TAB)
        lines.append(f"{BLUE}{number}{RESET} {bar} {shown}" if color else f"{number} {bar} {shown}")
        if offset == 0:
            start = min(excerpt.column - 1, len(source))
            end = excerpt.end_column - 1 if len(excerpt.lines) == 1 else len(source)
            indent = len(source[:start].expandtabs(TAB))
            carets = "^" * max(1, len(source[:end].expandtabs(TAB)) - indent)
            mark = f"{RED}{BOLD}{carets}{RESET}" if color else carets
            lines.append(f"{gutter} {bar} {' ' * indent}{mark}")
    lines.append(f"{gutter} {bar}")
    return lines


def render(result: Result, color: bool = False) -> str:
    out: list[str] = []
    for finding in result.findings:
        out.append(text.line(finding, color))
        out.extend(snippet(finding, color))
        if finding.url:
            out.append(f"  = help: {finding.url}")
        if finding.fix is not None:
            out.append(f"  = fix ({finding.fix.applicability}): {finding.fix.title}")
        out.append("")
    hint = text.fixable_hint(result)
    if hint:
        out.append(hint)
    out.append(text.summary(result))
    return "\n".join(out) + "\n"
