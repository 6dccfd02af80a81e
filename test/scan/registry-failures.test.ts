import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { resolveRegistryImage } from '../../server/src/scan/registry';
import { retryAfterMs } from '../../server/src/scan/registry/http-transport';
import { testRegistryOptions, withRegistry } from '../helpers/registry-fixtures';
import { scanErrorMatching } from '../helpers/scan-errors';
import { buildImage } from '../helpers/test-image';

const image = buildImage({ layers: [[{ path: 'app', content: 'app' }]] });
const repositories = { app: { blobs: image.blobs, tags: { '1.0': image.manifest } } };
const manifestStatuses = (requests: Array<{ url: string; status?: number }>): Array<number | undefined> =>
  requests.filter((request) => request.url === '/v2/app/manifests/1.0').map((request) => request.status);

describe('retries', () => {
  it('retries 503 answers until the registry recovers', async () => {
    await withRegistry({ repositories, failFirst: { count: 2 } }, async (registry) => {
      const resolved = await resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions({ retries: 3 }));
      assert.equal(resolved.manifestDigest, image.manifest.digest);
      assert.deepEqual(manifestStatuses(registry.requests), [503, 503, 200]);
    });
  });

  it('waits as long as Retry-After asks', async () => {
    await withRegistry({ repositories, failFirst: { count: 1, retryAfter: '1' } }, async (registry) => {
      const started = Date.now();
      await resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions({ retries: 1, retryDelayMs: 1 }));
      assert.ok(Date.now() - started >= 950, `took ${Date.now() - started} ms`);
      assert.deepEqual(manifestStatuses(registry.requests), [503, 200]);
    });
  });

  it('gives up on 500s after the configured retries with a message that says so', async () => {
    await withRegistry({ repositories, alwaysStatus: 500 }, async (registry) => {
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions({ retries: 2 })),
        scanErrorMatching(
          'manifest',
          /^Could not fetch the manifest of 127\.0\.0\.1:\d+\/app:1\.0 from 127\.0\.0\.1:\d+: the registry answered 500 Internal Server Error on all 3 attempts/,
          /try again later/,
        ),
      );
      assert.deepEqual(manifestStatuses(registry.requests), [500, 500, 500]);
    });
  });

  it('does not retry a 404', async () => {
    await withRegistry({ repositories }, async (registry) => {
      await assert.rejects(resolveRegistryImage(`${registry.host}/app:2.0`, testRegistryOptions({ retries: 3 })), scanErrorMatching('manifest', /manifest unknown/));
      assert.equal(registry.requests.length, 1);
    });
  });

  it('retries refused connections, then names the failure', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await assert.rejects(
      resolveRegistryImage(`127.0.0.1:${port}/app:1.0`, testRegistryOptions({ retries: 1 })),
      scanErrorMatching('manifest', new RegExp(`from 127\\.0\\.0\\.1:${port}: the connection was refused \\(ECONNREFUSED\\)`)),
    );
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.equal(retryAfterMs('2', 0), 2000);
    assert.equal(retryAfterMs('Thu, 01 Jan 1970 00:00:05 GMT', 1000), 4000);
    assert.equal(retryAfterMs('soon', 0), undefined);
    assert.equal(retryAfterMs(null, 0), undefined);
  });
});

describe('redirects, timeouts and cancellation', () => {
  it('stops a redirect loop with a clear error', async () => {
    await withRegistry({ repositories, redirectLoop: true }, async (registry) => {
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions()),
        scanErrorMatching('config', /^Could not fetch the config of 127\.0\.0\.1:\d+\/app:1\.0 from 127\.0\.0\.1:\d+: its redirects form a loop/, /misconfigured/),
      );
      assert.equal(registry.requests.filter((request) => request.url.includes('/blobs/')).length, 2);
    });
  });

  it('times out a registry that does not answer', async () => {
    await withRegistry({ repositories, delayMs: 3000 }, async (registry) => {
      const started = Date.now();
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions({ timeoutMs: 200, retries: 0 })),
        scanErrorMatching('manifest', /from 127\.0\.0\.1:\d+: the registry did not answer within 0\.2 s/, /Check the network connection/),
      );
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    });
  });

  it('stops at once when cancelled while waiting for an answer', async () => {
    await withRegistry({ repositories, delayMs: 3000 }, async (registry) => {
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 100);
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions({ signal: controller.signal })),
        (error: unknown) => error instanceof Error && error.name === 'AbortError',
      );
      assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
    });
  });

  it('stops at once when cancelled while waiting to retry', async () => {
    await withRegistry({ repositories, alwaysStatus: 503 }, async (registry) => {
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 100);
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions({ signal: controller.signal, retries: 5, retryDelayMs: 5000 })),
        (error: unknown) => error instanceof Error && error.name === 'AbortError',
      );
      assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
      assert.equal(registry.requests.length, 1);
    });
  });

  it('does not start when already cancelled', async () => {
    await withRegistry({ repositories }, async (registry) => {
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/app:1.0`, testRegistryOptions({ signal: AbortSignal.abort() })),
        (error: unknown) => error instanceof Error && error.name === 'AbortError',
      );
      assert.equal(registry.requests.length, 0);
    });
  });
});
