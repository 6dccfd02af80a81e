import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import nodePath from 'node:path';
import { after, before, describe, it } from 'node:test';
import { resolveRegistryImage } from '../../server/src/scan/registry';
import { configKeyRegistry, defaultDockerConfigPath, findRegistryCredentials } from '../../server/src/scan/registry/docker-config';
import { parseWwwAuthenticate } from '../../server/src/scan/registry/www-authenticate';
import { testRegistryOptions, withRegistry } from '../helpers/registry-fixtures';
import type { TestRegistry } from '../helpers/registry-server';
import { scanErrorMatching } from '../helpers/scan-errors';
import { buildImage } from '../helpers/test-image';

const image = buildImage({ layers: [[{ path: 'app', content: 'private' }]], config: { config: { User: 'private-user' } } });
const repositories = { 'team/private': { blobs: image.blobs, tags: { '1.0': image.manifest } } };
const basic = (username: string, password: string): string => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

let folder: string;
before(() => {
  folder = mkdtempSync(nodePath.join(os.tmpdir(), 'shipshape-registry-auth-'));
});
after(() => {
  rmSync(folder, { recursive: true, force: true });
});

let configCount = 0;
function writeDockerConfig(content: object): string {
  const path = nodePath.join(folder, `config-${++configCount}.json`);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

function registryRequests(registry: TestRegistry): string[] {
  return registry.requests.map((request) => `${request.method} ${request.url.replace(/\?.*$/, '')} ${request.status} ${request.authorization?.split(' ')[0] ?? '-'}`);
}

describe('parseWwwAuthenticate', () => {
  it('reads a Bearer challenge with quoted parameters', () => {
    assert.deepEqual(parseWwwAuthenticate('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"'), [
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } },
    ]);
  });

  it('reads several challenges, unquoted values, escapes and odd spacing', () => {
    assert.deepEqual(parseWwwAuthenticate('Basic realm="Registry \\"main\\"", Bearer realm=https://r.example/token , service = reg'), [
      { scheme: 'basic', params: { realm: 'Registry "main"' } },
      { scheme: 'bearer', params: { realm: 'https://r.example/token', service: 'reg' } },
    ]);
  });

  it('returns nothing for an empty header', () => {
    assert.deepEqual(parseWwwAuthenticate(''), []);
  });
});

