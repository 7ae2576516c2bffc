"""The extension in Jupyter Notebook 7 (`jupyter notebook`), in a real browser: headless Debian
Chromium driven by Playwright against a real Notebook 7 server subprocess (127.0.0.1, random
token). Notebook 7 has no status bar: the count sits in the page's top bar; the panel is in its
right sidebar."""

from __future__ import annotations

from collections.abc import Iterator

import browser_support as steps
import pytest
from browser_support import DEMO, FIXABLE, MLS101_DOCS, open_in_notebook7
from lab_support import LabServer, start_lab, stop_lab
from playwright.sync_api import BrowserContext, expect


@pytest.fixture(scope="module")
def notebook7(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    server = start_lab(tmp_path_factory.mktemp("notebook7"), app="notebook")
    try:
        yield server
    finally:
        stop_lab(server)


def test_findings_in_notebook7(browser: BrowserContext, notebook7: LabServer) -> None:
    page = open_in_notebook7(browser, notebook7, "demo.ipynb", DEMO)
    # The page is Notebook 7's notebook page, not JupyterLab.
    expect(page.locator("body[data-notebook='notebooks']")).to_have_count(1)
    expect(page.locator("#jp-main-dock-panel, .jp-LabShell")).to_have_count(0)
    mark = steps.expect_only_underline(page, 2, "MLS101", 2, "pickle.load(f)")
    steps.expect_hover_card(page, mark, "MLS101", "pickle", MLS101_DOCS)

    # The count is in the top bar (there is no status bar); a click opens the right sidebar's panel.
    status = page.locator("#top-panel .mlsafe-status")
    expect(status).to_have_text("mlsafe: 1")
    panel = page.locator("#mlsafe-findings")
    expect(panel).to_be_hidden()
    status.click()
    expect(page.locator("#jp-right-stack #mlsafe-findings")).to_have_count(1)
    items = steps.expect_listed(panel, "1 finding in demo.ipynb", [("MLS101", "cell 3:2:13")])
    steps.screenshot_hovered(page, mark, "notebook7-findings.png")

    steps.expect_unsaved_edit_linted(page, items, status, notebook7.root / "demo.ipynb")
    steps.expect_click_activates(page, items.first, 2)
    page.close()


def test_quick_fix_from_the_panel_in_notebook7(browser: BrowserContext, notebook7: LabServer) -> None:
    page = open_in_notebook7(browser, notebook7, "fixable.ipynb", FIXABLE)
    steps.fix_from_panel(page, page.locator("#top-panel .mlsafe-status"))
    page.close()
