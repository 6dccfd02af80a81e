// Behind a company proxy: with HTTP_PROXY set, registry and OSV requests go through the proxy (a real
// forward proxy on 127.0.0.1 that records what it forwards).
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { proxyConfigured } from '../../server/src/scan/network-fetch';
import { findVulnerabilities } from '../../server/src/scan/osv';
import { resolveRegistryImage } from '../../server/src/scan/registry';
import { startOsvServer, type OsvTestServer } from '../helpers/osv-server';
import { testRegistryOptions } from '../helpers/registry-fixtures';
import { startRegistryServer, type TestRegistry } from '../helpers/registry-server';
import { SHOP_OSV_RECORDS, shopImage } from '../helpers/scan-fixtures';

/** A forward proxy: CONNECT tunnels (what undici uses, for http targets too) and absolute-form requests,
 * each recorded. */
async function startForwardProxy(): Promise<{ url: string; forwarded: string[]; close(): Promise<void> }> {
  const forwarded: string[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    forwarded.push(`${incoming.method} ${incoming.url}`);
    const target = new URL(incoming.url ?? '');
    const upstream = httpRequest(target, { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
  server.on('connect', (incoming, client: Socket, head: Buffer) => {
    forwarded.push(`CONNECT ${incoming.url}`);
    const [host, port] = (incoming.url ?? '').split(':');
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    forwarded,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('scan: network access through a proxy', () => {
  let proxy: Awaited<ReturnType<typeof startForwardProxy>>;
  let osv: OsvTestServer;
  let registry: TestRegistry;
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };

  before(async () => {
    proxy = await startForwardProxy();
    osv = await startOsvServer({ records: SHOP_OSV_RECORDS });
    const image = shopImage();
    registry = await startRegistryServer({ repositories: { 'shop/api': { blobs: image.blobs, tags: { '1': image.manifest } } }, auth: { kind: 'bearer' } });
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '';
  });
  after(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await Promise.all([proxy.close(), osv.close(), registry.close()]);
  });

  it('knows when a proxy is configured', () => {
    assert.equal(proxyConfigured({}), false);
    assert.equal(proxyConfigured({ HTTPS_PROXY: ' ' }), false);
    assert.equal(proxyConfigured({ https_proxy: 'http://proxy.corp:3128' }), true);
  });

  it('sends registry requests, token included, through the proxy', async () => {
    const image = await resolveRegistryImage(`${registry.host}/shop/api:1`, testRegistryOptions());
    assert.equal(image.layers.length, 2);
    assert.ok(proxy.forwarded.includes(`CONNECT ${registry.host}`), proxy.forwarded.join('\n'));
  });

  it('sends OSV queries through the proxy', async () => {
    const before = proxy.forwarded.length;
    const result = await findVulnerabilities(
      { packages: [{ name: 'lodash', version: '4.17.20', ecosystem: 'npm', path: 'app/node_modules/lodash/package.json', layerIndex: 1 }], warnings: [] },
      { url: osv.url },
    );
    assert.equal(result.status, 'ok');
    assert.deepEqual(result.vulnerabilities.map((vulnerability) => vulnerability.id), ['GHSA-35jh-r3h4-6jhm']);
    assert.ok(proxy.forwarded.slice(before).includes(`CONNECT ${new URL(osv.url).host}`), proxy.forwarded.slice(before).join('\n'));
  });
});
