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
    """``[*] 2 fixable with `mlsafe check --fix` (1 more with `--unsafe-fixes`).``, counting the
    findings of ``result`` (after ``--fix``: those left), or None."""
    safe = sum(_safe_fix(f) for f in result.findings)
    unsafe = sum(f.fix is not None and not f.fix.is_safe for f in result.findings)
    if not safe and not unsafe:
        return None
    if not safe:  # after --fix, or only unsafe fixes: say what is left, not "0 fixable"
        return f"{unsafe} fixable with `mlsafe check --unsafe-fixes` (may change behaviour)."
    more = f" ({unsafe} more with `--unsafe-fixes`)" if unsafe else ""
    return f"[*] {safe} fixable with `mlsafe check --fix`{more}."


def summary(result: Result) -> str:
    below = _below(result)
    if not result.findings:
        if below:
            return f"No findings at or above the severity asked for ({result.files} {_plural(result.files, 'file')} scanned).{below}"
        return f"All checks passed ({result.files} file{'s' if result.files != 1 else ''} scanned)."
    by_severity = Counter(f.severity for f in result.findings)
    counts = ", ".join(f"{by_severity[s]} {s.label}" for s in sorted(by_severity, reverse=True))
    files = len({f.location.path for f in result.findings})
    total = len(result.findings)
    return (
        f"Found {total} finding{'s' if total != 1 else ''} ({counts}) "
        f"in {files} of {result.files} file{'s' if result.files != 1 else ''}.{below}"
    )


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def _below(result: Result) -> str:
    """`` 12 lower-severity findings not shown (`--severity low` shows them).`` or ''."""
    if not result.below:
        return ""
    lowest = min(f.severity for f in result.below)
    count = len(result.below)
    return f" {count} lower-severity {_plural(count, 'finding')} not shown (`--severity {lowest.label}` shows them)."


# A text report with at least this many findings ends with a triage summary.
TRIAGE_MIN = 50
TOP = 5
SEVERITIES = (Severity.HIGH, Severity.MEDIUM, Severity.LOW)


def triage(result: Result) -> list[str]:
    """For long reports: counts by category and severity, the top rules and files, and how to
    narrow the report (``--severity``, ``--select``, ``--ignore``)."""
    findings = result.findings
    if len(findings) < TRIAGE_MIN:
        return []
    cells = Counter((f.category.value, f.severity) for f in findings)
    categories = sorted({f.category.value for f in findings})
    width = max(len("category"), *(len(c) for c in categories))
    out = [f"Triage of {len(findings)} findings:", f"  {'category':<{width}}  {'high':>6} {'medium':>6} {'low':>6}"]
    out.extend(f"  {c:<{width}}  " + " ".join(f"{cells[c, s]:>6}" for s in SEVERITIES) for c in categories)
    rules = Counter(f.code for f in findings)
    rule_severity = Counter((f.code, f.severity) for f in findings)
    top_rules = sorted(rules.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    out.append("  top rules: " + ", ".join(f"{code} {n} ({_split(rule_severity, code)})" for code, n in top_rules))
    files = Counter(f.location.path for f in findings)
    top_files = sorted(files.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    out.append("  top files: " + ", ".join(f"{path} {n}" for path, n in top_files))
    out.append("  narrow it: " + "; ".join(_narrowing(findings, top_rules)))
    return out


def _split(by: Counter[tuple[str, Severity]], code: str) -> str:
    return ", ".join(f"{by[code, s]} {s.label}" for s in SEVERITIES if by[code, s])


def _narrowing(findings: tuple[Finding, ...], top_rules: list[tuple[str, int]]) -> list[str]:
    counts = Counter(f.severity for f in findings)
    hints = []
    if counts[Severity.HIGH] and counts[Severity.HIGH] < len(findings):
        hints.append(f"`--severity high` shows the {counts[Severity.HIGH]} high")
    medium_up = counts[Severity.HIGH] + counts[Severity.MEDIUM]
    if counts[Severity.LOW] and medium_up:
        hints.append(f"`--severity medium` shows {medium_up}")
    if top_rules:
        code, n = top_rules[0]
        hints.append(f"`--ignore {code}` drops {n}")
    hints.append("`--select MLS1,MLS2` keeps unsafe loads and secrets")
    return hints


def render(result: Result, color: bool = False) -> str:
    lines = [line(f, color) for f in result.findings]
    hint = fixable_hint(result)
    if hint:
        lines.append(hint)
    lines.extend(triage(result))
    lines.append(summary(result))
    return "\n".join(lines) + "\n"
