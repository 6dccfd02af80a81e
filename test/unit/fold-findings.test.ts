// One image, one finding: image-digest's finding on a reference that image-tag-latest reports is folded into it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers, lintSource } from '../../server/src/analysis';

const only = new Set(['image-tag-latest', 'image-digest']);

describe('folding image-digest into image-tag-latest', () => {
  const text = 'FROM node:latest AS build\nRUN npm ci\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n';

  it('reports one finding per floating reference, carrying the digest finding', () => {
    const findings = lintSource({ path: 'Dockerfile', text }, configFromLayers([]), { onlyRules: only }).findings;
    assert.deepEqual(findings.map((f) => f.ruleId), ['image-tag-latest', 'image-digest']);
    const [latest, digest] = findings;
    assert.equal(text.slice(latest!.range.start, latest!.range.end), 'node:latest');
    assert.deepEqual(latest!.foldedRuleIds, ['image-digest']);
    assert.match(latest!.message, /not pinned by digest either/);
    assert.ok(latest!.related.some((r) => /pinned by digest/.test(r.message)));
    assert.equal(text.slice(digest!.range.start, digest!.range.end), 'nginx:1.27-alpine', 'a versioned tag keeps its own digest finding');
  });

  it('takes the higher severity of the two, and folds nothing when image-digest is off or suppressed', () => {
    const strict = lintSource({ path: 'Dockerfile', text }, configFromLayers([{ rules: { 'image-tag-latest': 'info', 'image-digest': 'error' } }]), { onlyRules: only }).findings;
    assert.equal(strict[0]?.severity, 'error');
    const off = lintSource({ path: 'Dockerfile', text }, configFromLayers([{ rules: { 'image-digest': 'off' } }]), { onlyRules: only }).findings;
    assert.deepEqual(off.map((f) => [f.ruleId, f.foldedRuleIds]), [['image-tag-latest', undefined]]);
    const suppressed = lintSource({ path: 'Dockerfile', text: `# shipshape-ignore image-digest -- pinned by the release job\n${text}` }, configFromLayers([]), { onlyRules: only });
    assert.equal(suppressed.findings[0]?.foldedRuleIds, undefined);
    assert.equal(suppressed.suppressed.length, 1);
  });
});
