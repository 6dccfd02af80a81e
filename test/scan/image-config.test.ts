import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configPlatform, parseImageConfig } from '../../server/src/scan/image-config';

describe('parseImageConfig', () => {
  it('keeps the well-typed fields every source hands on', () => {
    const wellTyped = {
      architecture: 'arm64',
      os: 'linux',
      variant: 'v8',
      created: '2024-01-01T00:00:00Z',
      config: { User: 'app', Env: ['A=1'], Entrypoint: ['/run'], Cmd: null, WorkingDir: '/srv', Labels: { team: 'core' }, Healthcheck: { Test: ['CMD', 'true'] } },
      history: [{ created_by: 'RUN make', empty_layer: true }],
      rootfs: { type: 'layers', diff_ids: [`sha256:${'a'.repeat(64)}`] },
    };
    const config = parseImageConfig(wellTyped);
    assert.deepEqual(config, wellTyped);
    assert.deepEqual(configPlatform(config!), { os: 'linux', architecture: 'arm64', variant: 'v8' });
  });

  it('drops fields of the wrong type instead of passing them on', () => {
    const config = parseImageConfig({
      os: 7,
      architecture: 'amd64',
      variant: '',
      config: { User: 0, Env: ['A=1', 2, null], Labels: { team: 'core', count: 3 }, Entrypoint: 'sh' },
      history: ['not a step', { created_by: 5, comment: 'kept' }],
      rootfs: { diff_ids: ['sha256:x', 42] },
    });
    assert.deepEqual(config, {
      architecture: 'amd64',
      config: { Env: ['A=1'], Labels: { team: 'core' } },
      history: [{ comment: 'kept' }],
      rootfs: { type: '', diff_ids: ['sha256:x'] },
    });
    assert.equal(configPlatform(config!), undefined, 'a config without an OS names no platform');
  });

  it('is undefined for JSON that is not an object', () => {
    assert.equal(parseImageConfig([]), undefined);
    assert.equal(parseImageConfig('config'), undefined);
    assert.equal(parseImageConfig(null), undefined);
  });
});
