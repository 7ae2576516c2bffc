"""B608 hardcoded-sql-expressions."""

from __future__ import annotations

from linter.kit import BanditCheck, Example, Severity, at


class HardcodedSqlExpressions(BanditCheck):
    """
    ## What it does
    bandit's B608 `hardcoded_sql_expressions`: flags SQL statements (`SELECT ... FROM`,
    `INSERT INTO`, `UPDATE ... SET`, `DELETE FROM`) built with string formatting, `+`, `%` or
    f-strings.

    ## Why is this bad?
    A value spliced into SQL text can change the query (SQL injection): a feature-store lookup or a
    labelling app that builds queries this way can leak or delete whole tables.

    ## Fix
    Pass values as query parameters: `cursor.execute("SELECT * FROM users WHERE id = %s",
    (user_id,))`, `pd.read_sql(query, con, params=...)`, or SQLAlchemy's `text()` with bound
    parameters.
    """

    code = "B608"
    name = "hardcoded-sql-expressions"
    severity = Severity.MEDIUM
    summary = "SQL query built by string formatting"
    cwe = (89,)
    bandit_test = "bandit.plugins.injection_sql:hardcoded_sql_expressions"
    bandit_name = "hardcoded_sql_expressions"
    # bandit matches `select\s`, `delete\s`, `insert\s`, `update\s` in the joined string parts: in
    # the code the word is followed by whitespace, an escape or the end of one literal
    bandit_triggers = tuple(rf"(?i){word}[\s'\"\\]" for word in ("select", "delete", "insert", "update"))
    VALID = (
        Example(
            """
            import pandas as pd

            df = pd.read_sql('SELECT * FROM users WHERE id = %s', con, params=(uid,))
            """
        ),
    )
    INVALID = (
        Example(
            """
            import pandas as pd

            df = pd.read_sql(f'SELECT * FROM users WHERE id = {uid}', con)
            """,
            expect=(at(3, 18),),
        ),
    )
