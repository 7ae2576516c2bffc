/**
 * The engine's positions (1-based line and column, end exclusive) as offsets into a cell's text,
 * and the application of a fix's edits. No JupyterLab or DOM imports: unit-tested under Node.
 */
import type { Text } from '@codemirror/state';

import type { IFixEdit } from './types';

/** Whether two texts are the same cell source (CodeMirror reads `\r\n` and `\r` as `\n`). */
export function sameSource(a: string, b: string): boolean {
  return a === b || a.replace(/\r\n?/g, '\n') === b.replace(/\r\n?/g, '\n');
}

/** A span of a cell's source, as in findings and fix edits. */
export interface ISpan {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
}

/** The CodeMirror document offset of a 1-based line and column, clamped into the document. */
export function docOffset(doc: Text, line: number, column: number): number {
  const target = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(target.from + Math.max(column - 1, 0), target.to);
}

/** The range a finding underlines; an empty or reversed span runs to the end of its first line. */
export function findingRange(doc: Text, span: ISpan): { from: number; to: number } {
  const from = docOffset(doc, span.line, span.column);
  let to = docOffset(doc, span.end_line, span.end_column);
  if (to <= from) {
    to = doc.lineAt(from).to;
  }
  return { from, to };
}

/** A fix's edits as CodeMirror changes, all relative to `doc` (one transaction applies them). */
export function editChanges(
  doc: Text,
  edits: IFixEdit[]
): { from: number; to: number; insert: string }[] {
  return edits.map(edit => ({
    from: docOffset(doc, edit.line, edit.column),
    to: docOffset(doc, edit.end_line, edit.end_column),
    insert: edit.content
  }));
}

/** The offset of a 1-based line and column in a cell's text (capped at the text's length). */
export function textOffset(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) {
    offset += lines[i].length + 1;
  }
  return Math.min(offset + column - 1, text.length);
}

/** The texts a fix is checked against: of one cell, by id (null: no such cell, or not known). */
export interface IFixTexts {
  /** The source the fix was computed from (the text sent to the server). */
  linted(cellId: string): string | null;
  /** The cell's source now. */
  current(cellId: string): string | null;
}

/**
 * Why a fix's edits no longer fit their cells (null: they do). Each edit's cell must still exist
 * and the lines the edit touches must read as they did when the fix was computed; otherwise the
 * positions may point at other text, and the fix is refused rather than applied in the wrong place.
 */
export function staleFix(edits: IFixEdit[], texts: IFixTexts): string | null {
  for (const edit of edits) {
    if (!edit.cell_id) {
      return 'the fix does not say which cell it is for';
    }
    const current = texts.current(edit.cell_id);
    if (current === null) {
      return 'its cell was deleted';
    }
    const linted = texts.linted(edit.cell_id);
    if (linted === null) {
      return 'its cell has not been checked yet';
    }
    const before = linted.split('\n');
    const now = current.split('\n');
    for (let line = edit.line; line <= edit.end_line; line++) {
      if (line > now.length || now[line - 1] !== before[line - 1]) {
        return `line ${line} of its cell changed since it was checked`;
      }
    }
  }
  return null;
}

/** The part of a cell's shared model that a fix edits. */
export interface IEditableSource {
  getSource(): string;
  updateSource(start: number, end: number, value: string): void;
}

/**
 * Apply a fix's edits to the sources of their cells (`source(edit)`: the cell the edit is for;
 * edits of a missing cell are skipped); edits go last to first, so earlier positions hold.
 */
export function applyEdits(
  edits: IFixEdit[],
  source: (edit: IFixEdit) => IEditableSource | undefined
): void {
  const ordered = [...edits].sort(
    (a, b) => b.cell - a.cell || b.line - a.line || b.column - a.column
  );
  for (const edit of ordered) {
    const shared = source(edit);
    if (!shared) {
      continue;
    }
    const text = shared.getSource();
    const start = textOffset(text, edit.line, edit.column);
    const end = textOffset(text, edit.end_line, edit.end_column);
    shared.updateSource(start, end, edit.content);
  }
}
