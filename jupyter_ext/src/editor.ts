/**
 * The CodeMirror 6 side: the findings of a cell's source as @codemirror/lint diagnostics
 * (underline by severity, hover with code, message and a link to the rule's docs).
 */
import { Diagnostic, forEachDiagnostic, setDiagnostics } from '@codemirror/lint';
import { EditorState, Extension, Text } from '@codemirror/state';
import { EditorView, ViewPlugin, ViewUpdate } from '@codemirror/view';

import { IFinding } from './api';
import { diagnosticLevel, localFix, signature } from './findings';
import { refused } from './notices';
import { renderFinding } from './render';
import { editChanges, findingRange, sameSource, staleFix } from './positions';
import { FindingStore } from './store';

/** Diagnostics for the findings in a cell's source (findings in outputs are shown elsewhere). */
export function toDiagnostics(
  doc: Text,
  findings: IFinding[],
  linted: () => string | null = () => null
): Diagnostic[] {
  return findings
    .filter(finding => finding.output === null)
    .map(finding => {
      const { from, to } = findingRange(doc, finding);
      return {
        from,
        to,
        severity: diagnosticLevel(finding.severity),
        source: 'mlsafe',
        message: `${finding.code} ${finding.message}`,
        markClass: `mlsafe-mark mlsafe-code-${finding.code}`,
        renderMessage: () => renderFinding(finding),
        actions: quickFix(finding, linted)
      };
    });
}

/**
 * The hover's quick fix: the finding's edits applied in this editor (so they go through the cell's
 * shared model and undo works); only for fixes that edit this cell alone (the panel applies the
 * others). Refused, with a message, when the lines it edits changed since `linted()` was checked.
 */
function quickFix(finding: IFinding, linted: () => string | null): Diagnostic['actions'] {
  const fix = localFix(finding);
  if (!fix) {
    return undefined;
  }
  return [
    {
      name: fix.applicability === 'unsafe' ? 'Fix (unsafe)' : 'Fix',
      apply: (view: EditorView) => {
        const reason = staleFix(fix.edits, {
          linted: () => linted(),
          current: () => view.state.doc.toString()
        });
        if (reason) {
          refused('fix', reason);
          return;
        }
        view.dispatch({ changes: editChanges(view.state.doc, fix.edits) });
      }
    }
  ];
}

class DiagnosticsView {
  constructor(
    readonly view: EditorView,
    readonly store: FindingStore,
    readonly key: object
  ) {
    store.changed.connect(this._onChanged, this);
    this._schedule();
  }

  /** The text changed: it may now be the text the findings are for (a cell still loading). */
  update(update: ViewUpdate): void {
    if (update.docChanged && this.store.sourceOf(this.key) !== null) {
      this._schedule();
    }
  }

  destroy(): void {
    this._destroyed = true;
    this.store.changed.disconnect(this._onChanged, this);
  }

  private _onChanged(_: FindingStore, key: object): void {
    if (key === this.key) {
      this._schedule();
    }
  }

  /** Dispatch outside of any running view update (the constructor runs inside one). */
  private _schedule(): void {
    if (this._scheduled) {
      return;
    }
    this._scheduled = true;
    void Promise.resolve().then(() => {
      this._scheduled = false;
      if (!this._destroyed) {
        this._apply();
      }
    });
  }

  /**
   * Show the cell's findings unless the editor already holds exactly these diagnostics. The
   * editor state is the reference: CodeMirror drops the marks of deleted text (and undo, paste or
   * retyping does not restore them), so "same findings as last time" does not mean "shown".
   */
  private _apply(): void {
    const source = this.store.sourceOf(this.key);
    const doc = this.view.state.doc;
    // Findings of another text than the editor's (edited since): the next answer brings new ones.
    if (source !== null && !sameSource(source, doc.toString())) {
      return;
    }
    const diagnostics = toDiagnostics(doc, this.store.get(this.key), () =>
      this.store.sourceOf(this.key)
    );
    // Re-sending identical diagnostics would close an open hover tooltip.
    if (signature(diagnostics) === signature(heldDiagnostics(this.view.state))) {
      return;
    }
    this.view.dispatch(setDiagnostics(this.view.state, diagnostics));
  }

  private _destroyed = false;
  private _scheduled = false;
}

/** The diagnostics the editor holds now, at their current positions. */
export function heldDiagnostics(state: EditorState): Diagnostic[] {
  const held: Diagnostic[] = [];
  forEachDiagnostic(state, (diagnostic, from, to) => held.push({ ...diagnostic, from, to }));
  return held;
}

/** The extension for the editor of one cell, identified by its shared model. */
export function diagnosticsExtension(store: FindingStore, key: object): Extension {
  return ViewPlugin.define(view => new DiagnosticsView(view, store, key));
}
