import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSarif, primaryLocationLineHash, ruleTags } from '../../server/src/cli/formatters/sarif';
import type { LintReport } from '../../server/src/cli/report';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { findRule } from '../../server/src/rules';

describe('cli/formatters/sarif', () => {
  it('fingerprints survive reindentation and line moves, but not a different rule or line', () => {
    const hash = primaryLocationLineHash('image-tag-latest', 'FROM node:latest AS build');
    assert.equal(primaryLocationLineHash('image-tag-latest', '   FROM  node:latest\tAS build  '), hash);
    assert.notEqual(primaryLocationLineHash('user-root', 'FROM node:latest AS build'), hash);
    assert.notEqual(primaryLocationLineHash('image-tag-latest', 'FROM node:latest AS final'), hash);
    assert.match(hash, /^[0-9a-f]{16}$/);
  });

  it('numbers repeated findings on identical lines', () => {
    const text = 'FROM node\nFROM node\n';
    const finding = (start: number): Finding => ({ ruleId: 'image-tag-latest', message: 'm', severity: 'warning', range: { start, end: start + 4 }, related: [], fixes: [] });
    const meta = findRule('image-tag-latest')!.meta;
    const report: LintReport = {
      cwd: '/work',
      files: [{ path: '/work/Dockerfile', displayPath: 'Dockerfile', portablePath: 'Dockerfile', text, lines: new LineIndex(text), kind: 'dockerfile', findings: [finding(5), finding(15)], suppressed: [], fixed: undefined }],
      rules: [{ meta, severity: 'warning' }],
      failures: [],
    };
    const log = JSON.parse(formatSarif(report)) as { runs: Array<{ results: Array<{ partialFingerprints: { primaryLocationLineHash: string } }> }> };
    const [first, second] = log.runs[0]!.results.map((result) => result.partialFingerprints.primaryLocationLineHash);
    assert.equal(first?.replace(/:1$/, ':2'), second);
  });

  it('tags rules for GitHub: security, category and CWE ids', () => {
    const meta = { ...findRule('image-tag-latest')!.meta, cwe: ['CWE-79', 'CWE-1357'] };
    assert.deepEqual(ruleTags(meta), ['security', 'images', 'external/cwe/cwe-079', 'external/cwe/cwe-1357']);
  });
});
