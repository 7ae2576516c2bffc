/**
 * Findings in saved outputs: one badge per rule on each output (with a count), a hover card with
 * the messages and the output's actions, and the actions themselves: Redact (the server masks the
 * output's secrets and personal data) and Clear output. Both edit the cell's shared model in one
 * undoable transaction, so Ctrl+Z in the cell brings the output back, and the edit is linted again.
 */
import { Notification } from '@jupyterlab/apputils';
import { CodeCell, ICodeCellModel, isCodeCellModel } from '@jupyterlab/cells';

import { LintError, requestRedact } from './api';
import { badgeLabel, byRule, worst } from './findings';
import { IPlacedFinding, NotebookLinter } from './linter';
import { refused } from './notices';
import { actionButton, renderFinding } from './render';
import { mergeRedacted, slimOutputs } from './request';

/** An output as the shared model takes it. */
type Output = ReturnType<ICodeCellModel['sharedModel']['getOutputs']>[number];

/** Findings listed in one hover card at most (the badges count them all). */
const SHOWN = 12;

/** The code cell with this id, or null. */
function codeModel(linter: NotebookLinter, cellId: string | null): ICodeCellModel | null {
  const cell = linter.cellModel(cellId);
  return cell && isCodeCellModel(cell) ? cell : null;
}

/** Remove output `index` of the cell, undoably (the cell's undo manager records it). */
function removeOutput(cell: ICodeCellModel, index: number): void {
  const shared = cell.sharedModel;
  watch(cell);
  shared.transact(() => shared.updateOutputs(index, index + 1, []), true);
}

/** The origin of the output edits the cell model writes to its shared model. */
const CELL_MODEL_ORIGIN = 'silent-change';

/**
 * Replace output `index` of the cell, undoably. Through the cell's output model (the shared model
 * follows it): a replacement made in the shared model reaches the shown outputs as "append, then
 * delete", and JupyterLab merges an appended stream into the stream before it. The cell's undo
 * manager records the edit by tracking, for this one call, the origin the cell model writes with.
 */
function setOutput(cell: ICodeCellModel, index: number, output: Output): void {
  watch(cell);
  const undo = (cell.sharedModel as unknown as { undoManager: IUndoManager | null }).undoManager;
  const track = undo !== null && !undo.trackedOrigins.has(CELL_MODEL_ORIGIN);
  if (track) {
    undo.stopCapturing();
    undo.trackedOrigins.add(CELL_MODEL_ORIGIN);
  }
  try {
    cell.outputs.set(index, output);
  } finally {
    if (track) {
      undo.trackedOrigins.delete(CELL_MODEL_ORIGIN);
      undo.stopCapturing();
    }
  }
}

/** What of a Yjs undo manager is used here. */
interface IUndoManager {
  trackedOrigins: Set<unknown>;
  stopCapturing(): void;
}

/** What of an output list shows (multiline strings joined), to compare two forms of it. */
function shown(outputs: unknown[]): string {
  return JSON.stringify(outputs, (_, value) =>
    Array.isArray(value) && value.every(part => typeof part === 'string') ? value.join('') : value
  );
}

const watched = new WeakSet<ICodeCellModel>();

/**
 * Keep the outputs shown equal to the cell's shared model after our edits and their undo.
 * JupyterLab applies an outputs change of the shared model to the shown outputs by appending the
 * inserted ones and merging a stream into the stream before it, so a replaced or restored output
 * can show in the wrong place, or vanish, although the notebook holds it. When they differ, the
 * shown outputs are rebuilt from the shared model (without writing back to it).
 */
function watch(cell: ICodeCellModel): void {
  if (watched.has(cell)) {
    return;
  }
  watched.add(cell);
  cell.sharedModel.changed.connect((_, change) => {
    if (!change.outputsChange || cell.isDisposed || cell.executionState === 'running') {
      return;
    }
    const saved = cell.sharedModel.getOutputs();
    if (shown(cell.outputs.toJSON()) === shown(saved)) {
      return;
    }
    // The cell model writes every change of its output list back to the shared model: not this one.
    const model = cell as unknown as { onOutputsChange: (...args: unknown[]) => void };
    cell.outputs.changed.disconnect(model.onOutputsChange, cell);
    try {
      cell.outputs.clear();
      saved.forEach(output => cell.outputs.add(output));
    } finally {
      cell.outputs.changed.connect(model.onOutputsChange, cell);
    }
  });
}

/** Remove one output of a cell. */
export function clearOutput(linter: NotebookLinter, cellId: string | null, index: number): boolean {
  const cell = codeModel(linter, cellId);
  if (!cell || index >= cell.sharedModel.getOutputs().length) {
    refused('clear output', 'the output is gone');
    return false;
  }
  removeOutput(cell, index);
  return true;
}

