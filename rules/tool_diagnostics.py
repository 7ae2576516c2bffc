"""MLS0xx: the tool's own diagnostics. The engine emits these; the classes carry their docs."""

from __future__ import annotations

from linter.examples import code_cell, notebook_example
from linter.model import Category, Example, Severity, at
from linter.rule import Rule


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
        Example("import pickle\nprint('ok')\n"),
        notebook_example(code_cell("!pip install torch==2.4.1\n%matplotlib inline\nx = 1\nx?")),
    )
    INVALID = (
        Example("def broken(:\n    pass\n", expect=(at(1, 12),)),
        notebook_example(
            code_cell("import pickle"),
            code_cell("for x in\n"),
            code_cell("pickle.load(open('m.pkl', 'rb'))"),
            expect=(at(1, cell=2),),
            title="the other cells are still analysed",
        ),
    )


class UnreadableFile(Rule):
    """
    ## What it does
    Reports a file that could not be read as a script, notebook or requirements file: a missing
    path, invalid notebook JSON, a JSON file that is not a notebook, binary or non-UTF-8 content, a
    file over the size limit, or an internal error while analysing it.

    ## Why is this bad?
    A file that is skipped silently looks clean. mlsafe says which file and where, and goes on with
    the others.

    ## Fix
    Repair or exclude the file.
    """

    code = "MLS002"
    name = "unreadable-file"
    category = Category.TOOL
    severity = Severity.MEDIUM
    summary = "A file could not be read or analysed"
    VALID = (notebook_example(code_cell("x = 1")),)
    INVALID = (
        Example('{"cells": [\n  {"cell_type": "code",\n', expect=(at(3, 1),), path="broken.ipynb"),
        Example('{"metadata": {}}\n', expect=(at(1, 1),), path="not_a_notebook.ipynb"),
    )


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
        Example("import pickle\nmodel = pickle.load(open('m.pkl', 'rb'))  # noqa: MLS101\n"),
        Example("x = 1  # noqa: E501\nhelp_text = '# noqa: MLS101'\n", title="other tools' codes; text in strings"),
        Example("x = 1  # noqa: MLS001\n", title="a code whose rule is not selected"),
    )
    INVALID = (
        Example("import pickle\nx = 1  # noqa: MLS101\n", expect=(at(2, 8),)),
        Example(
            "import pickle\nmodel = pickle.load(open('m.pkl', 'rb'))  # noqa: MLS999\n",
            expect=(at(2, 43),),
            title="an unknown code suppresses nothing and is reported",
        ),
        notebook_example(
            code_cell("import pickle"),
            code_cell("with open('m.pkl', 'rb') as f:\n    model = f.read()  # noqa: MLS101"),
            code_cell("print('done')", tags=["mlsafe-ignore:MLS9"]),
            expect=(at(2, 23, cell=2), at(1, 1, cell=3)),
            title="in notebook cells and cell tags",
        ),
    )
