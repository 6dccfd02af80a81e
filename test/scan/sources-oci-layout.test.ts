import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readImageFiles } from '../../server/src/scan/layers';
import { hostPlatform, openOciLayout } from '../../server/src/scan/sources';
import { scanRejection } from '../helpers/scan-errors';
import { scratchFolder } from '../helpers/scratch-folder';
import { blob, MediaTypes, type TestBlob } from '../helpers/test-blob';
import { PlatformNotFoundError } from '../../server/src/scan/types';
import { describeScanError } from '../../server/src/scan/scan-image';
import { buildImage, buildIndex, writeOciLayout, type TestImage } from '../helpers/test-image';

const scratch = scratchFolder('oci-layout');
const folder = () => scratch.fresh('layout');

const amd64 = buildImage({ layers: [[{ path: 'etc/arch', content: 'amd64' }]] });
const arm64 = buildImage({ layers: [[{ path: 'etc/arch', content: 'arm64' }]], platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
const armv7 = buildImage({ layers: [[{ path: 'etc/arch', content: 'armv7' }]], platform: { os: 'linux', architecture: 'arm', variant: 'v7' } });

async function archOf(dir: string, options: Parameters<typeof openOciLayout>[1] = {}): Promise<string | undefined> {
  const files = await readImageFiles(await openOciLayout(dir, options), () => true);
  return files.files.get('etc/arch')?.content?.toString();
}

function blobFile(dir: string, item: TestBlob): string {
  return join(dir, 'blobs', 'sha256', item.digest.slice(7));
}

function rewriteIndex(dir: string, change: (index: { manifests: Array<Record<string, unknown>> }) => void): void {
  const path = join(dir, 'index.json');
  const index = JSON.parse(readFileSync(path, 'utf8')) as { manifests: Array<Record<string, unknown>> };
  change(index);
  writeFileSync(path, JSON.stringify(index));
}

describe('OCI layout: platforms', () => {
  const nested = folder();
  const multi = buildIndex([amd64, arm64, armv7]);
  writeOciLayout(nested, [{ image: amd64 }, { image: arm64 }, { image: armv7 }], { ...multi, refName: 'latest' });
  const flat = folder();
  writeOciLayout(flat, [{ image: amd64 }, { image: arm64 }]);

  it('picks the requested platform from a nested index and records both digests', async () => {
    const image = await openOciLayout(nested, { platform: { os: 'linux', architecture: 'arm64' } });
    assert.equal(image.name, nested);
    assert.equal(image.manifestDigest, arm64.manifest.digest);
    assert.equal(image.indexDigest, multi.index.digest);
    assert.equal(image.configDigest, arm64.config.digest);
    assert.deepEqual(image.platform, { os: 'linux', architecture: 'arm64', variant: 'v8' });
    assert.equal(await archOf(nested, { platform: { os: 'linux', architecture: 'arm', variant: 'v7' } }), 'armv7');
  });

  it('picks from platforms listed directly in index.json', async () => {
    const image = await openOciLayout(flat, { platform: { os: 'linux', architecture: 'amd64' } });
    assert.equal(image.manifestDigest, amd64.manifest.digest);
    assert.equal(image.indexDigest, undefined);
    assert.equal(await archOf(flat, { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }), 'arm64');
  });

  it('without a requested platform, takes the machine’s own, then linux/amd64', async () => {
    const expected = hostPlatform().architecture === 'arm64' ? 'arm64' : hostPlatform().architecture === 'arm' ? 'armv7' : 'amd64';
    assert.equal(await archOf(nested), expected);
  });

  it('a platform the index lacks fails listing those it has', async () => {
    const error = await scanRejection(openOciLayout(nested, { platform: { os: 'linux', architecture: 's390x' } }));
    assert.equal(error.step, 'manifest');
    assert.equal(error.message, `${nested} has no image for linux/s390x; it has linux/amd64, linux/arm64/v8, linux/arm/v7.`);
    // Each front says how to choose (the CLI names --platform); the engine gives it the platforms on offer.
    assert.ok(error instanceof PlatformNotFoundError);
    assert.deepEqual(error.available, ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7']);
    assert.match(describeScanError(error, (example) => `Use --platform ${example}.`), /it has linux\/amd64, linux\/arm64\/v8, linux\/arm\/v7\. Use --platform linux\/amd64\.$/);
  });

  it('skips BuildKit attestation manifests', async () => {
    const dir = folder();
    writeOciLayout(dir, [{ image: arm64 }], buildIndex([arm64], { attestations: true }));
    assert.equal((await openOciLayout(dir)).manifestDigest, arm64.manifest.digest);
    const error = await scanRejection(openOciLayout(dir, { platform: { os: 'unknown', architecture: 'unknown' } }));
    assert.equal(error.message, `${dir} has no image for unknown/unknown; it has linux/arm64/v8.`);
  });

  it('learns the platform from the config when index.json does not record it', async () => {
    const dir = folder();
    writeOciLayout(dir, [{ image: amd64 }, { image: arm64 }]);
    rewriteIndex(dir, (index) => {
      for (const manifest of index.manifests) delete manifest.platform;
    });
    assert.equal(await archOf(dir, { platform: { os: 'linux', architecture: 'arm64' } }), 'arm64');
  });

  it('reads Docker manifest lists and Docker v2 manifests', async () => {
    const dir = folder();
    const dockerAmd = buildImage({ layers: [[{ path: 'etc/arch', content: 'docker-amd64' }]], mediaTypes: 'docker' });
    const dockerArm = buildImage({ layers: [[{ path: 'etc/arch', content: 'docker-arm64' }]], mediaTypes: 'docker', platform: { os: 'linux', architecture: 'arm64' } });
    writeOciLayout(dir, [{ image: dockerAmd }, { image: dockerArm }], buildIndex([dockerAmd, dockerArm], { mediaTypes: 'docker' }));
    assert.equal(await archOf(dir, { platform: { os: 'linux', architecture: 'arm64' } }), 'docker-arm64');
  });
});

describe('OCI layout: names', () => {
  const dir = folder();
  writeOciLayout(dir, [{ image: amd64, refName: 'v1' }, { image: arm64, refName: 'v2' }]);

  it('selects the image whose org.opencontainers.image.ref.name is the reference', async () => {
    assert.equal((await openOciLayout(dir, { reference: 'v2' })).manifestDigest, arm64.manifest.digest);
    assert.equal((await openOciLayout(dir, { reference: 'v1' })).manifestDigest, amd64.manifest.digest);
  });

  it('a reference no image has fails listing the names there are', async () => {
    const error = await scanRejection(openOciLayout(dir, { reference: 'v3' }));
    assert.equal(error.step, 'manifest');
    assert.equal(error.message, `${dir} has no image named "v3"; it has "v1", "v2".`);
  });

  it('uses a display name when given', async () => {
    assert.equal((await openOciLayout(dir, { reference: 'v1', name: 'oci:./layout:v1' })).name, 'oci:./layout:v1');
  });
});

describe('OCI layout: damage and things that are not images', () => {
  function layoutOf(image: TestImage): string {
    const dir = folder();
    writeOciLayout(dir, [{ image }]);
    return dir;
  }

  it('a layer blob that does not match its digest fails while streaming', async () => {
    const plain = buildImage({ layers: [[{ path: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }]], compression: 'none' });
    const dir = layoutOf(plain);
    const layer = plain.layers[0];
    assert.ok(layer);
    const damaged = Buffer.from(layer.bytes);
    damaged.write('R', 512, 'latin1');
    writeFileSync(blobFile(dir, layer), damaged);
    const image = await openOciLayout(dir);
    const error = await scanRejection(readImageFiles(image, () => true));
    assert.equal(error.step, 'layers');
    assert.equal(error.image, dir);
    assert.match(error.message, new RegExp(`^layer 1/1 \\(${layer.digest}\\) in .* does not match its digest: its bytes hash to sha256:[a-f0-9]{64}\\. The file is damaged or was changed`));
  });

  it('a layer blob of the wrong size fails', async () => {
    const dir = layoutOf(amd64);
    const layer = amd64.layers[0];
    assert.ok(layer);
    writeFileSync(blobFile(dir, layer), layer.bytes.subarray(0, 20));
    const error = await scanRejection(readImageFiles(await openOciLayout(dir), () => true));
    assert.match(error.message, new RegExp(`layer 1/1 \\(${layer.digest}\\) in .* holds 20 bytes where ${layer.bytes.length} were recorded`));
  });

  it('a damaged config fails before any layer is read', async () => {
    const dir = layoutOf(amd64);
    writeFileSync(blobFile(dir, amd64.config), Buffer.concat([amd64.config.bytes.subarray(0, -1), Buffer.from(' ')]));
    const error = await scanRejection(openOciLayout(dir));
    assert.equal(error.step, 'config');
    assert.match(error.message, /^config sha256:[a-f0-9]{64} in .* does not match its digest or size/);
  });

  it('a missing layer blob is named', async () => {
    const dir = layoutOf(amd64);
    const layer = amd64.layers[0];
    assert.ok(layer);
    rmSync(blobFile(dir, layer));
    const error = await scanRejection(openOciLayout(dir));
    assert.equal(error.step, 'layers');
    assert.equal(error.message, `layer 1/1 (${layer.digest}) is missing from ${dir}.`);
  });

  it('a digest that is not sha256 hex is refused, not used as a path', async () => {
    const dir = layoutOf(amd64);
    rewriteIndex(dir, (index) => {
      const [first] = index.manifests;
      if (first) first.digest = 'sha256:../../../../etc/passwd';
    });
    const error = await scanRejection(openOciLayout(dir));
    assert.equal(error.step, 'manifest');
    assert.equal(
      error.message,
      `index.json of ${dir} has an invalid digest in "manifests[0]" ("sha256:../../../../etc/passwd"); only sha256 and sha512 digests are accepted.`,
    );
  });

  it('an artifact (a Helm chart) is not an image', async () => {
    const dir = folder();
    const chartConfig = blob('application/vnd.cncf.helm.config.v1+json', { name: 'chart' });
    const manifest = blob(MediaTypes.ociManifest, { schemaVersion: 2, mediaType: MediaTypes.ociManifest, config: { mediaType: chartConfig.mediaType, digest: chartConfig.digest, size: chartConfig.bytes.length }, layers: [] });
    writeOciLayout(dir, [{ image: { ...amd64, manifest, config: chartConfig, layers: [], blobs: [manifest, chartConfig] } }]);
    const error = await scanRejection(openOciLayout(dir));
    assert.equal(error.step, 'config');
    assert.equal(error.message, `${dir} is not a container image: its config has media type application/vnd.cncf.helm.config.v1+json (an OCI artifact such as a Helm chart or signature).`);
  });

  it('an index listing only manifests of unknown media types', async () => {
    const dir = layoutOf(amd64);
    rewriteIndex(dir, (index) => {
      const [first] = index.manifests;
      if (first) first.mediaType = 'application/vnd.docker.distribution.manifest.v1+prettyjws';
    });
    const error = await scanRejection(openOciLayout(dir));
    assert.equal(error.step, 'manifest');
    assert.equal(error.message, `index.json of ${dir} lists no image manifest. It holds application/vnd.docker.distribution.manifest.v1+prettyjws, which Shipshape cannot scan.`);
  });

  it('a layer of an unknown media type (encrypted)', async () => {
    const dir = folder();
    const layer = amd64.layers[0];
    assert.ok(layer);
    const encrypted = { ...layer, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip+encrypted' };
    const manifest = blob(MediaTypes.ociManifest, { schemaVersion: 2, mediaType: MediaTypes.ociManifest, config: { mediaType: amd64.config.mediaType, digest: amd64.config.digest, size: amd64.config.bytes.length }, layers: [{ mediaType: encrypted.mediaType, digest: layer.digest, size: layer.bytes.length }] });
    writeOciLayout(dir, [{ image: { ...amd64, manifest, blobs: [manifest, amd64.config, layer] } }]);
    const error = await scanRejection(openOciLayout(dir));
    assert.equal(error.message, 'layer 1/1 has media type application/vnd.oci.image.layer.v1.tar+gzip+encrypted, which Shipshape cannot read (it reads tar layers, uncompressed, gzip or zstd).');
  });

  it('a folder without oci-layout, a missing folder, and a file', async () => {
    const empty = folder();
    writeOciLayout(empty, [{ image: amd64 }]);
    rmSync(join(empty, 'oci-layout'));
    const notLayout = await scanRejection(openOciLayout(empty));
    assert.equal(notLayout.step, 'resolve');
    assert.equal(notLayout.message, `${empty} is not an OCI image layout: it has no oci-layout file. Write one with skopeo, crane or docker buildx --output type=oci.`);

    const missing = join(scratch.path, 'no-such-layout');
    assert.equal((await scanRejection(openOciLayout(missing))).message, `the OCI layout folder ${missing} could not be opened: no such file or directory.`);

    const aFile = join(empty, 'index.json');
    assert.match((await scanRejection(openOciLayout(aFile))).message, /is a file, not an OCI layout folder/);
  });

  it('index.json that is not JSON', async () => {
    const dir = layoutOf(amd64);
    writeFileSync(join(dir, 'index.json'), '{ not json');
    const error = await scanRejection(openOciLayout(dir));
    assert.equal(error.step, 'manifest');
    assert.match(error.message, /^index\.json is not valid JSON \(/);
  });

  it('a config whose layer count differs from the manifest’s', async () => {
    const broken = buildImage({ layers: [[{ path: 'a', content: 'a' }]], config: { rootfs: { type: 'layers', diff_ids: [] } } });
    const error = await scanRejection(openOciLayout(layoutOf(broken)));
    assert.equal(error.step, 'config');
    assert.equal(error.message, 'the image config lists 0 layers but the manifest 1; the image is damaged.');
  });
});
