// The built CLI on what teams need to live with a linter: other tools' suppression comments, config-scoped
// ignores and a baseline of accepted findings, with SARIF and JSON saying what silenced what.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { runCli } from './helpers';

const scratch = mkdtempSync(path.join(tmpdir(), 'shipshape-cli-trust-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const root = path.join(scratch, name);
  for (const [relative, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  }
  return root;
}

interface JsonFile {
  path: string;
  findings: Array<{ ruleId: string; line: number }>;
  suppressed: number;
  baselined: number;
  suppressions: Array<{ ruleId: string; message: string; suppressedBy: string; directive: string; justification: string | null }>;
}
const jsonFiles = (stdout: string) => (JSON.parse(stdout) as { files: JsonFile[]; summary: Record<string, number> });

// A Dockerfile as found in projects that used hadolint and Checkov before.
const DOCKERFILE = `FROM node:22-alpine
WORKDIR /app
COPY package.json server.js ./
# hadolint ignore=DL3002 -- the entrypoint steps down to node with su-exec
USER root
CMD ["node", "server.js"]
`;

const VENDORED_DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
spec:
  selector:
    matchLabels: {app: node-agent}
  template:
    metadata:
      labels: {app: node-agent}
    spec:
      containers:
        - name: agent
          image: ghcr.io/acme/node-agent:2.4.1
          securityContext:
            privileged: true
`;

describe('cli: suppressions teams can live with', () => {
  it('honours hadolint comments and config ignores, and SARIF and JSON say which suppressed what', () => {
    const root = project('honour', {
      'Dockerfile': DOCKERFILE,
      '.dockerignore': '.git\n.env\n',
      '.shipshape.yaml': 'ignore:\n  - rule: privileged\n    paths: ["vendor/**"]\n    reason: upstream chart, reviewed in SEC-142\n',
      'vendor/agent/daemonset.yaml': VENDORED_DAEMONSET,
      'deploy/daemonset.yaml': VENDORED_DAEMONSET,
    });
    const json = runCli(['lint', '--format', 'json', '--fail-on', 'never'], { cwd: root });
    assert.equal(json.status, 0, json.stderr);
    const files = new Map(jsonFiles(json.stdout).files.map((file) => [file.path, file]));
    const dockerfile = files.get('Dockerfile');
    assert.ok(!dockerfile?.findings.some((f) => f.ruleId === 'user-root'));
    assert.deepEqual(dockerfile?.suppressions.find((s) => s.ruleId === 'user-root'), {
      ruleId: 'user-root',
      line: 5,
      column: 6,
      endLine: 5,
      endColumn: 10,
      message: dockerfile?.suppressions.find((s) => s.ruleId === 'user-root')?.message,
      suppressedBy: 'hadolint',
      directive: '# hadolint ignore=DL3002 -- the entrypoint steps down to node with su-exec',
      justification: 'the entrypoint steps down to node with su-exec',
    } as never);
    assert.ok(!files.get('vendor/agent/daemonset.yaml')?.findings.some((f) => f.ruleId === 'privileged'));
    assert.equal(files.get('vendor/agent/daemonset.yaml')?.suppressions.find((s) => s.ruleId === 'privileged')?.suppressedBy, 'config');
    assert.ok(files.get('deploy/daemonset.yaml')?.findings.some((f) => f.ruleId === 'privileged'), 'outside vendor/ it is still reported');

    const sarif = runCli(['lint', '--format', 'sarif', '--fail-on', 'never'], { cwd: root });
    const results = (JSON.parse(sarif.stdout) as Sarif.Log).runs[0]?.results ?? [];
    const byHadolint = results.find((r) => r.ruleId === 'user-root');
    assert.deepEqual(byHadolint?.suppressions, [
      {
        kind: 'inSource',
        justification: 'the entrypoint steps down to node with su-exec',
        properties: { suppressedBy: 'hadolint', directive: '# hadolint ignore=DL3002 -- the entrypoint steps down to node with su-exec' },
      },
    ]);
    const byConfig = results.find((r) => r.ruleId === 'privileged' && r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === 'vendor/agent/daemonset.yaml');
    assert.deepEqual(byConfig?.suppressions, [
      {
        kind: 'external',
        justification: 'upstream chart, reviewed in SEC-142',
        properties: { suppressedBy: 'config', directive: '.shipshape.yaml ignore[0]: privileged in vendor/**' },
      },
    ]);
  });

  it('an invalid ignore entry is a configuration error (exit 2) with a suggestion', () => {
    const root = project('bad-ignore', { 'Dockerfile': DOCKERFILE, '.shipshape.yaml': 'ignore:\n  - rule: user-rot\n' });
    const run = runCli(['lint'], { cwd: root });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /\.shipshape\.yaml:2:11: unknown rule id "user-rot"; did you mean "user-root"\?/);
  });
});

describe('cli: baseline', () => {
  it('records the findings, then reports and fails only on new ones, saying how many were baselined', () => {
    const root = project('baseline', { 'Dockerfile': 'FROM node:22-alpine\nCOPY server.js /app/\nUSER root\nCMD ["node", "/app/server.js"]\n', 'deploy/pod.yaml': VENDORED_DAEMONSET });
    const before = runCli(['lint', '--format', 'json', '--fail-on', 'warning'], { cwd: root });
    assert.equal(before.status, 1);
    const total = jsonFiles(before.stdout).summary.problems ?? 0;
    assert.ok(total > 3);

    const write = runCli(['baseline'], { cwd: root });
    assert.equal(write.status, 0, write.stderr);
    assert.match(write.stderr, new RegExp(`recorded ${total} findings in 2 files in \\.shipshape-baseline\\.json`));
    const baseline = JSON.parse(readFileSync(path.join(root, '.shipshape-baseline.json'), 'utf8')) as { version: number; findings: Array<{ path: string; ruleId: string; fingerprint: string }> };
    assert.equal(baseline.version, 1);
    assert.equal(baseline.findings.length, total);
    assert.ok(baseline.findings.every((entry) => /^[0-9a-f]{16}:\d+$/.test(entry.fingerprint)));
    assert.deepEqual([...new Set(baseline.findings.map((entry) => entry.path))].sort(), ['Dockerfile', 'deploy/pod.yaml']);

    const quiet = runCli(['lint', '--fail-on', 'info'], { cwd: root });
    assert.equal(quiet.status, 0, 'nothing new');
    assert.match(quiet.stdout, new RegExp(`No problems found in 2 files\\.\\n  ${total} findings in the baseline not shown`));

    // A new problem, with the old lines moved down and reindented: only the new one is reported.
    writeFileSync(path.join(root, 'Dockerfile'), '# syntax=docker/dockerfile:1\nFROM node:22-alpine\nRUN sudo apk add --no-cache curl\n\nCOPY   server.js /app/\nUSER root\nCMD ["node", "/app/server.js"]\n');
    const after = runCli(['lint', '--format', 'json', '--fail-on', 'warning'], { cwd: root });
    assert.equal(after.status, 1);
    const report = jsonFiles(after.stdout);
    assert.deepEqual(report.files.flatMap((file) => file.findings.map((f) => `${file.path}:${f.ruleId}`)), ['Dockerfile:sudo']);
    assert.equal(report.summary.baselined, total);

    const sarif = JSON.parse(runCli(['lint', '--format', 'sarif', '--fail-on', 'never'], { cwd: root }).stdout) as Sarif.Log;
    const states = (sarif.runs[0]?.results ?? []).map((r) => `${r.ruleId}:${r.baselineState}`);
    assert.ok(states.includes('sudo:new'), states.join(' '));
    assert.ok(states.includes('user-root:unchanged'));

    const all = runCli(['lint', '--no-baseline', '--format', 'json', '--fail-on', 'never'], { cwd: root });
    assert.equal(jsonFiles(all.stdout).summary.problems, total + 1);
  });

  it('a broken baseline file is an error, not a silent full report', () => {
    const root = project('broken-baseline', { 'Dockerfile': 'FROM node:22-alpine\nUSER root\n', '.shipshape-baseline.json': '{"findings": ' });
    const run = runCli(['lint'], { cwd: root });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /\.shipshape-baseline\.json is not valid JSON/);
    const named = runCli(['lint', '--baseline', 'nowhere.json'], { cwd: root });
    assert.equal(named.status, 2);
    assert.match(named.stderr, /cannot read the baseline .*nowhere\.json: no such file/);
  });
});

describe('cli: Namespaces anywhere in the project', () => {
  it('a Namespace label in another file sets the level for `lint deploy.yaml` as for `lint .`', () => {
    const root = project('namespaces', {
      'cluster/namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n',
      'apps/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: legacy\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n',
    });
    for (const args of [['apps/deploy.yaml'], ['.'], ['apps']]) {
      const run = runCli(['lint', ...args, '--format', 'json', '--fail-on', 'never'], { cwd: root });
      assert.equal(run.status, 0, run.stderr);
      const deploy = jsonFiles(run.stdout).files.find((file) => file.path === 'apps/deploy.yaml');
      const ruleIds = deploy?.findings.map((f) => f.ruleId) ?? [];
      assert.ok(!ruleIds.includes('run-as-non-root'), `${args.join(' ')}: restricted-only controls are not checked at baseline (${ruleIds.join(', ')})`);
      assert.ok(!ruleIds.includes('privilege-escalation'), args.join(' '));
    }
    // From a subfolder of the project (marked by its .shipshape.yaml), the Namespace above is found too.
    writeFileSync(path.join(root, '.shipshape.yaml'), 'preset: recommended\n');
    const inside = runCli(['lint', 'deploy.yaml', '--format', 'json', '--fail-on', 'never'], { cwd: path.join(root, 'apps') });
    assert.equal(inside.status, 0, inside.stderr);
    assert.ok(!jsonFiles(inside.stdout).files[0]?.findings.some((f) => f.ruleId === 'run-as-non-root'));
  });
});
