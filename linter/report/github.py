"""GitHub Actions workflow commands: one annotation per finding, at the raw file line.

``::error file=nb.ipynb,line=42,col=9,title=MLS101 pickle-load::cell 3, line 2: message``. High
severity is ``error``, medium ``warning``, low ``notice``. In notebooks the line and column are
those of the raw .ipynb text (the annotation lands on the JSON line holding the code) and the
message starts with the cell and the line within it.
"""

from __future__ import annotations

from linter.model import Finding, Result, Severity

COMMAND = {Severity.HIGH: "error", Severity.MEDIUM: "warning", Severity.LOW: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    loc = finding.location
    if loc.cell is not None:
        line, column = loc.raw_line, loc.raw_column
        where = f"cell {loc.cell}" + (f", output {loc.output + 1}" if loc.output is not None else "")
        message = f"{where}, line {loc.line}: {finding.message}"
    else:
        line, column = loc.line, loc.column
        message = finding.message
    props = [f"file={escape_property(loc.path)}"]
    if line is not None:
        props.append(f"line={line}")
        if column is not None:
            props.append(f"col={column}")
        if loc.cell is None and loc.end_line != loc.line:
            props.append(f"endLine={loc.end_line}")
    props.append(f"title={escape_property(f'{finding.code} {finding.name}')}")
    return f"::{COMMAND[finding.severity]} {','.join(props)}::{escape_data(message)}"


def render(result: Result, color: bool = False) -> str:
    return "".join(annotation(f) + "\n" for f in result.findings)
