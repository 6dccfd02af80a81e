import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connectRegistry } from '../../server/src/scan/registry/registry-client';
import { allowsPlainHttp, registryApiHost, registryScheme } from '../../server/src/scan/registry/registry-host';
import { testRegistryOptions } from '../helpers/registry-fixtures';

function manifestUrl(name: string, insecureRegistries: string[] = []): string {
  const client = connectRegistry(name, testRegistryOptions({ insecureRegistries }));
  const { reference } = client;
  return client.repositoryUrl(`manifests/${reference.digest ?? reference.tag ?? 'latest'}`).href;
}

describe('reference normalisation', () => {
  it('sends every Docker Hub form to registry-1.docker.io over HTTPS', () => {
    const expected = 'https://registry-1.docker.io/v2/library/nginx/manifests/latest';
    for (const name of ['nginx', 'nginx:latest', 'docker.io/nginx', 'docker.io/library/nginx', 'index.docker.io/library/nginx:latest', 'registry-1.docker.io/library/nginx']) {
      assert.equal(manifestUrl(name), expected, name);
    }
    assert.equal(manifestUrl('bitnami/redis:7.2'), 'https://registry-1.docker.io/v2/bitnami/redis/manifests/7.2');
    assert.equal(registryApiHost('docker.io'), 'registry-1.docker.io');
    assert.equal(registryApiHost('ghcr.io'), 'ghcr.io');
  });

  it('keeps other registries, nested repositories and digests', () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    assert.equal(manifestUrl('ghcr.io/org/team/app:1.2'), 'https://ghcr.io/v2/org/team/app/manifests/1.2');
    assert.equal(manifestUrl(`quay.io/org/app:1.2@${digest}`), `https://quay.io/v2/org/app/manifests/${digest}`);
  });

  it('compares origins the way URLs do, so credentials still go to a host written in capitals or with its default port', () => {
    const client = connectRegistry('Reg.Example:443/app', testRegistryOptions());
    assert.equal(client.origin, 'https://reg.example');
    assert.equal(client.repositoryUrl('tags/list').origin, client.origin);
  });

  it('reaches loopback registries and listed insecure registries over plain HTTP', () => {
    assert.equal(manifestUrl('localhost:5000/app:dev'), 'http://localhost:5000/v2/app/manifests/dev');
    assert.equal(manifestUrl('[::1]:5000/app'), 'http://[::1]:5000/v2/app/manifests/latest');
    assert.equal(manifestUrl('registry.lan:5000/app', ['registry.lan:5000']), 'http://registry.lan:5000/v2/app/manifests/latest');
    assert.equal(manifestUrl('registry.lan:5000/app'), 'https://registry.lan:5000/v2/app/manifests/latest');
  });
});

describe('registryScheme', () => {
  it('uses HTTP for localhost, 127.0.0.1 and [::1] on any port', () => {
    for (const host of ['localhost', 'localhost:5000', 'LOCALHOST:5000', '127.0.0.1', '127.0.0.1:32768', '127.1.2.3:80', '[::1]', '[::1]:5000']) {
      assert.equal(registryScheme(host, []), 'http:', host);
    }
  });

  it('uses verified HTTPS for everything else, including look-alikes of local names', () => {
    for (const host of ['ghcr.io', 'registry-1.docker.io', 'localhost.example.com', '127.0.0.1.nip.io', '10.0.0.5:5000', '[::2]:5000', 'mylocalhost:5000']) {
      assert.equal(registryScheme(host, []), 'https:', host);
    }
  });

  it('uses HTTP for insecure registries listed by host and port, or by host for every port', () => {
    assert.equal(registryScheme('reg.lan:5000', ['reg.lan:5000']), 'http:');
    assert.equal(registryScheme('reg.lan:5001', ['reg.lan:5000']), 'https:');
    assert.equal(registryScheme('reg.lan:5001', ['reg.lan']), 'http:');
    assert.equal(registryScheme('REG.LAN', ['http://reg.lan/']), 'http:');
    assert.equal(registryScheme('other.lan', ['reg.lan']), 'https:');
    assert.equal(allowsPlainHttp('10.0.0.5:5000', [' 10.0.0.5:5000 ']), true);
  });
});
