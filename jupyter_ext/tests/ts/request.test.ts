import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { cellPayload, isBinaryMime, mergeRedacted, slimOutputs } from '../../src/request';

describe('isBinaryMime: output MIME types never sent', () => {
  test('images, video, audio, widget state and PDF', () => {
    for (const mime of [
      'image/png',
      'image/jpeg',
      'image/svg+xml',
      'video/mp4',
      'audio/wav',
      'application/vnd.jupyter.widget-view+json',
      'application/vnd.jupyter.widget-state+json',
      'application/pdf'
    ]) {
      assert.equal(isBinaryMime(mime), true, mime);
    }
  });

  test('text the engine reads is kept', () => {
    for (const mime of [
      'text/plain',
      'text/html',
      'text/markdown',
      'application/json',
      'application/javascript',
      'application/vnd.dataresource+json',
      'application/pdfx'
    ]) {
      assert.equal(isBinaryMime(mime), false, mime);
    }
  });
});

describe('slimOutputs: outputs without their binary bundles', () => {
  test('drops binary MIME types and keeps every other field', () => {
    const outputs = [
      {
        output_type: 'display_data',
        metadata: { 'image/png': { width: 10 } },
        data: { 'text/plain': '<Figure>', 'image/png': 'iVBORw0KGgo=', 'text/html': '<b>x</b>' }
      },
      {
        output_type: 'execute_result',
        execution_count: 3,
        metadata: {},
        data: { 'application/vnd.jupyter.widget-view+json': { model_id: 'a' }, 'text/plain': 'W' }
      }
    ];
    assert.deepEqual(slimOutputs(outputs), [
      {
        output_type: 'display_data',
        metadata: { 'image/png': { width: 10 } },
        data: { 'text/plain': '<Figure>', 'text/html': '<b>x</b>' }
      },
      {
        output_type: 'execute_result',
        execution_count: 3,
        metadata: {},
        data: { 'text/plain': 'W' }
      }
    ]);
  });

  test('leaves the outputs it was given unchanged', () => {
    const output = {
      output_type: 'display_data',
      data: { 'image/png': 'iVBOR', 'text/plain': 'p' }
    };
    slimOutputs([output]);
    assert.deepEqual(output.data, { 'image/png': 'iVBOR', 'text/plain': 'p' });
  });

  test('outputs without a data bundle (streams, errors) pass as they are', () => {
    const stream = { output_type: 'stream', name: 'stdout', text: 'token=abc\n' };
    const error = { output_type: 'error', ename: 'E', evalue: 'v', traceback: [] };
    const odd = { output_type: 'display_data', data: 'not an object' };
    const [a, b, c] = slimOutputs([stream, error, odd]) as unknown[];
    assert.equal(a, stream);
    assert.equal(b, error);
    assert.equal(c, odd);
  });

  test('anything but a list passes as it is', () => {
    assert.equal(slimOutputs(undefined), undefined);
    assert.equal(slimOutputs('text'), 'text');
    const notList = { 0: { data: { 'image/png': 'x' } } };
    assert.equal(slimOutputs(notList), notList);
  });
});

describe('cellPayload: a cell as sent to the server', () => {
  test('live id, slim outputs, no attachments; the rest as it is', () => {
    const json = {
      id: 'saved-id',
      cell_type: 'code',
      source: 'import pickle',
      metadata: { tags: ['x'] },
      execution_count: 1,
      outputs: [{ output_type: 'display_data', data: { 'image/png': 'x', 'text/plain': 'y' } }],
      attachments: { 'a.png': { 'image/png': 'iVBOR' } }
    };
    const sent = cellPayload(json, 'live-id');
    assert.deepEqual(JSON.parse(JSON.stringify(sent)), {
      id: 'live-id',
      cell_type: 'code',
      source: 'import pickle',
      metadata: { tags: ['x'] },
      execution_count: 1,
      outputs: [{ output_type: 'display_data', data: { 'text/plain': 'y' } }]
    });
    assert.equal(json.id, 'saved-id');
  });

  test('a markdown cell (no outputs) gets no outputs', () => {
    const sent = JSON.parse(
      JSON.stringify(cellPayload({ cell_type: 'markdown', source: '# t', metadata: {} }, 'm1'))
    );
    assert.deepEqual(sent, { cell_type: 'markdown', source: '# t', metadata: {}, id: 'm1' });
  });
});

describe('mergeRedacted: the server redacted a slim output; the binary bundles stay', () => {
  test('text bundles from the server, images from the original', () => {
    const original = {
      output_type: 'execute_result',
      execution_count: 3,
      metadata: { isolated: true },
      data: { 'text/plain': 'key sk-proj-0123456789', 'image/png': 'iVBORw0KGgo=' }
    };
    const redacted = {
      output_type: 'execute_result',
      execution_count: 3,
      metadata: { isolated: true },
      data: { 'text/plain': 'key sk-p…' }
    };
    assert.deepEqual(mergeRedacted(original, redacted), {
      output_type: 'execute_result',
      execution_count: 3,
      metadata: { isolated: true },
      data: { 'text/plain': 'key sk-p…', 'image/png': 'iVBORw0KGgo=' }
    });
    assert.equal(original.data['text/plain'], 'key sk-proj-0123456789');
  });

  test('a stream or an error (no data): the server fields replace the original ones', () => {
    const stream = { output_type: 'stream', name: 'stdout', text: 'a@b.example.org' };
    assert.deepEqual(mergeRedacted(stream, { ...stream, text: 'a@b.…' }), {
      output_type: 'stream',
      name: 'stdout',
      text: 'a@b.…'
    });
    const error = { output_type: 'error', ename: 'E', evalue: 'v', traceback: ['t'] };
    assert.deepEqual(mergeRedacted(error, { ...error, traceback: ['x'] }).traceback, ['x']);
  });
});
