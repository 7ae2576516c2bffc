"""MLS502 pii-in-output."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from linter.kit import (
    UNSAFE,
    Category,
    Context,
    OutputText,
    Report,
    Rule,
    Severity,
    at,
    code_cell,
    error_output,
    notebook_example,
    result_output,
    stream_output,
)
from linter.rules.pii._value_reports import REDACTABLE, REDACTED, TABLE_HTML, TABLE_TEXT, reports, shown_representation


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
            code_cell(
                "print(contacts)",
                outputs=[
                    stream_output(
                        """
                        support@acme-analytics.com, user@example.com, jane@localhost, bob@test
                        call 555-0142 or (800) 836-2291
                        """
                    )
                ],
            ),
            code_cell(
                "ids",
                outputs=[
                    result_output(
                        {
                            "text/plain": """
                            550e8400-e29b-41d4-a716-446655440000 3f786850e387550fdab836ed7e6dc881de23001b
                            torch==2.4.1 2024-03-15 12:34:56.123456 1710505496123 4532015112830367
                            """
                        }
                    )
                ],
            ),
            code_cell(
                "X[:2]",
                outputs=[
                    result_output(
                        {
                            "text/plain": """
                            array([[4.53201511e+15, 0.4532015112830366],
                                   [4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1]])"""
                        }
                    )
                ],
            ),
            title="placeholders, role accounts, ids, hashes, timestamps, failing Luhn, numeric tables",
        ),
        notebook_example(
            code_cell(
                "pay(card)",
                outputs=[
                    stream_output(
                        """
                        charged 4242 4242 4242 4242 and 4111111111111111; refund to GB82 WEST 1234 5698 7654 32
                        SSN 078-05-1120 and 123-45-6789 (examples)
                        """
                    )
                ],
            ),
            title="documented test values",
        ),
        notebook_example(
            code_cell(
                "docs[0].page_content",
                outputs=[
                    result_output(
                        {
                            "text/plain": "'Our principal executive offices are located at 100 Main Street, Springfield,"
                            " and our telephone number is (408) 540-3721.\\nQuestions: ask-investors@contoso.com'"
                        }
                    )
                ],
            ),
            title="a company's switchboard in a filing, a team mailbox",
        ),
        notebook_example(
            code_cell(
                "print(docs[0])",
                outputs=[
                    stream_output(
                        """
                        Tell us what happened. Email us on newsroom.north@contoso-news.com or dumfries@contoso-news.com.
                        Lena Berg, Institute of Computer Science, Contoso University. E-mail: lena.berg@contoso.edu
                        """
                    )
                ],
            ),
            title="an organisation's own mailboxes ('email us'), a paper's author block",
        ),
    )
    INVALID = (
        notebook_example(
            code_cell(
                "customers[['name', 'email', 'phone']].head()",
                outputs=[result_output({"text/plain": TABLE_TEXT, "text/html": TABLE_HTML})],
            ),
            expect=(at(2, 12, cell=1, output=0), at(2, 31, cell=1, output=0)),
            title="an HTML table (each value once, at its row and column in the reduced text)",
        ),
        notebook_example(
            code_cell(
                "for c in rows: print(c)",
                outputs=[
                    stream_output(
                        """
                        ok
                        José Ortega <jose.ortega@outlook.es> +34 612 48 93 07
                        ssn=536-22-8714 card=4532 0151 1283 0366 iban=DE44 5001 0517 5407 3249 31
                        """
                    )
                ],
            ),
            expect=(
                at(2, 14, cell=1, output=0),
                at(2, 38, cell=1, output=0),
                at(3, 5, cell=1, output=0, severity=Severity.HIGH),
                at(3, 22, cell=1, output=0, severity=Severity.HIGH),
                at(3, 47, cell=1, output=0, severity=Severity.HIGH),
            ),
            title="stream text",
            fixed=(
                code_cell(
                    "for c in rows: print(c)",
                    outputs=[
                        stream_output(
                            """
                            ok
                            José Ortega <[redacted]> [redacted]
                            ssn=[redacted] card=[redacted] iban=[redacted]
                            """
                        )
                    ],
                ),
            ),
        ),
        notebook_example(
            code_cell(
                "send(user)",
                outputs=[
                    error_output(
                        "ValueError", "bad address", ["\x1b[0;31mValueError\x1b[0m: no MX record for maria.k@posteo.de"]
                    )
                ],
            ),
            expect=(at(1, 30, cell=1, output=0),),
            title="a traceback (left to you: clear it, see MLS304)",
            fixed=(
                code_cell(
                    "send(user)",
                    outputs=[
                        error_output(
                            "ValueError",
                            "bad address",
                            ["\x1b[0;31mValueError\x1b[0m: no MX record for maria.k@posteo.de"],
                        )
                    ],
                ),
            ),
        ),
        notebook_example(
            code_cell(
                "record",
                outputs=[
                    result_output(
                        {
                            "text/plain": "{'author': 'Support bot', 'log': '"
                            + "ticket opened; " * 40
                            + "reply sent to\\nmaria.k@posteo.de\\tcase closed'}"
                        }
                    )
                ],
            ),
            expect=(at(1, 650, cell=1, output=0),),
            title="after an escaped line break in a repr, far from an 'author' on the same long line",
        ),
    )

    def check_output(self, output: OutputText, ctx: Context) -> Iterator[Report]:
        if not shown_representation(output, ctx):
            return
        editable = output.mime in REDACTABLE
        for report in reports(
            output.text,
            "saved output holds {what} (`{shown}`); clear the output and show masked or aggregated data instead",
            source=False,
        ):
            yield replace(report, replacement=REDACTED) if editable else report
