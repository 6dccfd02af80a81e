import assert from 'node:assert/strict';
import { closeSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readImageFiles } from '../../server/src/scan/layers';
import { openDockerArchive } from '../../server/src/scan/sources';
import { TarIndex } from '../../server/src/scan/sources/tar-index';
import type { ImageFiles } from '../../server/src/scan/types';
import { scanRejection } from '../helpers/scan-errors';
import { scratchFolder } from '../helpers/scratch-folder';
import { sha256Digest } from '../helpers/test-blob';
import { buildImage, tarArchive, writeDockerArchive } from '../helpers/test-image';

const scratch = scratchFolder('docker-archive');
const file = (name = 'image.tar') => scratch.fresh(name);

const app = buildImage({
  layers: [
    [{ path: 'etc', type: 'directory' }, { path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\n' }, { path: 'usr/bin/su', content: 'ELF', mode: 0o4755 }],
    [{ path: 'app/server.js', content: 'console.log(1)' }, { path: 'etc/.wh.os-release' }],
  ],
  config: { config: { User: 'node', Env: ['NODE_ENV=production'] } },
});
const tool = buildImage({ layers: [[{ path: 'bin/tool', content: 'tool' }]], platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });

function contents(files: ImageFiles): Record<string, string | undefined> {
  return Object.fromEntries([...files.files.values()].map((f) => [f.path, f.content?.toString()]));
}

/** Overwrites bytes of an archive member in place, as disk damage or tampering would. */
async function damageMember(path: string, member: string, at: number, bytes: Buffer): Promise<void> {
  const found = (await TarIndex.read(path)).file(member);
  assert.ok(found, `${member} is in the archive`);
  const fd = openSync(path, 'r+');
  writeSync(fd, bytes, 0, bytes.length, found.offset + at);
  closeSync(fd);
}

describe('docker save archive, legacy layout (Docker ≤ 24)', () => {
  const path = file('legacy.tar');
  writeDockerArchive([{ image: app, repoTags: ['app:1.0', 'registry.example.com/team/app:1.0'] }, { image: tool, repoTags: ['tool:2'] }], path, 'legacy');

  it('resolves the first image with its config, platform and layers named by their diff ids', async () => {
    const image = await openDockerArchive(path);
    assert.equal(image.name, path);
    assert.equal(image.configDigest, app.config.digest);
    assert.equal(image.manifestDigest, undefined);
    assert.deepEqual(image.platform, { os: 'linux', architecture: 'amd64' });
    assert.equal(image.config.config?.User, 'node');
    assert.deepEqual(image.layers.map((layer) => [layer.index, layer.digest, layer.size, layer.mediaType]), [
      // Uncompressed tars: 512-byte headers, contents padded to 512, two end blocks.
      [0, app.diffIds[0], 3584, 'application/vnd.docker.image.rootfs.diff.tar'],
      [1, app.diffIds[1], 2560, 'application/vnd.docker.image.rootfs.diff.tar'],
    ]);
  });

  it('streams the layers out of the archive into the file reader', async () => {
    const files = await readImageFiles(await openDockerArchive(path), () => true);
    assert.deepEqual(contents(files), { etc: undefined, 'usr/bin/su': 'ELF', 'app/server.js': 'console.log(1)' });
    assert.equal(files.files.get('usr/bin/su')?.mode, 0o4755);
  });

  it('picks an image by one of its tags, normalised like Docker names', async () => {
    const byShort = await openDockerArchive(path, { image: 'tool:2' });
    assert.equal(byShort.configDigest, tool.config.digest);
    assert.deepEqual(byShort.platform, { os: 'linux', architecture: 'arm64', variant: 'v8' });
    const byFull = await openDockerArchive(path, { image: 'docker.io/library/tool:2' });
    assert.equal(byFull.configDigest, tool.config.digest);
    const other = await openDockerArchive(path, { image: 'registry.example.com/team/app:1.0' });
    assert.equal(other.configDigest, app.config.digest);
  });

  it('an unknown tag fails listing the tags there are', async () => {
    const error = await scanRejection(openDockerArchive(path, { image: 'app:2.0' }));
    assert.equal(error.step, 'manifest');
    assert.equal(error.message, `${path} holds no image tagged "app:2.0"; it has "app:1.0", "registry.example.com/team/app:1.0", "tool:2".`);
  });

  it('a requested platform the image does not have fails', async () => {
    const error = await scanRejection(openDockerArchive(path, { platform: { os: 'linux', architecture: 'arm64' } }));
    assert.equal(error.step, 'manifest');
    assert.equal(
      error.message,
      `${path} holds a linux/amd64 image, not linux/arm64. Save the image for that platform, or scan it for linux/amd64.`,
    );
    const matching = await openDockerArchive(path, { image: 'tool:2', platform: { os: 'linux', architecture: 'arm64' } });
    assert.equal(matching.configDigest, tool.config.digest);
  });

  it('a damaged layer.tar fails its diff id check while streaming', async () => {
    const damaged = file('damaged-legacy.tar');
    writeDockerArchive([{ image: app, repoTags: ['app:1.0'] }], damaged, 'legacy');
    const image = await openDockerArchive(damaged);
    const layerPath = (await TarIndex.read(damaged)).names().find((name) => name.endsWith('/layer.tar'));
    assert.ok(layerPath);
    // Byte 600 is inside the first file's content, so the tar still parses and only the digest tells.
    await damageMember(damaged, layerPath, 600, Buffer.from('X'));
    const error = await scanRejection(readImageFiles(image, () => true));
    assert.equal(error.step, 'layers');
    assert.match(
      error.message,
      new RegExp(`^layer 1/2 \\(${app.diffIds[0]}\\) in ${damaged.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} does not match its digest: its bytes hash to sha256:[a-f0-9]{64}\\. The file is damaged`),
    );
  });

  it('follows the symlinks legacy docker save writes for repeated layers', async () => {
    const layerTar = tarArchive([{ path: 'same', content: 'same' }]);
    const diffId = sha256Digest(layerTar);
    const config = JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { type: 'layers', diff_ids: [diffId, diffId] } });
    const configHex = sha256Digest(Buffer.from(config)).slice(7);
    const path2 = file('symlinked.tar');
    writeFileSync(
      path2,
      tarArchive([
        { path: 'aaa/layer.tar', content: layerTar },
        { path: 'bbb/layer.tar', type: 'symlink', linkname: '../aaa/layer.tar' },
        { path: `${configHex}.json`, content: config },
        { path: 'manifest.json', content: JSON.stringify([{ Config: `${configHex}.json`, RepoTags: null, Layers: ['aaa/layer.tar', 'bbb/layer.tar'] }]) },
      ]),
    );
    const image = await openDockerArchive(path2);
    assert.deepEqual(image.layers.map((layer) => layer.digest), [diffId, diffId]);
    const files = await readImageFiles(image, () => true);
    assert.equal(files.files.get('same')?.layerIndex, 1);
  });
});

