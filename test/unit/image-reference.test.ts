import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayName, familiarName, fullName, parseImageReference, referenceParts, shortName } from '../../server/src/engine/image-reference';

function parse(text: string) {
  const result = parseImageReference(text);
  assert.ok(result.ok, `expected ${text} to parse: ${result.ok ? '' : result.error}`);
  return result.reference;
}

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  it('normalises Docker Hub official images', () => {
    const ref = parse('node:18');
    assert.equal(ref.registry, 'docker.io');
    assert.equal(ref.repository, 'library/node');
    assert.equal(ref.tag, '18');
    assert.equal(ref.explicitRegistry, false);
    assert.equal(fullName(ref), 'docker.io/library/node:18');
    assert.equal(familiarName(ref), 'node');
  });

  it('treats every Docker Hub alias as docker.io', () => {
    for (const text of ['docker.io/library/node', 'index.docker.io/library/node', 'registry-1.docker.io/library/node', 'docker.io/node']) {
      const ref = parse(text);
      assert.equal(ref.registry, 'docker.io', text);
      assert.equal(ref.repository, 'library/node', text);
    }
  });

  it('keeps user repositories on Docker Hub without library/', () => {
    const ref = parse('bitnami/redis:7.2');
    assert.equal(ref.registry, 'docker.io');
    assert.equal(ref.repository, 'bitnami/redis');
    assert.equal(familiarName(ref), 'bitnami/redis');
  });

  it('detects registries with ports, localhost and IPv6', () => {
    const withPort = parse('registry.example.com:5000/team/app:1.2');
    assert.equal(withPort.registry, 'registry.example.com:5000');
    assert.equal(withPort.repository, 'team/app');
    assert.equal(withPort.tag, '1.2');
    const local = parse('localhost:5000/x');
    assert.equal(local.registry, 'localhost:5000');
    assert.equal(local.repository, 'x');
    assert.equal(local.tag, undefined);
    assert.equal(parse('localhost/x').registry, 'localhost');
    assert.equal(parse('[::1]:5000/app:2').registry, '[::1]:5000');
  });

  it('does not mistake a port-less first component for a registry', () => {
    const ref = parse('team/app:1');
    assert.equal(ref.registry, 'docker.io');
    assert.equal(ref.repository, 'team/app');
  });

  it('parses digests with and without tags', () => {
    const both = parse(`gcr.io/distroless/static:nonroot@${DIGEST}`);
    assert.equal(both.tag, 'nonroot');
    assert.equal(both.digest, DIGEST);
    assert.equal(shortName(both), 'static');
    assert.equal(displayName(both), `gcr.io/distroless/static:nonroot@${DIGEST}`);
    const digestOnly = parse(`alpine@${DIGEST}`);
    assert.equal(digestOnly.tag, undefined);
    assert.equal(digestOnly.digest, DIGEST);
  });

  it('locates tag and digest inside the written text', () => {
    const text = `ghcr.io/org/app:1.0@${DIGEST}`;
    const parts = referenceParts(parse(text));
    assert.equal(text.slice(parts.tag!.start, parts.tag!.end), '1.0');
    assert.equal(text.slice(parts.digest!.start, parts.digest!.end), DIGEST);
    assert.equal(text.slice(0, parts.nameEnd), 'ghcr.io/org/app');
  });

  it('rejects malformed references with a clear error', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /empty/],
      ['Node:18', /lower-case/],
      ['library/Node', /lower-case/],
      ['node:', /not a valid tag/],
      ['node:bad tag', /white space/],
      ['node@sha256:abc', /not a valid/],
      ['-v', /starts with "-"/],
      ['node:18:19', /not a valid/],
      ['registry.example.com:5000/', /no repository|not a valid/],
    ];
    for (const [text, error] of cases) {
      const result = parseImageReference(text);
      assert.equal(result.ok, false, text);
      if (!result.ok) assert.match(result.error, error, text);
    }
  });

  it('treats an upper-case first component as a registry host, as Docker does', () => {
    const ref = parse('MyRegistry/app:1');
    assert.equal(ref.registry, 'MyRegistry');
    assert.equal(ref.repository, 'app');
  });
});
