"""The flake8 plugin, run the way users run it: ``flake8`` in a subprocess on real files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from linter.kit.examples import code_cell, notebook

SCRIPT = (
    "import pickle as pk\n"
    "\n"
    "with open('model.pkl', 'rb') as f:\n"
    "    model = pk.load(f)\n"
    "other = pk.loads(blob)  # noqa\n"
    "third = pk.loads(blob)  # noqa: MLS101\n"
    "import subprocess\n"
    "subprocess.run(cmd, shell=True)\n"
)


def flake8(cwd: Path, *args: str, stdin: str | None = None) -> tuple[int, list[str]]:
    proc = subprocess.run(
        [sys.executable, "-m", "flake8", "--isolated", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stdout.splitlines()


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    (tmp_path / "train.py").write_text(SCRIPT, encoding="utf-8")
    return tmp_path


def test_reports_mls_findings_at_flake8_positions(project: Path) -> None:
    code, lines = flake8(project, "--select", "MLS", "train.py")
    assert code == 1
    # flake8 prints 1-based columns from the plugin's 0-based ones: the same as `mlsafe check`
    assert len(lines) == 1 and lines[0].startswith("train.py:4:13: MLS101 `pk.load` (pickle.load)"), lines


def test_plugin_is_registered_and_on_by_default(project: Path) -> None:
    code, lines = flake8(project, "train.py")
    assert any(line.startswith("train.py:4:13: MLS101 ") for line in lines), lines
    assert any(" F821 " in line for line in lines), "flake8's own checks still run"
    version = subprocess.run([sys.executable, "-m", "flake8", "--version"], capture_output=True, text=True)
    assert "mlsafe: " in version.stdout


def test_flake8_select_and_ignore_apply(project: Path) -> None:
    _, lines = flake8(project, "--select", "E,F", "train.py")
    assert lines and not [line for line in lines if " MLS" in line], lines
    code, lines = flake8(project, "--select", "MLS", "--extend-ignore", "MLS101", "train.py")
    assert (code, lines) == (0, [])


def test_bare_noqa_is_flake8s_own(project: Path) -> None:
    """mlsafe itself ignores a bare ``# noqa``; flake8's noqa handling applies to the plugin's output
    (line 5), and ``# noqa: MLS101`` works either way (line 6)."""
    _, lines = flake8(project, "--select", "MLS", "train.py")
    assert not [line for line in lines if line.startswith(("train.py:5:", "train.py:6:"))]


def test_bandit_codes_are_not_reported_through_flake8(project: Path) -> None:
    _, lines = flake8(project, "--select", "MLS,B", "train.py")
    assert not [line for line in lines if " B602 " in line], lines


def test_standard_input(project: Path) -> None:
    code, lines = flake8(project, "--select", "MLS", "-", stdin=SCRIPT)
    assert code == 1 and lines and lines[0].startswith("stdin:4:13: MLS101 ")


def test_notebooks_are_not_analysed_by_the_plugin(tmp_path: Path) -> None:
    """flake8 would parse a notebook's JSON as a Python expression; the plugin reports nothing for
    it (``mlsafe check`` is the way for notebooks) rather than findings at meaningless lines."""
    (tmp_path / "nb.ipynb").write_text(notebook(code_cell("import pickle\npickle.load(f)")), encoding="utf-8")
    _, lines = flake8(tmp_path, "--select", "MLS", "--filename", "*.ipynb", "nb.ipynb")
    assert lines == []
