"""MLS402 unpinned-requirement."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from linter.kit import (
    Category,
    Context,
    Example,
    MagicLine,
    Report,
    Rule,
    Severity,
    TextBlock,
    at,
    code_cell,
    notebook_example,
)

if TYPE_CHECKING:  # install_commands is imported when a command or requirement is read
    from linter.kit import RequirementLine
from linter.rules.supply_chain._shell_commands import Emit, magic_requirements, text_requirements


class UnpinnedRequirement(Rule):
    """
    ## What it does
    Flags lines of `requirements*.txt` / `constraints*.txt` files (and of
    `%%writefile requirements.txt` cells) whose requirement has no exact `==`/`===` version: bare
    names, ranges (`>=`, `~=`, `<`), wildcards (`==2.*`). Lines are read as pip reads them:
    comments, `\\` continuations, environment markers after a pin, per-line options. Not flagged:
    comments, option lines, `-r`/`-c` includes (mlsafe scans an included file on its own, following
    the include from the including file), `-e .`, local paths, wheels and URLs, and lines pinned by
    `--hash`. `requirements*.in` files (pip-tools input, meant to hold ranges) are not flagged.
    VCS requirements are MLS403's.

    ## Why is this bad?
    A requirements file with ranges installs different code on different days: the environment that
    produced a model cannot be rebuilt, and a malicious or broken release is picked up silently.

    ## Fix
    Keep loose ranges in `requirements.in` and compile exact pins with hashes into
    `requirements.txt` (`pip-compile --generate-hashes`, or `uv pip compile --generate-hashes`), or
    freeze a known-good environment with `pip freeze`.
    """

    code = "MLS402"
    text_kinds = frozenset({"requirements"})  # check_text reads requirements files only
    name = "unpinned-requirement"
    category = Category.UNPINNED
    severity = Severity.MEDIUM
    summary = "Requirement without an exact version"
    cwe = (1357, 829)

    VALID = (
        Example(
            """
            # pinned
            torch==2.4.1
            transformers[torch]==4.46.3 ; python_version >= '3.9'  # ok
            numpy===1.26.4
            -r base.txt
            -c constraints.txt
            -e .
            ./vendor/pkg
            https://example.org/pkg-1.0.tar.gz
            """,
            path="requirements.txt",
        ),
        Example(
            r"""
            scipy \
                --hash=sha256:0123456789abcdef
            """,
            path="requirements.txt",
            title="a --hash-pinned line",
        ),
        Example(
            """
            torch>=2
            """,
            path="setup_requirements.py",
            title="not a requirements file",
        ),
        Example(
            """
            torch>=2
            transformers
            """,
            path="requirements.in",
            title="pip-tools input, compiled to pins",
        ),
        notebook_example(
            code_cell(
                """
                %%writefile requirements.txt
                torch==2.4.1
                """
            )
        ),
    )
    INVALID = (
        Example(
            """
            torch>=2.1
            # the web app
            fastapi
            numpy==1.*
            pandas ~= 2.2 ; python_version >= '3.10'
            """,
            path="requirements.txt",
            expect=(at(1, 1), at(3, 1), at(4, 1), at(5, 1)),
        ),
        Example(
            r"""
            --index-url https://pypi.org/simple

              scikit-learn \
                >=1.4
            requests[socks]<3  # http
            """,
            path="requirements-dev.txt",
            expect=(at(3, 3), at(5, 1)),
            title="continuation lines, extras, comments",
        ),
        Example(
            """
            urllib3<2
            """,
            path="constraints.txt",
            expect=(at(1, 1),),
        ),
        notebook_example(
            code_cell(
                """
                %%writefile requirements.txt
                gradio
                torch==2.4.1"""
            ),
            expect=(at(2, 1, cell=1),),
            title="a requirements file written by a notebook cell",
        ),
    )

    def check_text(self, block: TextBlock, ctx: Context) -> Iterator[Report]:
        if ctx.path.endswith(".in"):
            return
        for line, emit in text_requirements(block):
            yield from self._check(line, emit)

    def check_magic(self, magic: MagicLine, ctx: Context) -> Iterator[Report]:
        for line, emit in magic_requirements(magic):
            yield from self._check(line, emit)

    def _check(self, line: RequirementLine, emit: Emit) -> Iterator[Report]:
        target = line.target
        if target is None or target.kind != "requirement" or target.pinned or line.hashed or not target.name:
            return
        what = (
            f"`{target.name}{target.spec}` allows a range of versions"
            if target.spec
            else f"`{target.name}` has no version"
        )
        yield emit(
            target.name_start,
            target.word.end,
            f"{what}; pin an exact version ({target.name}==X.Y.Z), ideally with --hash",
            None,
        )
