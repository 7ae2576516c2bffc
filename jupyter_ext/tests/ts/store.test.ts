import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { FindingStore } from '../../src/store';
import { finding } from './make';

/** The keys the store announced, in order. */
function listen(store: FindingStore): object[] {
  const seen: object[] = [];
  store.changed.connect((_, key) => seen.push(key));
  return seen;
}

describe('FindingStore: findings per cell, keyed by the cell shared model', () => {
  test('a cell never set has no findings', () => {
    assert.deepEqual(new FindingStore().get({}), []);
  });

  test('set, get and one change signal carrying the key', () => {
    const store = new FindingStore();
    const seen = listen(store);
    const cell = {};
    const findings = [finding({ line: 2 })];
    store.set(cell, findings);
    assert.equal(store.get(cell), findings);
    assert.equal(seen.length, 1);
    assert.equal(seen[0], cell);
  });

  test('setting equal findings again signals again (editors compare with the marks they hold)', () => {
    const store = new FindingStore();
    const cell = {};
    store.set(cell, [finding({ line: 2 })]);
    const seen = listen(store);
    const again = [finding({ line: 2 })];
    store.set(cell, again);
    assert.deepEqual(seen, [cell]);
    assert.equal(store.get(cell), again);
  });

  test('the source the findings were computed from', () => {
    const store = new FindingStore();
    const cell = {};
    assert.equal(store.sourceOf(cell), null);
    store.set(cell, [finding()], 'import pickle\n');
    assert.equal(store.sourceOf(cell), 'import pickle\n');
    store.set(cell, []);
    assert.equal(store.sourceOf(cell), null);
  });

  test('a change of any field signals again', () => {
    const store = new FindingStore();
    const cell = {};
    store.set(cell, [finding({ line: 2 })]);
    const seen = listen(store);
    store.set(cell, [finding({ line: 2, end_column: 9 })]);
    store.set(cell, []);
    assert.equal(seen.length, 2);
    assert.deepEqual(store.get(cell), []);
  });

  test('keys are cells by identity, not by content', () => {
    const store = new FindingStore();
    const a = { cell_type: 'code' };
    const b = { cell_type: 'code' };
    store.set(a, [finding({ code: 'MLS101' })]);
    assert.deepEqual(store.get(b), []);
    assert.equal(store.get(a)[0].code, 'MLS101');
  });
});
