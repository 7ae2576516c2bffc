"""MLS002 unreadable-file."""

from __future__ import annotations

from linter.kit import Category, Example, Rule, Severity, at, code_cell, notebook_example


class UnreadableFile(Rule):
    """
    ## What it does
    Reports a file that could not be read as a script, notebook or requirements file: a missing
    path, invalid notebook JSON, a JSON file that is not a notebook, binary or non-UTF-8 content, a
    file over the size limit (`max-file-size`), a file whose analysis ran over the time budget
    (`--timeout-per-file`, with the time spent), or an internal error while analysing it. Directory
    walks also report symbolic link loops and dangling links with a script, notebook or requirements
    file name, and directories they cannot list; a FIFO, socket or device is never opened (named on
    the command line, it is reported as not a regular file; in a walk it is skipped).

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
        Example(
            """
            {"cells": [
              {"cell_type": "code",
            """,
            expect=(at(3, 1),),
            path="broken.ipynb",
        ),
        Example(
            """
            {"metadata": {}}
            """,
            expect=(at(1, 1),),
            path="not_a_notebook.ipynb",
        ),
    )
