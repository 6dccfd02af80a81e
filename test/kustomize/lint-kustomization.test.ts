// Linting through kustomize builds: findings land on the file and line that wrote the value, patch files are
// not linted as broken workloads, and a base shared by overlays is reported once (naming the overlays when
// only some of them have the problem). Runs the engine directly and the built CLI as a process.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { configFromLayers } from '../../server/src/analysis';
import { buildWorkspace, lintWorkspace } from '../../server/src/engine/languages/kustomize/lint-workspace';
import { lintRenderedBuild } from '../../server/src/engine/languages/kustomize/lint-build';
import { renderKustomization } from '../../server/src/engine/languages/kustomize/render';
import { LineIndex } from '../../server/src/engine/text';
import { nodeKustomizeFileSystem as fs, toBuildPath } from '../../server/src/host/kustomize-files';
import { rules } from '../../server/src/rules';
import { ensureBuilt, runCli } from '../cli/helpers';

const FIXTURES = toBuildPath(path.join(import.meta.dirname, '..', 'fixtures', 'kustomize'));
const PROJECT = `${FIXTURES}/lint-project`;
const config = configFromLayers([]);

/** `file:line rule [flagged text]` of every finding, relative to `root`. */
function describeFindings(files: Map<string, { findings: { ruleId: string; range: { start: number; end: number } }[] }>, root: string): string[] {
  const lines: string[] = [];
  for (const [file, { findings }] of files) {
    const text = fs.readFile(file) ?? '';
    const index = new LineIndex(text);
    for (const finding of findings) lines.push(`${path.posix.relative(root, file)}:${index.positionAt(finding.range.start).line + 1} ${finding.ruleId} [${text.slice(finding.range.start, finding.range.end)}]`);
  }
  return lines.sort();
}

describe('lint through a kustomization', () => {
  test('findings move to the patch that set the value, with the overridden base value related', () => {
    const dir = `${FIXTURES}/strategic-merge/overlay`;
    const render = renderKustomization(fs, dir);
    const result = lintRenderedBuild(render, `${dir}/kustomize-build.yaml`, config, rules, (p) => fs.readFile(p));
    const patch = result.findings.get(`${dir}/deployment-patch.yaml`) ?? [];
    const digest = patch.find((finding) => finding.ruleId === 'image-digest');
    assert.ok(digest, 'image-digest on the patched image');
    const text = fs.readFile(`${dir}/deployment-patch.yaml`)!;
    assert.equal(text.slice(digest.range.start, digest.range.end), 'nginx:2.0');
    assert.equal(digest.related[0]?.path, `${FIXTURES}/strategic-merge/base/deployment.yaml`);
    const base = fs.readFile(digest.related[0]!.path!)!;
    assert.equal(base.slice(digest.related[0]!.range.start, digest.related[0]!.range.end), 'nginx:1.25');
    // The container the patch merged into is still the base's: its name findings stay there.
    const baseFindings = result.findings.get(`${FIXTURES}/strategic-merge/base/deployment.yaml`) ?? [];
    assert.ok(baseFindings.some((finding) => finding.ruleId === 'resource-limits' && base.slice(finding.range.start, finding.range.end) === 'app'));
    // The patch added runAsNonRoot, so nobody claims it is missing.
    assert.ok(![...result.findings.values()].flat().some((finding) => finding.ruleId === 'run-as-non-root' && /Deployment/.test(finding.message)));
  });

  test('a shared base is reported once; findings only some overlays have name them', () => {
    const units = buildWorkspace(fs, [`${PROJECT}/app/base`, `${PROJECT}/app/overlays/dev`, `${PROJECT}/app/overlays/prod`]);
    assert.deepEqual(units.map((unit) => [path.posix.relative(PROJECT, unit.dir), unit.loaded]), [['app/base', true], ['app/overlays/dev', false], ['app/overlays/prod', false]]);
    const result = lintWorkspace(fs, units, { configFor: () => config, rules, displayDir: (dir) => path.posix.relative(PROJECT, dir) });
    assert.deepEqual(describeFindings(result.files, PROJECT), [
      'app/base/deployment.yaml:19 capabilities [api]',
      'app/base/deployment.yaml:19 seccomp [api]',
      'app/overlays/prod/kustomization.yaml:8 image-tag-latest [latest]',
    ]);
    const base = result.files.get(`${PROJECT}/app/base/deployment.yaml`)!.findings;
    for (const finding of base) {
      assert.match(finding.message, /Deployment "api"/);
      assert.match(finding.message, /\(Only in the build of app\/overlays\/dev; app\/overlays\/prod changes this\.\)$/);
    }
    assert.deepEqual(result.files.get(`${PROJECT}/app/overlays/prod/harden.yaml`)?.findings, [], 'the patch file is not a broken workload');
  });

  test('a broken overlay is one finding on the line that caused it', () => {
    const units = buildWorkspace(fs, [`${FIXTURES}/bad/missing-resource`]);
    const result = lintWorkspace(fs, units, { configFor: () => config, rules, displayDir: (dir) => path.posix.relative(FIXTURES, dir) });
    assert.deepEqual(describeFindings(result.files, FIXTURES), ['bad/missing-resource/kustomization.yaml:3 syntax-error [gone.yaml]']);
  });
});

