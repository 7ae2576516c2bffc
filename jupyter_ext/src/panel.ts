/**
 * The right-sidebar panel: every finding of the current notebook; a click jumps to its cell and
 * line (or output).
 */
import { LabIcon } from '@jupyterlab/ui-components';

import { IFix } from './api';
import { where } from './findings';
import { IPlacedFinding, LinterView, NotebookLinter } from './linter';
import { refused } from './notices';
import { outputActions } from './outputs';
import { actionButton, docsLink, renderMessage } from './render';
import { applyEdits, staleFix } from './positions';

const SHIELD =
  '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">' +
  '<path class="jp-icon3" fill="#616161" d="M12 1 3 5v6c0 5.55 3.84 10.74 9 12 5.16-1.26 9-6.45 ' +
  '9-12V5l-9-4zm-1 6h2v6h-2V7zm0 8h2v2h-2v-2z"/></svg>';

export const mlsafeIcon = new LabIcon({ name: 'mlsafe-jupyter:shield', svgstr: SHIELD });

export class FindingsPanel extends LinterView {
  constructor() {
    super();
    this.id = 'mlsafe-findings';
    this.addClass('mlsafe-panel');
    this.title.icon = mlsafeIcon;
    this.title.caption = 'mlsafe findings';
    this._header = document.createElement('div');
    this._header.className = 'mlsafe-panel-header';
    this._list = document.createElement('ul');
    this._list.className = 'mlsafe-panel-list';
    this.node.appendChild(this._header);
    this.node.appendChild(this._list);
    this.render();
  }

  render(): void {
    const linter = this.linter;
    this._list.replaceChildren();
    if (!linter) {
      this._header.textContent = 'mlsafe: open a notebook to see its findings.';
      return;
    }
    const findings = linter.findings;
    const name = linter.panel.context.localPath.split('/').pop();
    if (linter.state === 'off') {
      this._header.textContent = 'mlsafe is turned off in the settings.';
    } else if (linter.state === 'failed') {
      this._header.textContent = `mlsafe could not lint ${name}: ${linter.lastError}`;
    } else if (linter.state === 'idle') {
      this._header.textContent = `mlsafe: linting ${name}…`;
    } else {
      const plural = findings.length === 1 ? '' : 's';
      this._header.textContent = `${findings.length} finding${plural} in ${name}`;
    }
    for (const finding of findings) {
      this._list.appendChild(this._item(linter, finding));
    }
  }

  private _item(linter: NotebookLinter, finding: IPlacedFinding): HTMLElement {
    const item = document.createElement('li');
    item.className = `mlsafe-finding mlsafe-severity-${finding.severity}`;
    item.dataset.code = finding.code;
    item.dataset.cellId = finding.cellId ?? '';
    item.title = `${finding.code} ${finding.name} (${finding.severity}): click to show`;
    const head = document.createElement('div');
    head.className = 'mlsafe-finding-head';
    const code = document.createElement('span');
    code.className = 'mlsafe-finding-code';
    code.textContent = finding.code;
    const place = document.createElement('span');
    place.className = 'mlsafe-finding-where';
    place.textContent = where(finding);
    head.append(code, place);
    const message = document.createElement('div');
    message.className = 'mlsafe-finding-message';
    message.appendChild(renderMessage(finding.message, 'mlsafe-finding-text'));
    const link = docsLink(finding);
    if (link) {
      message.append(' ', link);
    }
    item.append(head, message);
    const fix = finding.fix;
    if (fix) {
      const label = `Fix: ${fix.title}` + (fix.applicability === 'unsafe' ? ' (unsafe)' : '');
      const button = actionButton('', 'mlsafe-fix', () => applyFix(linter, fix));
      button.appendChild(renderMessage(label, 'mlsafe-fix-label'));
      button.title = 'Apply this fix to the cell (undo with Ctrl+Z in the cell)';
      item.append(button);
    }
    if (finding.output !== null) {
      item.append(outputActions(linter, [finding], 'mlsafe-finding-actions'));
    }
    item.addEventListener('click', () => void reveal(linter, finding));
    return item;
  }

  private _header: HTMLElement;
  private _list: HTMLElement;
}

/** Scroll to the finding's cell, then put the cursor at its line (or show its output). */
export async function reveal(linter: NotebookLinter, finding: IPlacedFinding): Promise<void> {
  const notebook = linter.panel.content;
  const index = notebook.widgets.findIndex(cell => cell.model.id === finding.cellId);
  if (index < 0) {
    return;
  }
  notebook.activeCellIndex = index;
  await notebook.scrollToItem(index, 'center');
  const cell = notebook.widgets[index];
  await cell.ready;
  if (finding.output !== null) {
    notebook.mode = 'command';
    const output = cell.node.querySelectorAll('.jp-OutputArea-child')[finding.output];
    output?.scrollIntoView({ block: 'center' });
    notebook.node.focus();
    return;
  }
  notebook.mode = 'edit';
  cell.editor?.setCursorPosition({ line: finding.line - 1, column: finding.column - 1 });
  cell.editor?.focus();
}

/**
 * Apply a fix to the live cells through their shared models (the notebook model in the browser,
 * so undo works and the change is linted again like any edit); each edit finds its cell by id, and
 * the fix is refused (with a message) when a line it edits changed since it was checked.
 */
export function applyFix(linter: NotebookLinter, fix: IFix): boolean {
  const reason = staleFix(fix.edits, linter.fixTexts());
  if (reason) {
    refused('fix', reason);
    return false;
  }
  applyEdits(fix.edits, edit => linter.cellModel(edit.cell_id)?.sharedModel);
  return true;
}
