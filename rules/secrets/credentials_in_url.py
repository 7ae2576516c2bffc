"""MLS203 credentials-in-url."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import libcst as cst

from linter.kit import (
    Category,
    Context,
    Example,
    MagicLine,
    Report,
    Severity,
    TextBlock,
    at,
    code_cell,
    is_string_expression,
    is_string_part,
    is_test_path,
    notebook_example,
    raw_source,
    string_value,
)
from linter.rules.secrets._examples import TOKENS
from linter.rules.secrets._patterns import URL_TRIGGER_RE, URL_TRIGGERS, SecretMatch, find_tokens, find_url_credentials
from linter.rules.secrets._reports import (
    ADVICE,
    StringExpressionHooks,
    covered_by_tokens,
    magic_report,
    node_report,
    shown,
    span_report,
)

_PW = "Tq7" + "mW2xLp9" + "vR4"  # a synthetic password for the examples


def _message(match: SecretMatch) -> str:
    return f"connection string with an inline password ({shown(match.value)}); {ADVICE}"


def _severity(match: SecretMatch, ctx: Context) -> Severity | None:
    return Severity.LOW if match.low or is_test_path(ctx.path) else None


def _passwords(text: str) -> list[SecretMatch]:
    """Inline passwords, minus those in a provider format (MLS201 reports those)."""
    found = find_url_credentials(text)
    if not found:
        return found
    tokens = find_tokens(text)
    return [m for m in found if not covered_by_tokens(m.value, tokens)]


class CredentialsInUrl(StringExpressionHooks):
    """
    ## What it does
    Flags connection strings in string literals, shell/magic lines and requirements files (private
    package indexes) that carry a password:
    URL userinfo `scheme://user:password@host` (PostgreSQL, MySQL, `mongodb+srv`, Redis, AMQP,
    SQLAlchemy URLs, HTTP basic auth), JDBC `...;password=...` or `?password=`, and ODBC/ADO
    `PWD=...`/`Password=...`. Literals are evaluated first (escapes, adjacent literals, `+`,
    the literal parts of f-strings). Azure storage connection strings (`AccountKey=`) are
    reported as MLS201, and so is a provider token used as the password.

    Not flagged: URLs without a password (`user@host`, `user:@host`), placeholders
    (`user:${PASSWORD}@host`, `{password}`, `<password>`, `****`, an f-string field). The literal
    word `password` is reported at low severity (and not at all on `example.com` hosts), and so are
    short passwords on `localhost`, and connection strings in files under `tests/`.

    ## Why is this bad?
    A database URL in a notebook gives everyone who reads it the database: the password is in
    clear text, and so is where to use it.

    ## Fix
    Build the URL at run time from the environment (`os.environ["DATABASE_URL"]`), or pass the
    password separately from a secrets manager; revoke the one that was committed.
    """

    code = "MLS203"
    text_kinds = frozenset({"requirements"})  # check_text reads requirements files only
    name = "credentials-in-url"
    category = Category.SECRET
    severity = Severity.HIGH
    summary = "A connection string holds an inline password"
    cwe = (798,)
    triggers = frozenset(URL_TRIGGERS)

    VALID = (
        Example(
            """
            import os

            engine = create_engine(os.environ["DATABASE_URL"])
            url = "postgresql://analyst@db.internal:5432/sales"
            empty = "redis://user:@cache:6379/0"
            """,
            title="no password",
        ),
        Example(
            """
            url = "postgresql://app:${DB_PASSWORD}@db.internal/sales"
            url2 = f"mysql+pymysql://{user}:{password}@{host}/shop"
            url3 = "mongodb+srv://<user>:<password>@cluster0.mongodb.net/test"
            url4 = "amqp://guest:****@broker:5672/"
            """,
            title="placeholders and f-string fields",
        ),
        Example(
            f"""
            url = "https://oauth2:{TOKENS["gitlab"]}@gitlab.com/team/repo.git"
            """,
            title="a provider token as the password (reported as MLS201)",
        ),
        Example(
            f"""
            DB = "postgresql://etl:{_PW}@warehouse.internal/dw"  # pragma: allowlist secret
            """
        ),
        Example(
            'PROXY_HELP = "Specify a proxy in the form scheme://[user:passwd@]proxy.server:port."\n'
            'def url(self):\n    """e.g. http://joe:password@proxy.example.com/"""\n',
            title="documentation forms",
        ),
        Example(
            '''
            review = """Use `pysftp.Connection(host=hostname, username=username, password=password)`."""
            ''',
            title="a keyword argument passing a variable, in code shown as text",
        ),
    )
    INVALID = (
        Example(
            f"""
            from sqlalchemy import create_engine

            engine = create_engine("postgresql://etl:{_PW}@warehouse.internal:5432/dw")
            """,
            expect=(at(3, 24),),
        ),
        Example(
            f"""
            MONGO = "mongodb+srv://ml-team:{_PW}@cluster0.ab1cd.mongodb.net/features"
            REDIS = "redis://default:" + "{_PW}" + "@cache.internal:6379/0"
            """,
            expect=(at(1, 9), at(2, 9)),
            title="mongodb+srv and `+` of literals",
        ),
        Example(
            f"""
            jdbc = "jdbc:sqlserver://sql.internal:1433;databaseName=dw;user=etl;password={_PW};"
            odbc = "Driver={{ODBC Driver 18 for SQL Server}};Server=sql.internal;UID=etl;PWD={_PW};"
            """,
            expect=(at(1, 8), at(2, 8)),
            title="JDBC and ODBC",
        ),
        Example(
            """
            url = "postgresql://postgres:password@localhost:5432/postgres"
            """,
            expect=(at(1, 7, severity=Severity.LOW),),
            title="the word `password` on localhost",
        ),
        Example(
            f"""
            DSN = "mysql://ci:{_PW}@127.0.0.1:3306/test"
            """,
            path="tests/test_store.py",
            expect=(at(1, 7, severity=Severity.LOW),),
            title="a test fixture",
        ),
        Example(
            f"""
            --extra-index-url https://ml-team:{_PW}@pypi.internal.example.net/simple
            torch==2.4.1
            """,
            path="requirements.txt",
            expect=(at(1, 35),),
            title="a private index in requirements.txt",
        ),
        notebook_example(
            code_cell(f"!psql postgresql://etl:{_PW}@warehouse.internal/dw -c 'select 1'"),
            expect=(at(1, 24, cell=1),),
            title="a shell command",
        ),
    )

    def _string(self, node: cst.CSTNode, ctx: Context) -> Iterable[Report]:
        if is_string_part(node, ctx.parent()) or not is_string_expression(node):
            return ()
        raw = raw_source(node)
        if not URL_TRIGGER_RE.search(raw):
            return ()
        value = string_value(node)
        if value is None:
            return ()
        return [node_report(node, m.value, _message(m), _severity(m, ctx)) for m in _passwords(value)]

    def check_text(self, block: TextBlock, ctx: Context) -> Iterator[Report]:
        """Requirements files (``--extra-index-url https://user:token@host``); code is read above."""
        for match in _passwords(block.text):
            yield span_report(block.text, match, _message(match), _severity(match, ctx))

    def check_magic(self, magic: MagicLine, ctx: Context) -> Iterator[Report]:
        for match in _passwords(magic.text):
            yield magic_report(magic, match, _message(match), _severity(match, ctx))
