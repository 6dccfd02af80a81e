// The GitHub Action run the way the runner runs a JavaScript action: `node <runs.main>` in the workspace, each
// input passed as INPUT_<NAME> (upper-cased, hyphens kept), the workflow's `with:` value or else the default from
// action.yml, and GITHUB_OUTPUT naming the file the step's outputs are appended to.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { parse } from 'yaml';
import { scratchFolder } from '../helpers/scratch-folder';
import { ensureBuilt, ROOT } from './helpers';

interface ActionManifest {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string };
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as ActionManifest;
const scratch = scratchFolder('action');

/** Runs the action in a fresh copy of a small repository, with the `with:` inputs of a workflow step. */
function runAction(withInputs: Record<string, string>, files: Record<string, string>) {
  const workspace = scratch.fresh('workspace');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
    writeFileSync(path.join(workspace, name), text);
  }
  const outputFile = path.join(scratch.fresh('output'));
  writeFileSync(outputFile, '');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: outputFile, GITHUB_ACTIONS: 'true', CI: 'true' };
  for (const [name, spec] of Object.entries(action.inputs)) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = withInputs[name] ?? spec.default ?? '';
  const run = spawnSync(process.execPath, [path.join(ROOT, action.runs.main)], { cwd: workspace, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((line) => line.split('=', 2) as [string, string]));
  return { ...run, workspace, outputs };
}

const INSECURE = { 'app/Dockerfile': 'FROM node:latest\nUSER root\n', 'k8s/pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n' };

before(() => ensureBuilt());

describe('GitHub Action', () => {
  it('is a node action on the bundled CLI with the documented inputs and outputs', () => {
    assert.match(action.runs.using, /^node(20|22|24)$/);
    assert.equal(action.runs.main, 'dist/action.js');
    assert.ok(existsSync(path.join(ROOT, action.runs.main)));
    assert.deepEqual(Object.keys(action.inputs).sort(), ['config', 'fail-on', 'format', 'path', 'sarif-file']);
    assert.deepEqual(Object.keys(action.outputs).sort(), ['exit-code', 'sarif-file']);
    assert.ok(Object.values(action.inputs).every((input) => input.required === false));
  });

  it('with the defaults lints the workspace, prints the report and fails on errors', () => {
    const run = runAction({}, INSECURE);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /app\/Dockerfile\n/);
    assert.match(run.stdout, /k8s\/pod\.yaml\n.* privileged$/ms);
    assert.deepEqual(run.outputs, { 'exit-code': '1' });
  });

  it('writes the SARIF file even when the step fails, and names it in its outputs', () => {
    const run = runAction({ 'sarif-file': 'reports/shipshape.sarif', path: 'app\nk8s/**/*.yaml' }, INSECURE);
    assert.equal(run.status, 1, run.stderr);
    const sarif = JSON.parse(readFileSync(path.join(run.workspace, 'reports', 'shipshape.sarif'), 'utf8')) as Sarif.Log;
    const uris = new Set(sarif.runs[0]?.results?.map((result) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri));
    assert.deepEqual([...uris].sort(), ['app/Dockerfile', 'k8s/pod.yaml']);
    assert.deepEqual(run.outputs, { 'exit-code': '1', 'sarif-file': 'reports/shipshape.sarif' });
  });

  it('passes fail-on, format and config through', () => {
    const files = { ...INSECURE, 'ci/shipshape.yaml': 'rules:\n  privileged: "off"\n  user-root: "off"\n' };
    const lenient = runAction({ 'fail-on': 'never', format: 'json' }, files);
    assert.equal(lenient.status, 0, lenient.stderr);
    assert.ok(Array.isArray((JSON.parse(lenient.stdout) as { files: unknown[] }).files));
    const configured = runAction({ config: 'ci/shipshape.yaml', path: 'k8s' }, files);
    assert.match(configured.stdout, /k8s\/pod\.yaml\n/);
    assert.doesNotMatch(configured.stdout, / privileged$/m);
    assert.match(runAction({ path: 'k8s' }, files).stdout, / privileged$/m);
  });

  it('exits 2 with the CLI\'s message for a bad input', () => {
    const run = runAction({ 'fail-on': 'sometimes' }, INSECURE);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--fail-on must be one of error, warning, info, never \(got "sometimes"\)/);
  });
});
