// The pre-commit hook of .pre-commit-hooks.yaml, run the way pre-commit runs it. pre-commit itself is a Python
// program and cannot be installed here (PyPI is out of reach), so this test does its steps:
// - install: for `language: node` pre-commit runs `npm install` in its clone of the repository, `npm pack`, and
//   `npm install -g` of that tarball into the hook's environment. The test checks what the repository root
//   packs, and installs the packed npm package into a prefix the same way;
// - select: the staged files (`git diff --staged --name-only --diff-filter=ACMRTUXB`) whose path matches the
//   hook's `files` and not its `exclude` (Python regular expressions, searched), of type file;
// - run: the entry split like a shell would split it, then the hook's args, then the file names, in the
//   repository's root, with the environment's bin folder first on PATH and its NODE_VIRTUAL_ENV and
//   npm_config_prefix set. Exit code 0 passes the hook, anything else fails it, and so does a hook that changes
//   a file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { installPackedPackage, type InstalledPackage } from '../helpers/npm-package';
import { scratchFolder } from '../helpers/scratch-folder';
import { ensureBuilt, ROOT } from './helpers';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files?: string;
  exclude?: string;
  types?: string[];
  args?: string[];
  pass_filenames?: boolean;
}

const hooks = parse(readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = hooks.find((candidate) => candidate.id === 'shipshape');
const scratch = scratchFolder('pre-commit');
let installed: InstalledPackage;

before(() => {
  installed = installPackedPackage(scratch.fresh('install'));
});

/** A Python `re.search` pattern as a JavaScript RegExp; `(?i)` at the start is Python's inline ignore-case flag. */
function pythonRegex(pattern: string): RegExp {
  return pattern.startsWith('(?i)') ? new RegExp(pattern.slice(4), 'i') : new RegExp(pattern);
}

function git(repo: string, ...args: string[]): string {
  const run = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

function repository(files: Record<string, string>): string {
  const repo = scratch.fresh('repo');
  mkdirSync(repo);
  git(repo, 'init', '--quiet');
  git(repo, 'config', 'user.email', 'dev@example.com');
  git(repo, 'config', 'user.name', 'Dev');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(repo, name)), { recursive: true });
    writeFileSync(path.join(repo, name), text);
  }
  git(repo, 'add', '--all');
  return repo;
}

/** The staged files pre-commit hands this hook. */
function selectedFiles(repo: string): string[] {
  assert.ok(hook);
  const staged = git(repo, 'diff', '--staged', '--name-only', '--no-ext-diff', '-z', '--diff-filter=ACMRTUXB').split('\0').filter(Boolean);
  const files = hook.files ? pythonRegex(hook.files) : /.*/;
  const exclude = hook.exclude ? pythonRegex(hook.exclude) : undefined;
  return staged.filter((name) => files.test(name) && !(exclude?.test(name) ?? false));
}

function runHook(repo: string) {
  assert.ok(hook);
  const files = selectedFiles(repo);
  const [command, ...entryArgs] = hook.entry.split(/\s+/);
  const before = git(repo, 'status', '--porcelain');
  const env = {
    ...process.env,
    PATH: `${installed.binDir}${path.delimiter}${process.env.PATH ?? ''}`,
    NODE_VIRTUAL_ENV: path.dirname(installed.binDir),
    npm_config_prefix: path.dirname(installed.binDir),
    PRE_COMMIT: '1',
  };
  const run = spawnSync(command ?? '', [...entryArgs, ...(hook.args ?? []), ...(hook.pass_filenames === false ? [] : files)], { cwd: repo, env, encoding: 'utf8' });
  return { ...run, files, modified: git(repo, 'status', '--porcelain') !== before };
}

const BAD_DOCKERFILE = 'FROM python:latest\nRUN curl -sSL https://example.com/setup.sh | bash\nCMD ["python", "app.py"]\n';
const GOOD_DOCKERFILE = 'FROM python:3.13-slim\nRUN useradd --uid 10001 app\nUSER 10001\nCMD ["python", "app.py"]\n';
const PRIVILEGED_POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: tools\nspec:\n  containers:\n    - name: tools\n      image: busybox:1.37\n      securityContext:\n        privileged: true\n';

describe('pre-commit hook', { timeout: 180_000 }, () => {
  it('is a node hook running shipshape lint on Dockerfiles and YAML', () => {
    assert.ok(hook, 'no hook with id shipshape');
    assert.equal(hook.language, 'node');
    assert.equal(hook.entry, 'shipshape lint --skip-unlintable');
    const files = pythonRegex(hook.files ?? '');
    const exclude = pythonRegex(hook.exclude ?? '$^');
    const matched = (name: string) => files.test(name) && !exclude.test(name);
    for (const name of ['Dockerfile', 'app/Dockerfile', 'Containerfile', 'Dockerfile.prod', 'build/api.Dockerfile', 'web.containerfile', 'k8s/deploy.yaml', 'compose.yml', 'dockerfile']) {
      assert.ok(matched(name), name);
    }
    for (const name of ['README.md', 'Dockerfile.dockerignore', '.shipshape.yaml', 'svc/.shipshape.yml', 'src/main.ts', 'package.json', 'docs/Dockerfile-notes.md']) assert.ok(!matched(name), name);
  });

  it('fails a commit that stages an insecure Dockerfile or manifest, naming the findings', () => {
    const repo = repository({
      'Dockerfile': BAD_DOCKERFILE,
      'deploy/pod.yaml': PRIVILEGED_POD,
      '.github/workflows/ci.yml': 'on: push\njobs: {}\n',
      'README.md': '# app\n',
      'Dockerfile.dockerignore': 'node_modules\n',
    });
    const run = runHook(repo);
    assert.deepEqual(run.files, ['.github/workflows/ci.yml', 'Dockerfile', 'deploy/pod.yaml']);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /^Dockerfile$/m);
    assert.match(run.stdout, /curl-pipe-shell/);
    assert.match(run.stdout, /^deploy\/pod\.yaml$/m);
    assert.match(run.stdout, / privileged$/m);
    assert.equal(run.modified, false, 'the hook changed files');
  });

  it('passes a commit whose staged files are clean, with the project\'s .shipshape.yaml applied', () => {
    const repo = repository({ 'Dockerfile': GOOD_DOCKERFILE, '.shipshape.yaml': 'rules:\n  image-digest: "off"\n' });
    const run = runHook(repo);
    assert.deepEqual(run.files, ['Dockerfile']);
    assert.equal(run.status, 0, run.stdout + run.stderr);
  });

  it('the repository root packs the bundles its bin names, which is what pre-commit installs', () => {
    ensureBuilt();
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
    assert.match(manifest.scripts.prepare ?? '', /esbuild\.mjs --production/, 'npm install in a clone must build dist/');
    const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(pack.status, 0, pack.stderr);
    const files = (JSON.parse(pack.stdout) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((file) => file.path) ?? [];
    for (const target of Object.values(manifest.bin)) assert.ok(files.includes(target), `${target} is not packed`);
    assert.ok(files.includes('dist/sql-wasm.wasm'));
    assert.deepEqual(files.filter((file) => !/^(dist\/(cli|server)\.js|dist\/sql-wasm\.wasm|package\.json|README\.md|LICENSE)$/.test(file)), []);
  });
});
