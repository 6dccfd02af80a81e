import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { lintCandidate } from '../../server/src/engine/detect';
import { comparePaths, createExcludeMatcher, discoverFiles, isExcluded, relativeInside } from '../../server/src/host/discover';

describe('host/discover helpers', () => {
  it('matches exclude globs relative to the config folder, .gitignore-style', () => {
    const matches = createExcludeMatcher(['vendor/**', 'testdata', '/build', '*.generated.Dockerfile', 'docs/', '!vendor/keep/Dockerfile']);
    assert.equal(matches('vendor/lib/Dockerfile'), true);
    assert.equal(matches('vendor'), true);
    assert.equal(matches('vendor/keep/Dockerfile'), false, 'negated pattern keeps a file');
    assert.equal(matches('a/b/testdata/Dockerfile'), true, 'a name without a slash matches at any depth');
    assert.equal(matches('build/Dockerfile'), true);
    assert.equal(matches('src/build/Dockerfile'), false, 'a leading slash anchors');
    assert.equal(matches('services/app.generated.Dockerfile'), true);
    assert.equal(matches('docs/Dockerfile'), true, 'a trailing slash names a folder');
    assert.equal(matches('.devcontainer/Dockerfile'), false);
    assert.equal(matches(''), false);
  });

  it('handles Windows-style paths', () => {
    const scope = { folder: 'C:\\repo', patterns: ['vendor/**'] };
    assert.equal(isExcluded('C:\\repo\\vendor\\x\\Dockerfile', scope, path.win32), true);
    assert.equal(isExcluded('C:\\repo\\src\\Dockerfile', scope, path.win32), false);
    assert.equal(isExcluded('D:\\other\\vendor\\Dockerfile', scope, path.win32), false, 'outside the config folder');
    assert.equal(relativeInside('C:\\repo', 'C:\\repo\\a\\b\\Dockerfile', path.win32), 'a/b/Dockerfile');
    assert.equal(relativeInside('C:\\repo', 'C:\\repository\\Dockerfile', path.win32), undefined);
    assert.equal(relativeInside('C:\\repo', 'C:\\repo', path.win32), undefined);
    const files = ['C:\\repo\\b\\Dockerfile', 'C:\\repo\\Dockerfile', 'C:\\repo\\a\\z\\Dockerfile', 'C:\\repo\\a\\Dockerfile'];
    assert.deepEqual(files.sort(comparePaths('C:\\repo', path.win32)), [
      'C:\\repo\\Dockerfile',
      'C:\\repo\\a\\Dockerfile',
      'C:\\repo\\a\\z\\Dockerfile',
      'C:\\repo\\b\\Dockerfile',
    ]);
  });

  it('asks the engine which names are lintable', () => {
    assert.equal(lintCandidate('C:\\repo\\Dockerfile'), 'name');
    assert.equal(lintCandidate('/repo/api.Containerfile'), 'name');
    assert.equal(lintCandidate('/repo/deploy.yaml'), 'content');
    assert.equal(lintCandidate('/repo/.dockerignore'), null);
    assert.equal(lintCandidate('/repo/README.md'), null);
  });
});

describe('host/discover on disk', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'shipshape-discover-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const write = (relative: string, text = 'FROM alpine:3.20\n') => {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };
  write('Dockerfile');
  write('b/Dockerfile.prod');
  write('a/api.dockerfile');
  write('a/.dockerignore', '.git\n');
  write('a/notes.md', 'notes');
  write('node_modules/pkg/Dockerfile');
  write('.git/Dockerfile');
  write('vendor/Dockerfile');
  write('deploy/app.yaml', 'apiVersion: v1\nkind: Pod\n');
  symlinkSync(path.join(root, 'a'), path.join(root, 'loop'));
  const excludes = { folder: root, patterns: ['vendor/**'] };

  it('walks folders in a stable order, skipping VCS folders, node_modules, excludes and linked folders', () => {
    const result = discoverFiles(['.'], { cwd: root, excludesFor: () => excludes });
    const relative = result.files.map((file) => path.relative(root, file.path).split(path.sep).join('/'));
    assert.deepEqual(relative.filter((name) => !name.endsWith('.yaml')), ['Dockerfile', 'a/api.dockerfile', 'b/Dockerfile.prod']);
    assert.deepEqual(result.missing, []);
    assert.ok(result.files.every((file) => !file.explicit));
  });

  it('keeps explicit files whatever their name, reports missing ones and excluded ones', () => {
    const odd = write('build/odd-name', 'FROM alpine:3.20\n');
    const result = discoverFiles([odd, 'nope', 'vendor/Dockerfile', 'Dockerfile', '.'], { cwd: root, excludesFor: () => excludes });
    assert.deepEqual(result.missing, ['nope']);
    assert.deepEqual(result.excluded, ['vendor/Dockerfile']);
    assert.deepEqual(
      result.files.filter((file) => file.explicit).map((file) => path.relative(root, file.path)),
      ['Dockerfile', path.join('build', 'odd-name')],
    );
    assert.equal(result.files.filter((file) => file.path === path.join(root, 'Dockerfile')).length, 1, 'no duplicates');
  });
});
