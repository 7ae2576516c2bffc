"""Fixtures of the JupyterLab tests: one `jupyter lab` subprocess for the whole session.

The server runs as a subprocess (not pytest-jupyter's in-process async fixtures), so Playwright's
sync API can drive a browser in the same pytest process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

try:
    import mlsafe_jupyter  # noqa: F401
except ImportError as error:  # a clear hint instead of a bare collection error
    raise ImportError(
        "the JupyterLab tests need the extension installed: "
        "python3 -m pip install -e '.[test]' './jupyter_ext[test]' (see README)"
    ) from error

from browser_support import chromium
from lab_support import LabServer, start_lab, stop_lab
from playwright.sync_api import BrowserContext


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    server = start_lab(tmp_path_factory.mktemp("lab"))
    try:
        yield server
    finally:
        stop_lab(server)


@pytest.fixture(scope="module")
def browser() -> Iterator[BrowserContext]:
    """A headless Chromium for the tests of one module (see browser_support)."""
    with chromium() as context:
        yield context
