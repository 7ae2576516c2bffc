"""The extension in Jupyter Notebook 7 (`jupyter notebook`), in a real browser: headless Debian
Chromium driven by Playwright against a real Notebook 7 server subprocess (127.0.0.1, random
token). Notebook 7 has no status bar: the count sits in the page's top bar; the panel is in its
right sidebar."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_support import cell, open_in_notebook7, type_at_end
from lab_support import ARTIFACTS, LabServer, start_lab, stop_lab
from playwright.sync_api import BrowserContext, expect
from test_jupyter_browser import DEMO, FIXABLE


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
    load_cell = cell(page, 2)

    # The underline is in the cell holding pickle.load, on the call, and nowhere else.
    mark = load_cell.locator(".cm-lintRange.mlsafe-code-MLS101")
    expect(mark).to_have_count(1)
    expect(mark).to_have_text("pickle.load(f)")
    expect(load_cell.locator(".cm-content .cm-line").nth(1).locator(".mlsafe-code-MLS101")).to_have_text(
        "pickle.load(f)"
    )
    for other in (0, 1, 3):
        expect(cell(page, other).locator(".cm-lintRange")).to_have_count(0)

    # Hover shows code, message and the rule's docs link.
    mark.hover()
    tooltip = page.locator(".cm-tooltip-lint")
    expect(tooltip).to_contain_text("MLS101")
    expect(tooltip).to_contain_text("pickle")
    expect(tooltip.locator("a.mlsafe-diagnostic-link")).to_have_attribute(
        "href", "https://github.com/mlsafe/mlsafe/blob/main/docs/rules.md#mls101-pickle-load"
    )
    page.mouse.move(700, 10)

    # The count is in the top bar (there is no status bar); a click opens the right sidebar's panel.
    status = page.locator("#top-panel .mlsafe-status")
    expect(status).to_have_text("mlsafe: 1")
    panel = page.locator("#mlsafe-findings")
    expect(panel).to_be_hidden()
    status.click()
    expect(panel).to_be_visible()
    expect(page.locator("#jp-right-stack #mlsafe-findings")).to_have_count(1)
    expect(panel.locator(".mlsafe-panel-header")).to_have_text("1 finding in demo.ipynb")
    items = panel.locator(".mlsafe-finding")
    expect(items).to_have_count(1)
    expect(items.first.locator(".mlsafe-finding-code")).to_have_text("MLS101")
    expect(items.first.locator(".mlsafe-finding-where")).to_have_text("cell 3:2:13")
    ARTIFACTS.mkdir(exist_ok=True)
    mark.hover()
    expect(tooltip).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "notebook7-findings.png"))
    page.mouse.move(700, 10)

    # An unsaved edit adding pickle.load(f) to the last cell gets its own diagnostic.
    type_at_end(page, cell(page, 3), "\nmore = pickle.load(f)")
    new_mark = cell(page, 3).locator(".cm-lintRange.mlsafe-code-MLS101")
    expect(new_mark).to_have_count(1)
    expect(new_mark).to_have_text("pickle.load(f)")
    expect(items).to_have_count(2)
    expect(items.nth(1).locator(".mlsafe-finding-where")).to_have_text("cell 4:4:8")
    expect(status).to_have_text("mlsafe: 2")
    assert "more = pickle.load" not in (notebook7.root / "demo.ipynb").read_text(), "the edit must be unsaved"

    # A click on a finding makes its cell the active one.
    items.first.click()
    expect(cell(page, 2)).to_have_class(re.compile(r"\bjp-mod-active\b"))
    page.close()


def test_quick_fix_from_the_panel_in_notebook7(browser: BrowserContext, notebook7: LabServer) -> None:
    page = open_in_notebook7(browser, notebook7, "fixable.ipynb", FIXABLE)
    mark = cell(page, 1).locator(".cm-lintRange.mlsafe-code-MLS102")
    expect(mark).to_have_count(1)
    page.locator("#top-panel .mlsafe-status").click()
    button = page.locator("#mlsafe-findings .mlsafe-finding .mlsafe-fix")
    expect(button).to_have_text("Fix: Pass weights_only=True")
    button.click()
    expect(mark).to_have_count(0)
    expect(cell(page, 1).locator(".cm-content")).to_contain_text("state = torch.load('ckpt.pt', weights_only=True)")
    expect(page.locator("#top-panel .mlsafe-status")).to_have_text("mlsafe: 0")
    page.close()
