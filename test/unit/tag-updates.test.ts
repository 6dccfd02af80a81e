import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseVersionTag, tagUpdates } from '../../server/src/engine/tag-updates';

describe('tagUpdates (the update bots\' rules for Docker tags)', () => {
  it('keeps the variant suffix and the precision', () => {
    const tags = ['22.11-alpine', '22.12-alpine', '22.12.0-alpine', '22.13-alpine3.20', '22.14', '22.15-slim'];
    assert.deepEqual(tagUpdates('22.11-alpine', tags, 'library/python'), { sameMajor: '22.12-alpine' });
    assert.deepEqual(tagUpdates('1.2', ['1.3', '1.3.0', '1.10', 'v1.11'], 'acme/app'), { sameMajor: '1.10' }, 'numeric, not text order; no v prefix mixing');
    assert.deepEqual(tagUpdates('3.19.1-slim-bookworm', ['3.19.2-slim-bookworm', '3.20.0-slim-bookworm', '4.0.0-slim-bookworm'], 'x'), { sameMajor: '3.20.0-slim-bookworm', newerMajor: '4.0.0-slim-bookworm' });
  });

  it('skips pre-releases and tags that are not versions', () => {
    assert.equal(parseVersionTag('1.28-alpine-rc1'), undefined);
    assert.equal(parseVersionTag('3.14.0b2'), undefined);
    assert.equal(parseVersionTag('latest'), undefined);
    assert.deepEqual(tagUpdates('1.27', ['1.28-rc1', '1.28-beta', '2.0-preview', 'latest', 'mainline'], 'library/nginx'), {});
    assert.deepEqual(tagUpdates('latest', ['1.0'], 'x'), {}, 'a tag that is no version has no line');
  });

  it('offers only LTS lines for node and ubuntu', () => {
    assert.deepEqual(tagUpdates('20.18-alpine', ['20.19-alpine', '21.7-alpine', '23.5-alpine', '22.12-alpine'], 'library/node'), { sameMajor: '20.19-alpine', newerMajor: '22.12-alpine' });
    assert.deepEqual(tagUpdates('23.1', ['23.2', '25.0'], 'library/node'), { sameMajor: '23.2' }, 'updates within the line in use are offered even off LTS');
    assert.deepEqual(tagUpdates('22.04', ['22.10', '23.04', '23.10', '24.04', '24.10'], 'library/ubuntu'), { newerMajor: '24.04' });
    assert.deepEqual(tagUpdates('22', ['23', '24', '26'], 'library/node'), { newerMajor: '26' }, 'a bare major moves only to later majors');
  });
});