/** Mask the secrets and personal data of one output (the server finds and masks them). */
export async function redactOutput(
  linter: NotebookLinter,
  cellId: string | null,
  index: number
): Promise<boolean> {
  const cell = codeModel(linter, cellId);
  const before = cell?.sharedModel.getOutputs()[index];
  if (!cell || !before) {
    refused('redaction', 'the output is gone');
    return false;
  }
  let answer;
  try {
    answer = await requestRedact((slimOutputs([before]) as unknown[])[0], linter.config.ignore);
  } catch (error) {
    const why = error instanceof LintError ? error.message : String(error);
    refused('redaction', `the server could not redact the output (${why})`);
    return false;
  }
  const now = cell.sharedModel.getOutputs()[index];
  if (!now || JSON.stringify(now) !== JSON.stringify(before)) {
    refused('redaction', 'the output changed while it was being redacted; try again');
    return false;
  }
  if (answer.masked === 0) {
    Notification.info('mlsafe: nothing to redact in this output.', { autoClose: 5000 });
    return false;
  }
  const merged = mergeRedacted(before as Record<string, unknown>, answer.output);
  setOutput(cell, index, merged as unknown as Output);
  return true;
}

/** The Redact (when the output holds values to mask) and Clear output buttons of an output. */
export function outputActions(
  linter: NotebookLinter,
  findings: IPlacedFinding[],
  className: string
): HTMLElement {
  const node = document.createElement('div');
  node.className = className;
  const { cellId, output } = findings[0];
  if (output === null) {
    return node;
  }
  if (findings.some(f => f.redactable)) {
    const redact = actionButton('Redact', 'mlsafe-redact', () => {
      void redactOutput(linter, cellId, output);
    });
    redact.title =
      'Mask the secrets and personal data of this output (undo with Ctrl+Z in the cell)';
    node.appendChild(redact);
  }
  const clear = actionButton('Clear output', 'mlsafe-clear-output', () => {
    clearOutput(linter, cellId, output);
  });
  clear.title = 'Remove this output (undo with Ctrl+Z in the cell)';
  node.appendChild(clear);
  return node;
}

/** The badges of one output's findings and their hover card. */
function outputMarker(linter: NotebookLinter, findings: IPlacedFinding[]): HTMLElement {
  const marker = document.createElement('div');
  marker.className = `mlsafe-output-marker mlsafe-severity-${worst(findings)}`;
  marker.tabIndex = 0;
  for (const group of byRule(findings)) {
    const badge = document.createElement('span');
    badge.className = `mlsafe-output-badge mlsafe-severity-${worst(group.findings)}`;
    badge.dataset.code = group.code;
    badge.textContent = badgeLabel(group.code, group.findings.length);
    marker.appendChild(badge);
  }
  const card = document.createElement('div');
  card.className = 'mlsafe-output-card';
  for (const finding of findings.slice(0, SHOWN)) {
    const row = renderFinding(finding);
    row.append(` (line ${finding.line})`);
    card.appendChild(row);
  }
  if (findings.length > SHOWN) {
    const more = document.createElement('div');
    more.className = 'mlsafe-output-more';
    more.textContent = `and ${findings.length - SHOWN} more (see the mlsafe panel)`;
    card.appendChild(more);
  }
  card.appendChild(outputActions(linter, findings, 'mlsafe-output-actions'));
  marker.appendChild(card);
  return marker;
}

/** Mark each rendered output that holds findings (an edge, badges, a hover card). */
export function markOutputs(linter: NotebookLinter): void {
  const byCell = new Map<string, IPlacedFinding[]>();
  for (const finding of linter.findings) {
    if (finding.output !== null && finding.cellId) {
      byCell.set(finding.cellId, [...(byCell.get(finding.cellId) ?? []), finding]);
    }
  }
  for (const widget of linter.panel.content.widgets) {
    if (!(widget instanceof CodeCell)) {
      continue;
    }
    const findings = byCell.get(widget.model.id) ?? [];
    widget.outputArea.widgets.forEach((child, index) => {
      const here = findings.filter(f => f.output === index);
      const signature = JSON.stringify(here);
      const old = child.node.querySelector<HTMLElement>(':scope > .mlsafe-output-marker');
      if (old?.dataset.signature === signature) {
        return; // unchanged: keep it (and an open card)
      }
      old?.remove();
      child.node.classList.toggle('mlsafe-output-flagged', here.length > 0);
      if (here.length > 0) {
        const marker = outputMarker(linter, here);
        marker.dataset.signature = signature;
        child.node.appendChild(marker);
      }
    });
  }
}