describe('Docker config credentials', () => {
  it('finds Docker Hub credentials under the v1 index key for every Hub name', async () => {
    const configPath = writeDockerConfig({ auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hubpass').toString('base64') } } });
    const found = await findRegistryCredentials('docker.io', { configPath, allowCredentialHelpers: false });
    assert.deepEqual(found.credentials, { username: 'hubuser', password: 'hubpass', source: configPath });
    assert.equal(configKeyRegistry('https://index.docker.io/v1/'), 'docker.io');
    assert.equal(configKeyRegistry('registry-1.docker.io'), 'docker.io');
    assert.equal(configKeyRegistry('http://Reg.Example:5000/v2/'), 'reg.example:5000');
  });

  it('reads identity tokens and ignores empty entries', async () => {
    const configPath = writeDockerConfig({ auths: { 'ghcr.io': { identitytoken: 'refresh-me', username: 'me' }, 'quay.io': {} } });
    assert.deepEqual((await findRegistryCredentials('ghcr.io', { configPath, allowCredentialHelpers: false })).credentials, {
      username: 'me',
      identityToken: 'refresh-me',
      source: configPath,
    });
    const none = await findRegistryCredentials('quay.io', { configPath, allowCredentialHelpers: false });
    assert.equal(none.credentials, undefined);
    assert.equal(none.note, `${configPath} has no credentials for quay.io`);
  });

  it('explains a missing or broken config file instead of failing', async () => {
    const missing = nodePath.join(folder, 'missing', 'config.json');
    assert.deepEqual(await findRegistryCredentials('ghcr.io', { configPath: missing, allowCredentialHelpers: false }), {
      note: `there is no Docker config file at ${missing}`,
    });
    const broken = nodePath.join(folder, 'broken.json');
    writeFileSync(broken, '{ "auths": ');
    assert.match((await findRegistryCredentials('ghcr.io', { configPath: broken, allowCredentialHelpers: false })).note ?? '', /is not valid JSON/);
  });

  it('defaults to $DOCKER_CONFIG/config.json, else ~/.docker/config.json', () => {
    assert.equal(defaultDockerConfigPath({ DOCKER_CONFIG: nodePath.join('opt', 'docker') }, 'home'), nodePath.join('opt', 'docker', 'config.json'));
    assert.equal(defaultDockerConfigPath({}, nodePath.join('home', 'me')), nodePath.join('home', 'me', '.docker', 'config.json'));
    assert.equal(defaultDockerConfigPath({}, 'C:\\Users\\me', nodePath.win32), 'C:\\Users\\me\\.docker\\config.json');
    assert.equal(defaultDockerConfigPath({ DOCKER_CONFIG: 'D:\\docker' }, 'C:\\Users\\me', nodePath.win32), 'D:\\docker\\config.json');
  });
});

describe('token flow', () => {
  it('fetches an anonymous token once and sends it with every registry request', async () => {
    await withRegistry({ repositories, auth: { kind: 'bearer' } }, async (registry) => {
      const resolved = await resolveRegistryImage(`${registry.host}/team/private:1.0`, testRegistryOptions());
      assert.equal(resolved.config.config?.User, 'private-user');
      assert.deepEqual(registryRequests(registry), [
        'GET /v2/team/private/manifests/1.0 401 -',
        'GET /token 200 -',
        'GET /v2/team/private/manifests/1.0 200 Bearer',
        `GET /v2/team/private/blobs/${image.config.digest} 200 Bearer`,
      ]);
      const tokenRequest = new URL(registry.requests[1]!.url, 'http://test');
      assert.equal(tokenRequest.searchParams.get('service'), 'shipshape-test-registry');
      assert.deepEqual(tokenRequest.searchParams.getAll('scope'), ['repository:team/private:pull']);
    });
  });

  it('accepts a token answer that has only access_token', async () => {
    await withRegistry({ repositories, auth: { kind: 'bearer', tokenField: 'access_token' } }, async (registry) => {
      const resolved = await resolveRegistryImage(`${registry.host}/team/private:1.0`, testRegistryOptions());
      assert.equal(resolved.manifestDigest, image.manifest.digest);
    });
  });

  it('sends base64 "auth" credentials from the Docker config to the token service', async () => {
    await withRegistry({ repositories, auth: { kind: 'bearer', credentials: { username: 'alice', password: 's3cret:with-colon' } } }, async (registry) => {
      const dockerConfigPath = writeDockerConfig({ auths: { [registry.host]: { auth: Buffer.from('alice:s3cret:with-colon').toString('base64') } } });
      const resolved = await resolveRegistryImage(`${registry.host}/team/private:1.0`, testRegistryOptions({ dockerConfigPath }));
      assert.equal(resolved.manifestDigest, image.manifest.digest);
      const tokenRequest = registry.requests.find((request) => request.url.startsWith('/token'));
      assert.equal(tokenRequest?.authorization, basic('alice', 's3cret:with-colon'));
      assert.equal(tokenRequest?.status, 200);
      assert.equal(new URL(tokenRequest.url, 'http://test').searchParams.get('account'), 'alice');
    });
  });

  it('sends username/password credentials stored under a URL-style key', async () => {
    await withRegistry({ repositories, auth: { kind: 'bearer', credentials: { username: 'bob', password: 'pw' } } }, async (registry) => {
      const dockerConfigPath = writeDockerConfig({ auths: { [`http://${registry.host}/v2/`]: { username: 'bob', password: 'pw' } } });
      const resolved = await resolveRegistryImage(`${registry.host}/team/private:1.0`, testRegistryOptions({ dockerConfigPath }));
      assert.equal(resolved.config.config?.User, 'private-user');
      assert.equal(registry.requests.find((request) => request.url.startsWith('/token'))?.authorization, basic('bob', 'pw'));
    });
  });

  it('trades an identity token for an access token with an OAuth2 POST', async () => {
    await withRegistry({ repositories, auth: { kind: 'bearer', identityToken: 'refresh-123', credentials: { username: 'x', password: 'y' } } }, async (registry) => {
      const dockerConfigPath = writeDockerConfig({ auths: { [registry.host]: { identitytoken: 'refresh-123' } } });
      const resolved = await resolveRegistryImage(`${registry.host}/team/private:1.0`, testRegistryOptions({ dockerConfigPath }));
      assert.equal(resolved.manifestDigest, image.manifest.digest);
      assert.deepEqual(
        registry.requests.filter((request) => request.url.startsWith('/token')).map((request) => `${request.method} ${request.status}`),
        ['POST 200'],
      );
    });
  });

  it('says which credentials the token service refused and how to fix it', async () => {
    await withRegistry({ repositories, auth: { kind: 'bearer', credentials: { username: 'alice', password: 'right' } } }, async (registry) => {
      const dockerConfigPath = writeDockerConfig({ auths: { [registry.host]: { username: 'alice', password: 'wrong' } } });
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/team/private:1.0`, testRegistryOptions({ dockerConfigPath })),
        scanErrorMatching(
          'auth',
          new RegExp(`^Could not get an access token to pull ${registry.host.replace(/\./g, '\\.')}/team/private:1\\.0 from ${registry.host.replace(/\./g, '\\.')}`),
          /refused the credentials for 127\.0\.0\.1:\d+ from .*config-\d+\.json \(401 Unauthorized\)/,
          /Run `docker login 127\.0\.0\.1:\d+`/,
        ),
      );
    });
  });

  it('says the repository may be private when anonymous access is refused', async () => {
    await withRegistry({ repositories, auth: { kind: 'bearer', credentials: { username: 'alice', password: 'right' } } }, async (registry) => {
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/team/private:1.0`, testRegistryOptions()),
        scanErrorMatching('auth', /refused anonymous access \(401 Unauthorized\)/, /there is no Docker config file at/, /docker login 127\.0\.0\.1:\d+/),
      );
    });
  });

  it('refuses a token service on plain HTTP for a registry that is not local or listed as insecure', async () => {
    await withRegistry({ repositories, auth: { kind: 'bearer', realm: 'http://auth.example.invalid/token' } }, async (registry) => {
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/team/private:1.0`, testRegistryOptions()),
        scanErrorMatching('auth', /uses plain HTTP, which would expose credentials and tokens/, /auth\.example\.invalid/),
      );
      assert.equal(registry.requests.length, 1);
    });
  });
});

describe('Basic authentication', () => {
  it('answers a Basic challenge with the Docker config credentials', async () => {
    await withRegistry({ repositories, auth: { kind: 'basic', username: 'carol', password: 'pw' } }, async (registry) => {
      const dockerConfigPath = writeDockerConfig({ auths: { [registry.host]: { auth: Buffer.from('carol:pw').toString('base64') } } });
      await resolveRegistryImage(`${registry.host}/team/private:1.0`, testRegistryOptions({ dockerConfigPath }));
      assert.deepEqual(registryRequests(registry), [
        'GET /v2/team/private/manifests/1.0 401 -',
        'GET /v2/team/private/manifests/1.0 200 Basic',
        `GET /v2/team/private/blobs/${image.config.digest} 200 Basic`,
      ]);
    });
  });

  it('fails with 401, naming the registry and `docker login`, when there are no credentials', async () => {
    await withRegistry({ repositories, auth: { kind: 'basic', username: 'carol', password: 'pw' } }, async (registry) => {
      const dockerConfigPath = writeDockerConfig({ auths: { 'ghcr.io': { auth: Buffer.from('a:b').toString('base64') } } });
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/team/private:1.0`, testRegistryOptions({ dockerConfigPath })),
        scanErrorMatching(
          'manifest',
          /^Could not fetch the manifest of 127\.0\.0\.1:\d+\/team\/private:1\.0 from 127\.0\.0\.1:\d+: authentication failed \(401 Unauthorized: authentication required\)/,
          /No credentials were sent: .*config-\d+\.json has no credentials for 127\.0\.0\.1:\d+\./,
          /The repository team\/private may be private, or may not exist; if it is private, run `docker login 127\.0\.0\.1:\d+` with an account that may pull it/,
        ),
      );
    });
  });
});

