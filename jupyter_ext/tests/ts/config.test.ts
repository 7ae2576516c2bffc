import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';

import { configFrom, DEFAULT_CONFIG, IConfig } from '../../src/config';

describe('configFrom: the settings as the linter uses them', () => {
  test('no settings (no registry): a copy of the defaults', () => {
    const config = configFrom(null);
    assert.deepEqual(config, { enabled: true, severity: 'low', ignore: [], debounce: 300 });
    assert.notEqual(config, DEFAULT_CONFIG);
  });

  test('unset fields take their defaults', () => {
    assert.deepEqual(configFrom({}), DEFAULT_CONFIG);
    assert.deepEqual(configFrom({ severity: 'medium' }), {
      enabled: true,
      severity: 'medium',
      ignore: [],
      debounce: 300
    });
  });

  test('false and 0 are kept, not replaced by the defaults', () => {
    assert.deepEqual(configFrom({ enabled: false, debounce: 0 }), {
      enabled: false,
      severity: 'low',
      ignore: [],
      debounce: 0
    });
  });

  test('ignored codes keep only strings, in order', () => {
    const composite = { ignore: ['MLS4', 3, null, 'MLS101'] } as unknown as Partial<IConfig>;
    assert.deepEqual(configFrom(composite).ignore, ['MLS4', 'MLS101']);
  });

  test('the defaults are those of the settings schema', () => {
    // Compiled to lib-test/tests/ts/: the schema is three folders up.
    const schema = JSON.parse(readFileSync(join(__dirname, '../../../schema/plugin.json'), 'utf8'));
    const defaults = Object.fromEntries(
      Object.entries(schema.properties as Record<string, { default: unknown }>).map(
        ([name, property]) => [name, property.default]
      )
    );
    assert.deepEqual(defaults, DEFAULT_CONFIG);
  });
});
