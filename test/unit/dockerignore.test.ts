import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cleanPath, isExcluded, parseDockerignore } from '../../server/src/engine/languages/dockerfile/dockerignore';

const excluded = (ignore: string, path: string): boolean => isExcluded(parseDockerignore(ignore), path);

describe('dockerignore', () => {
  it('reads patterns, skipping comments and blank lines, cleaning paths', () => {
    const patterns = parseDockerignore('# comment\n\n  /.git/  \n!./src//keep\r\n**/*.pem\n');
    assert.deepEqual(
      patterns.map((p) => [p.pattern, p.negated]),
      [['.git', false], ['src/keep', true], ['**/*.pem', false]],
    );
  });

  it('matches names at the context root only, unless the pattern starts with **', () => {
    assert.equal(excluded('.env', '.env'), true);
    assert.equal(excluded('.env', 'app/.env'), false);
    assert.equal(excluded('**/.env', '.env'), true);
    assert.equal(excluded('**/.env', 'app/config/.env'), true);
    assert.equal(excluded('/.env', '.env'), true);
  });

  it('excludes everything inside an excluded folder', () => {
    assert.equal(excluded('.git', '.git'), true);
    assert.equal(excluded('.git', '.git/config'), true);
    assert.equal(excluded('.git/', '.git/objects/ab/cdef'), true);
    assert.equal(excluded('node_modules', '.git'), false);
  });

  it('treats * and ? as one path segment, and lets * match leading dots', () => {
    assert.equal(excluded('*', '.env'), true);
    assert.equal(excluded('*', '.git'), true);
    assert.equal(excluded('*.env', '.env'), true);
    assert.equal(excluded('.env*', '.env.production'), true);
    assert.equal(excluded('.env.*', '.env'), false);
    assert.equal(excluded('*/.env', 'app/.env'), true);
    assert.equal(excluded('*/.env', 'a/b/.env'), false);
    assert.equal(excluded('.gi?', '.git'), true);
    assert.equal(excluded('.[eg]nv', '.env'), true);
    assert.equal(excluded('.[!e]nv', '.env'), false);
  });

  it('handles ** in the middle and at the end', () => {
    assert.equal(excluded('secrets/**', 'secrets/a/b.key'), true);
    assert.equal(excluded('a/**/b', 'a/b'), true);
    assert.equal(excluded('a/**/b', 'a/x/y/b'), true);
    assert.equal(excluded('**', '.env'), true);
  });

  it('lets the last matching line decide, with ! re-including', () => {
    assert.equal(excluded('*\n!src', '.env'), true);
    assert.equal(excluded('*\n!src', 'src/index.js'), false);
    assert.equal(excluded('.env*\n!.env.example', '.env.example'), false);
    assert.equal(excluded('.env*\n!.env.example', '.env'), true);
    assert.equal(excluded('!.env\n.env', '.env'), true);
    assert.equal(excluded('.env\n!.env', '.env'), false);
  });

  it('escapes regular-expression characters and honours backslash escapes', () => {
    assert.equal(excluded('a+b.txt', 'a+b.txt'), true);
    assert.equal(excluded('a+b.txt', 'aab.txt'), false);
    assert.equal(excluded('file\\*', 'file*'), true);
    assert.equal(excluded('file\\*', 'file1'), false);
  });

  it('cleans paths like Go filepath.Clean', () => {
    assert.equal(cleanPath('./a//b/../c/'), 'a/c');
    assert.equal(cleanPath('/'), '');
    assert.equal(cleanPath('.'), '');
  });
});