describe('credential helpers', { skip: process.platform === 'win32' ? 'the fake helper is a shell script' : false }, () => {
  let helperFolder: string;
  let marker: string;
  let savedPath: string | undefined;

  before(() => {
    helperFolder = mkdtempSync(nodePath.join(os.tmpdir(), 'shipshape-helper-'));
    marker = nodePath.join(helperFolder, 'ran');
    const script = nodePath.join(helperFolder, 'docker-credential-shipshapetest');
    writeFileSync(script, `#!/bin/sh\nread server\necho "$server" > "${marker}"\necho '{"ServerURL":"'"$server"'","Username":"dave","Secret":"helper-pw"}'\n`);
    chmodSync(script, 0o755);
    savedPath = process.env.PATH;
    process.env.PATH = `${helperFolder}${nodePath.delimiter}${savedPath ?? ''}`;
  });
  after(() => {
    process.env.PATH = savedPath;
    rmSync(helperFolder, { recursive: true, force: true });
  });

  it('never runs a helper unless allowed, and says why no credentials were sent', async () => {
    await withRegistry({ repositories, auth: { kind: 'bearer', credentials: { username: 'dave', password: 'helper-pw' } } }, async (registry) => {
      const dockerConfigPath = writeDockerConfig({ credHelpers: { [registry.host]: 'shipshapetest' } });
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/team/private:1.0`, testRegistryOptions({ dockerConfigPath, allowCredentialHelpers: false })),
        scanErrorMatching('auth', /credential helper docker-credential-shipshapetest, which Shipshape runs only in trusted workspaces/),
      );
      assert.equal(existsSync(marker), false);
    });
  });

  it('runs the helper named by credHelpers when allowed', async () => {
    await withRegistry({ repositories, auth: { kind: 'bearer', credentials: { username: 'dave', password: 'helper-pw' } } }, async (registry) => {
      const dockerConfigPath = writeDockerConfig({ credsStore: 'missing-store', credHelpers: { [registry.host]: 'shipshapetest' } });
      const resolved = await resolveRegistryImage(`${registry.host}/team/private:1.0`, testRegistryOptions({ dockerConfigPath, allowCredentialHelpers: true }));
      assert.equal(resolved.manifestDigest, image.manifest.digest);
      assert.equal(existsSync(marker), true);
      assert.equal(registry.requests.find((request) => request.url.startsWith('/token'))?.authorization, basic('dave', 'helper-pw'));
    });
  });

  it('explains a credsStore helper that is not installed', async () => {
    await withRegistry({ repositories, auth: { kind: 'bearer', credentials: { username: 'dave', password: 'helper-pw' } } }, async (registry) => {
      const dockerConfigPath = writeDockerConfig({ credsStore: 'not-installed-anywhere' });
      await assert.rejects(
        resolveRegistryImage(`${registry.host}/team/private:1.0`, testRegistryOptions({ dockerConfigPath, allowCredentialHelpers: true })),
        scanErrorMatching('auth', /docker-credential-not-installed-anywhere is not installed or not on PATH/),
      );
    });
  });
});
