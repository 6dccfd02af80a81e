import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readImageFiles } from '../../server/src/scan/layers';
import type { FileWanted, ImageFiles } from '../../server/src/scan/types';
import { buildImage, inMemoryImage, type LayerEntry } from '../helpers/test-image';

const nothing: FileWanted = () => false;

function read(layers: LayerEntry[][], wanted: FileWanted = nothing): Promise<ImageFiles> {
  return readImageFiles(inMemoryImage(buildImage({ layers })), wanted);
}

function paths(files: ImageFiles): string[] {
  return [...files.files.keys()].sort();
}

const base: LayerEntry[] = [
  { path: 'etc', type: 'directory' },
  { path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' },
  { path: 'etc/shadow', content: 'root:*::0:::::\n' },
  { path: 'opt', type: 'directory' },
  { path: 'opt/app', type: 'directory' },
  { path: 'opt/app/bin', type: 'directory' },
  { path: 'opt/app/bin/run', content: '#!/bin/sh\n', mode: 0o755 },
  { path: 'opt/app/lib.so', content: 'ELF' },
  { path: 'opt/keep', content: 'kept' },
];

describe('layer reader: whiteouts', () => {
  it('a .wh. file removes that file of a lower layer and leaves its siblings', async () => {
    const files = await read([base, [{ path: 'etc/.wh.shadow' }]]);
    assert.deepEqual(paths(files), ['etc', 'etc/passwd', 'opt', 'opt/app', 'opt/app/bin', 'opt/app/bin/run', 'opt/app/lib.so', 'opt/keep']);
    assert.equal(files.warnings.length, 0);
  });

  it('a .wh. directory removes the directory and everything below it', async () => {
    const files = await read([base, [{ path: 'opt/.wh.app' }]]);
    assert.deepEqual(paths(files), ['etc', 'etc/passwd', 'etc/shadow', 'opt', 'opt/keep']);
  });

  it('a path removed by a whiteout can be written again by a later layer', async () => {
    const files = await read([base, [{ path: 'opt/.wh.app' }], [{ path: 'opt/app/new', content: 'new' }]]);
    assert.deepEqual(paths(files), ['etc', 'etc/passwd', 'etc/shadow', 'opt', 'opt/app/new', 'opt/keep']);
    assert.equal(files.files.get('opt/app/new')?.layerIndex, 2);
  });

  it('a whiteout hides only lower layers, not what its own layer writes, in either entry order', async () => {
    const files = await read([
      base,
      [
        { path: 'opt/app', type: 'directory' },
        { path: 'opt/app/fresh', content: 'written before the whiteout entry' },
        { path: 'opt/.wh.app' },
        { path: 'etc/.wh.passwd' },
        { path: 'etc/passwd', content: 'written after the whiteout entry' },
      ],
    ], (path) => path === 'etc/passwd');
    assert.deepEqual(paths(files), ['etc', 'etc/passwd', 'etc/shadow', 'opt', 'opt/app', 'opt/app/fresh', 'opt/keep']);
    assert.equal(files.files.get('opt/app')?.layerIndex, 1);
    assert.equal(files.files.get('etc/passwd')?.content?.toString(), 'written after the whiteout entry');
  });

  it('an opaque directory keeps itself and its own layer content but drops lower-layer content below it', async () => {
    const files = await read([
      base,
      [
        { path: 'opt/app/config', content: 'same layer, before the marker' },
        { path: 'opt/app/.wh..wh..opq' },
        { path: 'opt/app/bin', type: 'directory' },
      ],
    ]);
    assert.deepEqual(paths(files), ['etc', 'etc/passwd', 'etc/shadow', 'opt', 'opt/app', 'opt/app/bin', 'opt/app/config', 'opt/keep']);
    assert.equal(files.files.get('opt/app')?.layerIndex, 0, 'the opaque marker itself does not rewrite the directory');
    assert.equal(files.files.get('opt/app/bin')?.layerIndex, 1);
  });

  it('a directory replaced by a file loses what lower layers had below it', async () => {
    const files = await read([base, [{ path: 'opt/app', content: 'now a file' }]]);
    assert.deepEqual(paths(files), ['etc', 'etc/passwd', 'etc/shadow', 'opt', 'opt/app', 'opt/keep']);
    assert.equal(files.files.get('opt/app')?.type, 'file');
  });

  it('a directory entry in a later layer updates the directory and keeps its content', async () => {
    const files = await read([base, [{ path: 'opt', type: 'directory', mode: 0o1777 }]]);
    assert.equal(files.files.get('opt')?.mode, 0o1777);
    assert.equal(files.files.get('opt')?.layerIndex, 1);
    assert.ok(files.files.has('opt/app/bin/run'));
  });

  it('ignores AUFS bookkeeping entries and never lists whiteout markers as files', async () => {
    const files = await read([
      base,
      [{ path: '.wh..wh.plnk', type: 'directory' }, { path: '.wh..wh.plnk/123.456', content: 'x' }, { path: 'etc/.wh.shadow' }],
    ]);
    assert.deepEqual(paths(files), ['etc', 'etc/passwd', 'opt', 'opt/app', 'opt/app/bin', 'opt/app/bin/run', 'opt/app/lib.so', 'opt/keep']);
  });

  it('a whiteout for a path no lower layer has changes nothing', async () => {
    const files = await read([base, [{ path: 'var/.wh.missing' }, { path: '.wh.nothing' }]]);
    assert.equal(files.files.size, 9);
  });

  it('a whiteout drops the removed file’s kept content and history', async () => {
    const files = await read(
      [[{ path: 'var/lib/dpkg/status', content: 'v1' }], [{ path: 'var/lib/dpkg/status', content: 'v2' }], [{ path: 'var/lib/.wh.dpkg' }]],
      () => 'history',
    );
    assert.deepEqual(paths(files), []);
  });
});

describe('layer reader: wanted files that later layers removed', () => {
  const key = '-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----\n';
  const wantKeys: FileWanted = (path) => path.endsWith('.pem') || path.endsWith('.npmrc');
  const removedOf = (files: ImageFiles) =>
    (files.removed ?? []).map((file) => ({ path: file.path, layer: file.layerIndex, removedIn: file.removedInLayer, how: file.how, content: file.content?.toString() }));

  it('keeps a file deleted by a whiteout of the file or of its folder, with its content', async () => {
    const files = await read(
      [
        [{ path: 'root/deploy.pem', content: key }, { path: 'srv/tls/server.pem', content: 'tls key' }, { path: 'srv/readme', content: 'unwanted' }],
        [{ path: 'root/.wh.deploy.pem' }],
        [{ path: '.wh.srv' }],
      ],
      wantKeys,
    );
    assert.deepEqual(paths(files), []);
    assert.deepEqual(removedOf(files), [
      { path: 'root/deploy.pem', layer: 0, removedIn: 1, how: 'deleted', content: key },
      { path: 'srv/tls/server.pem', layer: 0, removedIn: 2, how: 'deleted', content: 'tls key' },
    ]);
  });

  it('keeps a file below an opaque directory', async () => {
    const files = await read([[{ path: 'app/.npmrc', content: '//registry.npmjs.org/:_authToken=abc' }], [{ path: 'app/.wh..wh..opq' }, { path: 'app/index.js', content: 'x' }]], wantKeys);
    assert.deepEqual(removedOf(files), [{ path: 'app/.npmrc', layer: 0, removedIn: 1, how: 'deleted', content: '//registry.npmjs.org/:_authToken=abc' }]);
  });

  it('keeps an overwritten version, and not one replaced by the same bytes or within its own layer', async () => {
    const files = await read(
      [
        [{ path: 'app/.npmrc', content: 'token' }, { path: 'same.pem', content: key }],
        [{ path: 'app/.npmrc', content: '' }, { path: 'same.pem', content: key }, { path: 'twice.pem', content: 'first' }, { path: 'twice.pem', content: 'second' }],
      ],
      wantKeys,
    );
    assert.deepEqual(removedOf(files), [{ path: 'app/.npmrc', layer: 0, removedIn: 1, how: 'overwritten', content: 'token' }]);
    assert.equal(files.files.get('app/.npmrc')?.content?.toString(), '');
  });

  it('does not keep deleted or overwritten files that nobody wanted, nor removed files beyond the content limits', async () => {
    const files = await read(
      [[{ path: 'etc/shadow', content: 'x' }, { path: 'opt/big.pem', content: 'y'.repeat(64) }], [{ path: 'etc/.wh.shadow' }, { path: 'opt/big.pem', content: 'z' }]],
      (path) => path.endsWith('.pem'),
    );
    assert.equal(files.removed?.length, 1);
    assert.equal(files.removed?.[0]?.path, 'opt/big.pem');
    const limited = await readImageFiles(
      inMemoryImage(buildImage({ layers: [[{ path: 'opt/big.pem', content: 'y'.repeat(64) }], [{ path: 'opt/.wh.big.pem' }]] })),
      wantKeys,
      { limits: { maxFileBytes: 10 } },
    );
    assert.deepEqual(removedOf(limited), [{ path: 'opt/big.pem', layer: 0, removedIn: 1, how: 'deleted', content: undefined }]);
  });

  it('a history file keeps its earlier versions as history, not as removed, until it is deleted', async () => {
    const files = await read(
      [[{ path: 'var/lib/dpkg/status', content: 'v1' }], [{ path: 'var/lib/dpkg/status', content: 'v2' }], [{ path: 'var/lib/.wh.dpkg' }]],
      () => 'history',
    );
    assert.deepEqual(removedOf(files), [{ path: 'var/lib/dpkg/status', layer: 1, removedIn: 2, how: 'deleted', content: 'v2' }]);
    assert.equal(files.removed?.[0]?.history, undefined);
  });
});
