"""MLS001 syntax-error."""

from __future__ import annotations

from linter.kit import Category, Example, Rule, Severity, at, code_cell, notebook_example


class SyntaxErrorInCell(Rule):
    """
    ## What it does
    Reports a notebook cell or script that cannot be parsed as Python, once, at the error.

    ## Why is this bad?
    mlsafe cannot analyse code it cannot parse, so risks in that cell go unseen. In a notebook the
    other cells are still analysed: the broken cell is left out on its own.

    ## Fix
    Fix the syntax error. IPython syntax (`%magic`, `!shell`, `?help`) is understood and is not an
    error.
    """

    code = "MLS001"
    name = "syntax-error"
    category = Category.TOOL
    severity = Severity.MEDIUM
    summary = "A cell or file could not be parsed; its code was not analysed"
    VALID = (
        Example(
            """
            import pickle
            print('ok')
            """
        ),
        notebook_example(
            code_cell(
                """
                !pip install torch==2.4.1
                %matplotlib inline
                x = 1
                x?"""
            )
        ),
    )
    INVALID = (
        Example(
            """
            def broken(:
                pass
            """,
            expect=(at(1, 12),),
        ),
        notebook_example(
            code_cell("import pickle"),
            code_cell(
                """
                for x in
                """
            ),
            code_cell("pickle.load(open('m.pkl', 'rb'))"),
            expect=(at(1, cell=2),),
            title="the other cells are still analysed",
        ),
    )
