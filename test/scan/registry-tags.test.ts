import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listTags } from '../../server/src/scan/registry';
import { nextPage } from '../../server/src/scan/registry/list-tags';
import { testRegistryOptions, withRegistry } from '../helpers/registry-fixtures';
import { scanErrorMatching } from '../helpers/scan-errors';
import { buildImage } from '../helpers/test-image';

const image = buildImage({ layers: [[{ path: 'app', content: 'app' }]] });
const tags = Object.fromEntries(['1.0', '1.1', '2.0', '2.1', 'latest'].map((tag) => [tag, image.manifest]));
const repositories = { 'team/app': { blobs: image.blobs, tags } };

describe('listTags', () => {
  it('follows Link pagination to the last page', async () => {
    await withRegistry({ repositories, tagPageSize: 2 }, async (registry) => {
      assert.deepEqual(await listTags(`${registry.host}/team/app`, testRegistryOptions()), ['1.0', '1.1', '2.0', '2.1', 'latest']);
      assert.deepEqual(
        registry.requests.map((request) => request.url),
        ['/v2/team/app/tags/list', '/v2/team/app/tags/list?n=2&last=1.1', '/v2/team/app/tags/list?n=2&last=2.1'],
      );
    });
  });

  it('stops at the tag limit', async () => {
    await withRegistry({ repositories, tagPageSize: 2 }, async (registry) => {
      assert.deepEqual(await listTags(`${registry.host}/team/app`, testRegistryOptions({ limits: { maxTags: 3 } })), ['1.0', '1.1', '2.0']);
      assert.equal(registry.requests.length, 2);
    });
  });

  it('reuses the token across pages', async () => {
    await withRegistry({ repositories, tagPageSize: 3, auth: { kind: 'bearer' } }, async (registry) => {
      assert.equal((await listTags(`${registry.host}/team/app:ignored-tag`, testRegistryOptions())).length, 5);
      assert.deepEqual(
        registry.requests.map((request) => `${request.url.replace(/\?.*$/, '')} ${request.status}`),
        ['/v2/team/app/tags/list 401', '/token 200', '/v2/team/app/tags/list 200', '/v2/team/app/tags/list 200'],
      );
    });
  });

  it('reports an unknown repository', async () => {
    await withRegistry({ repositories }, async (registry) => {
      await assert.rejects(
        listTags(`${registry.host}/team/other`, testRegistryOptions()),
        scanErrorMatching('resolve', /^Could not list the tags of 127\.0\.0\.1:\d+\/team\/other from 127\.0\.0\.1:\d+: repository name not known to registry \(404 Not Found\)/),
      );
    });
  });
});

describe('nextPage', () => {
  const current = new URL('https://reg.example/v2/app/tags/list?n=2');

  it('resolves relative and absolute next links', () => {
    assert.equal(nextPage('</v2/app/tags/list?n=2&last=b>; rel="next"', current)?.href, 'https://reg.example/v2/app/tags/list?n=2&last=b');
    assert.equal(nextPage('<https://other.example/page2>; rel=next', current)?.href, 'https://other.example/page2');
    assert.equal(nextPage('<https://reg.example/first>; rel="first", <https://reg.example/p3>; rel="prev next"', current)?.href, 'https://reg.example/p3');
  });

  it('finds nothing without a next link', () => {
    assert.equal(nextPage(null, current), undefined);
    assert.equal(nextPage('<https://reg.example/first>; rel="first"', current), undefined);
    assert.equal(nextPage('<https://reg.example/x>; rel="nextish"', current), undefined);
  });
});
