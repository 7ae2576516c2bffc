/** Test data: findings and fix edits as the server sends them (cell n has the id `cell-n`). */
import type { IFinding, IFixEdit } from '../../src/types';

export function finding(overrides: Partial<IFinding> = {}): IFinding {
  return {
    code: 'MLS101',
    name: 'pickle-load',
    category: 'deserialization',
    severity: 'high',
    message: 'pickle.load runs code from the file',
    cell: 1,
    output: null,
    line: 1,
    column: 1,
    end_line: 1,
    end_column: 2,
    url: 'https://example.invalid/rules/MLS101',
    fix: null,
    ...overrides
  };
}

export function edit(
  cell: number,
  line: number,
  column: number,
  end_line: number,
  end_column: number,
  content: string
): IFixEdit {
  return { cell, cell_id: `cell-${cell}`, line, column, end_line, end_column, content };
}
