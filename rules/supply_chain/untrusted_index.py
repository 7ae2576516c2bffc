"""MLS404 untrusted-index."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from linter.kit import (
    Category,
    Example,
    Report,
    Severity,
    at,
    code_cell,
    lazy_compile,
    notebook_example,
    redact_url_credentials,
)

if TYPE_CHECKING:  # install_commands is imported when a command or requirement is read
    from linter.kit import Option, RequirementLine
from linter.rules.supply_chain._shell_commands import CALL_TRIGGERS, Emit, RequirementsCommandRule, Shell, installs

INDEX_OPTIONS = frozenset({"--index-url", "--index", "--default-index", "--find-links"})


# Public test indexes: anyone can upload any name there, with no review.
TEST_INDEXES = lazy_compile(r"(?i)^https?://test\.pypi\.org(?:[/:]|$)")


def _problem(option: Option) -> str | None:
    value = redact_url_credentials(option.value or "")
    if option.name in (*INDEX_OPTIONS, "--extra-index-url") and TEST_INDEXES.match(value):
        return (
            f"`{option.name} {value}` installs from TestPyPI, a public test index where anyone can upload any "
            "package name without review; install released packages from PyPI"
        )
    if option.name == "--extra-index-url":
        plain = ", over plain HTTP," if value.lower().startswith("http://") else ""
        return (
            f"`--extra-index-url {value}` lets any package name be taken from PyPI or from this index{plain} "
            "whichever has the higher version (dependency confusion); use `--index-url` with one index "
            "that mirrors what you need, or pin with `--hash`"
        )
    if option.name == "--trusted-host":
        return (
            f"`--trusted-host {value}` turns off TLS certificate checks for that host; serve the index over valid HTTPS"
        )
    if option.name in INDEX_OPTIONS and value.lower().startswith("http://"):
        return f"`{option.name} {value}` downloads packages over plain HTTP, open to tampering; use https://"
    return None


class UntrustedIndex(RequirementsCommandRule):
    """
    ## What it does
    Flags package-index options that weaken where packages come from: `--extra-index-url` (any
    URL), `--index-url`/`-i`/`--find-links` over plain `http://`, the public test index
    (`-i https://test.pypi.org/simple/`), and `--trusted-host`, in install commands (magics, shell
    cells, `subprocess`) and requirements files.

    ## Why is this bad?
    With an extra index pip takes each package from whichever index offers the highest version, so
    anyone who registers one of your private (or the extra index's) package names on PyPI gets their
    code installed: the 2022 `torchtriton` attack hit users of PyTorch's nightly extra index exactly
    so. Plain HTTP and `--trusted-host` let anyone on the network path swap the files.

    ## Fix
    Install from one HTTPS index that serves everything you need (`--index-url https://...`), pin
    versions with `--hash`, and drop `--trusted-host`.
    """

    code = "MLS404"
    name = "untrusted-index"
    category = Category.UNPINNED
    severity = Severity.MEDIUM
    summary = "Extra, plain-HTTP or untrusted package index"
    cwe = (427, 829, 319)
    triggers = CALL_TRIGGERS

    VALID = (
        notebook_example(code_cell("!pip install torch==2.4.1 --index-url https://download.pytorch.org/whl/cu121")),
        Example(
            """
            --index-url https://pypi.example.org/simple
            torch==2.4.1
            """,
            path="requirements.txt",
        ),
        notebook_example(
            code_cell(
                """
                !echo --extra-index-url https://x.org
                !conda install -c pytorch pytorch=2.4.1"""
            )
        ),
    )
    INVALID = (
        notebook_example(
            code_cell("!pip install torch==2.4.1 --extra-index-url https://download.pytorch.org/whl/cu121"),
            expect=(at(1, 27, cell=1),),
        ),
        notebook_example(
            code_cell("%pip install -i http://pypi.internal/simple --trusted-host pypi.internal mylib==1.0"),
            expect=(at(1, 14, cell=1), at(1, 45, cell=1)),
            title="plain HTTP index and --trusted-host",
        ),
        notebook_example(
            code_cell("!pip install -i https://test.pypi.org/simple/ my-demo-lib==0.1.2"),
            expect=(at(1, 14, cell=1),),
            title="the public test index",
        ),
        Example(
            """
            --extra-index-url https://pypi.internal/simple
            --trusted-host=pypi.internal
            torch==2.4.1
            """,
            path="requirements.txt",
            expect=(at(1, 1), at(2, 1)),
        ),
    )

    def check_requirement(self, line: RequirementLine, emit: Emit) -> Iterator[Report]:
        return self._check(line.options, emit)

    def check_shell(self, shell: Shell) -> Iterator[Report]:
        for install in installs(shell):
            if install.tool in ("pip", "uv"):
                yield from self._check(install.options, shell.report)

    def _check(self, options: Iterable[Option], emit: Emit) -> Iterator[Report]:
        for option in options:
            message = _problem(option)
            if message is not None:
                yield emit(option.start, option.end, message, None)
