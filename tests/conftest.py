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
