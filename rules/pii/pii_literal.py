"""MLS503 pii-literal."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kit import (
    Category,
    Context,
    Example,
    Report,
    Rule,
    Severity,
    TextBlock,
    at,
    code_cell,
    is_test_path,
    markdown_cell,
    notebook_example,
)
from linter.rules.pii._value_reports import TEXT_KINDS, reports


class PiiLiteral(Rule):
    """
    ## What it does
    Flags personal data written into code, comments or markdown cells: email addresses, phone
    numbers, US social security numbers, payment card numbers and IBANs, validated as for MLS502
    (reserved example domains, 555 numbers, never-issued SSNs, processors' test cards and
    documentation IBANs are placeholders and stay quiet, and so do regular expressions that
    describe these formats). Team and service mailboxes are no one's personal data: role accounts
    (`support@`, `noreply@`), a team word ending the user part (`api-feedback@`, `selkirk.news@`),
    `ask<team>@` aliases on an organisation's domain, mailing lists, cloud service accounts
    (`...@...iam.gserviceaccount.com`); nor are numbers presented as an organisation's line (a
    filing's "telephone number of registrant's principal executive offices", a help desk, phone
    banking) or holding a typed-in run (`12345`, `123123`). Values are shown masked.

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
    text_kinds = TEXT_KINDS
    name = "pii-literal"
    category = Category.PII
    severity = Severity.MEDIUM
    summary = "Personal data is hardcoded in code or markdown"
    cwe = (359, 312)

    VALID = (
        Example(
            r"""
            EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
            SSN_RE = r"^\d{3}-\d{2}-\d{4}$"
            CARD_RE = r"^4[0-9]{12}(?:[0-9]{3})?$"
            send("alice@example.com", phone="+1 202-555-0142")
            charge("4242424242424242")  # Stripe test card
            assert validate_ssn("912-34-5678") is False
            """,
            title="regular expressions and placeholders",
        ),
        Example(
            """
            run_id = "550e8400-e29b-41d4-a716-446655440000"
            sha = "3f786850e387550fdab836ed7e6dc881de23001b"
            version = "2.4.1"
            stamp = "2024-03-15T12:34:56.123456"
            n = 4532015112830367
            model = "org/model@main"
            """,
            title="ids, hashes, versions, timestamps",
        ),
        notebook_example(
            markdown_cell(
                """
                Questions? Write to support@acme-analytics.com or open an issue.
                """
            ),
            title="role accounts",
        ),
        Example(
            """
            # Authors: Jan Roe <jan.roe@uni-bremen.de>
            #          Ana Lima <ana.lima@gmail.com>
            # License: BSD 3 clause
            __email__ = "k.mori@yahoo.co.jp"
            """,
            title="authorship credits",
        ),
        notebook_example(
            markdown_cell(
                """
                Questions: askmlteam@contoso-health.com; feedback: data-api-feedback@contoso.com.
                Grant `service-123@gcp-sa-aiplatform.iam.gserviceaccount.com` the viewer role.
                """
            ),
            code_cell(
                """
                RECIPIENTS = ["your-email@provider.com"]  # @param
                users = "abc@contoso.com, wxyz@contoso.com"
                redact("Call me at +49 1234567890 or +49 301234512345")"""
            ),
            title="team aliases, service accounts, placeholders and typed-in digit runs",
        ),
        notebook_example(
            markdown_cell(
                """
                | | category | receiver_id | sender_id | amount |
                |--:|:--|--:|--:|--:|
                | 1 | Shopping | 4532015112830366 | 4916338506082832 | 91.58 |
                """
            ),
            title="card-shaped numbers in a table column whose header names an identifier",
        ),
    )
    INVALID = (
        Example(
            """
            customers = [
                {"email": "d.okafor@yahoo.com", "phone": "(917) 384-2210"},
                {"ssn": "536-22-8714"},  # from the CRM export
            ]
            """,
            expect=(at(2, 16), at(2, 47), at(3, 14, severity=Severity.HIGH)),
        ),
        Example(
            """
            def test_signup():
                assert signup("d.okafor@yahoo.com", ssn="536-22-8714")
            """,
            path="tests/test_signup.py",
            expect=(at(2, 20, severity=Severity.LOW), at(2, 46, severity=Severity.LOW)),
            title="test data in a test suite: low severity",
        ),
        Example(
            """
            test_card = 4532015112830366
            IBAN = "NL02ABNA0123456789"  # refund account
            """,
            expect=(at(1, 13, severity=Severity.HIGH), at(2, 9, severity=Severity.HIGH)),
            title="an integer literal and an IBAN",
        ),
        notebook_example(
            markdown_cell(
                """
                # Churn analysis
                Questions: Priya Raman (priya.raman@gmail.com, +44 7700 912 345)
                """
            ),
            code_cell('notify("priya.raman@gmail.com")'),
            expect=(at(2, 25, cell=1), at(2, 48, cell=1), at(1, 9, cell=2)),
            title="markdown and code cells",
        ),
        Example(
            """
            contacts = "askjane.roe@gmail.com, tomas.feedback.k@gmail.com"
            note = "Ask Lena (lena.berg@contoso-health.com, +49 30 90182734)"
            """,
            expect=(at(1, 13), at(1, 36), at(2, 19), at(2, 49)),
            title="look-alikes of team aliases on free mail, a person at a company",
        ),
    )

    def check_text(self, block: TextBlock, ctx: Context) -> Iterator[Report]:
        fixture = is_test_path(ctx.path)
        where = "test data holds" if fixture else "the source holds"
        yield from reports(
            block.text,
            where + " {what} (`{shown}`); load personal data from a protected source, or use a reserved example value",
            fixture,
        )
