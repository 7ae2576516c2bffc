"""B102 exec-used."""

from __future__ import annotations

from linter.kit import BanditCheck, Example, Severity, at


class ExecUsed(BanditCheck):
    """
    ## What it does
    bandit's B102 `exec_used`: flags calls of the built-in `exec`.

    ## Why is this bad?
    `exec` runs any Python text it is given. When that text comes from a file, a download, a model
    output or a user, whoever controls it controls the kernel: the data, the credentials in the
    environment and the machine.

    ## Fix
    Do not build code as text. Import the function you need, dispatch through a dictionary of
    allowed callables, or parse data with `json`/`ast.literal_eval`.
    """

    code = "B102"
    name = "exec-used"
    severity = Severity.MEDIUM
    summary = "Use of exec runs arbitrary code"
    cwe = (78,)
    bandit_test = "bandit.plugins.exec:exec_used"
    bandit_name = "exec_used"
    bandit_triggers = (r"exec(?<![\w.]exec)\b",)  # a bare name: bandit flags `exec`, not `x.exec`
    VALID = (
        Example(
            """
            import subprocess

            runner.exec_module(spec)
            result = execute(query)
            """
        ),
    )
    INVALID = (
        Example(
            """
            source = open('step.py').read()
            exec(source)
            """,
            expect=(at(2, 1),),
        ),
    )
