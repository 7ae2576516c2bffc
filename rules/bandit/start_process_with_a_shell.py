"""B605 start-process-with-a-shell."""

from __future__ import annotations

from linter.kit import BanditCheck, BanditHit, BanditSite, Example, Severity, at
from linter.rules.bandit._bandit_text import SHELL
from linter.rules.bandit._review import constant_command


class StartProcessWithShell(BanditCheck):
    """
    ## What it does
    bandit's B605 `start_process_with_a_shell`: flags `os.system`, `os.popen` and the other calls
    that always run their command through a shell, when the command is built at run time. A literal
    command (bandit's low-severity "seems safe" case) is not reported, nor one bandit does not
    recognise as literal: an f-string without fields (`os.system(f"ls /mnt/")`) or a name the file
    assigns once, to a literal.

    ## Why is this bad?
    The command line is interpreted by a shell, so a variable part holding `;`, `|` or `$(...)`
    runs extra commands.

    ## Fix
    Use `subprocess.run([...], check=True)` with a list of arguments, which also reports failures
    that `os.system` silently returns as a status code.
    """

    code = "B605"
    name = "start-process-with-a-shell"
    severity = Severity.HIGH
    summary = "Starting a process with a shell (os.system, os.popen)"
    cwe = (78,)
    bandit_test = f"{SHELL}:start_process_with_a_shell"
    bandit_min_severity = Severity.MEDIUM
    bandit_name = "start_process_with_a_shell"
    # the called name as written: os.system, os.popen[234], popen2.*, commands./subprocess.get*output
    bandit_triggers = (
        r"system(?<!\wsystem)\b",
        r"popen(?<!\wpopen)[234]?\b",
        r"Popen(?<!\wPopen)[34]\b",
        r"getoutput",
        r"getstatusoutput",
    )
    VALID = (
        Example(
            """
            import subprocess

            subprocess.run(['tar', 'xzf', archive], check=True)
            """
        ),
        Example(
            """
            import os

            os.system('nvidia-smi')
            """,
            title="a literal command: nothing to inject",
        ),
        Example(
            """
            import os

            LIST = "ls -la /mnt/data"
            os.system(f"ls /mnt/")
            os.system(LIST)
            command = f"aws s3 cp train.json {bucket}"
            if cleanup:
                command = "rm ./train.json"
                os.system(command)
            """,
            title="an f-string without fields, a name assigned once to a literal or last assigned one before the call",
        ),
    )
    INVALID = (
        Example(
            """
            import os

            os.system('tar xzf ' + archive)
            """,
            expect=(at(3, 1, severity=Severity.HIGH),),
        ),
        Example(
            """
            import os

            command = "ls"
            command = f"aws s3 cp train.json {bucket}"
            os.system(command)
            for command in commands:
                os.system(command)
            """,
            expect=(at(5, 1, severity=Severity.HIGH), at(7, 5, severity=Severity.HIGH)),
            title="a name assigned more than once is not a constant",
        ),
    )

    reviews = True

    def review(self, hit: BanditHit, site: BanditSite) -> BanditHit | None:
        """A constant command bandit cannot see as one (an f-string without fields, a name assigned
        once to a literal) is the literal case, which is not reported."""
        return None if constant_command(site) else hit
