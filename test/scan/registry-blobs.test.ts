import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { resolveRegistryImage } from '../../server/src/scan/registry';
import { readStream, testRegistryOptions, withRegistry } from '../helpers/registry-fixtures';
import { scanErrorMatching } from '../helpers/scan-errors';
import { blob, MediaTypes } from '../helpers/test-blob';
import { buildImage } from '../helpers/test-image';

const image = buildImage({
  layers: [[{ path: 'base', content: 'base layer bytes' }], [{ path: 'app', content: 'application layer bytes' }]],
  config: { config: { User: 'app' } },
});
const repositories = { app: { blobs: image.blobs, tags: { '1.0': image.manifest } } };

describe('layer blobs', () => {
  it('follows blob redirects to another host without the registry credentials', async () => {
    await withRegistry({ repositories, auth: { kind: 'bearer' }, redirectBlobs: true }, async (registry) => {
      const resolved = await resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions());
      assert.equal(resolved.config.config?.User, 'app');
      assert.deepEqual(await readStream(await resolved.layers[0]!.open()), image.layers[0]!.bytes);

      const cdn = registry.requests.filter((request) => request.server === 'cdn');
      assert.deepEqual(
        cdn.map((request) => [request.url.replace(/\?.*$/, ''), request.authorization, request.status]),
        [
          [`/cdn/app/${image.config.digest}`, undefined, 200],
          [`/cdn/app/${image.layers[0]!.digest}`, undefined, 200],
        ],
      );
      const redirected = registry.requests.filter((request) => request.server === 'registry' && request.url.includes('/blobs/'));
      assert.deepEqual(
        redirected.map((request) => [request.status, request.authorization?.startsWith('Bearer ')]),
        [
          [307, true],
          [307, true],
        ],
      );
    });
  });

  it('fails a corrupted layer with a message naming the layer and the image', async () => {
    await withRegistry({ repositories, corruptBlobs: [image.layers[1]!.digest] }, async (registry) => {
      const resolved = await resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions());
      assert.deepEqual(await readStream(await resolved.layers[0]!.open()), image.layers[0]!.bytes);
      await assert.rejects(
        readStream(await resolved.layers[1]!.open()),
        scanErrorMatching(
          'layers',
          new RegExp(`^Could not download layer 2/2 \\(${image.layers[1]!.digest.slice(0, 19)}\\) of 127\\.0\\.0\\.1:\\d+/app:1\\.0 from 127\\.0\\.0\\.1:\\d+`),
          /the layer does not match its digest: its bytes hash to sha256:[0-9a-f]{64}/,
        ),
      );
    });
  });

  it('fails a layer whose download breaks off', async () => {
    await withRegistry({ repositories, truncateBlobs: [image.layers[0]!.digest] }, async (registry) => {
      const resolved = await resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions());
      await assert.rejects(readStream(await resolved.layers[0]!.open()), scanErrorMatching('layers', /layer 1\/2/, /broke off|truncated/));
    });
  });

  it('fails a layer that is longer than its descriptor says', async () => {
    const layer = blob(MediaTypes.ociLayerGzip, 'twenty bytes exactly');
    const config = image.config;
    const manifest = blob(MediaTypes.ociManifest, {
      schemaVersion: 2,
      mediaType: MediaTypes.ociManifest,
      config: { mediaType: config.mediaType, digest: config.digest, size: config.bytes.length },
      layers: [{ mediaType: layer.mediaType, digest: layer.digest, size: 10 }],
    });
    await withRegistry({ repositories: { app: { blobs: [config, layer], tags: { short: manifest } } } }, async (registry) => {
      const resolved = await resolveRegistryImage(`${registry.host}/app:short`, testRegistryOptions());
      await assert.rejects(readStream(await resolved.layers[0]!.open()), scanErrorMatching('layers', /is larger than the 10 bytes its descriptor declares/));
    });
  });

  it('stops a layer download when the reader cancels', async () => {
    const big = buildImage({ layers: [[{ path: 'big', content: randomBytes(8 * 1024 * 1024) }]], compression: 'none' });
    await withRegistry({ repositories: { app: { blobs: big.blobs, tags: { big: big.manifest } } } }, async (registry) => {
      const resolved = await resolveRegistryImage(`${registry.host}/app:big`, testRegistryOptions());
      const controller = new AbortController();
      const stream = await resolved.layers[0]!.open(controller.signal);
      let received = 0;
      await assert.rejects(
        (async () => {
          for await (const chunk of stream) {
            received += (chunk as Buffer).length;
            controller.abort();
          }
        })(),
        (error: unknown) => error instanceof Error && error.name === 'AbortError',
      );
      assert.ok(received > 0 && received < 8 * 1024 * 1024, `received ${received} bytes`);
    });
  });

  it('stops after the redirect limit', async () => {
    await withRegistry({ repositories, redirectBlobs: true }, async (registry) => {
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions({ limits: { maxRedirects: 0 } })),
        scanErrorMatching('config', /redirected more than 0 times \(last to http:\/\/127\.0\.0\.1:\d+\)/),
      );
    });
  });
});
