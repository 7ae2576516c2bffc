"""Helpers of the browser tests: headless Debian Chromium (``/usr/bin/chromium``, installed by
``.ci/run``) driven by Playwright's sync API against a real ``jupyter lab`` (or Notebook 7
``jupyter notebook``) subprocess."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lab_support import ARTIFACTS, LabServer
from playwright.sync_api import BrowserContext, Locator, Page, expect, sync_playwright

from linter.kit.examples import code_cell, markdown_cell, notebook

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
TIMEOUT_MS = 30_000
expect.set_options(timeout=15_000)  # a page load starts a kernel; a loaded CI machine is slow

#: The cells of the notebook shown (JupyterLab and Notebook 7 alike).
CELLS = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell"
#: The hover card of a diagnostic.
TOOLTIP = ".cm-tooltip-lint"

#: One unsafe load, in cell 3 line 2 (the steps below over DEMO are shared by JupyterLab and Notebook 7).
DEMO = notebook(
    markdown_cell("# Load the model\nA notebook with one unsafe load."),
    code_cell("import pickle\nimport numpy as np\n"),
    code_cell("with open('model.pkl', 'rb') as f:\n    model = pickle.load(f)\n"),
    code_cell("weights = np.zeros(3)\nprint(weights)\n"),
)
#: One `torch.load` without `weights_only`, fixable, in cell 2.
FIXABLE = notebook(code_cell("import torch\n"), code_cell("state = torch.load('ckpt.pt')\nprint(state)\n"))
MLS101_DOCS = "https://github.com/mlsafe/mlsafe/blob/main/docs/rules.md#mls101-pickle-load"


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


def expect_only_underline(page: Page, index: int, code: str, line: int, text: str) -> Locator:
    """Exactly one underline in the notebook: ``code``, in cell ``index`` (0-based) on its 1-based
    ``line``, over ``text``. Returns the underline."""
    target = cell(page, index)
    expect_mark(target, code, line, text)
    mark = target.locator(f".cm-lintRange.mlsafe-code-{code}")
    expect(mark).to_have_text(text)
    expect(page.locator(f"{CELLS} .cm-lintRange")).to_have_count(1)
    return mark


def expect_hover_card(page: Page, mark: Locator, code: str, word: str, docs: str) -> Locator:
    """Hovering ``mark`` shows ``code``, a message holding ``word`` and the rule's ``docs`` link.
    Returns the card."""
    mark.hover()
    tooltip = page.locator(TOOLTIP)
    expect(tooltip).to_contain_text(code)
    expect(tooltip).to_contain_text(word)
    expect(tooltip.locator("a.mlsafe-diagnostic-link")).to_have_attribute("href", docs)
    page.mouse.move(700, 10)
    return tooltip


def expect_listed(panel: Locator, header: str, findings: list[tuple[str, str]]) -> Locator:
    """The findings panel is shown with ``header`` and lists ``findings`` ((code, where) each), in
    order. Returns the panel's items."""
    expect(panel).to_be_visible()
    expect(panel.locator(".mlsafe-panel-header")).to_have_text(header)
    items = panel.locator(".mlsafe-finding")
    expect(items).to_have_count(len(findings))
    expect(items.locator(".mlsafe-finding-code")).to_have_text([code for code, _ in findings])
    expect(items.locator(".mlsafe-finding-where")).to_have_text([where for _, where in findings])
    return items


def screenshot_hovered(page: Page, mark: Locator, name: str) -> None:
    """A screenshot ``artifacts/name`` with the hover card of ``mark`` open."""
    ARTIFACTS.mkdir(exist_ok=True)
    mark.hover()
    expect(page.locator(TOOLTIP)).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / name))
    page.mouse.move(700, 10)


def expect_unsaved_edit_linted(page: Page, items: Locator, status: Locator, saved: Path) -> None:
    """In DEMO, an unsaved edit adding ``pickle.load(f)`` to the last cell gets its own underline,
    a second item in the panel and a count of 2; the file ``saved`` is not written."""
    type_at_end(page, cell(page, 3), "\nmore = pickle.load(f)")
    new_mark = cell(page, 3).locator(".cm-lintRange.mlsafe-code-MLS101")
    expect(new_mark).to_have_count(1)
    expect(new_mark).to_have_text("pickle.load(f)")
    expect(items).to_have_count(2)
    expect(items.nth(1).locator(".mlsafe-finding-where")).to_have_text("cell 4:4:8")
    expect(status).to_have_text("mlsafe: 2")
    assert "more = pickle.load" not in saved.read_text(), "the edit must be unsaved"


def expect_click_activates(page: Page, item: Locator, index: int) -> None:
    """A click on the panel's ``item`` makes cell ``index`` (0-based) the active one."""
    item.click()
    expect(cell(page, index)).to_have_class(re.compile(r"\bjp-mod-active\b"))


def fix_from_panel(page: Page, status: Locator) -> None:
    """In FIXABLE, the panel's fix button adds ``weights_only=True`` to the live cell; the cell is
    linted again and its underline and the count go."""
    mark = cell(page, 1).locator(".cm-lintRange.mlsafe-code-MLS102")
    expect(mark).to_have_count(1)
    status.click()
    button = page.locator("#mlsafe-findings .mlsafe-finding .mlsafe-fix")
    expect(button).to_have_text("Fix: Pass weights_only=True")
    expect(button.locator("code.mlsafe-code-span")).to_have_text("weights_only=True")
    button.click()
    expect(mark).to_have_count(0)
    expect(cell(page, 1).locator(".cm-content")).to_contain_text("state = torch.load('ckpt.pt', weights_only=True)")
    expect(status).to_have_text("mlsafe: 0")
