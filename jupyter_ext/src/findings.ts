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

/** A piece of a message: plain text, or inline code (written between backticks). */
export interface IMessagePart {
  text: string;
  code: boolean;
}

/**
 * A message split into text and inline code: `` `x` `` is code, as in Markdown (a run of N
 * backticks closes only on a run of N). A backtick without its closing run stays text.
 */
export function messageParts(message: string): IMessagePart[] {
  const parts: IMessagePart[] = [];
  const push = (text: string, code: boolean): void => {
    if (!text) {
      return;
    }
    const last = parts[parts.length - 1];
    if (last && !last.code && !code) {
      last.text += text;
    } else {
      parts.push({ text, code });
    }
  };
  let rest = message;
  while (rest) {
    const open = /`+/.exec(rest);
    if (!open) {
      push(rest, false);
      break;
    }
    const fence = open[0];
    const after = rest.slice(open.index + fence.length);
    const close = new RegExp(`(?<!\`)${fence}(?!\`)`).exec(after);
    if (!close) {
      push(rest.slice(0, open.index + fence.length), false);
      rest = after;
      continue;
    }
    push(rest.slice(0, open.index), false);
    const inner = after.slice(0, close.index);
    // Markdown strips one space each side when both are there (`` ` `x` ` ``).
    const trimmed = /^ .* $/s.test(inner) && inner.trim() ? inner.slice(1, -1) : inner;
    push(trimmed, true);
    rest = after.slice(close.index + fence.length);
  }
  return parts;
}

/** The findings of one output grouped by rule, in order of first appearance. */
export function byRule(findings: IFinding[]): { code: string; findings: IFinding[] }[] {
  const groups = new Map<string, IFinding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.code);
    if (group) {
      group.push(finding);
    } else {
      groups.set(finding.code, [finding]);
    }
  }
  return [...groups].map(([code, found]) => ({ code, findings: found }));
}

/** The label of a rule's badge on an output: the code, and the count when more than one. */
export function badgeLabel(code: string, count: number): string {
  return count > 1 ? `${code} ×${count}` : code;
}
