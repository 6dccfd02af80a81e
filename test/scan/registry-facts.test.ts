// The registry facts image-outdated is given: tag lists that page forever or loop stop with what was read,
// lists are bounded, answers are cached until they expire, and a failure is a problem line, never a throw.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseImageReference, type ImageReference } from '../../server/src/engine/image-reference';
import { listTags } from '../../server/src/scan/registry';
import { MAX_TAGS_CHECKED, RegistryFactsCache } from '../../server/src/scan/registry/registry-facts';
import { testRegistryOptions } from '../helpers/registry-fixtures';

function reference(text: string): ImageReference {
  const parsed = parseImageReference(text);
  assert.ok(parsed.ok);
  return parsed.reference;
}

describe('registry facts for image-outdated', () => {
  let server: Server;
  let host: string;
  let pages = 0;

  before(async () => {
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      const send = (body: unknown, link?: string) => {
        response.writeHead(200, { 'content-type': 'application/json', ...(link ? { link } : {}) });
        response.end(JSON.stringify(body));
      };
      if (url.pathname === '/v2/') return send({});
      pages++;
      const page = Number(url.searchParams.get('page') ?? '0');
      // Forever: every page links to a new one. Loop: the second page links back to the first.
      if (url.pathname === '/v2/forever/tags/list') return send({ name: 'forever', tags: page % 2 === 0 ? [] : [`1.${page}`] }, `</v2/forever/tags/list?page=${page + 1}>; rel="next"`);
      if (url.pathname === '/v2/loop/tags/list') return send({ name: 'loop', tags: [`2.${page}`] }, `</v2/loop/tags/list?page=${page === 0 ? 1 : 0}>; rel="next"`);
      if (url.pathname === '/v2/many/tags/list') return send({ name: 'many', tags: Array.from({ length: 1000 }, (_, i) => `${page}.${i}`) }, `</v2/many/tags/list?page=${page + 1}>; rel="next"`);
      if (url.pathname === '/v2/html/tags/list') {
        response.writeHead(200, { 'content-type': 'text/html' });
        return response.end('<html>login</html>');
      }
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"errors":[{"code":"NAME_UNKNOWN"}]}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('stops a tag list that pages forever, and one that loops back, with the tags read', async () => {
    pages = 0;
    const forever = await listTags(`${host}/forever`, testRegistryOptions({ limits: { maxTags: 100 } }));
    assert.equal(forever.length, 100);
    assert.ok(pages <= 201, `${pages} pages`);
    const looped = await listTags(`${host}/loop`, testRegistryOptions());
    assert.deepEqual(looped, ['2.0', '2.1']);
  });

  it('bounds the list at a few thousand tags and caches the answer until it expires', async () => {
    let now = 0;
    const cache = new RegistryFactsCache(() => now);
    pages = 0;
    const first = await cache.fetch([reference(`${host}/many:1.0`)], testRegistryOptions());
    assert.equal(first.facts[`${host}/many`]?.tags?.length, MAX_TAGS_CHECKED);
    assert.equal(pages, MAX_TAGS_CHECKED / 1000);
    await cache.fetch([reference(`${host}/many:1.0`)], testRegistryOptions());
    assert.equal(pages, MAX_TAGS_CHECKED / 1000, 'answered from the cache');
    now += 11 * 60_000;
    await cache.fetch([reference(`${host}/many:1.0`)], testRegistryOptions());
    assert.equal(pages, 2 * (MAX_TAGS_CHECKED / 1000), 'asked again once expired');
  });

  it('turns an HTML answer and a missing repository into problem lines', async () => {
    const { facts, problems } = await new RegistryFactsCache().fetch([reference(`${host}/html:1.0`), reference(`${host}/absent:1.0@sha256:${'a'.repeat(64)}`)], testRegistryOptions());
    assert.deepEqual(facts, {});
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems.find((problem) => problem.includes('/html')) ?? '', /could not list the tags of .*\/html: .*not valid JSON/);
    assert.ok(problems.some((problem) => problem.startsWith(`could not look up ${host}/absent:1.0`)));
  });
});
