// Quoted glob arguments (`shipshape lint 'k8s/**/*.yaml'`) are expanded by Shipshape, so they mean the same
// under every shell; one that matches nothing is an error, as a missing path is.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { scratchFolder } from '../helpers/scratch-folder';
import { runCli } from './helpers';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: NAME\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';
const project = scratchFolder('cli-globs').path;

before(() => {
  const files: Record<string, string> = {
    'k8s/web.yaml': POD.replace('NAME', 'web'),
    'k8s/prod/api.yaml': POD.replace('NAME', 'api'),
    'k8s/prod/values.yaml': 'replicas: 3\n',
    'k8s/.hidden/secret.yaml': POD.replace('NAME', 'hidden'),
    'k8s/skip/job.yaml': POD.replace('NAME', 'job'),
    'other/pod.yaml': POD.replace('NAME', 'other'),
    'Dockerfile': 'FROM alpine:3.20\n',
    '.shipshape.yaml': 'exclude:\n  - "k8s/skip/**"\n',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(project, name)), { recursive: true });
    writeFileSync(path.join(project, name), text);
  }
});

function linted(args: string[]): { status: number | null; files: string[]; stderr: string } {
  const run = runCli(['lint', ...args, '--format', 'json', '--fail-on', 'never'], { cwd: project });
  const files = run.stdout ? (JSON.parse(run.stdout) as { files: Array<{ path: string }> }).files.map((file) => file.path) : [];
  return { status: run.status, files, stderr: run.stderr };
}

describe('glob arguments', () => {
  it('k8s/**/*.yaml finds the manifests at every depth, skipping dot folders, non-manifests and excluded paths', () => {
    const run = linted(['k8s/**/*.yaml']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.files, ['k8s/prod/api.yaml', 'k8s/web.yaml']);
    assert.equal(run.stderr, '');
  });

  it('combines globs, files and folders without linting a file twice', () => {
    const run = linted(['*/*.yaml', 'k8s/web.yaml', 'Dockerfile', '{k8s,other}/*.yaml']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(run.files, ['Dockerfile', 'k8s/web.yaml', 'other/pod.yaml']);
  });

  it('exits 2 for a glob that matches no file', () => {
    const run = linted(['charts/**/*.yaml']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /shipshape: error: no files match charts\/\*\*\/\*\.yaml/);
    assert.deepEqual(run.files, []);
  });

  it('a glob that matches only files Shipshape does not lint, or only excluded ones, is not an error', () => {
    for (const glob of ['k8s/prod/values.*', 'k8s/skip/*.yaml', '*/skip/*.yaml']) {
      const run = linted([glob]);
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(run.files, []);
    }
    assert.match(linted(['k8s/skip/*.yaml']).stderr, /skipped k8s\/skip\/\*\.yaml: excluded by \.shipshape\.yaml/);
  });
});
