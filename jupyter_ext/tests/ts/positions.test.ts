import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { EditorState, Text } from '@codemirror/state';

import {
  applyEdits,
  docOffset,
  editChanges,
  findingRange,
  IEditableSource,
  sameSource,
  staleFix,
  textOffset
} from '../../src/positions';
import { edit } from './make';

// Line starts: 0 'import os' (to 9), 10 'x = 1' (to 15), 16 '' (to 16), 17 'print(x)' (to 25).
const DOC = Text.of(['import os', 'x = 1', '', 'print(x)']);

describe('sameSource: a cell source and the editor text', () => {
  test('equal texts, and texts that differ only in line breaks', () => {
    assert.equal(sameSource('a\nb', 'a\nb'), true);
    assert.equal(sameSource('a\r\nb\rc', 'a\nb\nc'), true);
  });

  test('any other difference', () => {
    assert.equal(sameSource('a\nb', 'a\nb\n'), false);
    assert.equal(sameSource('x = 1', 'x = 2'), false);
  });
});

describe('docOffset: 1-based line and column to a CodeMirror offset', () => {
  test('positions inside the document', () => {
    assert.equal(docOffset(DOC, 1, 1), 0);
    assert.equal(docOffset(DOC, 1, 8), 7);
    assert.equal(docOffset(DOC, 2, 1), 10);
    assert.equal(docOffset(DOC, 2, 3), 12);
    assert.equal(docOffset(DOC, 4, 7), 23);
  });

  test('the column just past the last character is the line end', () => {
    assert.equal(docOffset(DOC, 1, 10), 9);
    assert.equal(docOffset(DOC, 4, 9), 25);
  });

  test('a column past the line end is clamped to it, not carried into the next line', () => {
    assert.equal(docOffset(DOC, 2, 99), 15);
    assert.equal(docOffset(DOC, 3, 5), 16);
  });

  test('a column below 1 is the line start', () => {
    assert.equal(docOffset(DOC, 2, 0), 10);
    assert.equal(docOffset(DOC, 2, -4), 10);
  });

  test('a line below 1 is the first line, one past the end the last', () => {
    assert.equal(docOffset(DOC, 0, 5), 4);
    assert.equal(docOffset(DOC, -2, 1), 0);
    assert.equal(docOffset(DOC, 5, 1), 17);
    assert.equal(docOffset(DOC, 99, 99), 25);
  });

  test('an empty document has only offset 0', () => {
    const empty = Text.of(['']);
    assert.equal(docOffset(empty, 1, 1), 0);
    assert.equal(docOffset(empty, 3, 7), 0);
  });
});

describe('findingRange: the span a finding underlines', () => {
  test('a span on one line', () => {
    assert.deepEqual(findingRange(DOC, { line: 2, column: 1, end_line: 2, end_column: 2 }), {
      from: 10,
      to: 11
    });
  });

  test('a span over two lines', () => {
    assert.deepEqual(findingRange(DOC, { line: 1, column: 8, end_line: 2, end_column: 4 }), {
      from: 7,
      to: 13
    });
  });

  test('an empty span runs to the end of its line', () => {
    assert.deepEqual(findingRange(DOC, { line: 2, column: 3, end_line: 2, end_column: 3 }), {
      from: 12,
      to: 15
    });
  });

  test('a reversed span runs from its start to the end of that line', () => {
    assert.deepEqual(findingRange(DOC, { line: 2, column: 4, end_line: 1, end_column: 1 }), {
      from: 13,
      to: 15
    });
  });

  test('an empty span at a line end, or on an empty line, stays empty', () => {
    assert.deepEqual(findingRange(DOC, { line: 2, column: 6, end_line: 2, end_column: 6 }), {
      from: 15,
      to: 15
    });
    assert.deepEqual(findingRange(DOC, { line: 3, column: 1, end_line: 3, end_column: 1 }), {
      from: 16,
      to: 16
    });
  });

  test('a span reaching past the document (a stale finding) is clamped into it', () => {
    assert.deepEqual(findingRange(DOC, { line: 4, column: 1, end_line: 9, end_column: 1 }), {
      from: 17,
      to: 25
    });
    assert.deepEqual(findingRange(DOC, { line: 7, column: 3, end_line: 8, end_column: 1 }), {
      from: 19,
      to: 25
    });
  });
});

