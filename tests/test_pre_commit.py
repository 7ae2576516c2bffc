"""The pre-commit hook, run as users run it: ``pre-commit try-repo <this repo> mlsafe`` in a fresh git
repository holding a risky notebook, then again once the notebook is fixed.

try-repo takes this repository's HEAD plus its staged and unstaged changes to tracked files (not
untracked files: ``git add`` a new file before trying it) and installs it, with its dependencies
from the package index, into a new environment each time (try-repo always uses a temporary store),
so this test is slow: two installs, about 25 s each on an idle 2-core machine (pip's wheel cache
warm), several times that on a busy one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from linter.kit.examples import code_cell, markdown_cell, notebook

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]

RISKY = notebook(
    markdown_cell("# Score the churn model"),
    code_cell("import pickle\nmodel = pickle.load(open('model.pkl', 'rb'))"),
)
FIXED = notebook(
    markdown_cell("# Score the churn model"),
    code_cell("import skops.io as sio\nmodel = sio.load('model.skops', trusted=None)"),
)


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    home = tmp_path_factory.mktemp("pre-commit-home")
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("PRE_COMMIT", "GIT_"))}
    return {**environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}


def test_hook_manifest_is_valid(env: dict[str, str]) -> None:
    proc = _run([*PRE_COMMIT, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], ROOT, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_try_repo_fails_on_the_risky_notebook_then_passes_once_fixed(tmp_path: Path, env: dict[str, str]) -> None:
    assert shutil.which("git"), "git is needed by pre-commit"
    repo = tmp_path / "project"
    repo.mkdir()
    _run(["git", "init", "-q"], repo, env).check_returncode()
    (repo / "analysis.ipynb").write_text(RISKY, encoding="utf-8")
    (repo / "README.md").write_text("# not scanned: the hook's `files` leaves it out\n", encoding="utf-8")
    _run(["git", "add", "."], repo, env).check_returncode()

    failed = _run([*PRE_COMMIT, "try-repo", str(ROOT), "mlsafe", "--all-files"], repo, env)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "analysis.ipynb:cell 2:2:9: MLS101 `pickle.load`" in output, output
    assert "MLS001" not in output and "README.md:" not in output, output  # README.md not passed

    (repo / "analysis.ipynb").write_text(FIXED, encoding="utf-8")
    _run(["git", "add", "."], repo, env).check_returncode()
    passed = _run([*PRE_COMMIT, "try-repo", str(ROOT), "mlsafe", "--all-files"], repo, env)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


def readme_snippet() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## pre-commit\n", 1)[1].split("\n## ", 1)[0]
    return section.split("```yaml\n", 1)[1].split("```", 1)[0]


def test_readme_snippet_rev_exists_and_the_config_runs_the_hook(tmp_path: Path, env: dict[str, str]) -> None:
    """The README's `.pre-commit-config.yaml` as a user pastes it, with only the repository URL
    pointing at this clone: its `rev:` must name a tag or commit of this repository."""
    snippet = readme_snippet()
    (url,) = re.findall(r"repo: (\S+)", snippet)
    (rev,) = re.findall(r"rev: (\S+)", snippet)
    assert url == "https://github.com/mlsafe/mlsafe"
    resolved = _run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], ROOT, env)
    assert resolved.returncode == 0, f"rev {rev} is not a tag or commit of this repository: create it (git tag {rev})"

    repo = tmp_path / "project"
    repo.mkdir()
    _run(["git", "init", "-q"], repo, env).check_returncode()
    (repo / ".pre-commit-config.yaml").write_text(snippet.replace(url, str(ROOT)), encoding="utf-8")
    (repo / "analysis.ipynb").write_text(RISKY, encoding="utf-8")
    _run(["git", "add", "."], repo, env).check_returncode()
    failed = _run([*PRE_COMMIT, "run", "--all-files"], repo, env)
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "analysis.ipynb:cell 2:2:9: MLS101 `pickle.load`" in output, output
