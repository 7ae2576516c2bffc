"""MLS003 unused-suppression."""

from __future__ import annotations

from linter.kit import Category, Example, Rule, Severity, at, code_cell, notebook_example


class UnusedSuppression(Rule):
    """
    ## What it does
    Reports a `# noqa` comment naming an mlsafe code that suppressed nothing on its line (ruff's
    RUF100), and an mlsafe code in a `# noqa` comment or an `mlsafe-ignore:` cell tag that matches
    no rule. An unused code is reported only when its rule was selected for the file, so
    `--select MLS1` does not turn every `# noqa: MLS2..` into a finding. Codes of other tools
    (`# noqa: E501`) and text inside strings are left alone.

    ## Why is this bad?
    A stale suppression silences the next real finding on that line without anyone noticing, and a
    misspelt code (`# noqa: MLS10l`) silences nothing while looking as if it did.

    ## Fix
    Remove the comment or the unused code from it, or correct the code (`mlsafe rules` lists them).
    """

    code = "MLS003"
    name = "unused-suppression"
    category = Category.TOOL
    severity = Severity.LOW
    summary = "A noqa comment suppresses nothing, or names an unknown code"
    # The examples need a rule for the noqa comments to suppress: they run with MLS101 selected too.
    EXAMPLE_SELECT = ("MLS101",)
    VALID = (
        Example(
            """
            import pickle
            model = pickle.load(open('m.pkl', 'rb'))  # noqa: MLS101
            """
        ),
        Example(
            """
            x = 1  # noqa: E501
            help_text = '# noqa: MLS101'
            """,
            title="other tools' codes; text in strings",
        ),
        Example(
            """
            x = 1  # noqa: MLS001
            """,
            title="a code whose rule is not selected",
        ),
    )
    INVALID = (
        Example(
            """
            import pickle
            x = 1  # noqa: MLS101
            """,
            expect=(at(2, 8),),
        ),
        Example(
            """
            import pickle
            model = pickle.load(open('m.pkl', 'rb'))  # noqa: MLS999
            """,
            expect=(at(2, 43),),
            title="an unknown code suppresses nothing and is reported",
        ),
        notebook_example(
            code_cell("import pickle"),
            code_cell(
                """
                with open('m.pkl', 'rb') as f:
                    model = f.read()  # noqa: MLS101"""
            ),
            code_cell("print('done')", tags=["mlsafe-ignore:MLS9"]),
            expect=(at(2, 23, cell=2), at(1, 1, cell=3)),
            title="in notebook cells and cell tags",
        ),
    )
