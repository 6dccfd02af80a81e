// How messages name a resource: by metadata.name, or by its generateName prefix when it has only that.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers, lintSource } from '../../server/src/analysis';

describe('resource labels in messages', () => {
  it('a Job with only generateName is named by its prefix', () => {
    const text = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: sample-job-team-a-\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: dummy-job\n        image: busybox:1.36\n';
    const findings = lintSource({ path: 'job.yaml', text }, configFromLayers([]), { onlyRules: new Set(['privilege-escalation', 'readonly-root-filesystem']) }).findings;
    assert.ok(findings.length >= 2);
    for (const finding of findings) assert.match(finding.message, /Job "sample-job-team-a-…" \(generateName\)/);
  });
});
