"""Shared fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``mlsafe check`` run in-process writes its result cache to a fresh folder per test, not to
    ``.mlsafe_cache`` in the repository (tests that monkeypatch rules must never see stale entries)."""
    import linter.cli

    folder = tmp_path_factory.mktemp("mlsafe-cache") / ".mlsafe_cache"
    monkeypatch.setattr(linter.cli, "DEFAULT_CACHE_DIR", str(folder))
    return folder


# The [project.urls] of mlsafe's pyproject.toml as the tests that check links expect them; the
# links are read from the installed metadata, which a checkout may not declare (tests/test_links.py
# checks that reading itself).
DECLARED_URLS = (
    ("Homepage", "https://github.com/mlsafe/mlsafe"),
    ("Rules", "https://github.com/mlsafe/mlsafe/blob/main/docs/rules.md"),
)


@pytest.fixture
def declared_urls(monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[str, str], ...]:
    """Findings, SARIF and docs link to DECLARED_URLS during the test."""
    import linter.links

    monkeypatch.setattr(linter.links, "project_urls", lambda: DECLARED_URLS)
    return DECLARED_URLS


@pytest.fixture(scope="session")
def mlsafe_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder holding the sdist and the wheel of mlsafe, built as a release is:
    ``python -m build`` (an isolated build environment, the wheel built from the sdist). Takes 20 to
    60 s: setuptools is installed into the build environment each time."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(root)], capture_output=True, text=True, timeout=900
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out