describe('shipshape lint and render as a process', () => {
  ensureBuilt();
  test('lint DIR lints kustomizations through their builds and plain files as before', () => {
    const run = runCli(['lint', '.', '--format', 'json', '--fail-on', 'never'], { cwd: PROJECT });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as { files: Array<{ path: string; findings: Array<{ ruleId: string; line: number }> }> };
    const summary = report.files.map((file) => `${file.path}: ${file.findings.map((finding) => `${finding.line} ${finding.ruleId}`).join(', ')}`);
    assert.ok(summary.includes('app/overlays/prod/harden.yaml: '), summary.join('\n'));
    assert.ok(summary.some((line) => line.startsWith('app/base/deployment.yaml: 19 capabilities, 19 seccomp')), summary.join('\n'));
    assert.ok(summary.some((line) => line.startsWith('plain/pod.yaml: ') && line.includes('privileged')), summary.join('\n'));
  });
  test('lint --fix edits the file that owns the value, checked through the build', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'shipshape-kustomize-fix-'));
    try {
      mkdirSync(path.join(folder, 'base'));
      mkdirSync(path.join(folder, 'overlay'));
      writeFileSync(path.join(folder, 'base', 'kustomization.yaml'), 'resources:\n- deployment.yaml\n');
      const deployment = [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: db',
        'spec:',
        '  template:',
        '    spec:',
        '      securityContext:',
        '        sysctls:',
        '        - name: net/ipv4/ip_local_port_range # written with slashes',
        '          value: "1024 65535"',
        '      containers:',
        '      - name: db',
        '        image: postgres:17',
        '',
      ].join('\n');
      writeFileSync(path.join(folder, 'base', 'deployment.yaml'), deployment);
      writeFileSync(path.join(folder, 'overlay', 'kustomization.yaml'), 'namePrefix: prod-\nresources:\n- ../base\n');
      const run = runCli(['lint', '--fix', '.', '--fail-on', 'never'], { cwd: folder });
      assert.equal(run.status, 0, run.stderr);
      assert.equal(readFileSync(path.join(folder, 'base', 'deployment.yaml'), 'utf8'), deployment.replace('net/ipv4/ip_local_port_range', 'net.ipv4.ip_local_port_range'));
      assert.doesNotMatch(run.stdout, /net\/ipv4/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
  test('render DIR prints the build; a broken one exits 2 naming the line', () => {
    const ok = runCli(['render', 'app/overlays/prod'], { cwd: PROJECT });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n {2}name: prod-api\n/);
    assert.match(ok.stdout, /image: registry.example.com\/api:latest\n/);
    const bad = runCli(['render', 'bad/missing-resource'], { cwd: FIXTURES });
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^shipshape: error: bad\/missing-resource\/kustomization.yaml:3:3: The resource "gone.yaml" does not exist/);
  });
});
