"""What MLS502 pii-in-output and MLS503 pii-literal share: reports of validated personal-data values,
the choice of the representation scanned, and the sample tables of their examples."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from linter.kit import Context, OutputText, Report, Severity, fingerprint, redact

if TYPE_CHECKING:
    from linter.kit import TextKind
from linter.rules.pii._data import SENSITIVE_KINDS, PiiMatch, a_kind, find_pii, line_column

# When one output holds several representations, the one a reader sees is scanned (each value is
# reported once): HTML before Markdown before plain text.
MIME_PREFERENCE = ("stream", "traceback", "text/html", "text/markdown", "text/plain", "text/latex", "application/json")


TEXT_KINDS: frozenset[TextKind] = frozenset({"code", "markdown", "raw", "python"})


# Outputs stored as JSON text the fix can edit in place (HTML is reduced before scanning).
REDACTABLE = frozenset({"stream", "text/plain"})


REDACTED = "[redacted]"


def _severity(match: PiiMatch) -> Severity:
    return Severity.HIGH if match.kind in SENSITIVE_KINDS else Severity.MEDIUM


def reports(text: str, message: str, fixture: bool = False, source: bool = True) -> Iterator[Report]:
    """One report per value; ``fixture``: test data, reported at low severity; ``source``: code
    or prose rather than data (see :func:`find_pii`)."""
    for match in find_pii(text, source):
        line, column = line_column(text, match.start)
        end_line, end_column = line_column(text, match.end)
        yield Report(
            message.format(what=a_kind(match.kind), shown=redact(match.value)),
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            severity=Severity.LOW if fixture else _severity(match),
            fingerprint=fingerprint(match.value, match.kind),
        )


def _rank(mime: str) -> int:
    return MIME_PREFERENCE.index(mime) if mime in MIME_PREFERENCE else len(MIME_PREFERENCE)


def shown_representation(output: OutputText, ctx: Context) -> bool:
    """Whether ``output`` is the representation of its output that is scanned."""
    cells = ctx.document.cells
    if output.cell >= len(cells):
        return True
    siblings = [o for o in cells[output.cell].outputs if o.index == output.index]
    return _rank(output.mime) <= min(_rank(o.mime) for o in siblings)


TABLE_HTML = (
    '<table border="1" class="dataframe"><thead><tr><th></th><th>name</th><th>email</th>'
    "<th>phone</th></tr></thead><tbody>"
    "<tr><th>0</th><td>Ana Lima</td><td>ana.lima@gmail.com</td><td>(312) 748-2291</td></tr>"
    "<tr><th>1</th><td>Test User</td><td>user@example.com</td><td>555-0142</td></tr>"
    "</tbody></table>"
)


TABLE_TEXT = (
    "        name               email           phone\n"
    "0  Ana Lima  ana.lima@gmail.com  (312) 748-2291\n"
    "1  Test User   user@example.com        555-0142\n"
)
