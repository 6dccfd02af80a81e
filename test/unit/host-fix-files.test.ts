import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { createFixFiles } from '../../server/src/host/fix-files';

describe('host/fix-files', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'shipshape-fix-files-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('creates missing files beside the linted file, never over existing ones or outside its folder', () => {
    const dockerfile = path.join(root, 'Dockerfile');
    writeFileSync(dockerfile, 'FROM alpine:3.20\n');
    writeFileSync(path.join(root, 'existing.txt'), 'keep me\n');
    const result = createFixFiles(dockerfile, [
      { relativePath: '.dockerignore', text: '.git\n.env\n' },
      { relativePath: 'config/nested.txt', text: 'nested\n' },
      { relativePath: 'existing.txt', text: 'overwritten\n' },
      { relativePath: '../escape.txt', text: 'no\n' },
    ]);
    assert.deepEqual(result.created, [path.join(root, '.dockerignore'), path.join(root, 'config', 'nested.txt')]);
    assert.deepEqual(result.skipped, [path.join(root, 'existing.txt'), path.resolve(root, '..', 'escape.txt')]);
    assert.deepEqual(result.errors, []);
    assert.equal(readFileSync(path.join(root, '.dockerignore'), 'utf8'), '.git\n.env\n');
    assert.equal(readFileSync(path.join(root, 'existing.txt'), 'utf8'), 'keep me\n');
    assert.equal(existsSync(path.resolve(root, '..', 'escape.txt')), false);
  });
});