describe('editChanges: a fix as one CodeMirror transaction', () => {
  const SOURCE = 'import yaml\ndata = yaml.load(s)\n';

  function applied(source: string, edits: ReturnType<typeof edit>[]): string {
    const state = EditorState.create({ doc: source });
    return state.update({ changes: editChanges(state.doc, edits) }).state.doc.toString();
  }

  test('one replacement: offsets and result', () => {
    const edits = [edit(2, 2, 13, 2, 17, 'safe_load')];
    assert.deepEqual(editChanges(Text.of(SOURCE.split('\n')), edits), [
      { from: 24, to: 28, insert: 'safe_load' }
    ]);
    assert.equal(applied(SOURCE, edits), 'import yaml\ndata = yaml.safe_load(s)\n');
  });

  test('edits are all relative to the original text, in any order', () => {
    const edits = [edit(1, 2, 13, 2, 17, 'safe_load'), edit(1, 1, 1, 1, 1, 'import os\n')];
    assert.deepEqual(editChanges(Text.of(SOURCE.split('\n')), edits), [
      { from: 24, to: 28, insert: 'safe_load' },
      { from: 0, to: 0, insert: 'import os\n' }
    ]);
    assert.equal(applied(SOURCE, edits), 'import os\nimport yaml\ndata = yaml.safe_load(s)\n');
  });

  test('a deletion over a line break', () => {
    assert.equal(
      applied(SOURCE, [edit(1, 1, 12, 2, 1, '; ')]),
      'import yaml; data = yaml.load(s)\n'
    );
  });

  test('an end past its line is clamped to the line end', () => {
    assert.equal(applied(SOURCE, [edit(1, 2, 8, 2, 999, 'None')]), 'import yaml\ndata = None\n');
  });
});

describe('textOffset: 1-based line and column in a cell source string', () => {
  const SOURCE = 'import yaml\ndata = yaml.load(s)\n';

  test('positions inside the text', () => {
    assert.equal(textOffset(SOURCE, 1, 1), 0);
    assert.equal(textOffset(SOURCE, 1, 12), 11);
    assert.equal(textOffset(SOURCE, 2, 1), 12);
    assert.equal(textOffset(SOURCE, 2, 13), 24);
    assert.equal(textOffset(SOURCE, 3, 1), 32);
  });

  test('a position past the text is capped at its length', () => {
    assert.equal(textOffset(SOURCE, 9, 1), 32);
    assert.equal(textOffset(SOURCE, 3, 40), 32);
    assert.equal(textOffset('', 1, 5), 0);
  });
});

/** A cell's shared model, as far as a fix uses it; records its updates. */
class FakeSource implements IEditableSource {
  constructor(public text: string) {}
  updates: [number, number, string][] = [];

  getSource(): string {
    return this.text;
  }

  updateSource(start: number, end: number, value: string): void {
    this.updates.push([start, end, value]);
    this.text = this.text.slice(0, start) + value + this.text.slice(end);
  }
}

