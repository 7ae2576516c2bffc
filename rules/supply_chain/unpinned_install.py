"""MLS401 unpinned-install."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from linter.kit import UNSAFE, Category, Example, Fix, Report, Severity, at, code_cell, markdown_cell, notebook_example

if TYPE_CHECKING:  # install_commands is imported when a command or requirement is read
    from linter.kit import Install, Target
from linter.rules.supply_chain._shell_commands import CALL_TRIGGERS, Shell, ShellCommandRule, installs

PACKAGING_TOOLS = frozenset({"pip", "setuptools", "wheel", "uv"})


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def installed_version(name: str) -> str | None:
    """The version of ``name`` installed where mlsafe runs (read from its metadata, never imported)."""
    from importlib import metadata

    try:
        return metadata.version(name)
    except (metadata.PackageNotFoundError, ValueError, OSError):
        return None


class UnpinnedInstall(ShellCommandRule):
    """
    ## What it does
    Flags packages installed without an exact version: `!pip install torch`, `%pip install
    "transformers>=4"`, `%conda install numpy`, lines of `%%bash`/`%%sh`/`%%script bash` cells,
    `subprocess.run([sys.executable, "-m", "pip", "install", "x"])`, `os.system("pip install x")`
    and the forms exported notebooks hold (`get_ipython().system(...)`,
    `get_ipython().run_line_magic("pip", "install x")`). Commands are parsed like a shell would
    (quotes, `\\` continuations, `&&`/`;`/`|`), and every requirement is read with `packaging`: one
    finding per unpinned package, at the package. `pip install --upgrade pip` (pip, setuptools,
    wheel, uv) is reported at low severity. Pinned packages (`==`/`===`, conda `=`), `-r` files
    (checked as files by MLS402), `-e .`, local paths, wheels and URLs are not flagged; VCS installs
    are MLS403's.

    ## Why is this bad?
    An unpinned install takes whatever is newest on the index the day the notebook runs: results
    stop being reproducible, a breaking release fails the notebook, and a compromised or
    typo-squatted release runs its install hooks on your machine with your credentials.

    ## Fix
    Pin exact versions (`torch==2.4.1`); the message gives the version installed where mlsafe ran,
    when there is one. `mlsafe check --unsafe-fixes` writes that pin into `!pip`/`%pip`/`%conda`
    lines and shell cells (a bare name, extras allowed; unsafe, since the notebook's environment may
    need another version); packages not installed there are left to you. Better, keep the pins in a `requirements.txt` with `--hash` lines (pip-tools'
    `pip-compile --generate-hashes`) and run `%pip install -r requirements.txt`.
    """

    code = "MLS401"
    name = "unpinned-install"
    category = Category.UNPINNED
    severity = Severity.MEDIUM
    summary = "Package installed without a pinned version"
    cwe = (1357, 829)
    triggers = CALL_TRIGGERS
    fix_title = "Pin to the version installed where mlsafe runs"
    fix_applicability = UNSAFE

    VALID = (
        notebook_example(code_cell("!pip install torch==2.4.1 'transformers[torch]==4.46.3' numpy===1.26.4")),
        notebook_example(code_cell("%pip install -r requirements.txt -e . ./vendor/pkg dist/x-1.0-py3-none-any.whl")),
        notebook_example(code_cell("%conda install -c conda-forge -y numpy=1.26.4 scipy==1.13.1")),
        notebook_example(code_cell("!pip install https://example.org/pkg-1.0.tar.gz {package} $EXTRA")),
        notebook_example(
            code_cell(
                """
                !pip show torch
                !pip list | grep torch
                !pip download torch"""
            ),
            title="pip commands that install nothing",
        ),
        notebook_example(markdown_cell("Run `pip install torch` first.")),
        notebook_example(
            code_cell(
                """
                !echo 'pip install torch'
                # !pip install torch"""
            )
        ),
        notebook_example(
            code_cell("!pip install git+https://github.com/huggingface/peft.git"), title="VCS installs are MLS403's"
        ),
        Example(
            """
            import subprocess

            subprocess.run(['pip', 'install', 'torch==2.4.1'], check=True)
            subprocess.run(['pip', 'list'])
            """
        ),
        Example(
            """
            import os

            os.system('pip freeze > requirements.txt')
            """
        ),
    )
    INVALID = (
        notebook_example(
            code_cell('!pip install -q torch transformers==4.46.3 "accelerate>=0.26"'),
            expect=(at(1, 17, cell=1), at(1, 45, cell=1)),
            title="one finding per unpinned package, quoted ranges included",
        ),
        notebook_example(
            code_cell(
                r"""
                import os
                %pip install --upgrade \
                    datasets \
                    'evaluate[template]'"""
            ),
            expect=(at(3, 5, cell=1), at(4, 6, cell=1)),
            title="continuation lines and extras",
        ),
        notebook_example(
            code_cell("!pip install --upgrade pip && pip install sentencepiece; conda install -y faiss-cpu"),
            expect=(at(1, 24, cell=1, severity=Severity.LOW), at(1, 43, cell=1), at(1, 75, cell=1)),
            title="chained commands; upgrading pip itself is low severity",
        ),
        notebook_example(
            code_cell(
                r"""
                %%bash
                set -e
                python -m pip install -U \
                   peft
                uv pip install bitsandbytes"""
            ),
            expect=(at(4, 4, cell=1), at(5, 16, cell=1)),
            title="a %%bash cell",
        ),
        notebook_example(
            code_cell(
                """
                %%capture
                !pip install wandb
                import wandb"""
            ),
            code_cell(
                """
                %%script bash
                pip3 install 'trl; python_version >= "3.9"'"""
            ),
            expect=(at(2, 14, cell=1), at(2, 15, cell=2)),
            title="%%capture bodies and %%script bash",
        ),
        notebook_example(
            code_cell("%pip install no-such-package-mlsafe-test"),
            expect=(at(1, 14, cell=1),),
            title="a package not installed where mlsafe runs: no pin to offer",
            fixed=(code_cell("%pip install no-such-package-mlsafe-test"),),
        ),
        Example(
            """
            import os, subprocess, sys

            subprocess.check_call([sys.executable, '-m', 'pip', 'install', 'xgboost'])
            os.system('pip install lightgbm catboost==1.2.5')
            """,
            expect=(at(3, 65), at(4, 24)),
            title="subprocess and os.system",
        ),
        Example(
            """
            get_ipython().run_line_magic('pip', 'install -q diffusers')
            get_ipython().system('pip install -U gradio')
            """,
            expect=(at(1, 49), at(2, 38)),
            title="an exported notebook",
        ),
    )

    def __init__(self) -> None:
        self._versions: dict[str, str | None] = {}

    def _version(self, name: str) -> str | None:
        key = _canonical(name)
        if key not in self._versions:
            self._versions[key] = installed_version(name)
        return self._versions[key]

    def check_shell(self, shell: Shell) -> Iterator[Report]:
        for install in installs(shell):
            for target in install.targets:
                if target.kind in ("requirement", "conda") and not target.pinned and target.name:
                    report = shell.report(
                        target.name_start,
                        target.word.end if shell.words is None else target.name_end,
                        self._message(install, target),
                        self._severity(target),
                    )
                    yield replace(report, fix=self._pin(shell, target))

    def _pin(self, shell: Shell, target: Target) -> Fix | None:
        """``torch`` -> ``torch==<installed>``: for a name (with extras) and nothing else, in a magic
        or shell cell, when the package is installed where mlsafe runs."""
        requirement = target.requirement
        if shell.edit is None or target.spec or target.swallowed or target.name is None:
            return None
        if requirement is not None and (requirement.marker is not None or requirement.url or requirement.specifier):
            return None
        value = target.word.value
        if not re.fullmatch(r"[A-Za-z0-9._-]+(\[[A-Za-z0-9._,\s-]*\])?", value):
            return None
        version = self._version(target.name)
        if version is None:
            return None
        _, end = target.word.span(0, len(value))
        pin = f"{'=' if target.kind == 'conda' else '=='}{version}"
        return Fix((shell.edit(end, end, pin),), UNSAFE, f"Pin to the installed version ({target.name}{pin})")

    def _severity(self, target: Target) -> Severity | None:
        return Severity.LOW if target.name and _canonical(target.name) in PACKAGING_TOOLS else None

    def _message(self, install: Install, target: Target) -> str:
        name = target.name or target.text
        what = (
            f"`{name}{target.spec}` allows a range of versions"
            if target.spec
            else f"`{name}` is installed without a version"
        )
        if target.swallowed:
            what = (
                f"`{name}{target.swallowed}` is not quoted, so the shell reads `{target.swallowed}` as a "
                f"redirection to a file and installs any `{name}`; quote it"
            )
        if install.upgrade:
            what += " and `--upgrade` takes the newest"
        version = self._version(name)
        sep = "=" if target.kind == "conda" else "=="
        pin = f"pin it: {name}{sep}{version}" if version else f"pin an exact version ({name}{sep}X.Y.Z)"
        return f"{what}; {pin} (the version installed where mlsafe ran)" if version else f"{what}; {pin}"
