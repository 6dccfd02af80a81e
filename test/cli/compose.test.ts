// The built CLI on Compose projects: folders find Compose files, the override and .env beside them apply,
// `-f a -f b` lints the merged project with each finding in the file that set it, JSON/SARIF say
// kind "compose" and point related locations at the Dockerfile a service builds, --fix keeps comments.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { scratchFolder } from '../helpers/scratch-folder';
import { runCli } from './helpers';

interface JsonFinding {
  ruleId: string;
  severity: string;
  line: number;
  message: string;
  related: Array<{ path?: string; line: number; message: string }>;
}
interface JsonReport {
  files: Array<{ path: string; kind: string; findings: JsonFinding[] }>;
  failures: Array<{ path: string | null; message: string }>;
}

const scratch = scratchFolder('compose-cli');

function project(name: string, files: Record<string, string>): string {
  const root = scratch.fresh(name);
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

function lintJson(cwd: string, args: string[]): JsonReport {
  const run = runCli(['lint', '--format', 'json', '--fail-on', 'never', ...args], { cwd });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as JsonReport;
}

const findingsOf = (report: JsonReport, file: string, rule: string): JsonFinding[] =>
  report.files.find((entry) => entry.path === file)?.findings.filter((finding) => finding.ruleId === rule) ?? [];

describe('shipshape lint on Compose files', () => {
  it('finds Compose files in folders, reports kind "compose", and applies the override and .env beside them', () => {
    const root = project('stack', {
      'app/compose.yaml': 'services:\n  web:\n    image: nginx:1.27\n    privileged: ${PRIVILEGED}\n  db:\n    image: postgres:17\n    ports:\n      - "5432:5432"\n',
      'app/compose.override.yaml': 'services:\n  db:\n    cap_add: [SYS_ADMIN]\n',
      'app/.env': 'PRIVILEGED=true\n',
      'app/notes.yaml': 'services:\n  web:\n    image: nginx\n',
    });
    const report = lintJson(root, ['.']);
    assert.deepEqual(report.files.map((file) => [file.path, file.kind]), [
      ['app/compose.override.yaml', 'compose'],
      ['app/compose.yaml', 'compose'],
    ]);
    assert.deepEqual(findingsOf(report, 'app/compose.yaml', 'privileged').map((f) => f.line), [4], 'PRIVILEGED comes from .env');
    assert.deepEqual(findingsOf(report, 'app/compose.override.yaml', 'capabilities').filter((f) => f.severity === 'error').map((f) => f.line), [3]);
    assert.deepEqual(findingsOf(report, 'app/compose.yaml', 'capabilities').filter((f) => f.severity === 'error'), [], 'the override reports what it sets');
    assert.deepEqual(findingsOf(report, 'app/compose.yaml', 'port-all-interfaces').map((f) => [f.line, f.severity]), [[8, 'warning']]);
  });

  it('-f a -f b lints the merged project, each finding in the file that set it', () => {
    const root = project('merged', {
      'compose.yaml': 'services:\n  api:\n    image: node:22-alpine\n    user: root\n    ports:\n      - "8080:8080"\n',
      'compose.prod.yaml': 'services:\n  api:\n    user: "10001:10001"\n    privileged: true\n',
      'other.yml': 'services:\n  api:\n    read_only: true\n',
    });
    const merged = lintJson(root, ['-f', 'compose.yaml', '-f', 'compose.prod.yaml', '-f', 'other.yml', '--preset', 'strict']);
    assert.deepEqual(merged.files.map((file) => file.path), ['compose.prod.yaml', 'compose.yaml', 'other.yml']);
    assert.deepEqual(findingsOf(merged, 'compose.yaml', 'user-root'), [], 'the production file replaces user: root');
    assert.deepEqual(findingsOf(merged, 'compose.prod.yaml', 'privileged').map((f) => f.line), [4]);
    assert.deepEqual(findingsOf(merged, 'compose.yaml', 'readonly-root-filesystem'), [], 'other.yml sets read_only');

    const alone = lintJson(root, ['compose.yaml']);
    assert.deepEqual(findingsOf(alone, 'compose.yaml', 'user-root').map((f) => f.line), [4], 'without -f the file stands with its own override only');
    const format = runCli(['lint', '-f', 'json', 'compose.yaml', '--fail-on', 'never'], { cwd: root });
    assert.equal((JSON.parse(format.stdout) as JsonReport).files.length, 1, '-f json still names the format');
  });

  it('user-missing points at the Dockerfile a service builds, in JSON and SARIF', () => {
    const root = project('build', {
      'compose.yaml': 'services:\n  api:\n    build: ./api\n',
      'api/Dockerfile': 'FROM node:22-alpine\nWORKDIR /app\nCMD ["node", "server.js"]\n',
    });
    const report = lintJson(root, ['.', '--rule', 'user-missing=warning']);
    const [finding] = findingsOf(report, 'compose.yaml', 'user-missing');
    assert.ok(finding, 'user-missing is reported');
    assert.equal(finding.line, 2);
    assert.deepEqual(finding.related.map((related) => [related.path, related.line]), [['api/Dockerfile', 1]]);

    const sarif = runCli(['lint', '.', '--format', 'sarif', '--fail-on', 'never', '--rule', 'user-missing=warning'], { cwd: root });
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string; relatedLocations?: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };
    const result = log.runs[0]?.results.find((candidate) => candidate.ruleId === 'user-missing' && (candidate.relatedLocations?.length ?? 0) > 0);
    assert.equal(result?.relatedLocations?.[0]?.physicalLocation.artifactLocation.uri, 'api/Dockerfile');
    assert.equal(result?.relatedLocations?.[0]?.physicalLocation.region.startLine, 1);

    writeFileSync(path.join(root, 'api', 'Dockerfile'), 'FROM node:22-alpine\nUSER node\nCMD ["node", "server.js"]\n');
    assert.deepEqual(findingsOf(lintJson(root, ['.', '--rule', 'user-missing=warning']), 'compose.yaml', 'user-missing'), [], 'a USER in the Dockerfile settles it');
  });

  it('--fix applies the safe fixes only and keeps comments; bad files give one clear message', () => {
    const root = project('fix', {
      'compose.yaml': '# the stack\nservices:\n  web:\n    image: nginx:1.27 # pinned\n    privileged: true # legacy\n',
      'broken/compose.yaml': 'services:\n  - web\n',
    });
    const run = runCli(['lint', '.', '--fix', '--format', 'json', '--fail-on', 'never'], { cwd: root });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(readFileSync(path.join(root, 'compose.yaml'), 'utf8'), '# the stack\nservices:\n  web:\n    image: nginx:1.27 # pinned\n    privileged: true # legacy\n', 'privileged: false is an unsafe fix, not applied by --fix');
    const report = JSON.parse(run.stdout) as JsonReport;
    const broken = report.files.find((file) => file.path === 'broken/compose.yaml');
    assert.deepEqual(broken?.findings.map((finding) => finding.ruleId), ['syntax-error']);
    assert.match(broken?.findings[0]?.message ?? '', /must be a mapping/);
  });
});
