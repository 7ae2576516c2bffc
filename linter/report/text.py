"""flake8/ruff-style text: ``path:line:col: CODE message`` and, for notebooks,
``path:cell N:line:col: CODE message`` (``cell N:output K:line:col`` inside the K-th saved output,
counted from 1 like cells), then a summary line."""

from __future__ import annotations

from collections import Counter

from linter.model import Finding, Result, Severity

BOLD, RED, YELLOW, CYAN, DIM, RESET = "\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[2m", "\x1b[0m"
SEVERITY_COLOR = {Severity.HIGH: RED, Severity.MEDIUM: YELLOW, Severity.LOW: CYAN}


def location(finding: Finding) -> str:
    loc = finding.location
    parts = [loc.path]
    if loc.cell is not None:
        parts.append(f"cell {loc.cell}")
    if loc.output is not None:
        parts.append(f"output {loc.output + 1}")
    parts.extend((str(loc.line), str(loc.column)))
    return ":".join(parts)


def _safe_fix(finding: Finding) -> bool:
    return finding.fix is not None and finding.fix.is_safe


def line(finding: Finding, color: bool = False) -> str:
    """``where: CODE [*] message [severity]``; ``[*]`` (as in ruff) marks a finding ``--fix`` fixes."""
    where = location(finding)
    severity = f"[{finding.severity.label}]"
    mark = "[*] " if _safe_fix(finding) else ""
    if not color:
        return f"{where}: {finding.code} {mark}{finding.message} {severity}"
    tint = SEVERITY_COLOR[finding.severity]
    return f"{BOLD}{where}{RESET}: {tint}{BOLD}{finding.code}{RESET} {mark}{finding.message} {DIM}{severity}{RESET}"


def fixable_hint(result: Result) -> str | None:
    """``[*] 2 fixable with `mlsafe check --fix` (1 more with `--unsafe-fixes`).``, or None."""
    safe = sum(_safe_fix(f) for f in result.findings)
    unsafe = sum(f.fix is not None and not f.fix.is_safe for f in result.findings)
    if not safe and not unsafe:
        return None
    more = f" ({unsafe} more with `--unsafe-fixes`)" if unsafe else ""
    return f"[*] {safe} fixable with `mlsafe check --fix`{more}."


def summary(result: Result) -> str:
    if not result.findings:
        return f"All checks passed ({result.files} file{'s' if result.files != 1 else ''} scanned)."
    by_severity = Counter(f.severity for f in result.findings)
    counts = ", ".join(f"{by_severity[s]} {s.label}" for s in sorted(by_severity, reverse=True))
    files = len({f.location.path for f in result.findings})
    total = len(result.findings)
    return (
        f"Found {total} finding{'s' if total != 1 else ''} ({counts}) "
        f"in {files} of {result.files} file{'s' if result.files != 1 else ''}."
    )


def render(result: Result, color: bool = False) -> str:
    lines = [line(f, color) for f in result.findings]
    hint = fixable_hint(result)
    if hint:
        lines.append(hint)
    lines.append(summary(result))
    return "\n".join(lines) + "\n"
