// Which manifests count as templates (not analysed) and which are valid YAML that only holds `{{` in values.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers, lintSource } from '../../server/src/analysis';
import { looksLikeTemplate } from '../../server/src/engine/languages/kubernetes/model';
import syntaxError from '../../server/src/rules/syntax-error';

const config = configFromLayers([]);

const alertmanagerRule = `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: alertmanager-main-rules
spec:
  groups:
  - name: alertmanager.rules
    rules:
    - alert: AlertmanagerFailedReload
      annotations:
        description: Configuration has failed to load for {{ $labels.namespace }}/{{ $labels.pod}}.
      expr: |
        max_over_time(alertmanager_config_last_reload_successful[5m]) == 0
`;

const sedJob = `apiVersion: batch/v1
kind: Job
metadata:
  name: render-config
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: render
          image: busybox:latest
          command: ["sh", "-c", "sed s/{{PROJECT_ID}}/$PROJECT_ID/g /in/app.yaml > /out/app.yaml"]
`;

describe('template detection', () => {
  it('lints valid YAML whose string values hold {{ … }}', () => {
    assert.equal(looksLikeTemplate(alertmanagerRule), false);
    assert.equal(looksLikeTemplate(sedJob), false);
    const result = lintSource({ path: 'job.yaml', text: sedJob }, config);
    assert.ok(result.findings.some((f) => f.ruleId === 'image-tag-latest'), 'the Job is analysed');
    assert.ok(!result.findings.some((f) => f.ruleId === 'syntax-error'));
  });

  it('treats {{ outside scalars, or a file that does not parse, as a template', () => {
    const flow = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: {{ .Values.replicas }}\n';
    const key = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  "{{ .Values.key }}": value\n';
    const broken = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "x.fullname" . }}\nspec:\n  {{- if .Values.x }}\n  replicas: 1\n  {{- end }}\n';
    for (const [name, text] of Object.entries({ flow, key, broken })) {
      assert.equal(looksLikeTemplate(text), true, name);
      const findings = lintSource({ path: 't.yaml', text }, config).findings;
      assert.equal(findings.length, 1, name);
      assert.equal(text.slice(findings[0]!.range.start, findings[0]!.range.end), '{{', name);
      assert.match(findings[0]!.message, /template syntax/);
    }
  });

  it('reports the note at the severity syntax-error is documented and configured with', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: {{ .Values.containers }}\n';
    assert.equal(lintSource({ path: 'p.yaml', text }, config).findings[0]?.severity, syntaxError.meta.defaultSeverity);
    const lowered = configFromLayers([{ rules: { 'syntax-error': 'info' } }]);
    assert.equal(lintSource({ path: 'p.yaml', text }, lowered).findings[0]?.severity, 'info');
  });
});
