// Pod-level controls are reported once per pod when no container and not the pod sets them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configFromLayers, lintSource } from '../../server/src/analysis';
import { parseFixture } from '../helpers/fixture-annotations';

const config = configFromLayers([]);

describe('pod-level findings', () => {
  for (const rule of ['seccomp', 'run-as-non-root']) {
    it(`${rule}: one finding on the pod spec, every container related, the pod-level fix`, () => {
      const { text } = parseFixture(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'rules', rule, 'whole-pod.yaml'), 'utf8'));
      const findings = lintSource({ path: 'sts.yaml', text }, config, { onlyRules: new Set([rule]) }).findings;
      assert.equal(findings.length, 1);
      const [finding] = findings;
      assert.equal(text.slice(finding!.range.start, finding!.range.end), 'spec');
      assert.deepEqual(finding!.related.map((r) => text.slice(r.range.start, r.range.end)), ['init-config', 'prometheus', 'config-reloader']);
      assert.match(finding!.message, /init container "init-config", container "prometheus" and container "config-reloader"/);
      assert.equal(finding!.fixes.length, 1);
      assert.match(finding!.fixes[0]!.title, /on the pod/);
    });

    it(`${rule}: a pod with one container keeps the finding on that container`, () => {
      const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';
      const findings = lintSource({ path: 'pod.yaml', text }, config, { onlyRules: new Set([rule]) }).findings;
      assert.deepEqual(findings.map((f) => text.slice(f.range.start, f.range.end)), ['app']);
    });
  }
});
