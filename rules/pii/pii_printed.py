"""MLS501 pii-printed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import libcst as cst

from linter.kit import Category, Context, Example, Report, Rule, Severity, at, code_cell, lazy_compile, notebook_example
from linter.rules.pii._data import SENSITIVE_KINDS, TRIGGER_WORDS, a_kind
from linter.rules.pii._printed_names import PiiUse, pii_use, set_to_literals_only, shown_arguments, sink_name

FIX_HINT = "show counts, shapes or masked values instead"
# an IP address the printed text says is a machine's: a server's, a load balancer's, an endpoint's
_MACHINE_WORDS = lazy_compile(
    r"(?i)\b(?:lb|load ?balancer|server|endpoint|cluster|node|service|host|instance|ingress|gateway|vm|proxy|pod)\b"
)


def _machine_address(use: PiiUse, call: cst.Call) -> bool:
    return use.kind == "ip" and bool(_MACHINE_WORDS.search(cst.Module([]).code_for_node(call)))


def _severity(use: PiiUse) -> Severity:
    return Severity.HIGH if use.kind in SENSITIVE_KINDS else Severity.MEDIUM


class PiiPrinted(Rule):
    """
    ## What it does
    Flags code that prints or displays personal data: `print`, `display`, a notebook cell's last
    expression, `logging`/`logger` calls, `st.write` and the other Streamlit outputs, when what
    they show is a column, field or variable named after personal data (email, phone, SSN, date of
    birth, address, passport, card number, IBAN, IP address, first/last/full name, patient and
    medical record ids...). It follows the value through `df[["name", "email"]]`, `row["ssn"]`,
    `user.email`, `f"{customer_email}"`, `.head()`, `.tail()`, `.sample()`, `.unique()` and
    `str()`. Aggregates and metadata are fine: `df["email"].nunique()`, `.isna().sum()`,
    `len(emails)`, `df.shape`, `df.columns`; so are hashed or masked columns (`email_hash`,
    `masked_phone`) and a string that only names a column (`print("email")`), and a field the
    document only ever sets to string literals (`user = {"email": "a@b.com"}` two cells above):
    printing it shows nothing the source does not (MLS503 reads the source).

    ## Why is this bad?
    What a notebook prints is saved in the `.ipynb` file and travels with it: into git, to
    colleagues, to a public repository. Log lines end up in log stores with wide access and long
    retention. Personal data there is a data-protection incident (GDPR, HIPAA, PCI DSS), and the
    severity is high for identity, financial and health data.

    ## Fix
    Look at the shape of the data, not the people in it: counts, `nunique()`, null rates,
    `value_counts()` of derived features, or a masked column (`df["email"].str.replace(r"(?<=.).+@",
    "***@", regex=True)`). When rows must be inspected, do it in a scratch session and clear the
    outputs before saving.
    """

    code = "MLS501"
    name = "pii-printed"
    category = Category.PII
    severity = Severity.MEDIUM
    summary = "Personal data is printed, logged or displayed"
    cwe = (359, 532)
    triggers = frozenset(map(re.escape, TRIGGER_WORDS))  # plain words, searched together

    VALID = (
        Example(
            """
            print(df["email"].nunique())
            print(df["phone"].isna().sum())
            print(len(emails), df.shape, df.columns)
            print("email")
            print(f"{len(customer_emails)} customers")
            """
        ),
        Example(
            """
            print(df["email_hash"].head())
            print(masked_phone)
            print(num_emails, email_domain)
            logger.info("rows with an email: %d", df["email"].notna().sum())
            """,
            title="hashed and masked columns, counts",
        ),
        Example(
            """
            print(model_name, PhoneService, mac_address, server_address)
            print(name)
            logger.info("Loading TF weight %s", full_name)
            print(f"serving on {server.address}")
            """,
            title="names that only look like PII terms",
        ),
        Example(
            """
            with open("out.txt", "w") as f:
                print(user.email, file=f)
            hashed = hash_email(email)
            print(hashed)
            """,
            title="writing to a file, hashing",
        ),
        Example(
            """
            df[["name", "email"]].head()
            x = 1
            """,
            title="a script does not display expressions",
        ),
        notebook_example(
            code_cell('df[["name", "email"]].head();'),
            code_cell(
                """
                df[["name", "email"]].head()
                df.shape"""
            ),
            code_cell('df["email"].str.contains("@").mean()'),
            title="a semicolon or a later statement hides the value",
        ),
        notebook_example(
            code_cell(
                """
                user = {"name": "demo", "email": "a@b.com"}
                phone_number = "+1 202-555-0142"
                """
            ),
            code_cell(
                """
                print(user["email"])
                print(f"calling {phone_number}")"""
            ),
            title="fields the notebook itself set to literals (the source shows them already)",
        ),
        Example(
            """
            print(f"Internal load balancer IP: {ip_address}")
            """,
            title="a machine's IP address, as the printed text says",
        ),
    )
    INVALID = (
        Example(
            """
            print(df[["name", "email"]])
            print(row["ssn"])
            print(user.email)
            print(f"Dear customer, we will call {customer_phone}")
            """,
            expect=(at(1, 7), at(2, 7, severity=Severity.HIGH), at(3, 7), at(4, 38)),
        ),
        Example(
            """
            import logging
            import streamlit as st

            logger = logging.getLogger(__name__)
            logging.info("signup %s", user.email)
            logger.warning("retry for %s", customerEmail)
            st.write(df[["first_name", "last_name", "dob"]].sample(5))
            logging.getLogger("app").debug("user %s", user_email)
            """,
            expect=(at(5, 27), at(6, 32), at(7, 10), at(8, 43)),
            title="logging and streamlit",
        ),
        Example(
            """
            print(df.loc[df.age > 60, ["Email Address", "Phone Number"]].tail())
            print(", ".join(patient_ids))
            print("card: " + credit_card_number)
            print(customer.address, df["full_name"])
            """,
            expect=(at(1, 7), at(2, 17, severity=Severity.HIGH), at(3, 18, severity=Severity.HIGH), at(4, 7)),
            title="loc, join, concatenation",
        ),
        notebook_example(
            code_cell(
                """
                import pandas as pd
                customers = pd.read_csv("customers.csv")"""
            ),
            code_cell('customers[["customer_id", "email", "phone"]].head(10)'),
            code_cell(
                """
                # peek at one customer
                customers.iloc[0].email  # the address
                """
            ),
            code_cell(
                """
                for row in customers.itertuples():
                    display(row.phone_number)"""
            ),
            expect=(at(1, 1, cell=2), at(2, 1, cell=3), at(2, 13, cell=4)),
            title="a cell's last expression and display()",
        ),
        notebook_example(
            code_cell(
                """
                email = "a@b.com"  # default
                email = token_info["email"]"""
            ),
            code_cell('print(f"Token belongs to: {email}")'),
            expect=(at(1, 28, cell=2),),
            title="a field also read at run time",
        ),
        Example(
            """
            print(f"Login from {ip_address} for {user_email}")
            """,
            expect=(at(1, 21),),
            title="a visitor's IP address",
        ),
    )

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        sink = sink_name(node, ctx)
        if sink is None:
            return
        for argument in shown_arguments(node):
            use = pii_use(argument)
            if (
                use is not None
                and not set_to_literals_only(use.field, ctx.document.code)
                and not _machine_address(use, node)
            ):
                yield Report(
                    f"`{sink}` shows `{use.label}`, {a_kind(use.kind)} (personal data); {FIX_HINT}",
                    node=use.node,
                    severity=_severity(use),
                )
                return

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine, ctx: Context) -> Iterator[Report]:
        if not ctx.document.is_notebook or not isinstance(ctx.parent(), cst.Module) or not node.body:
            return
        last = node.body[-1]
        if not isinstance(last, cst.Expr) or isinstance(last.semicolon, cst.Semicolon):
            return
        use = pii_use(last.value)
        if use is None or set_to_literals_only(use.field, ctx.document.code) or not ctx.is_last_in_cell(node):
            return
        yield Report(
            f"the cell's last expression displays `{use.label}`, {a_kind(use.kind)} "
            f"(personal data), and the notebook saves it; {FIX_HINT}",
            node=use.node,
            severity=_severity(use),
        )
