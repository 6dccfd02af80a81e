// Linting a chart through its render: findings land on the values key or the template line a person edits,
// the other side is related, fixes edit values.yaml (or literal template text) and nothing else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers, lintChartFiles } from '../../server/src/analysis';
import type { ChartFiles } from '../../server/src/engine/languages/helm/chart';
import type { Finding } from '../../server/src/engine/types';

const HELPERS = `{{- define "web.labels" -}}
app: {{ .Chart.Name }}
{{- end }}
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
  labels:
    {{- include "web.labels" . | nindent 4 }}
spec:
  selector:
    matchLabels:
      {{- include "web.labels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "web.labels" . | nindent 8 }}
    spec:
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          securityContext:
            privileged: true
            runAsUser: {{ .Values.runAsUser }}
`;

const VALUES = `image:
  repository: nginx
  tag: latest
podSecurityContext:
  runAsNonRoot: false
runAsUser: 0
`;

function chart(files: Record<string, string>): ChartFiles {
  return new Map(Object.entries({ 'Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n', ...files }).map(([path, text]) => [path, Buffer.from(text)]));
}

function at(text: string, finding: Finding): string {
  return text.slice(finding.range.start, finding.range.end);
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

const config = configFromLayers([]);

describe('Helm chart lint', () => {
  const result = lintChartFiles(chart({ 'values.yaml': VALUES, 'templates/deployment.yaml': DEPLOYMENT, 'templates/_helpers.tpl': HELPERS }), 'web', config);
  const values = result.files.get('values.yaml')!;
  const template = result.files.get('templates/deployment.yaml')!;

  it('puts findings on values keys when the value came from values', () => {
    const latest = values.findings.find((finding) => finding.ruleId === 'image-tag-latest');
    assert.ok(latest, JSON.stringify(values.findings.map((finding) => finding.ruleId)));
    assert.equal(lineOf(values.text, latest.range.start), 2);
    const runAsUser = values.findings.find((finding) => finding.ruleId === 'run-as-user');
    assert.ok(runAsUser);
    assert.equal(at(values.text, runAsUser), '0');
    assert.equal(lineOf(values.text, runAsUser.range.start), 6);
    assert.match(runAsUser.related.map((item) => item.message).join('\n'), /Rendered by templates\/deployment\.yaml:23/);
  });

  it('maps values printed by toYaml to the key inside the block', () => {
    const nonRoot = values.findings.find((finding) => finding.ruleId === 'run-as-non-root' && at(values.text, finding) === 'false');
    assert.ok(nonRoot, JSON.stringify(values.findings.map((finding) => [finding.ruleId, at(values.text, finding)])));
    assert.equal(lineOf(values.text, nonRoot.range.start), 5);
  });

  it('puts findings on the template line when the template hard-codes the value', () => {
    const privileged = template.findings.find((finding) => finding.ruleId === 'privileged');
    assert.ok(privileged, JSON.stringify(template.findings.map((finding) => finding.ruleId)));
    assert.equal(lineOf(template.text, privileged.range.start), 22);
  });

  it('fixes through the map edit values.yaml or the literal template text, never computed output', () => {
    const runAsUser = values.findings.find((finding) => finding.ruleId === 'run-as-user')!;
    assert.ok(runAsUser.fixes.length > 0);
    for (const fix of runAsUser.fixes) {
      assert.equal(fix.edits.length, 1);
      assert.equal(values.text.slice(fix.edits[0]!.start, fix.edits[0]!.end), '0');
    }
    const privileged = template.findings.find((finding) => finding.ruleId === 'privileged')!;
    for (const fix of privileged.fixes) for (const edit of fix.edits) assert.equal(template.text.slice(edit.start, edit.end), 'true');
    for (const file of result.files.values()) {
      for (const finding of file.findings) for (const fix of finding.fixes) for (const edit of fix.edits) assert.notEqual(edit.start, edit.end, `${finding.ruleId} inserts text`);
    }
  });

  it('honours suppressions in templates and values files', () => {
    const suppressed = lintChartFiles(
      chart({
        'values.yaml': VALUES.replace('runAsUser: 0', '# shipshape-ignore run-as-user -- the image needs root\nrunAsUser: 0'),
        'templates/deployment.yaml': DEPLOYMENT.replace('            privileged: true', '            {{/* shipshape-ignore privileged -- a CNI agent */}}\n            privileged: true'),
        'templates/_helpers.tpl': HELPERS,
      }),
      'web',
      config,
    );
    assert.ok(!suppressed.files.get('values.yaml')!.findings.some((finding) => finding.ruleId === 'run-as-user'));
    assert.equal(suppressed.files.get('values.yaml')!.suppressed.find((finding) => finding.ruleId === 'run-as-user')?.justification, 'the image needs root');
    assert.ok(!suppressed.files.get('templates/deployment.yaml')!.findings.some((finding) => finding.ruleId === 'privileged'));
  });

  it('reports render errors at their template position', () => {
    const broken = lintChartFiles(chart({ 'templates/cm.yaml': 'kind: ConfigMap\nname: {{ .Values.name | required "name is required" }}\n' }), 'web', config);
    const file = broken.files.get('templates/cm.yaml')!;
    assert.equal(file.findings.length, 1);
    assert.equal(file.findings[0]!.ruleId, 'syntax-error');
    assert.match(file.findings[0]!.message, /name is required/);
    assert.equal(lineOf(file.text, file.findings[0]!.range.start), 2);
  });
});
