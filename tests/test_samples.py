"""The bundled samples in test_notebooks/: each scanned file's findings are exactly the ones listed
in its sidecar ``<file>.expected`` (one ``LOCATION CODE`` a line, location as the text report prints
it without the path: ``cell 3:6:16`` or ``cell 2:output 1:1:5`` or ``12:5``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.api import lint_paths
from linter.report.text import location

SAMPLES = Path(__file__).resolve().parent.parent / "test_notebooks"
SCANNED = sorted(p for p in SAMPLES.rglob("*") if p.is_file() and not p.name.endswith((".expected", ".md")))


def _expected(path: Path) -> list[str]:
    sidecar = path.with_name(path.name + ".expected")
    assert sidecar.is_file(), f"{sidecar.name} is missing: every sample lists its expected findings"
    lines = (line.split("#", 1)[0].strip() for line in sidecar.read_text().splitlines())
    return sorted(line for line in lines if line)


@pytest.fixture(scope="module")
def found() -> dict[str, list[str]]:
    result = lint_paths([SAMPLES])
    by_file: dict[str, list[str]] = {}
    for finding in result.findings:
        where = location(finding).split(":", 1)[1]
        by_file.setdefault(finding.location.path, []).append(f"{where} {finding.code}")
    return by_file


@pytest.mark.parametrize("path", SCANNED, ids=lambda p: p.name)
def test_sample_findings(path: Path, found: dict[str, list[str]]) -> None:
    assert sorted(found.get(str(path), [])) == _expected(path)


def test_samples_exist() -> None:
    assert SCANNED, "test_notebooks/ holds no samples"
