// The npm package: packed from the staging folder of scripts/pack-npm.ts, it holds exactly the bundles, sql.js's
// WebAssembly, the README, the licence and the changelog; it declares no dependencies and no scripts; it
// installs offline from the tarball alone; and both of its executables run from the install.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { NPM_PACKAGE_FILES } from '../../scripts/pack-npm';
import { installPackedPackage, type InstalledPackage } from '../helpers/npm-package';
import { RPM_IMAGE_PACKAGES, writeRpmImageArchive } from '../helpers/rpm-image';
import { scratchFolder } from '../helpers/scratch-folder';
import { ROOT } from './helpers';

const MAX_PACKED_BYTES = 3 * 1024 * 1024;
const rootManifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };
const scratch = scratchFolder('npm-package');
let installed: InstalledPackage;

before(() => {
  installed = installPackedPackage(scratch.fresh('install'));
});

function run(command: string, args: string[], options: { cwd?: string; input?: string } = {}) {
  return spawnSync(command, args, { cwd: options.cwd ?? scratch.path, input: options.input ?? '', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

describe('npm package', { timeout: 180_000 }, () => {
  it('holds exactly the allowed files', () => {
    const listed = run('tar', ['-tzf', installed.tarball]).stdout.split('\n').filter((line) => line !== '');
    assert.deepEqual(listed.map((line) => line.replace(/^package\//, '')).sort(), [...NPM_PACKAGE_FILES].sort());
  });

  it('declares both executables, the Node range of the project, and no dependencies or scripts', () => {
    const manifest = JSON.parse(readFileSync(path.join(installed.packageDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(manifest.bin, { shipshape: 'dist/cli.js', 'shipshape-language-server': 'dist/server.js' });
    assert.deepEqual(manifest.engines, { node: rootManifest.engines.node });
    assert.equal(manifest.version, rootManifest.version);
    for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies', 'scripts', 'private']) assert.equal(manifest[key], undefined, key);
    assert.equal(existsSync(path.join(installed.packageDir, 'node_modules')), false, 'installing it installed dependencies');
  });

  it(`is smaller than ${MAX_PACKED_BYTES / 1024 / 1024} MB packed`, () => {
    assert.ok(installed.bytes < MAX_PACKED_BYTES, `${installed.bytes} bytes`);
  });

  it('shipshape runs from the install: version, lint with its exit code, init', () => {
    assert.equal(run(installed.bin('shipshape'), ['--version']).stdout, `${rootManifest.version}\n`);
    const project = scratch.fresh('project');
    run('mkdir', ['-p', project]);
    writeFileSync(path.join(project, 'Dockerfile'), 'FROM node:latest\nRUN curl -fsSL https://example.com/install.sh | sh\n');
    const lint = run(installed.bin('shipshape'), ['lint', '--format', 'json', '--fail-on', 'warning'], { cwd: project });
    assert.equal(lint.status, 1, lint.stderr);
    const ids = (JSON.parse(lint.stdout) as { files: Array<{ findings: Array<{ ruleId: string }> }> }).files.flatMap((file) => file.findings.map((finding) => finding.ruleId));
    assert.ok(ids.includes('image-tag-latest') && ids.includes('curl-pipe-shell'), ids.join(', '));
    const stdin = run(installed.bin('shipshape'), ['lint', '--stdin', '--stdin-filename', 'Dockerfile'], { cwd: project, input: 'FROM alpine:3.20\nUSER 10001\n' });
    assert.equal(stdin.status, 0, stdin.stderr);
    assert.equal(run(installed.bin('shipshape'), ['init'], { cwd: project }).status, 0);
  });

  it('shipshape scan reads an rpm database with the WebAssembly installed beside the bundle', async () => {
    const tar = scratch.fresh('rocky.tar');
    await writeRpmImageArchive(tar);
    const scan = run(installed.bin('shipshape'), ['scan', '--tar', tar, '--offline', '--format', 'json', '--fail-on', 'never']);
    assert.equal(scan.status, 0, scan.stderr);
    const report = JSON.parse(scan.stdout) as { packages: Array<{ name: string; ecosystem: string }>; problems: unknown[] };
    assert.deepEqual(report.packages.filter((pkg) => pkg.ecosystem === 'rpm').map((pkg) => pkg.name), RPM_IMAGE_PACKAGES.map((pkg) => pkg.name));
  });

  it('shipshape-language-server runs from the install', () => {
    assert.equal(run(installed.bin('shipshape-language-server'), ['--version']).stdout, `${rootManifest.version}\n`);
  });

  it('runs with npx from the tarball, offline', () => {
    const npx = run('npm', ['exec', '--offline', '--yes', '--cache', scratch.fresh('npx-cache'), `--package=${installed.tarball}`, '--', 'shipshape', '--version']);
    assert.equal(npx.status, 0, npx.stderr);
    assert.equal(npx.stdout, `${rootManifest.version}\n`);
  });
});
