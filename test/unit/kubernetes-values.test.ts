import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseKubernetes } from '../../server/src/engine/languages/kubernetes/model';
import { decodeBase64Text, secretEntries } from '../../server/src/engine/languages/kubernetes/secret-data';
import { forEachStringValue, valueRangeInSource, type StringScalar } from '../../server/src/engine/languages/kubernetes/yaml-scalars';

describe('decodeBase64Text', () => {
  it('decodes standard base64, wrapped or not, into UTF-8 text', () => {
    assert.equal(decodeBase64Text('aHVudGVyMg=='), 'hunter2');
    assert.equal(decodeBase64Text('aHVu\n  dGVyMg=='), 'hunter2');
    assert.equal(decodeBase64Text('w6lsw6h2ZQ=='), 'élève');
    assert.equal(decodeBase64Text(''), '');
  });

  it('refuses invalid base64 and binary content', () => {
    assert.equal(decodeBase64Text('changeme'), undefined);
    assert.equal(decodeBase64Text('aHVudGVyMg'), undefined);
    assert.equal(decodeBase64Text('AAECAw=='), undefined);
    assert.equal(decodeBase64Text('//79'), undefined);
  });
});

describe('secretEntries', () => {
  it('lists data (decoded) and stringData (as written) with their ranges', () => {
    const text = 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  a: aHVudGVyMg==\n  b: not-base64\nstringData:\n  c: plain\n  d:\n';
    const resource = parseKubernetes(text).resources[0];
    assert.ok(resource);
    const entries = secretEntries(resource);
    assert.deepEqual(
      entries.map((entry) => [entry.field, entry.key, entry.value, text.slice(entry.valueRange.start, entry.valueRange.end)]),
      [
        ['data', 'a', 'hunter2', 'aHVudGVyMg=='],
        ['data', 'b', undefined, 'not-base64'],
        ['stringData', 'c', 'plain', 'plain'],
        ['stringData', 'd', '', 'd'],
      ],
    );
  });
});

describe('forEachStringValue', () => {
  it('visits values (not keys) of every analysed document with their resource, key and owner, skipping aliases', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '    - name: app',
      '      args: [--token, &t abc]',
      '      env:',
      '        - {name: TOKEN, value: *t}',
      '---',
      'plain: [x]',
      '---',
      'broken: [',
      '',
    ].join('\n');
    const seen: StringScalar[] = [];
    forEachStringValue(parseKubernetes(text), (scalar) => seen.push(scalar));
    assert.deepEqual(
      seen.map((s) => [s.node.value, s.resource?.label, s.key, s.owner]),
      [
        ['v1', 'Pod "p"', 'apiVersion', undefined],
        ['Pod', 'Pod "p"', 'kind', undefined],
        ['p', 'Pod "p"', 'name', 'p'],
        ['app', 'Pod "p"', 'name', 'app'],
        ['--token', 'Pod "p"', 'args', 'app'],
        ['abc', 'Pod "p"', 'args', 'app'],
        ['TOKEN', 'Pod "p"', 'name', 'TOKEN'],
        ['x', undefined, 'plain', undefined],
      ],
    );
  });
});

describe('valueRangeInSource', () => {
  const rangeOf = (text: string, value: string, start: number, end: number): string => {
    let found: StringScalar | undefined;
    forEachStringValue(parseKubernetes(text), (scalar) => {
      if (scalar.node.value === value) found = scalar;
    });
    assert.ok(found, `a scalar with value ${JSON.stringify(value)}`);
    const range = valueRangeInSource(text, found.node, start, end);
    return text.slice(range.start, range.end);
  };

  it('maps plain and quoted scalars directly', () => {
    assert.equal(rangeOf('a: x-secret-y\n', 'x-secret-y', 2, 8), 'secret');
    assert.equal(rangeOf('a: "x-secret-y"\n', 'x-secret-y', 2, 8), 'secret');
  });

  it('finds the lines of a match in block and escaped scalars', () => {
    assert.equal(rangeOf('a: |\n  line one\n  token=abc\n', 'line one\ntoken=abc\n', 15, 18), 'abc');
    assert.equal(rangeOf('a: |\n  BEGIN\n  body\n  END\n', 'BEGIN\nbody\nEND\n', 0, 14), 'BEGIN\n  body\n  END');
    assert.equal(rangeOf('a: "tab\\there"\n', 'tab\there', 4, 8), 'here');
  });
});
