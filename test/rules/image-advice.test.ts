// image-eol and image-heavy-base agree on one image: a suggested tag carries no stale digest, and heavy-base
// never names a variant of a line that image-eol reports as past end of life.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers, lintSource } from '../../server/src/analysis';

const config = configFromLayers([]);
const only = new Set(['image-eol', 'image-heavy-base']);
const DIGEST = 'sha256:0d5f7e2ab3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e';

function findings(image: string) {
  const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: ${image}\n`;
  return lintSource({ path: 'pod.yaml', text }, config, { onlyRules: only }).findings;
}

describe('image advice', () => {
  it('drops the digest from a suggested tag, in the message and the fix', () => {
    for (const image of [`node:20-alpine@${DIGEST}`, `python:3.13@${DIGEST}`]) {
      const [finding] = findings(image);
      assert.ok(finding, image);
      const suggested = /(?:Move to|Use) "([^"]+)"/.exec(finding.message)?.[1];
      assert.ok(suggested && !suggested.includes('@'), `${image}: ${finding.message}`);
      assert.ok(finding.fixes.every((fix) => fix.edits.every((edit) => !edit.text.includes('sha256'))), image);
    }
  });

  it('heavy-base names no variant of an ended line', () => {
    const all = findings('node:20-bookworm');
    const heavy = all.find((f) => f.ruleId === 'image-heavy-base');
    const eol = all.find((f) => f.ruleId === 'image-eol');
    assert.ok(heavy && eol);
    assert.doesNotMatch(heavy.message, /node:20-bookworm-slim/);
    assert.match(heavy.message, /past end of life/);
    assert.deepEqual(heavy.fixes, []);
    assert.match(eol.message, /node:22-bookworm/);
  });
});
