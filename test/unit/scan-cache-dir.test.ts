import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { userCacheDir } from '../../server/src/scan/cache-dir';

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
