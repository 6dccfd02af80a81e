import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits, fixUntilStable } from '../../server/src/engine/fixes';
import type { Finding } from '../../server/src/engine/types';

const finding = (ruleId: string, start: number, end: number, text: string, safety: 'safe' | 'unsafe' = 'safe'): Finding => ({
  ruleId,
  message: 'x',
  severity: 'warning',
  range: { start, end },
  related: [],
  fixes: [{ title: `fix ${ruleId}`, safety, edits: [{ start, end, text }] }],
});

describe('applyEdits', () => {
  it('applies edits in offset order whatever order they come in', () => {
    assert.equal(applyEdits('abcdef', [{ start: 4, end: 5, text: 'E' }, { start: 0, end: 1, text: 'A' }]).text, 'AbcdEf');
  });
  it('skips an edit that overlaps one already taken, and a second insert at the same spot', () => {
    const result = applyEdits('abcdef', [
      { start: 1, end: 4, text: 'X' },
      { start: 2, end: 3, text: 'Y' },
      { start: 5, end: 5, text: '1' },
      { start: 5, end: 5, text: '2' },
    ]);
    assert.equal(result.text, 'aXe1f');
    assert.equal(result.skipped.length, 2);
  });
});

describe('fixUntilStable', () => {
  it('runs more passes for fixes that overlap, and stops when nothing changes', () => {
    // Each pass: every "a" followed by "a" is a finding; overlapping fixes wait for the next pass.
    const lintText = (text: string): Finding[] => {
      const found: Finding[] = [];
      for (let i = 0; i + 1 < text.length; i++) if (text[i] === 'a' && text[i + 1] === 'a') found.push(finding('double', i, i + 2, 'b'));
      return found;
    };
    const run = fixUntilStable('aaaa', lintText);
    assert.equal(run.text, 'bb');
    assert.equal(run.applied.length, 2);
    assert.ok(run.passes >= 1);
  });

  it('leaves unsafe fixes alone unless asked', () => {
    const lintText = (text: string): Finding[] => (text.includes('root') ? [finding('user-root', text.indexOf('root'), text.indexOf('root') + 4, '10001', 'unsafe')] : []);
    assert.equal(fixUntilStable('USER root', lintText).text, 'USER root');
    assert.equal(fixUntilStable('USER root', lintText, { safety: 'all' }).text, 'USER 10001');
  });

  it('rejects a fix that leaves its finding, so fixes that never settle are not applied', () => {
    const lintText = (text: string): Finding[] => [finding('grow', text.length, text.length, 'x')];
    const run = fixUntilStable('', lintText, { maxPasses: 3 });
    assert.equal(run.text, '');
    assert.deepEqual(run.rejected.map((fix) => fix.ruleId), ['grow']);
  });

  it('stops at the pass limit for fixes that keep finding new work', () => {
    // Each fix removes its finding, but every pass finds one more "a" to double.
    const lintText = (text: string): Finding[] => [{ ...finding('grow', text.length, text.length, 'a'), message: `length ${text.length}` }];
    const run = fixUntilStable('', lintText, { maxPasses: 3 });
    assert.equal(run.text, 'aaa');
    assert.equal(run.passes, 3);
  });

  it('rejects a fix whose result has more parse errors, and keeps the sound fixes of the same pass', () => {
    // "b" fixes to "c"; "x" fixes to "{", which the fake parser counts as an error.
    const lintText = (text: string) => ({
      findings: [...text].flatMap((char, i) => (char === 'b' ? [finding('b-to-c', i, i + 1, 'c')] : char === 'x' ? [finding('x-to-brace', i, i + 1, '{')] : [])),
      syntaxErrors: [...text].filter((char) => char === '{').length,
    });
    const run = fixUntilStable('bxb', lintText);
    assert.equal(run.text, 'cxc');
    assert.deepEqual(run.rejected.map((fix) => fix.ruleId), ['x-to-brace']);
    assert.deepEqual(run.applied.map((fix) => fix.ruleId), ['b-to-c', 'b-to-c']);
  });
});
