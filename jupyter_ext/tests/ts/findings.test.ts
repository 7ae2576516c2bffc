import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { Diagnostic } from '@codemirror/lint';

import {
  badgeLabel,
  byRule,
  diagnosticLevel,
  localFix,
  messageParts,
  signature,
  where,
  worst
} from '../../src/findings';
import type { IFix, Severity } from '../../src/types';
import { edit, finding } from './make';

describe('worst: the severity a badge shows', () => {
  test('the highest severity wins, whatever the order', () => {
    const of = (...severities: Severity[]) =>
      worst(severities.map(severity => finding({ severity })));
    assert.equal(of('low', 'high', 'medium'), 'high');
    assert.equal(of('medium', 'low'), 'medium');
    assert.equal(of('low', 'low'), 'low');
  });

  test('no findings count as low', () => {
    assert.equal(worst([]), 'low');
  });
});

describe('diagnosticLevel: severity to CodeMirror diagnostic severity', () => {
  test('each severity', () => {
    assert.equal(diagnosticLevel('high'), 'error');
    assert.equal(diagnosticLevel('medium'), 'warning');
    assert.equal(diagnosticLevel('low'), 'info');
  });

  test('a severity the extension does not know (a newer server) is a warning', () => {
    assert.equal(diagnosticLevel('critical' as Severity), 'warning');
  });
});

describe('localFix: which fixes the editor hover applies', () => {
  const fix = (...cells: number[]): IFix => ({
    title: 'Use json',
    applicability: 'safe',
    edits: cells.map(cell => edit(cell, 1, 1, 1, 2, 'x'))
  });

  test("a fix whose edits are all in the finding's cell", () => {
    const own = fix(2, 2);
    assert.equal(localFix(finding({ cell: 2, fix: own })), own);
  });

  test('none for a fix that also edits another cell (the panel applies it)', () => {
    assert.equal(localFix(finding({ cell: 2, fix: fix(2, 1) })), null);
    assert.equal(localFix(finding({ cell: null, fix: fix(1) })), null);
  });

  test('none for a finding without a fix', () => {
    assert.equal(localFix(finding({ fix: null })), null);
  });
});

describe('where: the place the panel shows', () => {
  test('a finding in a cell source', () => {
    assert.equal(where(finding({ cell: 2, line: 3, column: 5 })), 'cell 2:3:5');
  });

  test('a finding in an output counts outputs from 1', () => {
    assert.equal(where(finding({ cell: 4, output: 0, line: 1, column: 7 })), 'cell 4:output 1:1:7');
    assert.equal(
      where(finding({ cell: 4, output: 2, line: 12, column: 1 })),
      'cell 4:output 3:12:1'
    );
  });

  test('a finding of the whole notebook has no cell', () => {
    assert.equal(where(finding({ cell: null, line: 1, column: 1 })), '1:1');
  });
});

describe('signature: whether the shown diagnostics changed', () => {
  const diagnostic = (overrides: Partial<Diagnostic> = {}): Diagnostic => ({
    from: 0,
    to: 4,
    severity: 'error',
    message: 'MLS101 pickle.load runs code from the file',
    ...overrides
  });

  test('no diagnostics is the initial signature "[]" (nothing dispatched for a clean cell)', () => {
    assert.equal(signature([]), '[]');
  });

  test('holds range, severity and message, in order', () => {
    assert.equal(
      signature([diagnostic(), diagnostic({ from: 5, to: 9, severity: 'info', message: 'b' })]),
      '[[0,4,"error","MLS101 pickle.load runs code from the file"],[5,9,"info","b"]]'
    );
  });

  test('is the same in any order (the editor holds its diagnostics in document order)', () => {
    const a = diagnostic({ from: 10, to: 12, message: 'a' });
    const b = diagnostic({ from: 2, to: 6, message: 'b' });
    const c = diagnostic({ from: 2, to: 6, message: 'c' });
    assert.equal(signature([a, b, c]), signature([c, b, a]));
    assert.equal(signature([a, c, b]), '[[2,6,"error","b"],[2,6,"error","c"],[10,12,"error","a"]]');
  });

  test('ignores what does not show: source, classes, renderers and actions', () => {
    const plain = signature([diagnostic()]);
    const dressed = diagnostic({
      source: 'mlsafe',
      markClass: 'mlsafe-mark',
      renderMessage: () => {
        throw new Error('not rendered');
      },
      actions: [{ name: 'Fix', apply: () => undefined }]
    });
    assert.equal(signature([dressed]), plain);
  });

  test('changes with any of range, severity or message', () => {
    const plain = signature([diagnostic()]);
    for (const change of [
      { from: 1 },
      { to: 5 },
      { severity: 'warning' as const },
      { message: 'x' }
    ]) {
      assert.notEqual(signature([diagnostic(change)]), plain, JSON.stringify(change));
    }
  });
});

describe('messageParts: backticks as inline code', () => {
  const parts = (message: string) => messageParts(message).map(p => [p.code, p.text]);

  test('text and code in turn', () => {
    assert.deepEqual(parts('`torch.load` without `weights_only=True` runs code'), [
      [true, 'torch.load'],
      [false, ' without '],
      [true, 'weights_only=True'],
      [false, ' runs code']
    ]);
  });

  test('no backticks: one text part; empty message: none', () => {
    assert.deepEqual(parts('plain words'), [[false, 'plain words']]);
    assert.deepEqual(parts(''), []);
  });

  test('an unclosed backtick stays text; one space each side is stripped, as in Markdown', () => {
    assert.deepEqual(parts('a ` b `c'), [
      [false, 'a '],
      [true, 'b'],
      [false, 'c']
    ]);
    assert.deepEqual(parts('it`s'), [[false, 'it`s']]);
  });

  test('a double-backtick span may hold a backtick', () => {
    assert.deepEqual(parts('use `` a`b `` here'), [
      [false, 'use '],
      [true, 'a`b'],
      [false, ' here']
    ]);
  });

  test('a mask with an ellipsis inside code', () => {
    assert.deepEqual(parts('token (`hf_a…`) printed'), [
      [false, 'token ('],
      [true, 'hf_a…'],
      [false, ') printed']
    ]);
  });
});

describe('byRule and badgeLabel: one badge per rule with a count', () => {
  test('groups in order of first appearance', () => {
    const groups = byRule([
      finding({ code: 'MLS304', line: 1 }),
      finding({ code: 'MLS502', line: 2 }),
      finding({ code: 'MLS502', line: 3 }),
      finding({ code: 'MLS204', line: 4 }),
      finding({ code: 'MLS502', line: 5 })
    ]);
    assert.deepEqual(
      groups.map(g => [g.code, g.findings.map(f => f.line)]),
      [
        ['MLS304', [1]],
        ['MLS502', [2, 3, 5]],
        ['MLS204', [4]]
      ]
    );
    assert.deepEqual(byRule([]), []);
  });

  test('the count shows from two on', () => {
    assert.equal(badgeLabel('MLS502', 8), 'MLS502 ×8');
    assert.equal(badgeLabel('MLS204', 1), 'MLS204');
  });
});
