import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectEol, LineIndex } from '../../server/src/engine/text';
import { baseName, isDockerfileName, looksBinary } from '../../server/src/engine/detect';

describe('LineIndex', () => {
  it('converts offsets and positions with LF, CRLF and lone CR', () => {
    const text = 'a\r\nbc\nd\re';
    const lines = new LineIndex(text);
    assert.equal(lines.lineCount, 4);
    assert.deepEqual(lines.positionAt(text.indexOf('c')), { line: 1, character: 1 });
    assert.deepEqual(lines.positionAt(text.indexOf('e')), { line: 3, character: 0 });
    assert.equal(lines.offsetAt({ line: 1, character: 1 }), text.indexOf('c'));
    assert.equal(lines.lineEnd(0), 1);
    assert.equal(lines.offsetAt({ line: 99, character: 0 }), text.length);
  });
  it('counts astral characters as two UTF-16 units', () => {
    const text = 'FROM 🐳x';
    assert.deepEqual(new LineIndex(text).positionAt(text.indexOf('x')), { line: 0, character: 7 });
  });
  it('detects the line break style', () => {
    assert.equal(detectEol('a\r\nb'), '\r\n');
    assert.equal(detectEol('a\nb'), '\n');
    assert.equal(detectEol('a'), '\n');
  });
});

describe('file detection', () => {
  it('recognises Dockerfile names on every platform', () => {
    for (const name of ['Dockerfile', 'dockerfile', 'Containerfile', 'api.Dockerfile', 'Dockerfile.prod', 'build.containerfile']) assert.ok(isDockerfileName(name), name);
    for (const name of ['Dockerfile.dockerignore', 'docker-compose.yml', 'Dockerfiles.md']) assert.ok(!isDockerfileName(name), name);
    assert.equal(baseName('C:\\work\\app\\Dockerfile'), 'Dockerfile');
    assert.equal(baseName('file:///c%3A/work/app/Dockerfile.dev'), 'Dockerfile.dev');
    assert.equal(baseName('/srv/100%/Dockerfile'), 'Dockerfile');
  });
  it('tells binary junk from text', () => {
    assert.ok(looksBinary('FROM x\u0000'));
    assert.ok(looksBinary('\u0001\u0002\u0003abc'));
    assert.ok(!looksBinary('FROM node:22\n\tRUN true\r\n'));
    assert.ok(!looksBinary(''));
  });
});
