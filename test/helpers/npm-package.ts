// The npm package as a user gets it: packed by scripts/pack-npm.ts, then installed from the tarball alone with
// `npm install -g --prefix` into a temporary folder, offline (the package has no dependencies, so installing it
// must not need the registry).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packNpm } from '../../scripts/pack-npm';

export interface InstalledPackage {
  tarball: string;
  bytes: number;
  /** The prefix's bin folder, to put first on PATH. */
  binDir: string;
  /** The installed package's folder. */
  packageDir: string;
  /** Path of an installed executable. */
  bin(name: 'shipshape' | 'shipshape-language-server'): string;
}

/** Packs and installs the package in `folder` (a test's scratch folder, made at module level). */
export function installPackedPackage(folder: string): InstalledPackage {
  const { tarball, bytes } = packNpm({ stage: join(folder, 'stage'), destination: folder });
  const prefix = join(folder, 'prefix');
  const install = spawnSync(
    'npm',
    ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', '--cache', join(folder, 'npm-cache'), tarball],
    { encoding: 'utf8', shell: process.platform === 'win32' },
  );
  if (install.status !== 0) throw new Error(`npm install -g ${tarball} failed:\n${install.stderr}${install.stdout}`);
  const binDir = process.platform === 'win32' ? prefix : join(prefix, 'bin');
  const packageDir = process.platform === 'win32' ? join(prefix, 'node_modules', 'shipshape') : join(prefix, 'lib', 'node_modules', 'shipshape');
  return { tarball, bytes, binDir, packageDir, bin: (name) => join(binDir, name) };
}
