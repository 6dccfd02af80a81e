import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveDigest, resolveRegistryImage } from '../../server/src/scan/registry';
import { MANIFEST_ACCEPT } from '../../server/src/scan/registry/registry-client';
import { readStream, testRegistryOptions, withRegistry } from '../helpers/registry-fixtures';
import { scanErrorMatching } from '../helpers/scan-errors';
import { blob, MediaTypes } from '../helpers/test-blob';
import type { PlatformNotFoundError } from '../../server/src/scan/types';
import { buildImage, buildIndex, type BuildImageOptions, type TestImage } from '../helpers/test-image';

/** An image run as `user`, one layer per text (a file holding it). */
function userImage(user: string, layerTexts: string[], options: Pick<BuildImageOptions, 'platform' | 'mediaTypes'> = {}): TestImage {
  return buildImage({
    ...options,
    layers: layerTexts.map((text) => [{ path: 'layer.txt', content: text }]),
    config: { config: { User: user, Env: ['PATH=/usr/bin'] } },
  });
}

const amd64 = userImage('amd', ['amd64 base', 'amd64 app']);
const arm64 = userImage('arm', ['arm64 base'], { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } });
const armv7 = userImage('armv7', ['armv7 base'], { platform: { os: 'linux', architecture: 'arm', variant: 'v7' } });
const multi = buildIndex([amd64, arm64, armv7], { attestations: true });

describe('resolveRegistryImage: single-platform images', () => {
  it('reads the manifest and config of an OCI image and opens layers that hold the stored bytes', async () => {
    await withRegistry({ repositories: { 'team/app': { blobs: amd64.blobs, tags: { '1.0': amd64.manifest } } } }, async (registry) => {
      const progress: string[] = [];
      const image = await resolveRegistryImage(`${registry.host}/team/app:1.0`, testRegistryOptions({ onProgress: (update) => progress.push(`${update.step}: ${update.detail}`) }));
      assert.deepEqual(progress, [
        `manifest: fetching the manifest of ${registry.host}/team/app:1.0 from ${registry.host}`,
        `config: fetching the config of ${registry.host}/team/app:1.0`,
      ]);
      assert.equal(image.name, `${registry.host}/team/app:1.0`);
      assert.equal(image.reference, `${registry.host}/team/app:1.0`);
      assert.equal(image.manifestDigest, amd64.manifest.digest);
      assert.equal(image.indexDigest, undefined);
      assert.deepEqual(image.platform, { os: 'linux', architecture: 'amd64' });
      assert.equal(image.config.config?.User, 'amd');
      assert.deepEqual(image.config.config?.Env, ['PATH=/usr/bin']);
      assert.equal(image.configDigest, amd64.config.digest);
      assert.deepEqual(
        image.layers.map((layer) => [layer.index, layer.digest, layer.mediaType, layer.size]),
        amd64.layers.map((layer, index) => [index, layer.digest, MediaTypes.ociLayerGzip, layer.bytes.length]),
      );
      assert.deepEqual(await readStream(await image.layers[1]!.open()), amd64.layers[1]!.bytes);
      const manifestRequest = registry.requests.find((request) => request.url === '/v2/team/app/manifests/1.0');
      assert.equal(manifestRequest?.accept, MANIFEST_ACCEPT);
      for (const mediaType of [MediaTypes.ociIndex, MediaTypes.ociManifest, MediaTypes.dockerManifestList, MediaTypes.dockerManifest]) {
        assert.ok(manifestRequest?.accept?.includes(mediaType), mediaType);
      }
    });
  });

  it('uses the tag latest when the name has none, and keeps the digest in the canonical reference', async () => {
    await withRegistry({ repositories: { app: { blobs: amd64.blobs, tags: { latest: amd64.manifest } } } }, async (registry) => {
      const byDefault = await resolveRegistryImage(`${registry.host}/app`, testRegistryOptions());
      assert.equal(byDefault.reference, `${registry.host}/app:latest`);
      const byDigest = await resolveRegistryImage(`${registry.host}/app@${amd64.manifest.digest}`, testRegistryOptions());
      assert.equal(byDigest.reference, `${registry.host}/app@${amd64.manifest.digest}`);
      assert.equal(byDigest.manifestDigest, amd64.manifest.digest);
    });
  });

  it('reads Docker v2 manifests and configs', async () => {
    const docker = userImage('docker-user', ['base', 'app'], { mediaTypes: 'docker' });
    await withRegistry({ repositories: { app: { blobs: docker.blobs, tags: { v2: docker.manifest } } } }, async (registry) => {
      const image = await resolveRegistryImage(`${registry.host}/app:v2`, testRegistryOptions());
      assert.equal(image.manifestDigest, docker.manifest.digest);
      assert.equal(image.config.config?.User, 'docker-user');
      assert.deepEqual(
        image.layers.map((layer) => layer.mediaType),
        [MediaTypes.dockerLayerGzip, MediaTypes.dockerLayerGzip],
      );
    });
  });

  it('fails when the manifest fetched by digest does not hash to that digest', async () => {
    await withRegistry(
      { repositories: { app: { blobs: amd64.blobs, tags: { '1.0': amd64.manifest } } }, corruptBlobs: [amd64.manifest.digest] },
      async (registry) => {
        const name = `${registry.host}/app@${amd64.manifest.digest}`;
        await assert.rejects(
          resolveRegistryImage(name, testRegistryOptions()),
          scanErrorMatching('manifest', /hashes to sha256:[0-9a-f]{64}, not to the requested/, new RegExp(registry.host), /altered/),
        );
      },
    );
  });

  it('fails on a corrupted config', async () => {
    await withRegistry(
      { repositories: { app: { blobs: amd64.blobs, tags: { '1.0': amd64.manifest } } }, corruptBlobs: [amd64.config.digest] },
      async (registry) => {
        await assert.rejects(
          resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions()),
          scanErrorMatching('config', /Could not fetch the config of 127\.0\.0\.1:\d+\/app:1\.0/, /instead of sha256:/),
        );
      },
    );
  });
});

