"""MLS406 remote-script-execution."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kit import Category, Example, Report, Severity, at, code_cell, notebook_example
from linter.rules.supply_chain._shell_commands import CALL_TRIGGERS, Shell, ShellCommandRule


class RemoteScriptExecution(ShellCommandRule):
    """
    ## What it does
    Flags commands that download a script and run it in one go: `curl URL | sh` (or `bash`,
    `python`, `sudo bash`...), `wget -O - URL | sh`, `python <(curl URL)`, `bash -c "$(curl URL)"`,
    in `!` lines, `%%bash`/`%%sh` cells, `%%writefile x.sh` scripts, `os.system`/`subprocess` calls
    and exported notebooks.
    A download saved to a file (`curl -o install.sh URL`, `wget URL`) is not flagged.

    ## Why is this bad?
    Whatever the server (or anyone between you and it) sends at that moment runs with your
    notebook's permissions: nothing is pinned, reviewed or even kept for later inspection, and a
    truncated download can run half a script.

    ## Fix
    Download the script to a file, check it against a published checksum (`sha256sum -c`), read it,
    then run it; better, install the tool from a package manager with a pinned version.
    """

    code = "MLS406"
    name = "remote-script-execution"
    category = Category.UNPINNED
    severity = Severity.HIGH
    summary = "Downloaded script piped straight into a shell or interpreter"
    cwe = (494, 829)
    triggers = CALL_TRIGGERS

    VALID = (
        notebook_example(
            code_cell(
                """
                !curl -fsSL -o install.sh https://ollama.com/install.sh
                !sha256sum -c install.sh.sha256 && sh install.sh"""
            )
        ),
        notebook_example(
            code_cell(
                """
                !wget https://example.org/data.csv
                !curl -s https://api.example.org | jq ."""
            )
        ),
        notebook_example(
            code_cell(
                """
                %%bash
                curl -sL https://example.org/data.json | jq . > out.json"""
            )
        ),
        notebook_example(
            code_cell(
                """
                %%bash
                curl -s "${SERVICE_URL}/v1/models" -H "Authorization: Bearer ${TOKEN}" | python3 -m json.tool
                curl -s https://example.org/stats.json | python -c 'import json, sys; print(json.load(sys.stdin))'"""
            ),
            title="a response piped into a module or a command given on the command line: data, not code",
        ),
    )
    INVALID = (
        notebook_example(
            code_cell("!curl -fsSL https://ollama.com/install.sh | sh"),
            expect=(at(1, 2, cell=1),),
        ),
        notebook_example(
            code_cell(
                """
                %%bash
                wget -qO- https://astral.sh/uv/install.sh | sudo bash
                python3 <(curl -s https://x.org/get.py)"""
            ),
            expect=(at(2, 1, cell=1), at(3, 1, cell=1)),
            title="a %%bash cell",
        ),
        notebook_example(
            code_cell(
                """
                %%writefile setup.sh
                set -e
                curl -sSL https://install.python-poetry.org | python3 -"""
            ),
            code_cell("!bash setup.sh"),
            expect=(at(3, 1, cell=1),),
            title="a shell script written by the notebook",
        ),
        Example(
            """
            import os

            os.system('sh -c "$(curl -fsSL https://raw.githubusercontent.com/o/r/HEAD/install.sh)"')
            """,
            expect=(at(3, 12),),
        ),
    )

    reads_argument_lists = False

    def check_shell(self, shell: Shell) -> Iterator[Report]:
        from linter.kit import remote_executions  # with install_commands, on first use

        for found in remote_executions(shell.text):
            yield shell.report(
                found.start,
                found.end,
                f"`{found.fetcher}` output is run by `{found.runner}` without being saved or checked; "
                "download to a file, verify its checksum, then run it",
                None,
            )
