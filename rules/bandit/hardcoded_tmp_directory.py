"""B108 hardcoded-tmp-directory."""

from __future__ import annotations

from linter.kit import BanditCheck, Example, Severity, at


class HardcodedTmpDirectory(BanditCheck):
    """
    ## What it does
    bandit's B108 `hardcoded_tmp_directory`: flags string paths under `/tmp`, `/var/tmp` or
    `/dev/shm`.

    ## Why is this bad?
    Those directories are shared by every user of the machine. Another user can create the file
    first (or a symlink with its name) and read what you write, or feed you a model or a dataset of
    their choosing; on shared GPU servers and notebook hubs this is a real attack.

    ## Fix
    Create a private temporary file or directory with `tempfile.mkstemp`,
    `tempfile.NamedTemporaryFile` or `tempfile.TemporaryDirectory`, or use a directory of your own.
    """

    code = "B108"
    name = "hardcoded-tmp-directory"
    severity = Severity.MEDIUM
    summary = "Hard-coded path in a shared temporary directory"
    cwe = (377,)
    bandit_test = "bandit.plugins.general_hardcoded_tmp:hardcoded_tmp_directory"
    bandit_name = "hardcoded_tmp_directory"
    bandit_triggers = (r"/tmp", r"/dev/shm")
    VALID = (
        Example(
            """
            import tempfile

            with tempfile.TemporaryDirectory() as tmp:
                model.save_pretrained(tmp)
            """
        ),
    )
    INVALID = (
        Example(
            """
            import torch

            torch.save(model.state_dict(), '/tmp/checkpoint.pt')
            """,
            expect=(at(3, 32),),
        ),
    )