describe('resolveRegistryImage: multi-platform indexes', () => {
  const repositories = { 'multi/app': { blobs: multi.blobs, tags: { '2.0': multi.index } } };

  it('picks the linux/amd64 image and records the index digest', async () => {
    await withRegistry({ repositories }, async (registry) => {
      const image = await resolveRegistryImage(`${registry.host}/multi/app:2.0`, testRegistryOptions({ platform: { os: 'linux', architecture: 'amd64' } }));
      assert.equal(image.indexDigest, multi.index.digest);
      assert.equal(image.manifestDigest, amd64.manifest.digest);
      assert.equal(image.config.config?.User, 'amd');
      assert.deepEqual(image.platform, { os: 'linux', architecture: 'amd64' });
      assert.deepEqual(
        registry.requests.filter((request) => request.url.includes('/manifests/')).map((request) => request.url),
        ['/v2/multi/app/manifests/2.0', `/v2/multi/app/manifests/${amd64.manifest.digest}`],
      );
    });
  });

  it('treats arm64 without variant as arm64/v8', async () => {
    await withRegistry({ repositories }, async (registry) => {
      const image = await resolveRegistryImage(`${registry.host}/multi/app:2.0`, testRegistryOptions({ platform: { os: 'linux', architecture: 'arm64' } }));
      assert.equal(image.manifestDigest, arm64.manifest.digest);
      assert.deepEqual(image.platform, { os: 'linux', architecture: 'arm64', variant: 'v8' });
      assert.equal(image.config.config?.User, 'arm');
    });
  });

  it('lists the available platforms, without attestations, when none matches', async () => {
    await withRegistry({ repositories }, async (registry) => {
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/multi/app:2.0`, testRegistryOptions({ platform: { os: 'linux', architecture: 's390x' } })),
        (error: unknown) => {
          scanErrorMatching('manifest', /has no image for linux\/s390x/)(error);
          const message = (error as Error).message;
          assert.match(message, /it is available for linux\/amd64, linux\/arm64\/v8, linux\/arm\/v7\.$/);
          assert.deepEqual((error as PlatformNotFoundError).available, ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7']);
          assert.doesNotMatch(message, /unknown/);
          return true;
        },
      );
    });
  });

  it('reads a Docker v2 manifest list', async () => {
    const dockerAmd64 = userImage('list-amd64', ['base'], { mediaTypes: 'docker' });
    const dockerArm = userImage('list-armv6', ['base'], { mediaTypes: 'docker', platform: { os: 'linux', architecture: 'arm', variant: 'v6' } });
    const list = buildIndex([dockerAmd64, dockerArm], { mediaTypes: 'docker' });
    await withRegistry({ repositories: { app: { blobs: list.blobs, tags: { list: list.index } } } }, async (registry) => {
      const image = await resolveRegistryImage(`${registry.host}/app:list`, testRegistryOptions({ platform: { os: 'linux', architecture: 'amd64' } }));
      assert.equal(image.indexDigest, list.index.digest);
      assert.equal(image.config.config?.User, 'list-amd64');
      // An arm/v7 machine runs arm/v6 images when no v7 one exists.
      const arm = await resolveRegistryImage(`${registry.host}/app:list`, testRegistryOptions({ platform: { os: 'linux', architecture: 'arm', variant: 'v7' } }));
      assert.equal(arm.manifestDigest, dockerArm.manifest.digest);
      assert.deepEqual(arm.platform, { os: 'linux', architecture: 'arm', variant: 'v6' });
    });
  });
});

describe('resolveRegistryImage: refusals', () => {
  it('says "manifest unknown" and names the tag, the image and the registry for a missing tag', async () => {
    await withRegistry({ repositories: { app: { blobs: amd64.blobs, tags: { '1.0': amd64.manifest } } } }, async (registry) => {
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/app:nosuch`, testRegistryOptions()),
        scanErrorMatching(
          'manifest',
          new RegExp(`^Could not fetch the manifest of ${registry.host.replace(/\./g, '\\.')}/app:nosuch from ${registry.host.replace(/\./g, '\\.')}: manifest unknown \\(404 Not Found\\)`),
          /the repository app has no tag "nosuch", or does not exist/,
        ),
      );
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/other:1.0`, testRegistryOptions()),
        scanErrorMatching('manifest', /repository name not known to registry \(404 Not Found\)/),
      );
    });
  });

  it('refuses schema 1 manifests and unknown media types with what they are', async () => {
    const schema1 = blob('application/vnd.docker.distribution.manifest.v1+prettyjws', { schemaVersion: 1, name: 'app', tag: 'old', fsLayers: [] });
    const helm = blob('application/vnd.example.thing.v1+json', { schemaVersion: 2, mediaType: 'application/vnd.example.thing.v1+json' });
    await withRegistry({ repositories: { app: { blobs: [], tags: { old: schema1, thing: helm } } } }, async (registry) => {
      await assert.rejects(resolveRegistryImage(`${registry.host}/app:old`, testRegistryOptions()), scanErrorMatching('manifest', /schema 1/, /push the image again/));
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/app:thing`, testRegistryOptions()),
        scanErrorMatching('manifest', /media type "application\/vnd\.example\.thing\.v1\+json", which is not a container image/),
      );
    });
  });

  it('refuses artifacts whose config is not an image config', async () => {
    const chartConfig = blob('application/vnd.cncf.helm.config.v1+json', { name: 'chart' });
    const chart = blob(MediaTypes.ociManifest, {
      schemaVersion: 2,
      mediaType: MediaTypes.ociManifest,
      config: { mediaType: chartConfig.mediaType, digest: chartConfig.digest, size: chartConfig.bytes.length },
      layers: [],
    });
    await withRegistry({ repositories: { charts: { blobs: [chartConfig], tags: { '1.0': chart } } } }, async (registry) => {
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/charts:1.0`, testRegistryOptions()),
        scanErrorMatching('config', /is not a container image: its config has media type "application\/vnd\.cncf\.helm\.config\.v1\+json"/),
      );
    });
  });

  it('reports a manifest whose answer breaks off', async () => {
    await withRegistry({ repositories: { app: { blobs: amd64.blobs, tags: { '1.0': amd64.manifest } } }, truncateBlobs: [amd64.manifest.digest] }, async (registry) => {
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions()),
        scanErrorMatching('manifest', /^Could not fetch the manifest of 127\.0\.0\.1:\d+\/app:1\.0 from 127\.0\.0\.1:\d+: the connection broke off while reading the answer/),
      );
    });
  });

  it('refuses manifests larger than the limit', async () => {
    await withRegistry({ repositories: { app: { blobs: amd64.blobs, tags: { '1.0': amd64.manifest } } } }, async (registry) => {
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions({ limits: { maxManifestBytes: 100 } })),
        scanErrorMatching('manifest', /larger than 100 bytes, the most Shipshape reads/),
      );
    });
  });

  it('refuses names that are not image references before any request', async () => {
    await assert.rejects(resolveRegistryImage('Not A Name', testRegistryOptions()), scanErrorMatching('resolve', /"Not A Name" is not a valid image reference/));
  });
});

describe('resolveDigest', () => {
  it('returns the index digest for a multi-platform tag, from a HEAD request', async () => {
    await withRegistry({ repositories: { app: { blobs: multi.blobs, tags: { '2.0': multi.index } } } }, async (registry) => {
      assert.equal(await resolveDigest(`${registry.host}/app:2.0`, testRegistryOptions()), multi.index.digest);
      assert.deepEqual(
        registry.requests.map((request) => `${request.method} ${request.url}`),
        ['HEAD /v2/app/manifests/2.0'],
      );
    });
  });

  it('falls back to GET when HEAD gives no Docker-Content-Digest, and computes the digest itself', async () => {
    await withRegistry({ repositories: { app: { blobs: amd64.blobs, tags: { '1.0': amd64.manifest } } }, omitDigestHeader: true }, async (registry) => {
      assert.equal(await resolveDigest(`${registry.host}/app:1.0`, testRegistryOptions()), amd64.manifest.digest);
      assert.deepEqual(
        registry.requests.map((request) => `${request.method} ${request.url}`),
        ['HEAD /v2/app/manifests/1.0', 'GET /v2/app/manifests/1.0'],
      );
    });
  });

  it('reports an unknown tag', async () => {
    await withRegistry({ repositories: { app: { blobs: amd64.blobs, tags: { '1.0': amd64.manifest } } } }, async (registry) => {
      await assert.rejects(resolveDigest(`${registry.host}/app:2.0`, testRegistryOptions()), scanErrorMatching('resolve', /manifest unknown/, /no tag "2\.0"/));
    });
  });
});
