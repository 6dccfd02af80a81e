import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigFileFinder, formatConfigProblem, parseConfigFile } from '../../server/src/host/config-files';
import type { HostFileSystem } from '../../server/src/host/file-system';

const KNOWN = new Set(['image-tag-latest', 'suppression-unused']);

/** An in-memory file system that counts reads, so caching is visible. */
function memoryFileSystem(files: Record<string, string>): HostFileSystem & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readTextIfExists(file) {
      reads.push(file);
      return files[file];
    },
  };
}

describe('host/config-files', () => {
  it('finds the nearest config walking up from a Windows-style folder', () => {
    const fileSystem = memoryFileSystem({
      'C:\\repo\\.shipshape.yaml': 'rules:\n  image-tag-latest: error\n',
      'C:\\repo\\services\\worker\\.shipshape.yml': 'preset: strict\n',
    });
    const finder = new ConfigFileFinder({ knownRuleIds: KNOWN, fileSystem, pathApi: path.win32 });
    const api = finder.nearest('C:\\repo\\services\\api');
    assert.equal(api?.path, 'C:\\repo\\.shipshape.yaml');
    assert.equal(api?.folder, 'C:\\repo');
    assert.deepEqual(api?.layer, { rules: { 'image-tag-latest': 'error' } });
    const worker = finder.nearest('C:\\repo\\services\\worker\\src');
    assert.equal(worker?.path, 'C:\\repo\\services\\worker\\.shipshape.yml');
    assert.deepEqual(worker?.layer, { preset: 'strict' });
    assert.equal(finder.nearest('D:\\elsewhere'), null);
  });

  it('prefers .shipshape.yaml over .shipshape.yml in the same folder', () => {
    const fileSystem = memoryFileSystem({ '/p/.shipshape.yaml': 'preset: strict\n', '/p/.shipshape.yml': 'preset: recommended\n' });
    const finder = new ConfigFileFinder({ knownRuleIds: KNOWN, fileSystem, pathApi: path.posix });
    assert.equal(finder.nearest('/p/a')?.layer.preset, 'strict');
  });

  it('caches lookups per folder', () => {
    const fileSystem = memoryFileSystem({ '/repo/.shipshape.yaml': 'preset: strict\n' });
    const finder = new ConfigFileFinder({ knownRuleIds: KNOWN, fileSystem, pathApi: path.posix });
    finder.nearest('/repo/a/b');
    const afterFirst = fileSystem.reads.length;
    assert.equal(finder.nearest('/repo/a/b')?.path, '/repo/.shipshape.yaml');
    assert.equal(finder.nearest('/repo/a')?.path, '/repo/.shipshape.yaml');
    assert.equal(fileSystem.reads.length, afterFirst, 'no further reads for folders already walked');
    finder.nearest('/repo/a/c');
    assert.deepEqual(fileSystem.reads.slice(afterFirst), ['/repo/a/c/.shipshape.yaml', '/repo/a/c/.shipshape.yml']);
    finder.clear();
    finder.nearest('/repo/a/b');
    assert.ok(fileSystem.reads.length > afterFirst + 2, 'clear() forgets');
  });

  it('reports problems with one-based line and column', () => {
    const config = parseConfigFile('/p/.shipshape.yaml', 'rules:\n  image-tag-latest: loud\n  no-such-rule: off\n', KNOWN, path.posix);
    assert.deepEqual(
      config.problems.map((problem) => formatConfigProblem(problem)),
      [
        '/p/.shipshape.yaml:2:21: severity of "image-tag-latest" must be one of error, warning, info, off',
        '/p/.shipshape.yaml:3:3: unknown rule id "no-such-rule"; run `shipshape rules` for the list',
      ],
    );
  });

  it('turns a missing or unreadable explicit file into a problem instead of throwing', () => {
    const failing: HostFileSystem = {
      readTextIfExists() {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      },
    };
    const missing = new ConfigFileFinder({ knownRuleIds: KNOWN, fileSystem: memoryFileSystem({}), pathApi: path.win32 }).load('C:\\ci\\shipshape.yaml');
    assert.equal(formatConfigProblem(missing.problems[0]!), 'C:\\ci\\shipshape.yaml: cannot read the configuration file: no such file');
    const unreadable = new ConfigFileFinder({ knownRuleIds: KNOWN, fileSystem: failing, pathApi: path.posix }).load('/ci/x.yaml');
    assert.match(unreadable.problems[0]!.message, /permission denied/);
    const nearest = new ConfigFileFinder({ knownRuleIds: KNOWN, fileSystem: failing, pathApi: path.posix }).nearest('/ci');
    assert.match(nearest?.problems[0]?.message ?? '', /permission denied/);
  });
});
