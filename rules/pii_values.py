"""MLS502 pii-in-output and MLS503 pii-literal: validated personal-data values in saved outputs and
in the text of code and markdown."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from linter.document import OutputText
from linter.examples import code_cell, error_output, markdown_cell, notebook_example, result_output, stream_output
from linter.model import UNSAFE, Category, Example, Severity, at
from linter.redact import fingerprint, redact
from linter.rule import Context, Report, Rule, TextBlock

from ._pii_data import SENSITIVE_KINDS, PiiMatch, a_kind, find_pii, line_column

# When one output holds several representations, the one a reader sees is scanned (each value is
# reported once): HTML before Markdown before plain text.
MIME_PREFERENCE = ("stream", "traceback", "text/html", "text/markdown", "text/plain", "text/latex",
                   "application/json")
TEXT_KINDS = frozenset({"code", "markdown", "raw", "python"})
# Outputs stored as JSON text the fix can edit in place (HTML is reduced before scanning).
REDACTABLE = frozenset({"stream", "text/plain"})
REDACTED = "[redacted]"


def is_test_file(path: str) -> bool:
    """Files of a test suite (``tests/``, ``test_*.py``, ``*_test.py``, ``conftest.py``)."""
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    return (any(part in ("test", "tests", "testing") for part in parts[:-1])
            or name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py")


def _severity(match: PiiMatch) -> Severity:
    return Severity.HIGH if match.kind in SENSITIVE_KINDS else Severity.MEDIUM


def _reports(text: str, message: str, fixture: bool = False, source: bool = True) -> Iterator[Report]:
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


def _shown_representation(output: OutputText, ctx: Context) -> bool:
    """Whether ``output`` is the representation of its output that is scanned."""
    cells = ctx.document.cells
    if output.cell >= len(cells):
        return True
    siblings = [o for o in cells[output.cell].outputs if o.index == output.index]
    return _rank(output.mime) <= min(_rank(o.mime) for o in siblings)


_TABLE_HTML = (
    "<table border=\"1\" class=\"dataframe\"><thead><tr><th></th><th>name</th><th>email</th>"
    "<th>phone</th></tr></thead><tbody>"
    "<tr><th>0</th><td>Ana Lima</td><td>ana.lima@gmail.com</td><td>(312) 748-2291</td></tr>"
    "<tr><th>1</th><td>Test User</td><td>user@example.com</td><td>555-0142</td></tr>"
    "</tbody></table>"
)
_TABLE_TEXT = ("        name               email           phone\n"
               "0  Ana Lima  ana.lima@gmail.com  (312) 748-2291\n"
               "1  Test User   user@example.com        555-0142\n")


class PiiInOutput(Rule):
    """
    ## What it does
    Flags personal data saved in a notebook's outputs (stream text, `text/plain`, HTML tables cell
    by cell, tracebacks): email addresses, phone numbers, US social security numbers, payment card
    numbers and IBANs. Every value is validated before it is reported: emails outside reserved and
    placeholder domains (`example.com`, `.test`, `localhost`) and role accounts (`support@`,
    `noreply@`); phone numbers with an assigned country code and a valid length, or North American
    numbers in their usual punctuation (not the fictional 555 numbers, not toll-free lines); SSNs
    outside the never-issued ranges (000, 666, 9xx, group 00, serial 0000); card numbers with a
    known issuer prefix and length that pass the Luhn check (not the processors' test cards);
    IBANs with the country's length that pass the mod-97 check. Hashes, UUIDs, version strings,
    timestamps and numbers in numeric tables stay quiet. Values are shown masked.

    ## Why is this bad?
    A notebook carries its outputs wherever it goes: into git history, code review, shared drives
    and public repositories. A `df.head()` of a customer table saved there is a copy of personal
    data outside every access control, and a data-protection incident (GDPR, CCPA, PCI DSS, HIPAA).

    ## Fix
    Clear the output (`jupyter nbconvert --clear-output --inplace nb.ipynb`, or *Clear All
    Outputs* before saving), remove the data from git history if it was committed, and display
    aggregates or masked columns instead. `mlsafe check --unsafe-fixes` replaces each value in
    stream and `text/plain` outputs with `[redacted]` (the other bytes of the notebook are kept;
    unsafe because the saved output no longer shows what the code printed); HTML tables and
    tracebacks are left to you.
    """

    code = "MLS502"
    name = "pii-in-output"
    category = Category.PII
    severity = Severity.MEDIUM
    summary = "Personal data is saved in a notebook output"
    cwe = (359,)
    fix_title = f"Replace the value with `{REDACTED}` in the saved output"
    fix_applicability = UNSAFE

    VALID = (
        notebook_example(
            code_cell("print(contacts)", outputs=[stream_output(
                "support@acme-analytics.com, user@example.com, jane@localhost, bob@test\n"
                "call 555-0142 or (800) 836-2291\n")]),
            code_cell("ids", outputs=[result_output({"text/plain": (
                "550e8400-e29b-41d4-a716-446655440000 3f786850e387550fdab836ed7e6dc881de23001b\n"
                "torch==2.4.1 2024-03-15 12:34:56.123456 1710505496123 4532015112830367\n")})]),
            code_cell("X[:2]", outputs=[result_output({"text/plain": (
                "array([[4.53201511e+15, 0.4532015112830366],\n       [4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1]])")})]),
            title="placeholders, role accounts, ids, hashes, timestamps, failing Luhn, numeric tables",
        ),
        notebook_example(code_cell("pay(card)", outputs=[stream_output(
            "charged 4242 4242 4242 4242 and 4111111111111111; refund to GB82 WEST 1234 5698 7654 32\n"
            "SSN 078-05-1120 and 123-45-6789 (examples)\n")]), title="documented test values"),
    )
    INVALID = (
        notebook_example(
            code_cell("customers[['name', 'email', 'phone']].head()",
                      outputs=[result_output({"text/plain": _TABLE_TEXT, "text/html": _TABLE_HTML})]),
            expect=(at(2, 12, cell=1, output=0), at(2, 31, cell=1, output=0)),
            title="an HTML table (each value once, at its row and column in the reduced text)",
        ),
        notebook_example(
            code_cell("for c in rows: print(c)", outputs=[stream_output(
                "ok\nJosé Ortega <jose.ortega@outlook.es> +34 612 48 93 07\n"
                "ssn=536-22-8714 card=4532 0151 1283 0366 iban=DE44 5001 0517 5407 3249 31\n")]),
            expect=(at(2, 14, cell=1, output=0), at(2, 38, cell=1, output=0),
                    at(3, 5, cell=1, output=0, severity=Severity.HIGH),
                    at(3, 22, cell=1, output=0, severity=Severity.HIGH),
                    at(3, 47, cell=1, output=0, severity=Severity.HIGH)),
            title="stream text",
            fixed=(code_cell("for c in rows: print(c)", outputs=[stream_output(
                "ok\nJosé Ortega <[redacted]> [redacted]\nssn=[redacted] card=[redacted] iban=[redacted]\n")]),),
        ),
        notebook_example(
            code_cell("send(user)", outputs=[error_output("ValueError", "bad address", [
                "\x1b[0;31mValueError\x1b[0m: no MX record for maria.k@posteo.de"])]),
            expect=(at(1, 30, cell=1, output=0),),
            title="a traceback (left to you: clear it, see MLS304)",
            fixed=(code_cell("send(user)", outputs=[error_output("ValueError", "bad address", [
                "\x1b[0;31mValueError\x1b[0m: no MX record for maria.k@posteo.de"])]),),
        ),
    )

    def check_output(self, output: OutputText, ctx: Context) -> Iterator[Report]:
        if not _shown_representation(output, ctx):
            return
        editable = output.mime in REDACTABLE
        for report in _reports(output.text, "saved output holds {what} (`{shown}`); clear the output "
                                            "and show masked or aggregated data instead", source=False):
            yield replace(report, replacement=REDACTED) if editable else report


class PiiLiteral(Rule):
    """
    ## What it does
    Flags personal data written into code, comments or markdown cells: email addresses, phone
    numbers, US social security numbers, payment card numbers and IBANs, validated as for MLS502
    (reserved example domains, 555 numbers, never-issued SSNs, processors' test cards and
    documentation IBANs are placeholders and stay quiet, and so do regular expressions that
    describe these formats). Values are shown masked.

    ## Why is this bad?
    A real person's contact or financial data in source code is copied to every clone, fork and
    backup of the repository, and it cannot be taken back once published. Test data made from real
    records is a data leak too.

    ## Fix
    Load personal data at run time from a protected store, and use reserved values in examples and
    tests: `user@example.com`, `+1 202-555-0142`, SSNs in the 9xx range, the processors' test
    cards.
    """

    code = "MLS503"
    name = "pii-literal"
    category = Category.PII
    severity = Severity.MEDIUM
    summary = "Personal data is hardcoded in code or markdown"
    cwe = (359, 312)

    VALID = (
        Example('EMAIL_RE = re.compile(r"[\\w.+-]+@[\\w-]+\\.[\\w.]+")\nSSN_RE = r"^\\d{3}-\\d{2}-\\d{4}$"\n'
                'CARD_RE = r"^4[0-9]{12}(?:[0-9]{3})?$"\n'
                'send("alice@example.com", phone="+1 202-555-0142")\n'
                'charge("4242424242424242")  # Stripe test card\n'
                'assert validate_ssn("912-34-5678") is False\n',
                title="regular expressions and placeholders"),
        Example('run_id = "550e8400-e29b-41d4-a716-446655440000"\nsha = "3f786850e387550fdab836ed7e6dc881de23001b"\n'
                'version = "2.4.1"\nstamp = "2024-03-15T12:34:56.123456"\nn = 4532015112830367\n'
                'model = "org/model@main"\n', title="ids, hashes, versions, timestamps"),
        notebook_example(markdown_cell("Questions? Write to support@acme-analytics.com or open an issue.\n"),
                         title="role accounts"),
        Example('# Authors: Jan Roe <jan.roe@uni-bremen.de>\n#          Ana Lima <ana.lima@gmail.com>\n'
                '# License: BSD 3 clause\n__email__ = "k.mori@yahoo.co.jp"\n',
                title="authorship credits"),
    )
    INVALID = (
        Example('customers = [\n    {"email": "d.okafor@yahoo.com", "phone": "(917) 384-2210"},\n'
                '    {"ssn": "536-22-8714"},  # from the CRM export\n]\n',
                expect=(at(2, 16), at(2, 47), at(3, 14, severity=Severity.HIGH))),
        Example('def test_signup():\n    assert signup("d.okafor@yahoo.com", ssn="536-22-8714")\n',
                path="tests/test_signup.py",
                expect=(at(2, 20, severity=Severity.LOW), at(2, 46, severity=Severity.LOW)),
                title="test data in a test suite: low severity"),
        Example('test_card = 4532015112830366\nIBAN = "NL02ABNA0123456789"  # refund account\n',
                expect=(at(1, 13, severity=Severity.HIGH), at(2, 9, severity=Severity.HIGH)),
                title="an integer literal and an IBAN"),
        notebook_example(
            markdown_cell("# Churn analysis\nQuestions: Priya Raman (priya.raman@gmail.com, +44 7700 912 345)\n"),
            code_cell('notify("priya.raman@gmail.com")'),
            expect=(at(2, 25, cell=1), at(2, 48, cell=1), at(1, 9, cell=2)),
            title="markdown and code cells",
        ),
    )

    def check_text(self, block: TextBlock, ctx: Context) -> Iterator[Report]:
        if block.kind not in TEXT_KINDS:
            return
        fixture = is_test_file(ctx.path)
        where = "test data holds" if fixture else "the source holds"
        yield from _reports(block.text, where + " {what} (`{shown}`); load personal data from a "
                                        "protected source, or use a reserved example value", fixture)
