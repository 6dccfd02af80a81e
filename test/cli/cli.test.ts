// The built CLI as a user runs it: exit codes, --fix, --output, configuration errors and precedence,
// files that cannot be linted, `shipshape rules`.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { version } from '../../package.json';
import { rules } from '../../server/src/rules';
import { onlyRules, PROJECT, registeredRuleIds, runCli, writeProject } from './helpers';

interface JsonReport {
  files: Array<{ path: string; findings: Array<{ ruleId: string; severity: string; line: number }>; suppressed: number }>;
  failures: Array<{ path: string | null; message: string }>;
  summary: Record<string, number>;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'shipshape-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh folder under the scratch folder with the given files. */
function project(name: string, files: Record<string, string>): string {
  return writeProject(path.join(scratch, name), files);
}

function json(run: { stdout: string }): JsonReport {
  return JSON.parse(run.stdout) as JsonReport;
}

describe('exit codes', () => {
  it('0 for a clean file', () => {
    const run = runCli(['lint', 'services/api/Dockerfile', ...onlyRules()]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /No problems found in 1 file\./);
  });

  it('1 when a finding at or above --fail-on remains, 0 below it or with never', () => {
    assert.equal(runCli(['lint', ...onlyRules()]).status, 1, 'error in the worker');
    assert.equal(runCli(['lint', 'Dockerfile', ...onlyRules()]).status, 0, 'only warnings');
    assert.equal(runCli(['lint', 'Dockerfile', '--fail-on', 'warning', ...onlyRules()]).status, 1);
    assert.equal(runCli(['lint', '--fail-on', 'never', ...onlyRules()]).status, 0);
  });

  it('2 for a bad flag or an unknown rule id, with a message and no stack trace', () => {
    const flag = runCli(['lint', '--formt', 'json']);
    assert.equal(flag.status, 2);
    assert.match(flag.stderr, /unknown option --formt for `shipshape lint`; did you mean --format\?/);
    assert.equal(flag.stdout, '');
    const rule = runCli(['lint', '--rule', 'no-such-rule=off']);
    assert.equal(rule.status, 2);
    assert.match(rule.stderr, /unknown rule id "no-such-rule"/);
    for (const output of [flag.stderr, rule.stderr]) assert.doesNotMatch(output, /\n\s+at /);
  });

  it('2 for a path that does not exist', () => {
    const run = runCli(['lint', 'no/such/folder']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /no such file or folder: no\/such\/folder/);
  });
});

describe('configuration files', () => {
  it('an invalid .shipshape.yaml stops the run with file:line:col and the message', () => {
    const root = project('invalid-config', {
      '.shipshape.yaml': 'preset: strict\nrules:\n  image-tag-latest: loud\n',
      'Dockerfile': 'FROM node\n',
    });
    const run = runCli(['lint', '--format', 'json'], { cwd: root });
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '', 'no report for a run that did not happen');
    assert.match(run.stderr, /\.shipshape\.yaml:3:21: severity of "image-tag-latest" must be one of error, warning, info, off/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  it('YAML syntax errors and unknown keys are reported the same way', () => {
    const root = project('broken-yaml', { '.shipshape.yml': 'rules: [unclosed\n', 'sub/Dockerfile': 'FROM node:22\n' });
    const run = runCli(['lint', 'sub'], { cwd: root });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /\.shipshape\.yml:\d+:\d+: /);
    const unknown = project('unknown-key', { '.shipshape.yaml': 'rulez:\n  x: off\n', 'Dockerfile': 'FROM node:22\n' });
    assert.match(runCli(['lint'], { cwd: unknown }).stderr, /\.shipshape\.yaml:1:1: unknown key "rulez"/);
  });

  it('--config names the file explicitly, instead of the nearest one', () => {
    const root = project('explicit-config', {
      '.shipshape.yaml': 'rules:\n  image-tag-latest: off\n',
      'ci/strict.yaml': 'rules:\n  image-tag-latest: error\nexclude: ["skip/**"]\n',
      'Dockerfile': 'FROM node\n',
      'ci/skip/Dockerfile': 'FROM node\n',
    });
    assert.equal(runCli(['lint', ...onlyRules()], { cwd: root }).status, 0, 'nearest config turns the rule off');
    const run = runCli(['lint', '--config', 'ci/strict.yaml', '--format', 'json', ...onlyRules()], { cwd: root });
    assert.equal(run.status, 1);
    const report = json(run);
    assert.deepEqual(report.files.map((file) => file.path), ['Dockerfile'], 'excludes are relative to the named file');
    assert.equal(report.files[0]?.findings[0]?.severity, 'error');
    const missing = runCli(['lint', '--config', 'nope.yaml'], { cwd: root });
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.yaml: cannot read the configuration file/);
  });

  it('--rule beats the config file', () => {
    const run = runCli(['lint', 'services/worker', '--format', 'json', '--rule', 'image-tag-latest=info', ...onlyRules()]);
    assert.equal(run.status, 0);
    assert.deepEqual(json(run).files[0]?.findings.map((finding) => finding.severity), ['info']);
  });

  it('--preset beats the preset in the config file, and the file\'s rule settings beat both', (t) => {
    const metas = (JSON.parse(runCli(['rules', '--format', 'json']).stdout) as { rules: Array<{ id: string; defaultSeverity: string; strictSeverity: string; appliesTo: string[]; docs: { examples: Array<{ kind: string; bad: string; config?: unknown }> } }> }).rules;
    const rule = metas.find(
      (meta) => meta.defaultSeverity !== meta.strictSeverity && meta.strictSeverity !== 'off' && meta.docs.examples.some((example) => example.kind === 'dockerfile' && !example.config),
    );
    if (!rule) {
      t.skip('no registered rule has a different severity under the strict preset yet');
      return;
    }
    const example = rule.docs.examples.find((candidate) => candidate.kind === 'dockerfile' && !candidate.config)!;
    const keep = new Set([rule.id]);
    const root = project('preset', { '.shipshape.yaml': 'preset: strict\n', 'Dockerfile': `${example.bad}\n` });
    const severities = (args: string[], cwd = root) => json(runCli(['lint', '--format', 'json', ...onlyRules(keep), ...args], { cwd })).files[0]?.findings.filter((finding) => finding.ruleId === rule.id).map((finding) => finding.severity)[0];
    assert.equal(severities([]), rule.strictSeverity);
    assert.equal(severities(['--preset', 'recommended']), rule.defaultSeverity === 'off' ? undefined : rule.defaultSeverity);
    const pinned = project('preset-pinned', { '.shipshape.yaml': `preset: strict\nrules:\n  ${rule.id}: error\n`, 'Dockerfile': `${example.bad}\n` });
    assert.equal(severities(['--preset', 'recommended'], pinned), 'error');
  });
});

describe('--fix', () => {
  const copy = path.join(scratch, 'fix-project');
  cpSync(PROJECT, copy, { recursive: true });
  const before = readFileSync(path.join(copy, 'Dockerfile'), 'utf8');

  it('applies safe fixes in place and says what changed', () => {
    const run = runCli(['lint', '--fix', ...onlyRules()], { cwd: copy });
    assert.equal(run.status, 1, 'the worker error has no fix and remains');
    assert.match(run.stdout, /✔ fixed 1 problem in Dockerfile \(suppression-unused\)/);
    assert.doesNotMatch(run.stdout, /fixable with --fix/);
    assert.doesNotMatch(run.stdout, /imge-tag-latest/, 'the fixed finding is no longer reported');
    assert.match(run.stdout, /services\/worker\/Containerfile\n\s+2:6\s+error/, 'remaining findings are reported');
    assert.equal(
      readFileSync(path.join(copy, 'Dockerfile'), 'utf8'),
      before.replace('# shipshape-ignore image-tag-latest, imge-tag-latest --', '# shipshape-ignore image-tag-latest --'),
    );
    assert.equal(readFileSync(path.join(copy, 'legacy', 'Dockerfile'), 'utf8'), readFileSync(path.join(PROJECT, 'legacy', 'Dockerfile'), 'utf8'), 'excluded files are left alone');
  });

  it('has nothing left to fix on a second run', () => {
    const fixed = readFileSync(path.join(copy, 'Dockerfile'), 'utf8');
    const run = runCli(['lint', '--fix', ...onlyRules()], { cwd: copy });
    assert.doesNotMatch(run.stdout, /fixed/);
    assert.equal(readFileSync(path.join(copy, 'Dockerfile'), 'utf8'), fixed);
  });

  it('reports fixes on stderr when stdout is machine-readable', () => {
    const root = project('fix-json', { 'Dockerfile': '# shipshape-ignore nonexistent-rule\nFROM alpine:3.20\n' });
    const run = runCli(['lint', '--fix', '--format', 'json', ...onlyRules()], { cwd: root });
    assert.equal(run.status, 0);
    assert.match(run.stderr, /fixed 1 problem in Dockerfile \(suppression-unused\)/);
    assert.equal(json(run).summary.problems, 0);
    assert.equal(readFileSync(path.join(root, 'Dockerfile'), 'utf8'), 'FROM alpine:3.20\n');
  });
});

describe('output', () => {
  it('--output writes the report to a file, creating its folder', () => {
    const target = path.join(scratch, 'reports', 'nested', 'shipshape.sarif');
    const run = runCli(['lint', '--format', 'sarif', '--output', target, ...onlyRules()]);
    assert.equal(run.status, 1);
    assert.equal(run.stdout, '');
    const log = JSON.parse(readFileSync(target, 'utf8')) as { version: string; runs: Array<{ results: unknown[] }> };
    assert.equal(log.version, '2.1.0');
    assert.ok(log.runs[0]!.results.length > 0);
  });

  it('stylish: grouped by file, summary line and the --fix hint; colour only when asked', () => {
    const run = runCli(['lint', ...onlyRules()]);
    assert.match(run.stdout, /^Dockerfile\n {2}2:6 +warning {2}Image "node:latest"/);
    assert.match(run.stdout, /✖ 3 problems \(1 error, 2 warnings, 0 info\)\n {2}1 problem is fixable with --fix\n$/);
    assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colour when stdout is not a terminal');
    assert.match(runCli(['lint', ...onlyRules()], { env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[31m/);
    assert.doesNotMatch(runCli(['lint', '--no-color', ...onlyRules()], { env: { FORCE_COLOR: '1' } }).stdout, /\u001b\[/);
    assert.doesNotMatch(runCli(['lint', ...onlyRules()], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout, /\u001b\[/);
  });

  it('--quiet reports errors only, and only they count', () => {
    const run = runCli(['lint', '--quiet', '--fail-on', 'warning', '--format', 'json', ...onlyRules()]);
    assert.equal(run.status, 1);
    assert.deepEqual(json(run).files.flatMap((file) => file.findings.map((finding) => finding.severity)), ['error']);
    assert.equal(runCli(['lint', 'Dockerfile', '--quiet', '--fail-on', 'warning', ...onlyRules()]).status, 0);
  });

  it('--version and help', () => {
    assert.equal(runCli(['--version']).stdout, `${version}\n`);
    const help = runCli(['help', 'lint']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /--fail-on SEVERITY/);
    const none = runCli([]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /shipshape lint \[PATH\.\.\.\]/);
  });
});

describe('files that cannot be linted do not stop the others', () => {
  it('binary, empty, unreadable and oddly named files', () => {
    const root = project('odd-files', {
      'Dockerfile': 'FROM node\n',
      'empty.Dockerfile': '',
      'binary.Dockerfile': 'FROM node\u0000\u0001\u0002\u0003 binary',
      'deploy/notes.txt': 'not a Dockerfile',
    });
    symlinkSync(path.join(root, 'missing-target'), path.join(root, 'broken.Dockerfile'));
    const run = runCli(['lint', '--format', 'json', ...onlyRules()], { cwd: root });
    assert.equal(run.status, 1, 'a file that could not be read counts as an error');
    assert.match(run.stderr, /cannot read broken\.Dockerfile: no such file or directory/);
    const report = json(run);
    assert.deepEqual(report.failures, [{ path: 'broken.Dockerfile', message: 'cannot read broken.Dockerfile: no such file or directory' }]);
    const byPath = new Map(report.files.map((file) => [file.path, file.findings.map((finding) => finding.ruleId)]));
    assert.deepEqual([...byPath.keys()], ['Dockerfile', 'binary.Dockerfile', 'empty.Dockerfile']);
    assert.deepEqual(byPath.get('Dockerfile'), ['image-tag-latest']);
    assert.deepEqual(byPath.get('binary.Dockerfile'), ['syntax-error']);
    assert.deepEqual(byPath.get('empty.Dockerfile'), []);
  });

  it('a file named explicitly that cannot be linted is an error (exit 2); the other files are still linted', () => {
    const root = project('explicit-odd', {
      'notes.txt': 'hello',
      'values.yaml': 'replicaCount: 2\n',
      'Dockerfile': 'FROM alpine:3.20\n',
    });
    const run = runCli(['lint', 'notes.txt', 'values.yaml', 'Dockerfile', ...onlyRules()], { cwd: root });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /error: notes\.txt is not a file Shipshape can lint\. Shipshape lints Dockerfiles/);
    assert.match(run.stderr, /error: values\.yaml is not a Dockerfile or a Kubernetes manifest \(no document has both apiVersion and kind\)/);
    assert.match(run.stdout, /No problems found in 1 file; 2 files could not be linted/);
    assert.doesNotMatch(run.stdout, /✔/);
  });

  it('standard input is refused with a clear message instead of "no problems"', () => {
    const root = project('stdin', { 'Dockerfile': 'FROM alpine:3.20\n' });
    for (const argument of ['/dev/stdin', '-']) {
      const run = runCli(['lint', argument, ...onlyRules()], { cwd: root });
      assert.equal(run.status, 2, argument);
      assert.match(run.stderr, /read standard input with `shipshape lint --stdin --stdin-filename NAME`/, argument);
      assert.doesNotMatch(run.stdout, /No problems found in 0 files/);
    }
  });
});

describe('shipshape rules', () => {
  it('--format json lists every registered rule with its metadata', () => {
    const run = runCli(['rules', '--format', 'json']);
    assert.equal(run.status, 0);
    const listed = (JSON.parse(run.stdout) as { rules: Array<{ id: string; title: string; docsUrl: string; strictSeverity: string }> }).rules;
    assert.deepEqual(listed.map((rule) => rule.id), rules.map((rule) => rule.meta.id).sort());
    assert.deepEqual(registeredRuleIds(), listed.map((rule) => rule.id));
    for (const rule of listed) {
      assert.ok(rule.title.length > 0 && rule.docsUrl.endsWith(`${rule.id}.md`) && rule.strictSeverity, rule.id);
    }
  });

  it('text and markdown name every rule', () => {
    const text = runCli(['rules']).stdout;
    const markdown = runCli(['rules', '--format', 'markdown']).stdout;
    for (const rule of rules) {
      assert.match(text, new RegExp(`^${rule.meta.id} `, 'm'));
      assert.ok(markdown.includes(`[\`${rule.meta.id}\`]`), rule.meta.id);
    }
  });
});
