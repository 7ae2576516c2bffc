"""MLS304 saved-traceback."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kit import (
    SAFE,
    Category,
    Context,
    Edit,
    Fix,
    OutputText,
    Report,
    Rule,
    Severity,
    at,
    code_cell,
    error_output,
    lazy_compile,
    notebook_example,
    stream_output,
)
from linter.rules.verbose_errors._sensitive import contains_sensitive

EXCEPTION_NAME = lazy_compile(r"[A-Za-z_][\w.]{0,79}")
INTERRUPTS = frozenset({"KeyboardInterrupt"})
# Cell tags that mark an intended error (nbval, nbsphinx, jupyter-book, papermill).
EXPECTED_ERROR_TAGS = frozenset({"raises-exception", "raises_exception", "nbval-raises-exception"})

_TRACEBACK = [
    "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m",
    "\x1b[0;31mFileNotFoundError\x1b[0m                         Traceback (most recent call last)",
    (
        "Cell \x1b[0;32mIn[3], line 1\x1b[0m\n\x1b[0;32m----> 1\x1b[0m df \x1b[38;5;241m=\x1b[39m pd.read_csv("
        "\x1b[38;5;124m'/home/alice/projects/churn/data/customers.csv'\x1b[39m)"
    ),
    (
        "\x1b[0;31mFileNotFoundError\x1b[0m: [Errno 2] No such file or directory: "
        "'/home/alice/projects/churn/data/customers.csv'"
    ),
]
_SECRET_TRACEBACK = [
    "Traceback (most recent call last)",
    "Cell In[2], line 3\n      1 import psycopg2\n----> 3 conn = psycopg2.connect(DSN)",
    "OperationalError: connection to server failed: postgresql://etl:Tr0ub4dor3x@10.2.0.7:5432/prod",
]
_INTERRUPT = [
    "Traceback (most recent call last)",
    "Cell In[5], line 2\n----> 2     trainer.train()",
    "KeyboardInterrupt: ",
]


def exception_name(output: OutputText) -> str:
    """The exception type as shown in the message: only when it is a plain (dotted) name."""
    ename = (output.ename or "").strip()
    return f"`{ename}`" if EXCEPTION_NAME.fullmatch(ename) else "an exception"


class SavedTraceback(Rule):
    """
    ## What it does
    Flags each `error` output saved in a notebook: the traceback of an exception raised when the
    cell last ran, stored in the `.ipynb` file. The message names the exception type. A saved
    `KeyboardInterrupt` (a run stopped by hand) and the error of a cell tagged `raises-exception`
    (an error shown on purpose, as documentation notebooks do) are reported at low severity; a traceback that also
    holds what looks like a credential or an e-mail address is reported at high severity (the value
    itself is reported, redacted, by the secret and PII rules).

    ## Why is this bad?
    A committed or shared notebook keeps its tracebacks: home directories and user names, internal
    hostnames and ports, package versions, source lines, and the values that made the code fail
    (a connection string, a row of customer data). Anyone who reads the file on GitHub or in a
    shared drive sees them.

    ## Fix
    Clear the output (in JupyterLab: right-click the cell, "Clear Cell Output"; or
    `jupyter nbconvert --clear-output`), or fix the error and re-run the cell before saving. A
    pre-commit hook such as `nbstripout` keeps outputs out of the repository altogether.
    `mlsafe check --fix` removes that error output, and only it: the cell's other outputs and every
    other byte of the notebook stay as they are (errors tagged as raised on purpose are kept).
    """

    code = "MLS304"
    name = "saved-traceback"
    category = Category.VERBOSE_ERROR
    severity = Severity.MEDIUM
    summary = "A notebook holds a saved traceback"
    fix_title = "Clear this output"
    cwe = (209,)

    VALID = (
        notebook_example(
            code_cell(
                """
                df = pd.read_csv('customers.csv')
                df.head()"""
            )
        ),
        notebook_example(
            code_cell(
                "print('Traceback (most recent call last):')",
                outputs=[
                    stream_output(
                        """
                        Traceback (most recent call last):
                        """
                    )
                ],
            ),
            code_cell(
                """
                import warnings
                warnings.warn('deprecated')""",
                outputs=[
                    stream_output(
                        """
                        UserWarning: deprecated
                        """,
                        name="stderr",
                    )
                ],
            ),
            title="text that mentions a traceback is not an error output",
        ),
    )
    INVALID = (
        notebook_example(
            code_cell("import pandas as pd"),
            code_cell(
                "df = pd.read_csv('/home/alice/projects/churn/data/customers.csv')",
                outputs=[error_output("FileNotFoundError", "[Errno 2] No such file or directory", _TRACEBACK)],
            ),
            expect=(at(1, 1, cell=2, output=0),),
            fixed=(
                code_cell("import pandas as pd"),
                code_cell("df = pd.read_csv('/home/alice/projects/churn/data/customers.csv')"),
            ),
        ),
        notebook_example(
            code_cell(
                "conn = psycopg2.connect(DSN)",
                outputs=[
                    stream_output(
                        """
                        connecting
                        """
                    ),
                    error_output("OperationalError", "connection to server failed", _SECRET_TRACEBACK),
                ],
            ),
            code_cell("trainer.train()", outputs=[error_output("KeyboardInterrupt", "", _INTERRUPT)]),
            expect=(
                at(1, 1, cell=1, output=1, severity=Severity.HIGH),
                at(1, 1, cell=2, output=0, severity=Severity.LOW),
            ),
            title="a credential in the traceback; an interrupted run",
            fixed=(
                code_cell(
                    "conn = psycopg2.connect(DSN)",
                    outputs=[
                        stream_output(
                            """
                            connecting
                            """
                        )
                    ],
                ),
                code_cell("trainer.train()"),
            ),
        ),
        notebook_example(
            code_cell(
                "1 / 0",
                outputs=[
                    error_output(
                        "ZeroDivisionError",
                        "division by zero",
                        ["Traceback (most recent call last)", "ZeroDivisionError: division by zero"],
                    )
                ],
                tags=["raises-exception"],
            ),
            expect=(at(1, 1, cell=1, output=0, severity=Severity.LOW),),
            title="an error shown on purpose (kept by --fix)",
            fixed=(
                code_cell(
                    "1 / 0",
                    outputs=[
                        error_output(
                            "ZeroDivisionError",
                            "division by zero",
                            ["Traceback (most recent call last)", "ZeroDivisionError: division by zero"],
                        )
                    ],
                    tags=["raises-exception"],
                ),
            ),
        ),
    )

    def check_output(self, output: OutputText, ctx: Context) -> Iterator[Report]:
        if output.output_type != "error":
            return
        name = exception_name(output)
        cells = ctx.document.cells
        tags = cells[output.cell].tags if 0 <= output.cell < len(cells) else ()
        if (output.ename or "").strip() in INTERRUPTS:
            severity = Severity.LOW
            note = " (a run interrupted by hand)"
        elif EXPECTED_ERROR_TAGS.intersection(tags) and not contains_sensitive(output.text):
            severity = Severity.LOW
            note = " (the cell is tagged as raising it on purpose)"
        elif contains_sensitive(f"{output.text}\n{output.evalue or ''}"):
            severity = Severity.HIGH
            note = "; it also holds what looks like a credential or personal data"
        else:
            severity = Severity.MEDIUM
            note = ""
        on_purpose = "on purpose" in note
        yield Report(
            f"saved traceback of {name}{note}: it shows paths, versions, source and values to anyone "
            "who reads the notebook; clear this output",
            line=1,
            column=0,
            severity=severity,
            fix=None
            if on_purpose
            else Fix((Edit(output.cell + 1, output.index, 1, 1, 1, 1, clear_output=True),), SAFE, self.fix_title),
        )
