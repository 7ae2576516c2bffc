"""B608 hardcoded-sql-expressions."""

from __future__ import annotations

from linter.kit import BanditCheck, BanditHit, BanditSite, Example, Severity, at
from linter.rules.bandit._review import sql_shaped


class HardcodedSqlExpressions(BanditCheck):
    """
    ## What it does
    bandit's B608 `hardcoded_sql_expressions`: flags SQL statements (`SELECT ... FROM`,
    `INSERT INTO`, `UPDATE ... SET`, `DELETE FROM`) built with string formatting, `+`, `%` or
    f-strings. bandit looks for those words anywhere in the text; mlsafe also asks for SQL's shape:
    the text starts as a statement or clause does (`SELECT`, `WITH`, `INSERT`, `FROM`...), or goes
    to an execute-like call (`execute`, `read_sql`, `query`, `text`), or to a name or keyword
    saying SQL (`query`, `sql`, `stmt`). English prose that happens to say "select ... from" (an
    error message, a prompt) is not reported.

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
        Example(
            """
            message = f"`{name}` is not in the allowed list. Please select a value from {allowed}"
            PROMPT = intro + \"""
            Always select the best tool from the list below.
            \""" + rules
            """,
            title="prose that says select ... from",
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
        Example(
            """
            query = \"""
                -- newest rows first
                select * from {}.{} order by ts desc
            \""".format(schema, table)
            cursor.execute("DELETE FROM " + table + " WHERE day < %s", (cutoff,))
            where = f"WHERE id IN (SELECT id FROM {staging})"
            client.query(filters + f" select * from {table}")
            """,
            expect=(at(1, 9), at(5, 16), at(6, 9), at(7, 24)),
            title="a statement, a sink, a clause, and SQL going to a query call",
        ),
    )

    reviews = True

    def review(self, hit: BanditHit, site: BanditSite) -> BanditHit | None:
        return hit if sql_shaped(site) else None
