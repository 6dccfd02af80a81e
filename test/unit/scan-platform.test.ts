import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { userCacheDir } from '../../server/src/scan/cache-dir';
import { formatPlatform, hostPlatform, parsePlatform } from '../../server/src/scan/platform';

describe('scan: platforms', () => {
  it('parses os/architecture[/variant]', () => {
    assert.deepEqual(parsePlatform('linux/amd64'), { os: 'linux', architecture: 'amd64' });
    assert.deepEqual(parsePlatform(' Linux/ARM64/v8 '), { os: 'linux', architecture: 'arm64', variant: 'v8' });
    assert.equal(parsePlatform('amd64'), undefined);
    assert.equal(parsePlatform('linux/amd64/v1/extra'), undefined);
    assert.equal(parsePlatform(''), undefined);
  });

  it('formats back', () => {
    assert.equal(formatPlatform({ os: 'linux', architecture: 'arm', variant: 'v7' }), 'linux/arm/v7');
    assert.equal(formatPlatform({ os: 'windows', architecture: 'amd64' }), 'windows/amd64');
  });

  it('maps Node architectures to image architectures, always on linux', () => {
    assert.deepEqual(hostPlatform('x64'), { os: 'linux', architecture: 'amd64' });
    assert.deepEqual(hostPlatform('arm64'), { os: 'linux', architecture: 'arm64' });
    assert.deepEqual(hostPlatform('arm'), { os: 'linux', architecture: 'arm', variant: 'v7' });
    assert.deepEqual(hostPlatform('ppc64'), { os: 'linux', architecture: 'ppc64le' });
  });
});

describe('scan: the CLI cache folder', () => {
  it('follows XDG on Linux', () => {
    assert.equal(userCacheDir({}, 'linux', '/home/ada'), '/home/ada/.cache/shipshape');
    assert.equal(userCacheDir({ XDG_CACHE_HOME: '/var/cache/ada' }, 'linux', '/home/ada'), '/var/cache/ada/shipshape');
    assert.equal(userCacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/ada'), '/home/ada/.cache/shipshape', 'relative XDG paths are ignored, as the spec says');
  });

  it('uses Library/Caches on macOS and LOCALAPPDATA on Windows', () => {
    assert.equal(userCacheDir({}, 'darwin', '/Users/ada'), '/Users/ada/Library/Caches/shipshape');
    assert.equal(userCacheDir({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', 'C:\\Users\\ada'), 'C:\\Users\\ada\\AppData\\Local\\shipshape\\Cache');
    assert.equal(userCacheDir({}, 'win32', 'C:\\Users\\ada'), 'C:\\Users\\ada\\AppData\\Local\\shipshape\\Cache');
  });
});
