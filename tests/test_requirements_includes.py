"""Requirements includes are followed by the reader (rules never read files): relative to the
including file, transitively, each file once, cycles included."""

from __future__ import annotations

from pathlib import Path

from linter.api import lint_paths
from linter.config import Config


def _findings(paths: list[Path]) -> list[tuple[str, int, int, str]]:
    result = lint_paths(paths, Config(select=("MLS4", "MLS002")))
    return [(Path(f.location.path).name, f.location.line, f.location.column, f.code) for f in result.findings]


def test_includes_followed_relative_to_the_including_file_with_a_cycle_guard(tmp_path: Path) -> None:
    (tmp_path / "reqs").mkdir()
    (tmp_path / "requirements.txt").write_text("-r reqs/base.txt\ntorch==2.4.1\n")
    (tmp_path / "reqs" / "base.txt").write_text("numpy>=1\n-c ../pins.txt\n-r ../requirements.txt\n")
    (tmp_path / "pins.txt").write_text("--extra-index-url https://e.org\nscipy\n")
    found = _findings([tmp_path / "requirements.txt"])
    assert sorted(found) == [("base.txt", 1, 1, "MLS402"), ("pins.txt", 1, 1, "MLS404"), ("pins.txt", 2, 1, "MLS402")]


def test_an_include_already_walked_is_scanned_once(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("-r requirements-dev.txt\n")
    (tmp_path / "requirements-dev.txt").write_text("pytest\n")
    assert _findings([tmp_path]) == [("requirements-dev.txt", 1, 1, "MLS402")]
    assert lint_paths([tmp_path]).files == 2


def test_a_missing_include_is_reported_on_its_path(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("-r missing.txt\n-r https://example.org/r.txt\n")
    assert _findings([tmp_path / "requirements.txt"]) == [("missing.txt", 1, 1, "MLS002")]
