import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { proxyEnvironment } from '../../client/src/util/proxy-environment';

describe('client: proxy settings for the language server', () => {
  it('passes http.proxy and http.noProxy on as environment variables', () => {
    assert.deepEqual(proxyEnvironment('http://proxy.corp:3128', ['localhost', ' registry.corp '], {}), {
      HTTPS_PROXY: 'http://proxy.corp:3128',
      HTTP_PROXY: 'http://proxy.corp:3128',
      NO_PROXY: 'localhost,registry.corp',
    });
  });

  it('adds nothing without a proxy setting, or when the environment already names a proxy', () => {
    assert.deepEqual(proxyEnvironment('', ['x'], {}), {});
    assert.deepEqual(proxyEnvironment(undefined, undefined, {}), {});
    assert.deepEqual(proxyEnvironment('http://proxy.corp:3128', [], { https_proxy: 'http://other:8080' }), {});
  });

  it('keeps a NO_PROXY the environment already has', () => {
    assert.deepEqual(proxyEnvironment('http://p:1', ['a'], { NO_PROXY: 'b' }), { HTTPS_PROXY: 'http://p:1', HTTP_PROXY: 'http://p:1' });
  });
});
