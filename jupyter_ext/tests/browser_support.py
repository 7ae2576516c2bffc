"""Helpers of the browser tests: headless Debian Chromium (``/usr/bin/chromium``, installed by
``.ci/run``) driven by Playwright's sync API against a real ``jupyter lab`` (or Notebook 7
``jupyter notebook``) subprocess."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lab_support import LabServer
from playwright.sync_api import BrowserContext, Locator, Page, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
TIMEOUT_MS = 30_000
expect.set_options(timeout=15_000)  # a page load starts a kernel; a loaded CI machine is slow

#: The cells of the notebook shown (JupyterLab and Notebook 7 alike).
CELLS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell"


@contextmanager
def chromium() -> Iterator[BrowserContext]:
    assert Path(CHROMIUM).exists(), "install Debian's chromium package (apt-get install -y chromium)"
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as profile:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        context.set_default_timeout(TIMEOUT_MS)
        try:
            yield context
        finally:
            context.close()


def open_notebook(context: BrowserContext, lab: LabServer, name: str, text: str) -> Page:
    """Open the notebook ``text``, saved as ``name``, in JupyterLab."""
    # A workspace of its own, so notebooks of earlier tests are not restored beside this one.
    return _open(context, lab, name, text, f"lab/workspaces/{name.replace('.', '-')}/tree/{name}?reset&")


def open_in_notebook7(context: BrowserContext, server: LabServer, name: str, text: str) -> Page:
    """Open the notebook ``text``, saved as ``name``, in Jupyter Notebook 7 (`jupyter notebook`)."""
    return _open(context, server, name, text, f"notebooks/{name}?")


def _open(context: BrowserContext, server: LabServer, name: str, text: str, path: str) -> Page:
    (server.root / name).write_text(text)
    page = context.new_page()
    # Errors of the page end up in the test's captured output (shown when it fails).
    page.on("console", lambda message: message.type == "error" and print("console:", message.text))
    page.on("pageerror", lambda error: print("page error:", error))
    page.goto(f"{server.url}{path}token={server.token}")
    page.locator(CELLS).first.wait_for()
    return page


def cell(page: Page, index: int) -> Locator:
    return page.locator(CELLS).nth(index)


def type_at_end(page: Page, target: Locator, text: str) -> None:
    target.locator(".cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.type(text)


def expect_mark(target: Locator, code: str, line: int, text: str) -> None:
    """Exactly one underline of ``code`` in the cell, on its 1-based ``line``, over ``text``."""
    marks = target.locator(f".cm-lintRange.mlsafe-code-{code}")
    expect(marks).to_have_count(1)
    expect(target.locator(".cm-content .cm-line").nth(line - 1).locator(f".mlsafe-code-{code}")).to_have_text(text)


def expect_no_mark(target: Locator, code: str) -> None:
    expect(target.locator(f".cm-lintRange.mlsafe-code-{code}")).to_have_count(0)