describe('applyEdits: a fix applied to the cells of a notebook', () => {
  test('two edits in one cell, given first to last, are applied last to first', () => {
    const cell = new FakeSource('import yaml\ndata = yaml.load(s)\n');
    applyEdits(
      [edit(1, 1, 1, 1, 1, 'import os\n'), edit(1, 2, 13, 2, 17, 'safe_load')],
      () => cell
    );
    assert.equal(cell.text, 'import os\nimport yaml\ndata = yaml.safe_load(s)\n');
    assert.deepEqual(cell.updates, [
      [24, 28, 'safe_load'],
      [0, 0, 'import os\n']
    ]);
  });

  test('two edits on one line go right to left', () => {
    const cell = new FakeSource('f(a, b)');
    applyEdits([edit(1, 1, 3, 1, 4, 'x'), edit(1, 1, 6, 1, 7, 'y')], () => cell);
    assert.equal(cell.text, 'f(x, y)');
    assert.deepEqual(cell.updates, [
      [5, 6, 'y'],
      [2, 3, 'x']
    ]);
  });

  test('edits reach their own cells (by id); a missing cell is skipped', () => {
    const cells = new Map([
      ['cell-1', new FakeSource('import pickle\n')],
      ['cell-2', new FakeSource('m = pickle.load(f)\n')]
    ]);
    const asked: string[] = [];
    applyEdits(
      [
        edit(1, 1, 8, 1, 14, 'json'),
        edit(3, 1, 1, 1, 1, 'lost'),
        edit(2, 1, 5, 1, 16, 'json.load')
      ],
      e => {
        asked.push(e.cell_id ?? '');
        return cells.get(e.cell_id ?? '');
      }
    );
    assert.deepEqual(asked, ['cell-3', 'cell-2', 'cell-1']);
    assert.equal(cells.get('cell-1')?.text, 'import json\n');
    assert.equal(cells.get('cell-2')?.text, 'm = json.load(f)\n');
  });

  test('the list of edits given is left in its order', () => {
    const edits = [edit(1, 1, 1, 1, 2, 'a'), edit(1, 1, 3, 1, 4, 'b')];
    const before = [...edits];
    applyEdits(edits, () => new FakeSource('xyzw'));
    assert.deepEqual(edits, before);
    assert.equal(edits[0], before[0]);
  });
});

describe('staleFix: whether a fix still fits its cells', () => {
  const texts = (linted: Record<string, string>, current: Record<string, string>) => ({
    linted: (id: string) => linted[id] ?? null,
    current: (id: string) => current[id] ?? null
  });
  const LINTED = 'import torch\nstate = torch.load(p)\nprint(state)\n';
  const fix = [edit(2, 2, 21, 2, 21, ', weights_only=True')];

  test('the cell as it was checked, or edited on other lines only: the fix fits', () => {
    assert.equal(staleFix(fix, texts({ 'cell-2': LINTED }, { 'cell-2': LINTED })), null);
    const below = LINTED + 'more = 1\n';
    assert.equal(staleFix(fix, texts({ 'cell-2': LINTED }, { 'cell-2': below })), null);
  });

  test('the line it edits changed: refused', () => {
    const edited = LINTED.replace('load(p)', 'load(q)');
    assert.equal(
      staleFix(fix, texts({ 'cell-2': LINTED }, { 'cell-2': edited })),
      'line 2 of its cell changed since it was checked'
    );
  });

  test('a line inserted above moves the edited line: refused', () => {
    const shifted = '# note\n' + LINTED;
    assert.match(staleFix(fix, texts({ 'cell-2': LINTED }, { 'cell-2': shifted })) ?? '', /line 2/);
  });

  test('the lines of a multi-line edit are all checked', () => {
    const wide = [edit(2, 1, 1, 3, 1, 'x')];
    const edited = LINTED.replace('print(state)', 'print(1)');
    assert.match(staleFix(wide, texts({ 'cell-2': LINTED }, { 'cell-2': edited })) ?? '', /line 3/);
  });

  test('a deleted cell, a cell never checked, an edit without a cell id: refused', () => {
    assert.equal(staleFix(fix, texts({ 'cell-2': LINTED }, {})), 'its cell was deleted');
    assert.equal(
      staleFix(fix, texts({}, { 'cell-2': LINTED })),
      'its cell has not been checked yet'
    );
    const anonymous = [{ ...fix[0], cell_id: null }];
    assert.match(staleFix(anonymous, texts({}, {})) ?? '', /which cell/);
  });

  test('edits of several cells: the first that does not fit is told', () => {
    const both = [edit(1, 1, 1, 1, 1, 'import os\n'), ...fix];
    const linted = { 'cell-1': 'import torch\n', 'cell-2': LINTED };
    assert.equal(staleFix(both, texts(linted, linted)), null);
    const edited = { 'cell-1': 'import numpy\n', 'cell-2': LINTED };
    assert.equal(
      staleFix(both, texts(linted, edited)),
      'line 1 of its cell changed since it was checked'
    );
  });
});
