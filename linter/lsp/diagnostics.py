"""Findings as LSP diagnostics: ranges in the client's position units, code, severity, source
``mlsafe`` and ``codeDescription.href`` to the rule's docs; notebook findings on their cell's URI."""

from __future__ import annotations

from collections.abc import Sequence

from lsprotocol import types

from linter.lsp.documents import DiskOutputs, LiveCell, owning_cell
from linter.model import Finding, Severity

SOURCE = "mlsafe"
_SEVERITY = {
    Severity.HIGH: types.DiagnosticSeverity.Error,
    Severity.MEDIUM: types.DiagnosticSeverity.Warning,
    Severity.LOW: types.DiagnosticSeverity.Information,
}


def client_units(line: str, column: int, encoding: str) -> int:
    """The 0-based code-point ``column`` of ``line`` in the client's units (``utf-16`` by default,
    ``utf-8`` or ``utf-32`` when negotiated); columns past the end are clamped to it."""
    prefix = line[: max(column, 0)]
    if encoding == "utf-32":
        return len(prefix)
    if encoding == "utf-8":
        return len(prefix.encode("utf-8"))
    return len(prefix.encode("utf-16-le")) // 2


def code_points(line: str, units: int, encoding: str) -> int:
    """The inverse of :func:`client_units`: a client column as a code-point index of ``line``."""
    if encoding == "utf-32":
        return min(units, len(line))
    seen = 0
    for index, char in enumerate(line):
        if seen >= units:
            return index
        seen += len(char.encode("utf-8")) if encoding == "utf-8" else (2 if ord(char) > 0xFFFF else 1)
    return len(line)


def lsp_position(lines: Sequence[str], line: int, column: int, encoding: str) -> types.Position:
    """An LSP position of a 1-based ``line`` and 1-based ``column`` of ``lines``."""
    index = min(max(line - 1, 0), max(len(lines) - 1, 0))
    text = lines[index] if lines else ""
    return types.Position(index, client_units(text, column - 1, encoding))


def lsp_range(
    lines: Sequence[str], line: int, column: int, end_line: int, end_column: int, encoding: str
) -> types.Range:
    start = lsp_position(lines, line, column, encoding)
    end = lsp_position(lines, end_line, end_column, encoding)
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return types.Range(start, end)


def diagnostic(finding: Finding, lines: Sequence[str], encoding: str) -> types.Diagnostic:
    loc = finding.location
    return types.Diagnostic(
        range=lsp_range(lines, loc.line, loc.column, loc.end_line, loc.end_column, encoding),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=finding.url) if finding.url else None,
        source=SOURCE,
    )


def shown(findings: Sequence[Finding], threshold: Severity) -> list[Finding]:
    return [f for f in findings if f.severity >= threshold]


def text_diagnostics(
    findings: Sequence[Finding], text: str, threshold: Severity, encoding: str
) -> list[types.Diagnostic]:
    lines = text.split("\n")
    return [diagnostic(f, lines, encoding) for f in shown(findings, threshold) if f.location.output is None]


def cell_diagnostics(
    findings: Sequence[Finding], cells: Sequence[LiveCell], threshold: Severity, encoding: str
) -> dict[str, list[types.Diagnostic]]:
    """Diagnostics per cell URI (every cell present, so cleared cells are published empty)."""
    published: dict[str, list[types.Diagnostic]] = {cell.uri: [] for cell in cells}
    for finding in shown(findings, threshold):
        cell = finding.location.cell
        if cell is None or finding.location.output is not None or not 1 <= cell <= len(cells):
            continue
        live = cells[cell - 1]
        published[live.uri].append(diagnostic(finding, live.text.split("\n"), encoding))
    return published


def output_diagnostic(finding: Finding, cell: LiveCell, encoding: str) -> types.Diagnostic:
    """A finding in a saved output, shown on the first line of the cell that owns the output."""
    loc = finding.location
    first = cell.text.split("\n", 1)[0]
    where = f"output {(loc.output or 0) + 1}, line {loc.line}"
    return types.Diagnostic(
        range=types.Range(types.Position(0, 0), types.Position(0, client_units(first, len(first), encoding))),
        message=f"{finding.message} (in the saved {where} of this cell)",
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        code_description=types.CodeDescription(href=finding.url) if finding.url else None,
        source=SOURCE,
    )


def add_outputs(
    published: dict[str, list[types.Diagnostic]],
    outputs: DiskOutputs,
    cells: Sequence[LiveCell],
    threshold: Severity,
    encoding: str,
) -> None:
    """Add the diagnostics of saved outputs to ``published``, each on the live cell owning it."""
    for finding in shown(outputs.findings, threshold):
        if finding.location.cell is None:
            continue
        index = owning_cell(finding.location.cell - 1, outputs.sources, cells)
        if index is not None:
            published[cells[index].uri].append(output_diagnostic(finding, cells[index], encoding))
