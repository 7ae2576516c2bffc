"""Underlines that follow the text through every kind of edit, in a real browser: undo, redo, cut
and paste, a quick retype of the same code, cell move, split and merge. After each edit the
underline is there (or gone) at the right cell and line, and agrees with the status bar.

The bug these guard against: the editor skipped a dispatch when the new findings equalled the last
ones sent, but CodeMirror had dropped the marks with the deleted text, so the status bar counted a
finding that no cell showed."""

from __future__ import annotations

import re

from browser_support import cell, expect_mark, expect_no_mark, open_notebook
from lab_support import LabServer
from playwright.sync_api import BrowserContext, Locator, Page, expect

from linter.kit.examples import code_cell, notebook

LOAD = "model = pickle.load(f)"
EDITING = notebook(
    code_cell("import pickle\n"),
    code_cell(f"f = open('model.pkl', 'rb')\n{LOAD}\nprint(model)\n"),
    code_cell("total = 1 + 2\n"),
)
MARK = "pickle.load(f)"


def select_line(page: Page, target: Locator, line: int) -> None:
    """Put the cursor in the cell and select its 1-based ``line`` with the line break."""
    target.locator(".cm-content").click()
    page.keyboard.press("Control+Home")
    for _ in range(line - 1):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Home")
    page.keyboard.press("Shift+ArrowDown")


def command_mode(page: Page, target: Locator) -> None:
    target.locator(".jp-InputPrompt").click()
    expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")).to_have_class(
        re.compile(r"\bjp-mod-commandMode\b")
    )


def test_undo_redo_restore_and_remove_the_underline(browser: BrowserContext, lab: LabServer) -> None:
    page = open_notebook(browser, lab, "undo.ipynb", EDITING)
    target, status = cell(page, 1), page.locator(".mlsafe-status")
    expect_mark(target, "MLS101", 2, MARK)
    for _ in range(2):  # the second round: the same findings as before the delete, again
        select_line(page, target, 2)
        page.keyboard.press("Delete")
        expect_no_mark(target, "MLS101")
        expect(status).to_have_text("mlsafe: 0")
        page.keyboard.press("Control+z")
        expect(target.locator(".cm-content")).to_contain_text(LOAD)
        expect_mark(target, "MLS101", 2, MARK)
        expect(status).to_have_text("mlsafe: 1")
    page.keyboard.press("Control+Shift+z")
    expect(target.locator(".cm-content")).not_to_contain_text(LOAD)
    expect_no_mark(target, "MLS101")
    expect(status).to_have_text("mlsafe: 0")
    page.keyboard.press("Control+z")
    expect_mark(target, "MLS101", 2, MARK)
    expect(status).to_have_text("mlsafe: 1")
    page.close()


def test_cut_and_paste_move_the_underline(browser: BrowserContext, lab: LabServer) -> None:
    page = open_notebook(browser, lab, "cut.ipynb", EDITING)
    status = page.locator(".mlsafe-status")
    expect_mark(cell(page, 1), "MLS101", 2, MARK)
    select_line(page, cell(page, 1), 2)
    page.keyboard.press("Control+x")
    expect_no_mark(cell(page, 1), "MLS101")
    expect(status).to_have_text("mlsafe: 0")
    # Pasted back where it was: the same finding as before the cut.
    page.keyboard.press("Control+v")
    expect_mark(cell(page, 1), "MLS101", 2, MARK)
    expect(status).to_have_text("mlsafe: 1")
    # Cut again and pasted at the end of the last cell: the underline moves there.
    select_line(page, cell(page, 1), 2)
    page.keyboard.press("Control+x")
    cell(page, 2).locator(".cm-content").click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Control+v")
    expect_no_mark(cell(page, 1), "MLS101")
    expect_mark(cell(page, 2), "MLS101", 2, MARK)
    expect(status).to_have_text("mlsafe: 1")
    page.close()


def test_quick_retype_of_the_same_code(browser: BrowserContext, lab: LabServer) -> None:
    page = open_notebook(browser, lab, "retype.ipynb", EDITING)
    target = cell(page, 1)
    expect_mark(target, "MLS101", 2, MARK)
    source = "f = open('model.pkl', 'rb')\n" + LOAD + "\nprint(model)"
    for _ in range(2):
        target.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.press("Delete")
        page.keyboard.type(source)  # no pause: the retype lands within the debounce
        expect(target.locator(".cm-content")).to_contain_text(LOAD)
        expect_mark(target, "MLS101", 2, MARK)
        expect(page.locator(".mlsafe-status")).to_have_text("mlsafe: 1")
    page.close()


def test_cell_move_split_and_merge(browser: BrowserContext, lab: LabServer) -> None:
    page = open_notebook(browser, lab, "move.ipynb", EDITING)
    status = page.locator(".mlsafe-status")
    expect_mark(cell(page, 1), "MLS101", 2, MARK)

    # Move the cell down: the underline goes with it, still on its line 2.
    command_mode(page, cell(page, 1))
    page.keyboard.press("Control+Shift+ArrowDown")
    expect(cell(page, 2).locator(".cm-content")).to_contain_text(LOAD)
    expect_mark(cell(page, 2), "MLS101", 2, MARK)
    expect_no_mark(cell(page, 1), "MLS101")
    # And back up.
    page.keyboard.press("Control+Shift+ArrowUp")
    expect(cell(page, 1).locator(".cm-content")).to_contain_text(LOAD)
    expect_mark(cell(page, 1), "MLS101", 2, MARK)
    expect_no_mark(cell(page, 2), "MLS101")

    # Split before line 2: the load is line 1 of the new cell below.
    target = cell(page, 1)
    target.locator(".cm-content").click()
    page.keyboard.press("Control+Home")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Home")
    page.keyboard.press("Control+Shift+Minus")
    expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell")).to_have_count(4)
    expect(cell(page, 2).locator(".cm-content")).to_contain_text(LOAD)
    expect_mark(cell(page, 2), "MLS101", 1, MARK)
    expect_no_mark(cell(page, 1), "MLS101")
    expect(status).to_have_text("mlsafe: 1")

    # Merge it with the cell above: back to one cell, the load on a later line.
    command_mode(page, cell(page, 2))
    page.keyboard.press("Control+Backspace")
    expect(page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell")).to_have_count(3)
    merged = cell(page, 1)
    expect(merged.locator(".cm-content")).to_contain_text(LOAD)
    lines = merged.locator(".cm-content .cm-line").all_inner_texts()
    expect_mark(merged, "MLS101", lines.index(LOAD) + 1, MARK)
    expect_no_mark(cell(page, 2), "MLS101")
    expect(status).to_have_text("mlsafe: 1")
    page.close()
