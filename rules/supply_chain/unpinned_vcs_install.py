"""MLS403 unpinned-vcs-install."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from linter.kit import Category, Example, Report, Severity, at, code_cell, notebook_example, redact_url_credentials

if TYPE_CHECKING:  # install_commands is imported when a command or requirement is read
    from linter.kit import RequirementLine, Target
from linter.rules.supply_chain._shell_commands import CALL_TRIGGERS, Emit, RequirementsCommandRule, Shell, installs


def _message(target: Target) -> str:
    text = redact_url_credentials(target.text)
    shown = text if len(text) <= 80 else text[:77] + "..."
    drift = f"`{target.ref}` is a branch or tag" if target.ref else "it follows the default branch"
    return (
        f"`{shown}` installs from version control and {drift}, which can change under you; "
        "pin a full 40-character commit (`@<sha>`)"
    )


class UnpinnedVcsInstall(RequirementsCommandRule):
    """
    ## What it does
    Flags installs from version control that are not pinned to a commit: `git+https://...`,
    `git+ssh://...`, `hg+`/`svn+`/`bzr+` URLs and `name @ git+...` requirements without
    `@<40-hex commit>`, and GitHub/GitLab archive URLs of a branch or tag
    (`.../archive/refs/heads/main.zip`), in install commands (magics, shell cells, `subprocess`) and
    in requirements files.

    ## Why is this bad?
    A branch (and even a tag) can be moved to other code at any time, by the maintainers or by
    whoever takes over the repository: the next run installs code nobody reviewed.

    ## Fix
    Pin the commit you tested: `git+https://github.com/org/repo@<40-hex sha>`.
    """

    code = "MLS403"
    name = "unpinned-vcs-install"
    category = Category.UNPINNED
    severity = Severity.MEDIUM
    summary = "VCS install not pinned to a commit"
    cwe = (1357, 829)
    triggers = CALL_TRIGGERS

    VALID = (
        notebook_example(
            code_cell(
                """
                !pip install git+https://github.com/huggingface/peft.git@4a1559582281fc3c9283892caea8ccef1d6f5a4f
                !pip install 'trl @ git+https://github.com/huggingface/trl@0123456789abcdef0123456789abcdef01234567'"""
            )
        ),
        notebook_example(
            code_cell(
                """
                !git clone https://github.com/org/repo.git
                !pip install ./repo"""
            )
        ),
        Example(
            """
            peft @ git+https://github.com/huggingface/peft@4a1559582281fc3c9283892caea8ccef1d6f5a4f
            https://github.com/org/repo/archive/4a1559582281fc3c9283892caea8ccef1d6f5a4f.zip
            """,
            path="requirements.txt",
        ),
    )
    INVALID = (
        notebook_example(
            code_cell(
                "!pip install -q git+https://github.com/huggingface/transformers.git "
                "git+https://github.com/org/lib@v1.2#egg=lib"
            ),
            expect=(at(1, 17, cell=1), at(1, 69, cell=1)),
            title="default branch and a tag",
        ),
        Example(
            """
            accelerate==1.1.1
            peft @ git+https://github.com/huggingface/peft@main
            -e git+ssh://git@github.com/org/tool.git#egg=tool
            https://github.com/org/repo/archive/refs/heads/main.zip
            """,
            path="requirements.txt",
            expect=(at(2, 1), at(3, 4), at(4, 1)),
        ),
        Example(
            """
            import subprocess

            subprocess.run('pip install git+https://github.com/org/repo', shell=True)
            """,
            expect=(at(3, 29),),
        ),
    )

    def check_requirement(self, line: RequirementLine, emit: Emit) -> Iterator[Report]:
        return self._check((line.target,), emit)

    def check_shell(self, shell: Shell) -> Iterator[Report]:
        for install in installs(shell):
            yield from self._check(install.targets, shell.report)

    def _check(self, targets: Iterable[Target | None], emit: Emit) -> Iterator[Report]:
        for target in targets:
            if target is not None and target.kind == "vcs" and not target.pinned:
                yield emit(target.name_start, target.name_end, _message(target), None)
