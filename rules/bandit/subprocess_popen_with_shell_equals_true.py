"""B602 subprocess-popen-with-shell-equals-true."""

from __future__ import annotations

from linter.kit import (
    BanditCheck,
    BanditHit,
    BanditSite,
    Example,
    Severity,
    at,
    code_cell,
    markdown_cell,
    notebook_example,
)
from linter.rules.bandit._bandit_text import SHELL
from linter.rules.bandit._review import constant_command


class SubprocessShellTrue(BanditCheck):
    """
    ## What it does
    bandit's B602 `subprocess_popen_with_shell_equals_true`: flags `subprocess` calls (`run`,
    `Popen`, `call`, `check_call`, `check_output`) with `shell=True` and a command built at run
    time. A literal command, which bandit reports at low severity as "seems safe", is not reported,
    nor an f-string without fields or a name the file assigns once, to a literal:
    nothing can be injected into it (mlsafe's MLS4xx rules look at what such commands install or
    run).

    ## Why is this bad?
    With `shell=True` the command line is interpreted by a shell: a file name, a URL or a
    parameter containing `;`, `|` or `$(...)` runs extra commands.

    ## Fix
    Pass the command as a list without a shell: `subprocess.run(["wget", url, "-O", path],
    check=True)`. If a shell is unavoidable, quote every variable part with `shlex.quote`.
    """

    code = "B602"
    name = "subprocess-popen-with-shell-equals-true"
    severity = Severity.HIGH
    summary = "subprocess call with shell=True"
    cwe = (78,)
    bandit_test = f"{SHELL}:subprocess_popen_with_shell_equals_true"
    bandit_min_severity = Severity.MEDIUM
    bandit_name = "subprocess_popen_with_shell_equals_true"
    bandit_triggers = (r"shell(?<!\wshell)\s*=",)
    VALID = (
        Example(
            """
            import subprocess

            subprocess.run(['unzip', archive, '-d', 'data/'], check=True)
            """,
            title="the same command as a list, without a shell",
        ),
        Example(
            """
            import subprocess

            subprocess.run(['nvidia-smi', '--query-gpu=name'], check=True)
            """
        ),
        Example(
            """
            import subprocess

            subprocess.run(cmd, shell=True)  # nosec B602
            """,
            title="# nosec B602",
        ),
        Example(
            """
            import subprocess

            subprocess.run(cmd, shell=True)  # nosec
            """,
            title="bare # nosec",
        ),
        Example(
            """
            import subprocess

            subprocess.run(cmd, shell=True)  # noqa: B602
            """,
            title="# noqa: B602",
        ),
        Example(
            """
            import subprocess

            subprocess.run('nvidia-smi', shell=True)
            """,
            title="a literal command: nothing to inject",
        ),
        Example(
            """
            import subprocess

            tar_cmd = "tar -czvf model.tar.gz model/ code/"
            subprocess.run(tar_cmd, shell=True, capture_output=True)
            subprocess.run(f"nvidia-smi -L", shell=True)
            """,
            title="a name assigned once to a literal, an f-string without fields",
        ),
    )
    INVALID = (
        Example(
            """
            import subprocess

            subprocess.run(f'unzip {archive} -d data/', shell=True)
            """,
            expect=(at(3, 1, severity=Severity.HIGH),),
        ),
        Example(
            """
            import subprocess

            subprocess.run(cmd, shell=True)  # nosec B101
            """,
            expect=(at(3, 1),),
            title="a nosec naming another check does not silence it",
        ),
        notebook_example(
            code_cell("import subprocess as sp"),
            markdown_cell("## Download the data"),
            code_cell(
                """
                cmd = f'wget {DATA_URL} -O data.zip'
                sp.run(cmd, shell=True)
                !ls data"""
            ),
            expect=(at(2, 1, cell=3, severity=Severity.HIGH),),
            title="mapped to the notebook cell and line",
        ),
    )

    reviews = True

    def review(self, hit: BanditHit, site: BanditSite) -> BanditHit | None:
        """A constant command bandit cannot see as one (an f-string without fields, a name assigned
        once to a literal) is the literal case, which is not reported."""
        return None if constant_command(site) else hit
