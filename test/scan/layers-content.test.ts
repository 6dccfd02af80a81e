import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readImageFiles } from '../../server/src/scan/layers';
import type { FileWanted, ImageFiles, ReadLimits } from '../../server/src/scan/types';
import { buildImage, inMemoryImage, type LayerEntry } from '../helpers/test-image';

function read(layers: LayerEntry[][], wanted: FileWanted, limits?: Partial<ReadLimits>): Promise<ImageFiles> {
  return readImageFiles(inMemoryImage(buildImage({ layers }), 'app:1'), wanted, limits ? { limits } : {});
}

const text = (files: ImageFiles, path: string) => files.files.get(path)?.content?.toString('utf8');

describe('layer reader: metadata and contents', () => {
  it('keeps metadata of every file and content only of wanted regular files', async () => {
    const seen: Array<[string, number]> = [];
    const files = await read(
      [
        [
          { path: 'etc', type: 'directory' },
          { path: 'etc/os-release', content: 'ID=debian\n', uid: 0, gid: 0 },
          { path: 'etc/motd', content: 'hello' },
          { path: 'home/app/.env', content: 'TOKEN=1', uid: 1000, gid: 1001, mode: 0o600 },
          { path: 'usr/lib/os-release', type: 'symlink', linkname: '../../etc/os-release' },
        ],
      ],
      (path, size) => {
        seen.push([path, size]);
        return path === 'etc/os-release' || path === 'home/app/.env' || path === 'usr/lib/os-release' || path === 'etc';
      },
    );
    assert.deepEqual(seen, [['etc/os-release', 10], ['etc/motd', 5], ['home/app/.env', 7]], 'only regular files are offered, with their sizes');
    assert.deepEqual(files.files.get('home/app/.env'), {
      path: 'home/app/.env',
      type: 'file',
      mode: 0o600,
      uid: 1000,
      gid: 1001,
      size: 7,
      layerIndex: 0,
      content: Buffer.from('TOKEN=1'),
    });
    assert.equal(text(files, 'etc/os-release'), 'ID=debian\n');
    assert.equal(files.files.get('etc/motd')?.content, undefined);
    assert.equal(files.files.get('etc/motd')?.size, 5);
    assert.deepEqual(files.files.get('usr/lib/os-release'), {
      path: 'usr/lib/os-release',
      type: 'symlink',
      mode: 0o777,
      uid: 0,
      gid: 0,
      size: 0,
      layerIndex: 0,
      linkname: '../../etc/os-release',
    });
    assert.equal(files.files.get('etc')?.type, 'directory');
  });

  it('keeps hard links as metadata, their target normalised like any path', async () => {
    const files = await read(
      [[{ path: 'usr/bin/python3.12', content: 'ELF' }, { path: './usr/bin/python3', type: 'hardlink', linkname: './usr/bin/python3.12' }]],
      () => true,
    );
    assert.deepEqual(files.files.get('usr/bin/python3'), {
      path: 'usr/bin/python3',
      type: 'hardlink',
      mode: 0o644,
      uid: 0,
      gid: 0,
      size: 0,
      layerIndex: 0,
      linkname: 'usr/bin/python3.12',
    });
  });

  it('preserves setuid, setgid and sticky bits', async () => {
    const files = await read(
      [[
        { path: 'usr/bin/passwd', content: 'ELF', mode: 0o4755 },
        { path: 'usr/bin/wall', content: 'ELF', mode: 0o2755 },
        { path: 'tmp', type: 'directory', mode: 0o1777 },
        { path: 'usr/bin/plain', content: 'ELF', mode: 0o755 },
      ]],
      () => false,
    );
    assert.equal(files.files.get('usr/bin/passwd')?.mode, 0o4755);
    assert.equal(files.files.get('usr/bin/wall')?.mode, 0o2755);
    assert.equal(files.files.get('tmp')?.mode, 0o1777);
    assert.equal(files.files.get('usr/bin/plain')?.mode, 0o755);
  });

  it('true keeps only the final content; history keeps earlier versions, oldest first', async () => {
    const layers: LayerEntry[][] = [
      [{ path: 'var/lib/dpkg/status', content: 'v1' }, { path: 'etc/hostname', content: 'one' }],
      [{ path: 'etc/hostname', content: 'two' }],
      [{ path: 'var/lib/dpkg/status', content: 'v3' }],
      [{ path: 'var/lib/dpkg/status', content: 'v4' }, { path: 'etc/hostname', content: 'four' }],
    ];
    const files = await read(layers, (path) => (path === 'var/lib/dpkg/status' ? 'history' : true));
    const status = files.files.get('var/lib/dpkg/status');
    assert.equal(status?.layerIndex, 3);
    assert.equal(status?.content?.toString(), 'v4');
    assert.deepEqual(
      status?.history?.map((version) => [version.layerIndex, version.content.toString()]),
      [[0, 'v1'], [2, 'v3']],
    );
    assert.equal(text(files, 'etc/hostname'), 'four');
    assert.equal(files.files.get('etc/hostname')?.history, undefined);
  });

  it('normalises names and keeps ../ tricks inside the image root', async () => {
    const files = await read(
      [[
        { path: './etc/a', content: 'a' },
        { path: '/etc/b', content: 'b' },
        { path: 'etc/../../../etc/c', content: 'c' },
        { path: '../../../../root/.ssh/id_rsa', content: 'key' },
        { path: 'usr/./lib//x/../y', content: 'y' },
        { path: './', type: 'directory' },
        { path: '../', type: 'directory' },
      ]],
      () => true,
    );
    assert.deepEqual([...files.files.keys()].sort(), ['etc/a', 'etc/b', 'etc/c', 'root/.ssh/id_rsa', 'usr/lib/y']);
    assert.equal(text(files, 'root/.ssh/id_rsa'), 'key');
  });

  it('a whiteout written with ../ tricks still only acts inside the root', async () => {
    const files = await read([[{ path: 'etc/passwd', content: 'x' }, { path: 'srv/data', content: 'd' }], [{ path: '../../.wh.etc' }]], () => false);
    assert.deepEqual([...files.files.keys()], ['srv/data']);
  });

  it('reads names longer than a tar header holds (PAX records)', async () => {
    const long = `usr/lib/node_modules/${'very-long-package-name/'.repeat(8)}package.json`;
    const files = await read([[{ path: long, content: '{"name":"x"}' }]], (path) => path.endsWith('package.json'));
    assert.equal(text(files, long), '{"name":"x"}');
  });

  it('files larger than maxFileBytes keep their metadata but not their content, with a warning', async () => {
    const files = await read(
      [[{ path: 'big.db', content: Buffer.alloc(2048, 1) }, { path: 'small', content: 'ok' }]],
      () => true,
      { maxFileBytes: 1024 },
    );
    assert.equal(files.files.get('big.db')?.size, 2048);
    assert.equal(files.files.get('big.db')?.content, undefined);
    assert.equal(text(files, 'small'), 'ok');
    assert.deepEqual(files.warnings, ['/big.db in app:1 is 2 KiB, more than the 1 KiB read per file; its content was not checked.']);
  });

  it('stops keeping contents at maxTotalContentBytes and says how many files were skipped', async () => {
    const files = await read(
      [[
        { path: 'a', content: Buffer.alloc(40) },
        { path: 'b', content: Buffer.alloc(40) },
        { path: 'c', content: Buffer.alloc(40) },
        { path: 'd', content: Buffer.alloc(20) },
      ]],
      () => true,
      { maxTotalContentBytes: 100 },
    );
    assert.equal(files.files.get('a')?.content?.length, 40);
    assert.equal(files.files.get('b')?.content?.length, 40);
    assert.equal(files.files.get('c')?.content, undefined);
    assert.equal(files.files.get('d')?.content?.length, 20);
    assert.deepEqual(files.warnings, [
      '1 wanted file was not read because the contents kept from app:1 reached 100 bytes; findings and packages that depend on it may be missing.',
    ]);
  });

  it('a replaced version gives its share of the content budget back', async () => {
    const files = await read(
      [[{ path: 'a', content: Buffer.alloc(60, 1) }], [{ path: 'a', content: Buffer.alloc(60, 2) }], [{ path: 'b', content: Buffer.alloc(30) }]],
      () => true,
      { maxTotalContentBytes: 100 },
    );
    assert.deepEqual(files.files.get('a')?.content, Buffer.alloc(60, 2));
    assert.equal(files.files.get('b')?.content?.length, 30);
    // The replaced version is still in layer 0, so it is kept as removed, but the final version came first.
    assert.deepEqual(files.removed?.map((file) => [file.path, file.layerIndex, file.how, file.content]), [['a', 0, 'overwritten', undefined]]);
    assert.equal(files.warnings.length, 1);
  });

  it('a version replaced by the same bytes gives its share back and is not kept as removed', async () => {
    const files = await read(
      [[{ path: 'a', content: Buffer.alloc(60, 1) }], [{ path: 'a', content: Buffer.alloc(60, 1) }], [{ path: 'b', content: Buffer.alloc(30) }]],
      () => true,
      { maxTotalContentBytes: 100 },
    );
    assert.equal(files.files.get('b')?.content?.length, 30);
    assert.deepEqual(files.removed, []);
    assert.deepEqual(files.warnings, []);
  });

  it('history versions count against the content budget', async () => {
    const files = await read(
      [[{ path: 'db', content: Buffer.alloc(40, 1) }], [{ path: 'db', content: Buffer.alloc(40, 2) }], [{ path: 'other', content: Buffer.alloc(40) }]],
      (path) => (path === 'db' ? 'history' : true),
      { maxTotalContentBytes: 100 },
    );
    assert.equal(files.files.get('db')?.history?.length, 1);
    assert.equal(files.files.get('other')?.content, undefined);
    assert.equal(files.warnings.length, 1);
  });
});
