"""Fixtures of the JupyterLab tests: one `jupyter lab` subprocess for the whole session.

The server runs as a subprocess (not pytest-jupyter's in-process async fixtures), so Playwright's
sync API can drive a browser in the same pytest process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lab_support import LabServer, start_lab, stop_lab


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    server = start_lab(tmp_path_factory.mktemp("lab"))
    try:
        yield server
    finally:
        stop_lab(server)