describe('docker save archive, OCI layout inside (Docker 25+)', () => {
  const path = file('oci.tar');
  writeDockerArchive([{ image: app, repoTags: ['app:1.0'] }, { image: tool, repoTags: ['tool:2'] }], path, 'oci');

  it('resolves through index.json with manifest and config digests', async () => {
    const image = await openDockerArchive(path);
    assert.equal(image.manifestDigest, app.manifest.digest);
    assert.equal(image.configDigest, app.config.digest);
    assert.deepEqual(image.layers.map((layer) => [layer.digest, layer.size, layer.mediaType]), app.layers.map((l) => [l.digest, l.bytes.length, l.mediaType]));
    const files = await readImageFiles(image, () => true);
    assert.deepEqual(contents(files), { etc: undefined, 'usr/bin/su': 'ELF', 'app/server.js': 'console.log(1)' });
  });

  it('picks an image by its name annotations', async () => {
    assert.equal((await openDockerArchive(path, { image: 'tool:2' })).manifestDigest, tool.manifest.digest);
    assert.equal((await openDockerArchive(path, { image: 'docker.io/library/tool:2' })).manifestDigest, tool.manifest.digest);
    const error = await scanRejection(openDockerArchive(path, { image: 'nope:1' }));
    assert.equal(error.message, `${path} has no image named "nope:1"; it has "docker.io/library/app:1.0", "docker.io/library/tool:2".`);
  });

  it('chooses between the images by platform', async () => {
    const image = await openDockerArchive(path, { platform: { os: 'linux', architecture: 'arm64' } });
    assert.equal(image.manifestDigest, tool.manifest.digest);
  });

  it('a blob that does not match its digest fails while streaming', async () => {
    const plain = buildImage({ layers: [[{ path: 'etc/hostname', content: 'hostname-in-a-plain-layer' }]], compression: 'none' });
    const damaged = file('damaged-oci.tar');
    writeDockerArchive([{ image: plain, repoTags: ['plain:1'] }], damaged, 'oci');
    const layer = plain.layers[0];
    assert.ok(layer);
    await damageMember(damaged, `blobs/sha256/${layer.digest.slice(7)}`, 512, Buffer.from('H'));
    const image = await openDockerArchive(damaged);
    const error = await scanRejection(readImageFiles(image, () => true));
    assert.equal(error.step, 'layers');
    assert.match(error.message, new RegExp(`^layer 1/1 \\(${layer.digest}\\) in .* does not match its digest: its bytes hash to sha256:`));
  });

  it('a damaged manifest blob fails before any layer is read', async () => {
    const damaged = file('damaged-manifest.tar');
    writeDockerArchive([{ image: app, repoTags: ['app:1.0'] }], damaged, 'oci');
    await damageMember(damaged, `blobs/sha256/${app.manifest.digest.slice(7)}`, 0, Buffer.from(' '));
    const error = await scanRejection(openDockerArchive(damaged));
    assert.equal(error.step, 'manifest');
    assert.match(error.message, /^manifest sha256:[a-f0-9]{64} in .* does not match its digest or size/);
  });
});

