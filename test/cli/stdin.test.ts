// `shipshape lint --stdin`: the text comes from standard input, the --stdin-filename decides its kind and its
// configuration (the nearest .shipshape.yaml to that path), `--fix` prints the fixed text, and input that
// cannot be linted gets exit code 2 with a message that says why.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { scratchFolder } from '../helpers/scratch-folder';
import { CLI, ensureBuilt, runCli } from './helpers';

const DOCKERFILE = 'FROM ubuntu:22.04\nADD . /app\nRUN sudo make install\n';
const MANIFEST = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n';

const scratch = scratchFolder('cli-stdin');
const project = scratch.path;

before(() => {
  mkdirSync(path.join(project, 'deploy'), { recursive: true });
  mkdirSync(path.join(project, 'vendor'), { recursive: true });
  // The project's policy turns sudo off; the one in deploy/ turns it back on as an error.
  writeFileSync(path.join(project, '.shipshape.yaml'), 'rules:\n  sudo: "off"\nexclude:\n  - "vendor/**"\n');
  writeFileSync(path.join(project, 'deploy', '.shipshape.yaml'), 'rules:\n  sudo: error\n');
});

interface JsonReport {
  files: Array<{ path: string; findings: Array<{ ruleId: string; severity: string; line: number }> }>;
}

function findings(stdout: string): Array<{ file: string; rule: string; severity: string }> {
  const report = JSON.parse(stdout) as JsonReport;
  return report.files.flatMap((file) => file.findings.map((finding) => ({ file: file.path, rule: finding.ruleId, severity: finding.severity })));
}

describe('lint --stdin', () => {
  it('lints the text as the file --stdin-filename names, with the .shipshape.yaml nearest to that path', () => {
    const inDeploy = runCli(['lint', '--stdin', '--stdin-filename', 'deploy/Dockerfile', '--format', 'json'], { cwd: project, input: DOCKERFILE });
    assert.equal(inDeploy.status, 1, inDeploy.stderr);
    const deployFindings = findings(inDeploy.stdout);
    assert.ok(deployFindings.some((finding) => finding.rule === 'sudo' && finding.severity === 'error'));
    assert.ok(deployFindings.every((finding) => finding.file === 'deploy/Dockerfile'));

    const atRoot = runCli(['lint', '--stdin', '--stdin-filename', 'Dockerfile', '--format', 'json'], { cwd: project, input: DOCKERFILE });
    assert.equal(atRoot.status, 0, atRoot.stderr);
    assert.ok(!findings(atRoot.stdout).some((finding) => finding.rule === 'sudo'));
    assert.ok(findings(atRoot.stdout).some((finding) => finding.rule === 'add-instead-of-copy'));
  });

  it('reads a manifest by its file name, and an unnamed one by its apiVersion and kind', () => {
    for (const args of [['--stdin-filename', 'k8s/pod.yaml'], []]) {
      const run = runCli(['lint', '--stdin', ...args, '--format', 'json', '--fail-on', 'warning'], { cwd: project, input: MANIFEST });
      assert.equal(run.status, 1, run.stderr);
      assert.ok(findings(run.stdout).some((finding) => finding.rule === 'run-as-non-root'), run.stdout);
    }
  });

  it('never reads the file on disk: the piped text is what gets linted', () => {
    writeFileSync(path.join(project, 'deploy', 'Dockerfile'), 'FROM scratch\n');
    const run = runCli(['lint', '--stdin', '--stdin-filename', 'deploy/Dockerfile', '--format', 'json'], { cwd: project, input: DOCKERFILE });
    assert.ok(findings(run.stdout).some((finding) => finding.rule === 'sudo'));
  });

  it('with --fix prints the fixed text on standard output, the report of what remains on standard error, and writes no file', () => {
    const run = runCli(['lint', '--stdin', '--stdin-filename', 'deploy/Dockerfile', '--fix', '--no-color', '--fail-on', 'warning'], { cwd: project, input: DOCKERFILE });
    assert.equal(run.stdout, 'FROM ubuntu:22.04\nCOPY . /app\nRUN make install\n');
    assert.match(run.stderr, /fixed 2 problems in deploy\/Dockerfile/);
    assert.match(run.stderr, /deploy\/Dockerfile\n.*user-missing/s);
    assert.equal(run.status, 1);
    assert.equal(readFileSync(path.join(project, 'deploy', 'Dockerfile'), 'utf8'), 'FROM scratch\n');
  });

  it('with --fix passes an excluded file through unchanged', () => {
    const run = runCli(['lint', '--stdin', '--stdin-filename', 'vendor/Dockerfile', '--fix'], { cwd: project, input: DOCKERFILE });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, DOCKERFILE);
    assert.match(run.stderr, /skipped vendor\/Dockerfile: excluded by \.shipshape\.yaml/);
  });

  const bad: Array<{ name: string; args: string[]; input: string | Buffer; message: RegExp }> = [
    { name: 'no input', args: ['--stdin-filename', 'Dockerfile'], input: '', message: /standard input is empty/ },
    { name: 'binary input', args: ['--stdin-filename', 'Dockerfile'], input: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe]), message: /standard input is not text/ },
    { name: 'NUL bytes in UTF-8', args: ['--stdin-filename', 'Dockerfile'], input: 'FROM alpine\u0000\u0000\u0000', message: /holds NUL or control bytes/ },
    { name: 'a file kind Shipshape does not lint', args: ['--stdin-filename', 'README.md'], input: '# Hello\n', message: /cannot lint README\.md: Shipshape lints Dockerfiles/ },
    { name: 'an unnamed file that is no manifest', args: [], input: 'FROM alpine\n', message: /name it with --stdin-filename/ },
    { name: 'paths as well as --stdin', args: ['Dockerfile'], input: DOCKERFILE, message: /--stdin lints standard input, so give no paths/ },
  ];
  for (const { name, args, input, message } of bad) {
    it(`exits 2 with a clear message for ${name}`, () => {
      const run = runCli(['lint', '--stdin', ...args], { cwd: project, input });
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    });
  }

  it('says so at once, instead of waiting, when standard input is a terminal', { skip: !existsSync('/usr/bin/script') && 'needs script(1) for a terminal', timeout: 30_000 }, () => {
    ensureBuilt();
    // script(1) runs the command on a new pseudo-terminal, as when a person types it.
    const run = spawnSync('/usr/bin/script', ['-qec', `'${process.execPath}' '${CLI}' lint --stdin --stdin-filename Dockerfile`, '/dev/null'], { cwd: project, encoding: 'utf8', timeout: 20_000 });
    assert.equal(run.status, 2, run.stdout);
    assert.match(run.stdout, /standard input is a terminal/);
  });

  it('rejects --stdin-filename without --stdin', () => {
    const run = runCli(['lint', '--stdin-filename', 'Dockerfile'], { cwd: project });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /add --stdin/);
  });
});
