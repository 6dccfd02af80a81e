// `shipshape render` as a user runs it: the built CLI against a chart of the shared corpus and small charts.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { ROOT, runCli } from './helpers';

const scratch = mkdtempSync(path.join(tmpdir(), 'shipshape-render-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function chart(name: string, files: Record<string, string>): string {
  const root = path.join(scratch, name);
  for (const [relative, text] of Object.entries({ 'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`, ...files })) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

const CORPUS_CHART = path.join(ROOT, '..', 'shared', 'corpus', 'helm', 'bitnami+charts__apache');

describe('shipshape render', () => {
  it('prints what helm template prints for a corpus chart', { skip: existsSync(CORPUS_CHART) ? undefined : 'shared corpus not present' }, () => {
    const run = runCli(['render', CORPUS_CHART]);
    assert.equal(run.status, 0, run.stderr);
    const expected = readFileSync(path.join(ROOT, '..', 'shared', 'corpus', 'helm-rendered', 'bitnami+charts__apache.yaml'), 'utf8');
    assert.equal(run.stdout.replaceAll('bitnami+charts__apache', 'apache'), expected);
  });

  it('applies --values, --set, --set-string, --release and --namespace', () => {
    const folder = chart('web', {
      'values.yaml': 'replicas: 1\nname: a\n',
      'templates/cm.yaml': 'kind: ConfigMap\nreplicas: {{ .Values.replicas }}\nname: {{ .Values.name }}\nport: {{ .Values.port | quote }}\nrelease: {{ .Release.Name }}/{{ .Release.Namespace }}\nport-is-string: {{ kindIs "string" .Values.port }}\n',
    });
    writeFileSync(path.join(scratch, 'override.yaml'), 'name: from-file\nreplicas: 2\n');
    const run = runCli(['render', folder, '-f', path.join(scratch, 'override.yaml'), '--set', 'replicas=3', '--set-string', 'port=80', '--release', 'prod', '-n', 'team']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '---\n# Source: web/templates/cm.yaml\nkind: ConfigMap\nreplicas: 3\nname: from-file\nport: "80"\nrelease: prod/team\nport-is-string: true\n');
  });

  it('exits 2 with the file and line when rendering fails', () => {
    const folder = chart('broken', { 'templates/cm.yaml': 'a: 1\nb: {{ required "b is required" .Values.b }}\n' });
    const run = runCli(['render', folder]);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /cannot render .*: execution error at \(broken\/templates\/cm\.yaml:2:7\): b is required/);
  });

  it('exits 2 on a template syntax error, a missing chart and a bad --set', () => {
    assert.match(runCli(['render', chart('syntax', { 'templates/cm.yaml': '{{ if }}' })]).stderr, /parse error at \(syntax\/templates\/cm\.yaml:1\): missing value for if/);
    const missing = runCli(['render', path.join(scratch, 'nope')]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /cannot read .*nope: no such file or directory/);
    const set = runCli(['render', chart('set', {}), '--set', 'a[x]=1']);
    assert.equal(set.status, 2);
    assert.match(set.stderr, /--set: invalid list index "x"/);
  });

  it('`shipshape lint` on a folder lints its charts through their render', () => {
    const folder = chart('linted', {
      'values.yaml': 'image:\n  tag: latest\n',
      'templates/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  containers:\n    - name: app\n      image: "nginx:{{ .Values.image.tag }}"\n',
    });
    const run = runCli(['lint', folder, '--format', 'json', '--fail-on', 'never']);
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { files: Array<{ path: string; findings: Array<{ ruleId: string; line: number }> }> };
    const values = report.files.find((file) => file.path.endsWith('linted/values.yaml'));
    assert.ok(values, run.stdout);
    assert.deepEqual(values.findings.filter((finding) => finding.ruleId === 'image-tag-latest').map((finding) => finding.line), [2]);
    const template = report.files.find((file) => file.path.endsWith('linted/templates/pod.yaml'));
    assert.ok(template && template.findings.length > 0);
    assert.ok(!template.findings.some((finding) => finding.ruleId === 'syntax-error'), 'the raw template is not linted');
  });
});
