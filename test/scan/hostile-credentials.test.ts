// Hostile registries and layouts, part 5: where credentials and file reads may go. A registry may name any
// token service; the user's Basic credentials go there only over HTTPS or on the registry's own host. An OCI
// layout's blob that is a link out of the folder is refused rather than read.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { ScanReport } from '../../server/src/protocol';
import { scanImage, type ScanOptions } from '../../server/src/scan/scan-image';
import { runCliAsync } from '../cli/helpers';
import { startRegistryServer, type TestRegistryOptions } from '../helpers/registry-server';
import { scratchFolder } from '../helpers/scratch-folder';
import { buildImage, writeOciLayout } from '../helpers/test-image';

const work = scratchFolder('hostile-credentials');
const env = { HOME: work.path, XDG_CACHE_HOME: path.join(work.path, 'cache'), DOCKER_CONFIG: path.join(work.path, 'docker') };
const image = buildImage({ layers: [[{ path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' }]] });
const repositories = { 'team/private': { blobs: image.blobs, tags: { '1.0': image.manifest } } };
const basic = (username: string, password: string): string => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

function dockerConfig(host: string): string {
  const file = path.join(work.fresh('docker'), 'config.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ auths: { [host]: { auth: Buffer.from('alice:s3cret').toString('base64') } } }));
  return file;
}

const options = (dockerConfigPath: string): ScanOptions => ({
  allowNetwork: true,
  lookUpVulnerabilities: false,
  insecureRegistries: [],
  allowCredentialHelpers: false,
  dockerConfigPath,
  platform: { os: 'linux', architecture: 'amd64' },
});

describe('hostile registry: a token service elsewhere does not get the credentials over plain HTTP', () => {
  it('a plain-HTTP realm on another host is asked anonymously, and the refusal says why nothing was sent', async () => {
    const settings: TestRegistryOptions = { repositories, auth: { kind: 'bearer', credentials: { username: 'alice', password: 's3cret' } } };
    const registry = await startRegistryServer(settings);
    try {
      // "localhost" is another host name than the registry's 127.0.0.1, reached over plain HTTP.
      if (settings.auth?.kind === 'bearer') settings.auth.realm = `http://${registry.host.replace('127.0.0.1', 'localhost')}/token`;
      const scan = scanImage({ kind: 'registry', image: `${registry.host}/team/private:1.0` }, options(dockerConfig(registry.host)));
      await assert.rejects(scan, /refused anonymous access .*the credentials for 127\.0\.0\.1:\d+ were not sent to the token service http:\/\/localhost:\d+, because it uses plain HTTP on another host/);
      const tokenRequests = registry.requests.filter((request) => request.url.startsWith('/token'));
      assert.equal(tokenRequests.length, 1);
      assert.equal(tokenRequests[0]?.authorization, undefined, 'no Basic credentials went to the other host');
    } finally {
      await registry.close();
    }
  });

  it('a plain-HTTP realm on the registry host itself (another port) gets them, as Docker sends them', async () => {
    const settings: TestRegistryOptions = { repositories, auth: { kind: 'bearer', credentials: { username: 'alice', password: 's3cret' } } };
    const registry = await startRegistryServer(settings);
    const tokenHost = await startRegistryServer(settings);
    try {
      if (settings.auth?.kind === 'bearer') settings.auth.realm = `http://${tokenHost.host}/token`;
      // The token host issues tokens the registry does not know, so the pull itself fails; what matters is
      // that the token request carried the credentials.
      await scanImage({ kind: 'registry', image: `${registry.host}/team/private:1.0` }, options(dockerConfig(registry.host))).catch(() => undefined);
      const tokenRequest = tokenHost.requests.find((request) => request.url.startsWith('/token'));
      assert.equal(tokenRequest?.authorization, basic('alice', 's3cret'));
    } finally {
      await Promise.all([registry.close(), tokenHost.close()]);
    }
  });
});

describe('hostile layout: blob links out of the folder are refused', () => {
  it('a layer that links to a file outside the layout is not read', async () => {
    const layout = work.fresh('linked');
    writeOciLayout(layout, [{ image }]);
    const layer = image.layers[0]!;
    const blobFile = path.join(layout, 'blobs', 'sha256', layer.digest.slice('sha256:'.length));
    const outside = path.join(work.path, 'outside-secret');
    writeFileSync(outside, layer.bytes);
    rmSync(blobFile);
    symlinkSync(outside, blobFile);
    await assert.rejects(
      scanImage({ kind: 'oci-layout', path: layout }, { allowNetwork: false, insecureRegistries: [], allowCredentialHelpers: false }),
      /blob sha256:[0-9a-f]{64} is a link that leads out of the layout folder \(to .*outside-secret\); Shipshape reads only blobs inside the folder/,
    );
    const run = await runCliAsync(['scan', '--oci', layout, '--offline'], { cwd: work.path, env });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /leads out of the layout folder/);
  });

  it('a link to another blob inside the layout is followed', async () => {
    const layout = work.fresh('inside');
    writeOciLayout(layout, [{ image }]);
    const layer = image.layers[0]!;
    const blobFile = path.join(layout, 'blobs', 'sha256', layer.digest.slice('sha256:'.length));
    const kept = path.join(layout, 'blobs', 'kept-layer');
    writeFileSync(kept, layer.bytes);
    rmSync(blobFile);
    symlinkSync(path.relative(path.dirname(blobFile), kept), blobFile);
    const report: ScanReport = await scanImage({ kind: 'oci-layout', path: layout }, { allowNetwork: false, insecureRegistries: [], allowCredentialHelpers: false });
    assert.equal(report.integrity.status, 'verified');
    assert.equal(report.image.os?.id, 'alpine');
  });
});
