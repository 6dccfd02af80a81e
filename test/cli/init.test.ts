// `shipshape init` writes the same commented .shipshape.yaml as the editor's Create Config File command, and
// never overwrites a configuration.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { configFileTemplate } from '../../server/src/config-template';
import { rules } from '../../server/src/rules';
import { scratchFolder } from '../helpers/scratch-folder';
import { CLI, ensureBuilt, runCli } from './helpers';

const scratch = scratchFolder('cli-init');

describe('shipshape init', () => {
  it('writes the editor command\'s template, which lints as a valid configuration that changes nothing', () => {
    const folder = scratch.fresh('project');
    mkdirSync(folder);
    const run = runCli(['init'], { cwd: folder });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /created \.shipshape\.yaml/);
    const written = readFileSync(path.join(folder, '.shipshape.yaml'), 'utf8');
    assert.equal(written, configFileTemplate(rules.map((rule) => rule.meta)));
    writeFileSync(path.join(folder, 'Dockerfile'), 'FROM alpine:3.20\nUSER 10001\n');
    const lint = runCli(['lint', '--format', 'json'], { cwd: folder });
    assert.equal(lint.status, 0, lint.stderr);
  });

  it('writes into the folder it is given', () => {
    const folder = scratch.fresh('parent');
    mkdirSync(path.join(folder, 'service'), { recursive: true });
    const run = runCli(['init', 'service'], { cwd: folder });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /created service\/\.shipshape\.yaml/);
    assert.ok(readFileSync(path.join(folder, 'service', '.shipshape.yaml'), 'utf8').startsWith('# Shipshape project configuration.'));
  });

  for (const name of ['.shipshape.yaml', '.shipshape.yml']) {
    it(`refuses to overwrite an existing ${name}`, () => {
      const folder = scratch.fresh('existing');
      mkdirSync(folder);
      writeFileSync(path.join(folder, name), 'preset: strict\n');
      const run = runCli(['init'], { cwd: folder });
      assert.equal(run.status, 2);
      assert.match(run.stderr, new RegExp(`${name.replace('.', '\\.')} already exists; shipshape init leaves it as it is`));
      assert.equal(readFileSync(path.join(folder, name), 'utf8'), 'preset: strict\n');
    });
  }

  it('says so when the folder is missing or a file', () => {
    const folder = scratch.fresh('notes');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'notes.txt'), 'x');
    for (const target of ['missing', 'notes.txt']) {
      const run = runCli(['init', target], { cwd: folder });
      assert.equal(run.status, 2);
      assert.match(run.stderr, new RegExp(`cannot create ${target.replace('.', '\\.')}/\\.shipshape\\.yaml: ${target.replace('.', '\\.')} is not a folder`));
    }
  });

  it('reports a folder it may not write to, and creates nothing', () => {
    const folder = scratch.fresh('read-only');
    mkdirSync(folder);
    chmodSync(folder, 0o555);
    chmodSync(scratch.path, 0o755);
    ensureBuilt();
    // root may write anywhere, so as root the CLI runs as the unprivileged user `nobody`.
    const asRoot = process.getuid?.() === 0;
    const command = asRoot ? 'setpriv' : process.execPath;
    const args = [...(asRoot ? ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath] : []), CLI, 'init'];
    const run = spawnSync(command, args, { cwd: folder, encoding: 'utf8' });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /shipshape: error: cannot create \.shipshape\.yaml: permission denied/);
    chmodSync(folder, 0o755);
    assert.deepEqual(spawnSync('ls', ['-A', folder], { encoding: 'utf8' }).stdout, '');
  });
});
