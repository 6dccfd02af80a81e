import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { batchFiles, chunks, LINT_BATCH_LIMITS } from '../../client/src/util/batches';
import { skipPull } from '../../client/src/util/pull-filter';

const file = (uri: string, size: number) => ({ uri, text: 'x'.repeat(size) });

describe('lint batches', () => {
  it('keeps every file, in order, within the file and size limits', () => {
    const files = Array.from({ length: 23 }, (_, i) => file(`file:///repo/f${i}`, 10 + i));
    const batches = batchFiles(files, { maxFiles: 5, maxChars: 60 });
    assert.deepEqual(batches.flat(), files);
    for (const batch of batches) {
      assert.ok(batch.length <= 5);
      assert.ok(batch.reduce((sum, f) => sum + f.text.length, 0) <= 60);
    }
  });

  it('sends a file larger than the size limit alone rather than dropping it', () => {
    const batches = batchFiles([file('a', 5), file('big', 500), file('b', 5)], { maxFiles: 10, maxChars: 100 });
    assert.deepEqual(
      batches.map((batch) => batch.map((f) => f.uri)),
      [['a'], ['big'], ['b']],
    );
  });

  it('makes no batch of nothing', () => {
    assert.deepEqual(batchFiles([]), []);
  });

  it('uses default limits a server request can carry', () => {
    assert.ok(LINT_BATCH_LIMITS.maxFiles >= 1 && LINT_BATCH_LIMITS.maxChars >= 100_000);
    assert.equal(batchFiles(Array.from({ length: 120 }, (_, i) => file(String(i), 1))).length, Math.ceil(120 / LINT_BATCH_LIMITS.maxFiles));
  });

  it('slices read chunks', () => {
    assert.deepEqual(chunks([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(chunks([], 3), []);
    assert.throws(() => chunks([1], 0), RangeError);
  });
});

describe('shipshape.run', () => {
  it('pulls diagnostics on change when linting as you type, and not again on save', () => {
    assert.equal(skipPull('onType', 'onType'), false);
    assert.equal(skipPull('onType', 'onSave'), true);
  });

  it('pulls only on save when linting on save', () => {
    assert.equal(skipPull('onSave', 'onType'), true);
    assert.equal(skipPull('onSave', 'onSave'), false);
  });

  it('treats a missing or invalid setting as onType, like the server', () => {
    assert.equal(skipPull(undefined, 'onType'), false);
    assert.equal(skipPull('sometimes', 'onType'), false);
    assert.equal(skipPull(42, 'onSave'), true);
  });

  it('never skips a pull on focus', () => {
    assert.equal(skipPull('onSave', 'onFocus'), false);
    assert.equal(skipPull('onType', 'onFocus'), false);
  });
});
