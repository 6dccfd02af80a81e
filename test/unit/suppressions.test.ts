import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers, fixSource, lintSource } from '../../server/src/analysis';

const config = configFromLayers([{ rules: { 'image-tag-latest': 'warning' } }]);
const only = { onlyRules: new Set(['image-tag-latest', 'suppression-unused']) };
const lint = (text: string, layers = config) => lintSource({ path: 'Dockerfile', text }, layers, only);

describe('suppressions', () => {
  it('silence the next instruction and keep the reason', () => {
    const result = lint('# shipshape-ignore image-tag-latest -- pinned by the release job\nFROM node\nFROM python\n');
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['image-tag-latest']);
    assert.ok(result.findings[0]?.message.includes('python'));
    assert.equal(result.suppressed.length, 1);
    assert.equal(result.suppressed[0]?.justification, 'pinned by the release job');
  });

  it('cover every line of a multi-line instruction and skip comments in between', () => {
    const result = lint('# shipshape-ignore image-tag-latest\n# another comment\n\nFROM \\\n  node\n');
    assert.equal(result.findings.length, 0);
    assert.equal(result.suppressed.length, 1);
  });

  it('accept a colon and several ids', () => {
    const result = lint('# shipshape-ignore: sudo, image-tag-latest\nFROM node\n');
    assert.equal(result.suppressed.length, 1);
  });

  it('work file-wide from anywhere in the file', () => {
    const result = lint('FROM node\nFROM python\n# shipshape-ignore-file image-tag-latest -- base images are pinned by the build\n');
    assert.equal(result.findings.length, 0);
    assert.equal(result.suppressed.length, 2);
  });

  it('report unused ids with a fix that removes just that id', () => {
    const text = '# shipshape-ignore image-tag-latest, image-tag-latest-typo\nFROM node\n';
    const result = lint(text);
    assert.equal(result.findings.length, 1);
    const unused = result.findings[0]!;
    assert.equal(unused.ruleId, 'suppression-unused');
    assert.equal(unused.severity, 'info');
    assert.match(unused.message, /not a Shipshape rule id/);
    assert.equal(text.slice(unused.range.start, unused.range.end), 'image-tag-latest-typo');
    const fixed = fixSource({ path: 'Dockerfile', text }, config, only);
    assert.equal(fixed.text, '# shipshape-ignore image-tag-latest\nFROM node\n');
  });

  it('report a suppression that matches nothing, and remove the whole comment line', () => {
    const text = 'FROM node:22\n# shipshape-ignore image-tag-latest -- old\nRUN true\n';
    const result = lint(text);
    assert.match(result.findings[0]?.message ?? '', /unused/);
    assert.equal(fixSource({ path: 'Dockerfile', text }, config, only).text, 'FROM node:22\nRUN true\n');
  });

  it('do not call a suppression of a disabled rule unused', () => {
    const off = configFromLayers([{ rules: { 'image-tag-latest': 'off' } }]);
    const result = lint('# shipshape-ignore image-tag-latest\nFROM node:22\n', off);
    assert.equal(result.findings.length, 0);
  });

  it('report a comment that names no rule', () => {
    const result = lint('# shipshape-ignore\nFROM node:22\n');
    assert.match(result.findings[0]?.message ?? '', /names no rule id/);
  });

  it('ignore text that merely mentions the directive', () => {
    const result = lint('# see shipshape-ignore docs\n# shipshape-ignored-thing\nFROM node:22\n');
    assert.equal(result.findings.length, 0);
  });
});
