// Packs the npm package build/shipshape-<version>.tgz: the CLI (`shipshape`) and the language server
// (`shipshape-language-server --stdio`) for terminals, CI, git hooks and editors other than VS Code.
// The root package.json is the VS Code extension's manifest, so the package is staged in build/npm with a
// package.json of its own: bundled production builds of the two fronts, sql.js's WebAssembly, the README, the
// licence and the changelog. No dependencies (everything is bundled) and no scripts, so installing it runs
// nothing and needs no network.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '..');
export const STAGE = join(ROOT, 'build', 'npm');

/** Every file of the package, relative to its root; `npm pack` must produce exactly these. */
export const NPM_PACKAGE_FILES: readonly string[] = [
  'CHANGELOG.md',
  'LICENSE',
  'README.md',
  'dist/cli.js',
  'dist/server.js',
  'dist/sql-wasm.wasm',
  'package.json',
];

interface RootManifest {
  name: string;
  version: string;
  description: string;
  license: string;
  engines: { node: string };
  repository: { type: string; url: string };
  keywords: string[];
}

/** The package's manifest, derived from the root one. */
export function npmManifest(root: RootManifest): Record<string, unknown> {
  return {
    name: root.name,
    version: root.version,
    description: 'Container security for Dockerfiles and Kubernetes manifests: a linter with fixes, an image scanner and a language server, with no account and no extra binary.',
    license: root.license,
    repository: root.repository,
    homepage: `${root.repository.url.replace(/\.git$/, '')}#readme`,
    bugs: { url: `${root.repository.url.replace(/\.git$/, '')}/issues` },
    keywords: root.keywords,
    bin: { shipshape: 'dist/cli.js', 'shipshape-language-server': 'dist/server.js' },
    engines: { node: root.engines.node },
    files: NPM_PACKAGE_FILES.filter((file) => file !== 'package.json'),
  };
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** Stages the package in `stage` and packs it into `destination`; returns the tarball's path and size in bytes. */
export function packNpm({ root = ROOT, stage = STAGE, destination = join(ROOT, 'build') } = {}): { tarball: string; bytes: number } {
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  run(process.execPath, ['esbuild.mjs', '--production', '--outdir', join(stage, 'dist')], root);
  // esbuild.mjs builds every front; the VS Code client and the action are not part of this package.
  for (const other of ['client.js', 'action.js']) rmSync(join(stage, 'dist', other), { force: true });
  for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md']) copyFileSync(join(root, file), join(stage, file));
  const manifest = npmManifest(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as RootManifest);
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(destination, { recursive: true });
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', destination], stage)) as Array<{ filename: string }>;
  const tarball = join(destination, packed[0]?.filename ?? '');
  return { tarball, bytes: statSync(tarball).size };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const { tarball, bytes } = packNpm();
    console.log(`${tarball} (${(bytes / 1024 / 1024).toFixed(2)} MB)`);
  } catch (error) {
    console.error(`Packing the npm package failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
