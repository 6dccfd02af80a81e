// Hostile archives, part 3: OCI indexes that nest and list each other over and over. A walk that follows every
// listing reads fanOut^depth indexes (14 KB took 48 s, 26 KB ten minutes); the scan visits each digest once
// and bounds depth and descriptor count, so these finish in milliseconds with a result or a clear error. The
// same holds for Docker 25+ `docker save` archives, and a registry follows one level of index only.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ScanReport } from '../../server/src/protocol';
import { scanImage, type ScanOptions } from '../../server/src/scan/scan-image';
import { runCliAsync } from '../cli/helpers';
import { nestedIndexes, writeNestedIndexArchive, writeNestedIndexLayout } from '../helpers/hostile-images';
import { startRegistryServer } from '../helpers/registry-server';
import { scratchFolder } from '../helpers/scratch-folder';
import { blob, MediaTypes } from '../helpers/test-blob';
import { buildImage, writeOciLayout } from '../helpers/test-image';

const work = scratchFolder('hostile-nesting');
const env = { HOME: work.path, XDG_CACHE_HOME: path.join(work.path, 'cache'), DOCKER_CONFIG: path.join(work.path, 'docker') };
const offline: ScanOptions = { allowNetwork: false, insecureRegistries: [], allowCredentialHelpers: false };
const image = buildImage({ layers: [[{ path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' }]] });

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

describe('hostile archives: nested indexes that multiply', () => {
  for (const fanOut of [25, 45]) {
    it(`an OCI layout whose 4 nested indexes list the next ${fanOut} times is scanned in milliseconds`, async () => {
      const layout = work.fresh(`nested-${fanOut}`);
      const bytes = writeNestedIndexLayout(layout, image, fanOut, 4);
      assert.ok(bytes > (fanOut === 25 ? 12_000 : 24_000), `${bytes} bytes of indexes`);
      const { value: report, ms } = await timed(() => scanImage({ kind: 'oci-layout', path: layout }, offline));
      assert.equal(report.image.manifestDigest, image.manifest.digest);
      assert.equal(report.integrity.status, 'verified');
      assert.ok(ms < 1500, `${Math.round(ms)} ms`);
    });
  }

  it('the same nesting inside a docker save archive, through the CLI', async () => {
    const archive = `${work.fresh('nested')}.tar`;
    writeNestedIndexArchive(archive, image, 45, 4);
    const started = performance.now();
    const run = await runCliAsync(['scan', '--tar', archive, '--offline', '--format', 'json', '--fail-on', 'never'], { cwd: work.path, env });
    assert.equal(run.status, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as ScanReport).image.manifestDigest, image.manifest.digest);
    assert.ok(performance.now() - started < 8000, 'one CLI start and a quick scan');
  });

  it('indexes nested deeper than 4 levels fail with a clear message', async () => {
    const layout = work.fresh('deep');
    writeNestedIndexLayout(layout, image, 1, 6);
    await assert.rejects(scanImage({ kind: 'oci-layout', path: layout }, offline), /indexes nest more than 4 deep; Shipshape stopped following them/);
  });

  it('indexes that list more than 10,000 descriptors in all fail fast with a clear message', async () => {
    const layout = work.fresh('wide');
    writeOciLayout(layout, [{ image }]);
    // 20 indexes of 1,000 distinct (missing) manifests each: every one would be a candidate to look up.
    const indexes = Array.from({ length: 20 }, (_, index) =>
      blob(MediaTypes.ociIndex, {
        schemaVersion: 2,
        manifests: Array.from({ length: 1000 }, (_, n) => ({ mediaType: MediaTypes.ociManifest, digest: `sha256:${(index * 1000 + n).toString(16).padStart(64, '0')}`, size: 100 })),
      }),
    );
    for (const index of indexes) writeFileSync(path.join(layout, 'blobs', 'sha256', index.digest.slice('sha256:'.length)), index.bytes);
    const top = indexes.map((index) => ({ mediaType: index.mediaType, digest: index.digest, size: index.bytes.length }));
    writeFileSync(path.join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: top }));
    const started = performance.now();
    await assert.rejects(scanImage({ kind: 'oci-layout', path: layout }, offline), /list more than 10,000 descriptors; Shipshape stopped reading them/);
    assert.ok(performance.now() - started < 1500);
  });

  it('a registry index that points to another index is refused at once', async () => {
    const inner = nestedIndexes(image, 30, 1).indexes[0]!;
    const outer = blob(MediaTypes.ociIndex, {
      schemaVersion: 2,
      mediaType: MediaTypes.ociIndex,
      manifests: Array.from({ length: 30 }, () => ({ mediaType: inner.mediaType, digest: inner.digest, size: inner.bytes.length, platform: image.platform })),
    });
    const registry = await startRegistryServer({ repositories: { 'nested/app': { blobs: [...image.blobs, inner], tags: { '1': outer } } } });
    try {
      const scan = scanImage({ kind: 'registry', image: `${registry.host}/nested/app:1` }, { ...offline, allowNetwork: true, lookUpVulnerabilities: false, platform: { os: 'linux', architecture: 'amd64' } });
      await assert.rejects(scan, /the index points to another index; Shipshape reads one level of multi-platform index only/);
      assert.equal(registry.requests.length, 2, 'the tag and the one nested index');
    } finally {
      await registry.close();
    }
  });

  it('an index listing the same manifest many times yields one image', async () => {
    const layout = work.fresh('repeated');
    writeOciLayout(layout, [{ image }]);
    const descriptor = { mediaType: image.manifest.mediaType, digest: image.manifest.digest, size: image.manifest.bytes.length, platform: image.platform };
    writeFileSync(path.join(layout, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: Array.from({ length: 900 }, () => descriptor) }));
    const report = await scanImage({ kind: 'oci-layout', path: layout }, { ...offline, platform: { os: 'linux', architecture: 'amd64' } });
    assert.equal(report.image.manifestDigest, image.manifest.digest);
  });
});
