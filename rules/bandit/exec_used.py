"""B102 exec-used."""

from __future__ import annotations

from linter.kit import BanditCheck, BanditHit, BanditSite, Example, Severity, at, code_cell, notebook_example
from linter.rules.bandit._review import shadowed_builtin


class ExecUsed(BanditCheck):
    """
    ## What it does
    bandit's B102 `exec_used`: flags calls of the built-in `exec`; not a function the notebook
    defines or imports under that name.

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
        notebook_example(
            code_cell(
                """
                def exec(command):
                    return client.run(command)"""
            ),
            code_cell("exec('SELECT 1')"),
            title="the notebook's own exec",
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

    reviews = True

    def review(self, hit: BanditHit, site: BanditSite) -> BanditHit | None:
        return None if shadowed_builtin(site, "exec") else hit
