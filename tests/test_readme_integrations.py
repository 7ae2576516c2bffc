"""The README's "pre-commit", "flake8" and "bandit checks" sections say what the code does: their
snippets are run or validated here."""

from __future__ import annotations

import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from linter import __version__
from linter.cli import main
from linter.engine.bandit_bridge import BanditCheck
from linter.kit.examples import code_cell, markdown_cell, notebook
from linter.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.MULTILINE | re.DOTALL)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def test_pre_commit_snippet_is_a_valid_config_for_this_hook(tmp_path: Path) -> None:
    (snippet,) = blocks(section("pre-commit"), "yaml")
    config = yaml.safe_load(snippet)
    (repo,) = config["repos"]
    # a frozen rev, as `pre-commit autoupdate --freeze` writes it: the commit, then the tag it stands for
    assert re.fullmatch(r"[0-9a-f]{40}", repo["rev"]), repo["rev"]
    assert f"rev: {repo['rev']}  # frozen: v{__version__}\n" in snippet
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in repo["hooks"]] == [manifest[0]["id"]] == ["mlsafe"]
    assert manifest[0]["entry"] == "mlsafe check" and manifest[0]["require_serial"] is True
    path = tmp_path / ".pre-commit-config.yaml"
    path.write_text(snippet, encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "home")}
    proc = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_hook_files_pattern_matches_what_mlsafe_scans() -> None:
    from linter.sources.discovery import is_scannable

    pattern = re.compile(yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())[0]["files"])
    names = [
        "train.py",
        "pkg/stubs.pyi",
        "notebooks/eda.ipynb",
        "requirements.txt",
        "requirements-dev.in",
        "deps/constraints.txt",
        "README.md",
        "setup.cfg",
        "data.json",
        "myrequirements.txt",
        "ci/dev-requirements.txt",
        "test-requirements-extra.txt",
        "constraints-gpu.txt",
        "notes.txt",
        "MANIFEST.in",
    ]
    assert [n for n in names if pattern.search(n)] == [n for n in names if is_scannable(n.rsplit("/", 1)[-1])]


def test_flake8_commands_run_as_documented(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "train.py").write_text("import pickle\n\nmodel = pickle.load(f)\n", encoding="utf-8")
    commands = [line.split("#", 1)[0].strip() for line in blocks(section("flake8"), "sh")[0].splitlines()]
    assert commands and all(command.startswith("flake8 ") for command in commands if command)
    for command in filter(None, commands):
        args = shlex.split(command)[1:]
        proc = subprocess.run(
            [sys.executable, "-m", "flake8", "--isolated", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert f"src{os.sep}train.py:3:9: MLS101 " in proc.stdout, (command, proc.stdout, proc.stderr)


def test_bandit_example_line_is_what_mlsafe_prints(tmp_path: Path) -> None:
    (example,) = blocks(section("bandit checks"), "text")
    risky = notebook(
        code_cell("import subprocess"),
        markdown_cell("## Fetch the data"),
        code_cell("cmd = f'curl -o data.csv {URL}'\nsubprocess.run(cmd, shell=True)"),
    )
    (tmp_path / "analysis.ipynb").write_text(risky, encoding="utf-8")
    out = io.StringIO()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert main(["check", "--no-color", "analysis.ipynb"], stdout=out) == 1
    finally:
        os.chdir(cwd)
    assert example.strip() in out.getvalue().splitlines()


def _codes(text: str) -> set[str]:
    found: set[str] = set()
    for first, last in re.findall(r"\b(B\d{3})(?:-(B\d{3}))?", text):
        start, end = int(first[1:]), int((last or first)[1:])
        found.update(f"B{n}" for n in range(start, end + 1))
    return found


@pytest.mark.parametrize("check", [r for r in all_rules() if issubclass(r, BanditCheck)], ids=lambda r: r.code)
def test_every_bandit_check_is_in_the_readme_table(check: type[BanditCheck]) -> None:
    table = section("bandit checks").split("| code | what |", 1)[1].split("\n\n", 1)[0]
    assert check.code in _codes(table)


def test_readme_table_lists_only_offered_checks() -> None:
    table = section("bandit checks").split("| code | what |", 1)[1].split("\n\n", 1)[0]
    offered = {r.code for r in all_rules() if issubclass(r, BanditCheck)}
    assert _codes(table) == offered
