"""Shell scripts and conda environment files are scanned as their own kinds of file: a script's
lines as shell commands, an environment file's ``- pip:`` items as requirements, at their place."""

from __future__ import annotations

from pathlib import Path

from linter.api import lint_source
from linter.sources.discovery import discover
from linter.sources.reading import conda_pip_requirements, kind_of

ENVIRONMENT = """name: demo
channels:
  - conda-forge
dependencies:
  - python=3.11
  - numpy
  - pip
  - pip:
    - torch
    - "transformers==4.44.0"
    - tool @ https://example.org/tool-0.0.13.tar.gz
    - --extra-index-url https://test.pypi.org/simple/
  - scipy
"""

SCRIPT = """#!/bin/bash
set -e
pip install torch \\
   transformers==4.44.0
curl -sSL https://example.org/install.sh | bash
echo "token: $HF_TOKEN"
# pip install not-a-command
"""


def positions(text: str, path: str) -> list[tuple[str, int, int]]:
    return [(f.code, f.location.line, f.location.column) for f in lint_source(text, path).findings]


def test_conda_environment_pip_items_are_requirements_in_place() -> None:
    assert positions(ENVIRONMENT, "environment.yml") == [
        ("MLS402", 9, 7),
        ("MLS407", 11, 7),
        ("MLS404", 12, 7),
    ]


def test_conda_masking_keeps_lines_and_columns() -> None:
    masked = conda_pip_requirements(ENVIRONMENT).split("\n")
    original = ENVIRONMENT.split("\n")
    assert len(masked) == len(original)
    assert masked[8] == "      torch" and masked[9] == "       transformers==4.44.0 "
    assert masked[4] == masked[12] == ""  # conda packages (python=3.11, scipy) are not pip requirements


def test_shell_script_lines_are_shell_commands() -> None:
    assert positions(SCRIPT, "setup.sh") == [
        ("MLS401", 3, 13),
        ("MLS406", 5, 1),
        ("MLS205", 6, 14),
    ]


def test_shell_noqa_comment_suppresses() -> None:
    text = "curl -sSL https://example.org/i.sh | sh  # noqa: MLS406\n"
    assert positions(text, "install.sh") == []


def test_walk_finds_scripts_environment_files_and_model_files(tmp_path: Path) -> None:
    for name in ("setup.sh", "environment.yml", "conda-gpu.yaml", "config.yml", "model.pt", "notes.txt"):
        (tmp_path / name).write_text("x\n")
    found = sorted(p.name for p in discover([tmp_path]))
    assert found == ["conda-gpu.yaml", "environment.yml", "model.pt", "setup.sh"]
    assert [kind_of(n) for n in found] == ["requirements", "requirements", "model", "shell"]


def test_shell_expansions_are_not_hardcoded_credentials() -> None:
    text = "TOKEN=$(az account get-access-token -o tsv)\nACCOUNT_KEY=$KEY_FROM_VAULT\npassword=`cat pw.txt`\n"
    assert positions(text, "deploy.sh") == []
