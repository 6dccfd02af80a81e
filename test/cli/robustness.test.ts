// The built CLI against files that once ended a run, hung it or made --fix damage a file: special files
// (links to /dev/zero, named pipes), files over the size limit, an unreadable folder, a YAML line that
// overflows the parser's stack, a manifest with a syntax error, bytes that are not UTF-8.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { CLI, ensureBuilt, runCli } from './helpers';

interface JsonReport {
  files: Array<{ path: string; findings: Array<{ ruleId: string; message: string }> }>;
  failures: Array<{ path: string | null; message: string; skipped?: boolean }>;
}

const scratch = mkdtempSync(path.join(tmpdir(), 'shipshape-cli-robust-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const adversarial = path.join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'adversarial');

function project(name: string, files: Record<string, string | Buffer>): string {
  const root = path.join(scratch, name);
  mkdirSync(root, { recursive: true });
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}

const isPosix = process.platform !== 'win32';

describe('special files are skipped and reported, never read', () => {
  it('links to /dev/zero and named pipes named like Dockerfiles, manifests, .dockerignore', { skip: !isPosix && 'POSIX special files', timeout: 60_000 }, () => {
    const root = project('special', { 'app/Dockerfile': 'FROM alpine:3.20\nUSER 10001\n' });
    symlinkSync('/dev/zero', path.join(root, 'Dockerfile'));
    symlinkSync('/dev/zero', path.join(root, 'app', '.dockerignore'));
    execFileSync('mkfifo', [path.join(root, 'pipe.yaml'), path.join(root, 'Containerfile')]);
    symlinkSync(path.join(root, 'pipe.yaml'), path.join(root, 'linked.yaml'));
    const run = runCli(['lint', '--format', 'json'], { cwd: root });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /skipped Dockerfile: it is a character device, not a regular file/);
    assert.match(run.stderr, /skipped Containerfile: it is a named pipe, not a regular file/);
    assert.match(run.stderr, /skipped pipe\.yaml: it is a named pipe/);
    assert.match(run.stderr, /skipped linked\.yaml: it is a named pipe/);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(report.files.map((file) => file.path), ['app/Dockerfile']);
    assert.deepEqual(report.failures.map((failure) => [failure.path, failure.skipped]).sort(), [
      ['Containerfile', true],
      ['Dockerfile', true],
      ['linked.yaml', true],
      ['pipe.yaml', true],
    ]);
  });

  it('named explicitly, a named pipe is skipped too', { skip: !isPosix && 'POSIX special files', timeout: 60_000 }, () => {
    const root = project('special-explicit', {});
    execFileSync('mkfifo', [path.join(root, 'Dockerfile')]);
    const run = runCli(['lint', 'Dockerfile'], { cwd: root });
    assert.equal(run.status, 0);
    assert.match(run.stderr, /skipped Dockerfile: it is a named pipe/);
  });

  it('a .shipshape.yaml that is a named pipe is a configuration error, not a hang', { skip: !isPosix && 'POSIX special files', timeout: 60_000 }, () => {
    const root = project('special-config', { 'Dockerfile': 'FROM alpine:3.20\n' });
    execFileSync('mkfifo', [path.join(root, '.shipshape.yaml')]);
    const run = runCli(['lint'], { cwd: root });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /\.shipshape\.yaml: cannot read the configuration file: it is a named pipe/);
  });
});

describe('the size limit', () => {
  const big = `FROM alpine:3.20\n${'RUN echo hello\n'.repeat(80_000)}`;

  it('skips larger files with a message naming the limit and how to raise it', () => {
    const root = project('size', { 'Dockerfile': big, 'small/Dockerfile': 'FROM node\n' });
    const run = runCli(['lint', '--max-file-size', '0.5', '--format', 'json'], { cwd: root });
    assert.equal(run.status, 0, 'a skipped file is not an error');
    assert.match(run.stderr, /skipped Dockerfile: it is larger \(1\.1 MB\) than the 0\.5 MB limit; raise it with maxFileSize in \.shipshape\.yaml or --max-file-size/);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(report.files.map((file) => file.path), ['small/Dockerfile']);
  });

  it('maxFileSize in .shipshape.yaml sets it, and --max-file-size wins', () => {
    const root = project('size-config', { 'Dockerfile': big, '.shipshape.yaml': 'maxFileSize: 0.5\n' });
    assert.match(runCli(['lint'], { cwd: root }).stderr, /skipped Dockerfile: it is larger/);
    const raised = runCli(['lint', '--max-file-size', '2', '--format', 'json'], { cwd: root });
    assert.deepEqual((JSON.parse(raised.stdout) as JsonReport).files.map((file) => file.path), ['Dockerfile']);
    assert.equal(runCli(['lint', '--max-file-size', '0'], { cwd: root }).status, 2);
    assert.equal(runCli(['lint'], { cwd: project('size-bad-config', { '.shipshape.yaml': 'maxFileSize: big\n' }) }).status, 2);
  });
});