describe('docker save archive: what is not one', () => {
  it('a missing file', async () => {
    const missing = join(scratch.path, 'missing.tar');
    const error = await scanRejection(openDockerArchive(missing));
    assert.equal(error.step, 'resolve');
    assert.equal(error.message, `the image archive ${missing} could not be opened: no such file or directory.`);
  });

  it('a file that is not a tar', async () => {
    const path = file('notes.txt');
    writeFileSync(path, 'just some text that is long enough to fill a block'.repeat(20));
    const error = await scanRejection(openDockerArchive(path));
    assert.equal(error.step, 'resolve');
    assert.equal(error.message, `${path} is not a tar archive (its first block is not a tar header). Create one with docker save -o image.tar IMAGE.`);
  });

  it('a gzip-compressed docker save, with the fix', async () => {
    const path = file('image.tar.gz');
    writeFileSync(path, gzipSync(tarArchive([{ path: 'manifest.json', content: '[]' }])));
    const error = await scanRejection(openDockerArchive(path));
    assert.match(error.message, /is not a tar archive \(.*\)\. It is gzip-compressed: decompress it first \(gunzip\), then scan the \.tar\.$/);
  });

  it('a tar without manifest.json or index.json', async () => {
    const path = file('other.tar');
    writeFileSync(path, tarArchive([{ path: 'README', content: 'hello' }]));
    const error = await scanRejection(openDockerArchive(path));
    assert.equal(error.step, 'manifest');
    assert.equal(error.message, `${path} has neither index.json nor manifest.json, so it is not a docker save archive. Create one with docker save -o image.tar IMAGE.`);
  });

  it('a manifest.json naming a layer the archive lacks', async () => {
    const config = JSON.stringify({ os: 'linux', architecture: 'amd64', rootfs: { type: 'layers', diff_ids: [sha256Digest(Buffer.from('x'))] } });
    const path = file('incomplete.tar');
    writeFileSync(
      path,
      tarArchive([
        { path: 'config.json', content: config },
        { path: 'manifest.json', content: JSON.stringify([{ Config: 'config.json', RepoTags: ['x:1'], Layers: ['gone/layer.tar'] }]) },
      ]),
    );
    const error = await scanRejection(openDockerArchive(path));
    assert.equal(error.step, 'layers');
    assert.equal(error.message, `manifest.json of ${path} names layer 1/1 gone/layer.tar, which is not in the archive.`);
  });

  it('a manifest.json that is not docker save’s', async () => {
    const path = file('odd.tar');
    writeFileSync(path, tarArchive([{ path: 'manifest.json', content: '{"name":"not docker"}' }]));
    const error = await scanRejection(openDockerArchive(path));
    assert.equal(error.message, `manifest.json of ${path} does not list images the way docker save writes them.`);
  });

  it('an archive cut short', async () => {
    const path = file('cut.tar');
    const bytes = tarArchive([{ path: 'manifest.json', content: 'x'.repeat(5000) }]);
    writeFileSync(path, bytes.subarray(0, 2048));
    const error = await scanRejection(openDockerArchive(path));
    assert.equal(error.step, 'resolve');
    assert.match(error.message, /could not be read as a tar archive: it is cut short: the member at byte 0 needs 5000 bytes beyond the end of the file\.$/);
  });

  it('an aborted signal stops before reading', async () => {
    const controller = new AbortController();
    controller.abort();
    const path = file();
    writeDockerArchive([{ image: app, repoTags: ['app:1.0'] }], path);
    await assert.rejects(openDockerArchive(path, { signal: controller.signal }), { name: 'AbortError' });
  });
});

describe('tar index', () => {
  it('finds members by offset, including long PAX names, without reading their data', async () => {
    const long = `blobs/${'x'.repeat(150)}/data`;
    const path = file('index.tar');
    writeFileSync(path, tarArchive([{ path: './first', content: 'one' }, { path: long, content: 'two' }, { path: 'dir', type: 'directory' }]));
    const index = await TarIndex.read(path);
    assert.deepEqual(index.names(), ['first', long, 'dir']);
    const first = index.file('first');
    const second = index.file(long);
    assert.deepEqual(first, { name: 'first', type: 'file', offset: 512, size: 3 });
    assert.ok(second);
    assert.equal((await index.readFile(second)).toString(), 'two');
    const chunks: Buffer[] = [];
    for await (const chunk of index.openFile(second)) chunks.push(chunk as Buffer);
    assert.equal(Buffer.concat(chunks).toString(), 'two');
    assert.equal(index.file('dir'), undefined, 'directories are not files');
  });

  it('indexes both docker save layouts as the test helper writes them', async () => {
    const legacy = file();
    const oci = file();
    writeDockerArchive([{ image: app, repoTags: ['app:1'] }], legacy, 'legacy');
    writeDockerArchive([{ image: app, repoTags: ['app:1'] }], oci, 'oci');
    const legacyNames = (await TarIndex.read(legacy)).names();
    assert.ok(legacyNames.includes('manifest.json') && legacyNames.filter((name) => name.endsWith('/layer.tar')).length === 2);
    assert.deepEqual(
      (await TarIndex.read(oci)).names().filter((name) => !name.startsWith('blobs/')),
      ['blobs', 'oci-layout', 'index.json', 'manifest.json', 'repositories'],
    );
  });
});
