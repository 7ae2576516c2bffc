"""B604 any-other-function-with-shell-equals-true."""

from __future__ import annotations

from linter.kit import BanditCheck, Example, Severity, at
from linter.rules.bandit._bandit_text import SHELL


class AnyFunctionWithShellTrue(BanditCheck):
    """
    ## What it does
    bandit's B604 `any_other_function_with_shell_equals_true`: flags calls of other functions
    (wrappers, third-party helpers) passed `shell=True`.

    ## Why is this bad?
    A helper taking `shell=True` most likely hands its command to a shell, with the same injection
    risk as `subprocess` with `shell=True`.

    ## Fix
    Pass the command as a list and drop `shell=True`, or quote every variable part with
    `shlex.quote`.
    """

    code = "B604"
    name = "any-other-function-with-shell-equals-true"
    severity = Severity.MEDIUM
    summary = "Function call with shell=True"
    cwe = (78,)
    bandit_test = f"{SHELL}:any_other_function_with_shell_equals_true"
    bandit_name = "any_other_function_with_shell_equals_true"
    bandit_triggers = (r"shell(?<!\wshell)\s*=",)
    VALID = (
        Example(
            """
            run_command(['ls', '-l'], shell=False)
            """
        ),
    )
    INVALID = (
        Example(
            """
            run_command(f'ls {folder}', shell=True)
            """,
            expect=(at(1, 1, severity=Severity.MEDIUM),),
        ),
    )