describe('one file never ends the run', () => {
  it('the adversarial corpus files each get a normal report, with exit 0 or 1', { timeout: 60_000 }, () => {
    const root = path.join(scratch, 'adversarial');
    cpSync(adversarial, root, { recursive: true });
    const run = runCli(['lint', '--format', 'json', '.'], { cwd: root });
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    assert.doesNotMatch(run.stderr, /failed|internal error/);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.deepEqual(report.files.map((file) => file.path), ['cr-continuation-heredoc.Dockerfile', 'env-continuations.Dockerfile', 'stack-overflow-inline-maps.yaml']);
    // Every rule ran on the heredoc file (a rule that failed would be listed in failures, checked below).
    assert.ok(report.files[0]!.findings.some((finding) => finding.ruleId === 'user-missing'));
    const overflow = report.files[2]!.findings;
    assert.deepEqual(overflow.map((finding) => finding.ruleId), ['syntax-error']);
    assert.match(overflow[0]!.message, /could not analyse this file: it nests too deeply/);
    assert.deepEqual(report.failures, []);
  });

  it('the exit code of a run with a file that cannot be analysed follows --fail-on', () => {
    const root = project('fail-on', { 'Dockerfile': 'FROM alpine:3.20\nUSER 10001\n' });
    cpSync(path.join(adversarial, 'stack-overflow-inline-maps.yaml'), path.join(root, 'deep.yaml'));
    assert.equal(runCli(['lint'], { cwd: root }).status, 1);
    assert.equal(runCli(['lint', '--fail-on', 'never'], { cwd: root }).status, 0);
  });

  it('an unreadable folder is reported and the others are linted', { skip: !isPosix && 'POSIX permissions', timeout: 60_000 }, () => {
    const root = project('unreadable', { 'ok/Dockerfile': 'FROM alpine:3.20\nUSER 10001\n', 'locked/Dockerfile': 'FROM node\n' });
    chmodSync(path.join(root, 'locked'), 0o000);
    try {
      ensureBuilt();
      // As root every folder is readable: run as an ordinary user then.
      const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
      chmodSync(scratch, 0o755);
      let stdout = '';
      let status = 0;
      let stderr = '';
      try {
        stdout = execFileSync(process.execPath, [CLI, 'lint', '--format', 'json', '.'], { cwd: root, encoding: 'utf8', stdio: 'pipe', ...asUser });
      } catch (error) {
        const failed = error as { status: number; stdout: string; stderr: string };
        ({ status, stdout, stderr } = failed);
      }
      assert.equal(status, 1, stderr);
      assert.match(stderr, /locked: cannot read the folder: permission denied/);
      assert.doesNotMatch(stderr, /configuration is invalid/);
      const report = JSON.parse(stdout) as JsonReport;
      assert.deepEqual(report.files.map((file) => file.path), ['ok/Dockerfile']);
    } finally {
      chmodSync(path.join(root, 'locked'), 0o755);
    }
  });
});

describe('--fix never damages a file', () => {
  it('runs no fix on a manifest with a YAML syntax error, keeping its suppression comments', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: web',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: nginx:1.27',
      '      # shipshape-ignore privilege-escalation -- the app needs setuid',
      '      securityContext: {}',
      '  volumes: [unclosed',
      '',
    ].join('\n');
    const root = project('broken-yaml', { 'pod.yaml': text });
    const run = runCli(['lint', '--fix'], { cwd: root });
    assert.equal(run.status, 1);
    assert.equal(readFileSync(path.join(root, 'pod.yaml'), 'utf8'), text);
    assert.match(run.stdout, /syntax-error/);
    assert.doesNotMatch(run.stdout, /suppression-unused/);
  });

  it('does not rewrite a file whose bytes are not UTF-8, and says why', () => {
    const bytes = Buffer.concat([Buffer.from('FROM alpine:3.20\n# caf'), Buffer.from([0xe9]), Buffer.from('\nRUN apk add curl\n')]);
    const root = project('latin1', { 'Dockerfile': bytes });
    const run = runCli(['lint', '--fix'], { cwd: root });
    assert.ok(readFileSync(path.join(root, 'Dockerfile')).equals(bytes), 'the file is unchanged');
    assert.match(run.stderr, /not fixed Dockerfile: it is not valid UTF-8 text/);
    assert.match(run.stdout, /package-no-recommends/, 'it is still linted');
  });
});
