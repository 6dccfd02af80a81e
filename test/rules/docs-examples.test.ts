// The examples in each rule's docs are tests: every `bad` snippet must make the rule fire, every `good`
// one must not, and the suppression snippet the docs show must silence the finding. Snippets are linted
// as a file named `Dockerfile` or `manifest.yaml`, with every rule at its default severity plus the
// example's own `config`; a rule that is off by default is switched on at its strict severity.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UNUSED_SUPPRESSION_RULE } from '../../server/src/engine/lint';
import { LineIndex } from '../../server/src/engine/text';
import type { Finding } from '../../server/src/engine/types';
import { rules } from '../../server/src/rules';
import { findingsOf, isSuppressible, lintExample, suppressedExample } from '../../scripts/rule-examples';

function describeFindings(text: string, findings: readonly Finding[]): string {
  const lines = new LineIndex(text);
  return findings
    .map((finding) => {
      const { line, character } = lines.positionAt(finding.range.start);
      return `${line + 1}:${character + 1} ${JSON.stringify(text.slice(finding.range.start, finding.range.end))} ${finding.message}`;
    })
    .join('\n');
}

for (const rule of rules) {
  const meta = rule.meta;
  if (meta.docs.examples.length === 0) continue;
  describe(`rule ${meta.id} docs examples`, () => {
    meta.docs.examples.forEach((example, index) => {
      const label = `example ${index + 1} (${example.kind})`;

      it(`${label}: the bad snippet makes the rule fire`, () => {
        const result = lintExample(meta, example, example.bad);
        assert.deepEqual(result.ruleFailures.filter((failure) => failure.ruleId === meta.id), [], 'the rule threw');
        assert.notEqual(result.kind, null, `a ${example.kind} example was not recognised as one`);
        assert.ok(findingsOf(meta.id, result.findings).length > 0, `${meta.id} reported nothing on:\n${example.bad}`);
      });

      it(`${label}: the good snippet does not make the rule fire`, () => {
        const result = lintExample(meta, example, example.good);
        assert.deepEqual(result.ruleFailures.filter((failure) => failure.ruleId === meta.id), [], 'the rule threw');
        const findings = findingsOf(meta.id, result.findings);
        assert.equal(findings.length, 0, `${meta.id} fired on the good snippet:\n${describeFindings(example.good, findings)}`);
      });

      if (!isSuppressible(meta)) return;
      it(`${label}: the suppression comment the docs show silences the finding`, () => {
        const suppressed = suppressedExample(meta, example);
        assert.ok(suppressed !== undefined, `${meta.id} does not fire on the bad snippet, so there is nothing to suppress`);
        const result = lintExample(meta, example, suppressed);
        assert.ok(findingsOf(meta.id, result.suppressed).length > 0, `the comment silenced no ${meta.id} finding:\n${suppressed}`);
        const unused = findingsOf(UNUSED_SUPPRESSION_RULE, result.findings);
        assert.equal(unused.length, 0, `the comment is reported as unused:\n${describeFindings(suppressed, unused)}`);
      });
    });
  });
}
