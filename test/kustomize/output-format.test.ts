// The pieces of kustomize's output that are easy to get subtly wrong, against values checked on kustomize
// v5.7.1: yaml.v2's key order, Go's float formatting through JSON, the content hash of generated objects.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentHash, encodeBase64 } from '../../server/src/engine/languages/kustomize/generators';
import type { Resource } from '../../server/src/engine/languages/kustomize/resource';
import { fromPlain, type KMap } from '../../server/src/engine/languages/kustomize/values';
import { emitYamlV2, formatJsonNumberThroughYaml, naturalLess } from '../../server/src/engine/languages/kustomize/yaml-v2-emitter';

const resource = (object: unknown): Resource => ({ node: fromPlain(object) as KMap, previous: [], file: 'x' });

describe('kustomize output format', () => {
  test('keys in yaml.v2 natural order', () => {
    const keys = ['a10', 'a2', 'A', '_u', '1', '10', '9', 'B', 's1', 's10', 's2'];
    assert.deepEqual([...keys].sort((a, b) => (naturalLess(a, b) ? -1 : naturalLess(b, a) ? 1 : 0)), ['_u', '1', '9', '10', 'A', 'B', 'a2', 'a10', 's1', 's2', 's10']);
  });
  test('numbers as Go prints them after the JSON hop', () => {
    assert.deepEqual([1, 1000, 1e21, 0.000001, 1234567.5, 0.0001, 1e20, -0.5].map(formatJsonNumberThroughYaml), ['1', '1000', '1e+21', '1e-06', '1.2345675e+06', '0.0001', '1e+20', '-0.5']);
  });
  test('strings quoted, folded and blocked like yaml.v2', () => {
    const text = emitYamlV2(fromPlain({ a: 'yes', b: '', c: '- x', d: 'line1\nline2\n', e: 'tab\there', f: `${'word '.repeat(20)}end` })).text;
    assert.equal(text, ['a: "yes"', 'b: ""', "c: '- x'", 'd: |', '  line1', '  line2', 'e: "tab\\there"', `f: ${'word '.repeat(15)}word`, `  ${'word '.repeat(4)}end`, ''].join('\n'));
  });
  test('generated names: kustomize v5.7.1 hashes', () => {
    assert.equal(contentHash(resource({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } })), 'h29d89cmmt');
    assert.equal(contentHash(resource({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other' }, data: { a: '1' } })), 'h29d89cmmt');
    assert.equal(contentHash(resource({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 's' }, data: { p: 'c2VjcmV0' } })), '4k4899t6bh');
    assert.equal(contentHash(resource({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'h' }, data: { h: '<a&b>' } })), 'kdbdf5g66b');
  });
  test('Secret data in 70-character lines once it is longer than one', () => {
    assert.equal(encodeBase64('short'), 'c2hvcnQ=');
    const long = encodeBase64('x'.repeat(60));
    assert.deepEqual(long.split('\n').map((line) => line.length), [70, 10, 0]);
  });
});
