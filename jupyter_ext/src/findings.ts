/**
 * Pure helpers on findings: severity ranking and levels, the place shown in the panel, which fixes
 * the editor applies, and the signature that tells whether diagnostics changed. No JupyterLab or
 * DOM imports: unit-tested under Node.
 */
import type { Diagnostic } from '@codemirror/lint';

import type { IFinding, IFix, Severity } from './types';

const RANK: { [key in Severity]: number } = { low: 1, medium: 2, high: 3 };

/** The highest severity among the findings ('low' for none). */
export function worst(findings: IFinding[]): Severity {
  return findings.reduce<Severity>((w, f) => (RANK[f.severity] > RANK[w] ? f.severity : w), 'low');
}

const LEVEL: { [key in Severity]: Diagnostic['severity'] } = {
  high: 'error',
  medium: 'warning',
  low: 'info'
};

/** The CodeMirror diagnostic severity of a finding's severity ('warning' for an unknown one). */
export function diagnosticLevel(severity: Severity): Diagnostic['severity'] {
  return LEVEL[severity] ?? 'warning';
}

/** The finding's fix when it edits the finding's own cell alone (else null: the panel applies it). */
export function localFix(finding: IFinding): IFix | null {
  const fix = finding.fix;
  if (!fix || fix.edits.some(edit => edit.cell !== finding.cell)) {
    return null;
  }
  return fix;
}

/** Where a finding is, as the panel shows it: `cell 2:output 1:3:5` (output counted from 1). */
export function where(finding: IFinding): string {
  const cell = finding.cell === null ? '' : `cell ${finding.cell}:`;
  const output = finding.output === null ? '' : `output ${finding.output + 1}:`;
  return `${cell}${output}${finding.line}:${finding.column}`;
}

/**
 * What of a list of diagnostics shows, in document order; equal signatures need no new dispatch.
 * Compare the new diagnostics with what the editor holds (`forEachDiagnostic`), not with what was
 * sent last: CodeMirror drops a mark whose text is deleted, and undo does not bring it back.
 */
export function signature(
  diagnostics: Pick<Diagnostic, 'from' | 'to' | 'severity' | 'message'>[]
): string {
  const shown = diagnostics.map(d => [d.from, d.to, d.severity, d.message] as const);
  shown.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0));
  return JSON.stringify(shown);
}
