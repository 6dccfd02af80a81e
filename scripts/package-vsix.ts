// Packages the extension as build/shipshape-<version>.vsix (`npm run package` builds the production bundles first).
// `.vscodeignore` is an allow-list and alone decides what goes in. vsce runs on a staged copy of the repository
// without node_modules, .git and the e2e tools: vsce matches every pattern against every file below its folder,
// and the 600 MB of e2e tools (code-server, Node 24) turn a 3-second package into a 25-second one.
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createVSIX, listFiles, PackageManager } from '@vscode/vsce';

export const ROOT = resolve(import.meta.dirname, '..');
/** The folder the VSIX is written to: outside everything `.vscodeignore` lets in. */
export const OUTPUT_FOLDER = 'build';
/** Top-level entries never copied to the stage. None of them may hold a packaged file. */
export const NOT_STAGED: readonly string[] = ['.git', '.tmp', 'build', 'e2e', 'node_modules'];

export function vsixPath(root = ROOT): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  return join(root, OUTPUT_FOLDER, `${manifest.name}-${manifest.version}.vsix`);
}

/** Copies the repository into `stageDir` (emptied first), leaving out the entries of NOT_STAGED. */
export function stageRepository(root: string, stageDir: string): void {
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  for (const entry of readdirSync(root)) {
    if (NOT_STAGED.includes(entry)) continue;
    cpSync(join(root, entry), join(stageDir, entry), { recursive: true, verbatimSymlinks: true });
  }
}

/** The files vsce would package from `stageDir`, as sorted `/`-separated relative paths. */
export async function packagedFiles(stageDir: string): Promise<string[]> {
  const files = await listFiles({ cwd: stageDir, packageManager: PackageManager.None });
  return files.map((file) => file.replace(/\\/g, '/')).sort();
}

export async function packageVsix(root = ROOT): Promise<string> {
  const stageDir = join(root, '.tmp', 'vsix-stage');
  const output = vsixPath(root);
  stageRepository(root, stageDir);
  mkdirSync(dirname(output), { recursive: true });
  try {
    await createVSIX({ cwd: stageDir, packagePath: output, dependencies: false });
  } finally {
    rmSync(stageDir, { recursive: true, force: true });
  }
  return output;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  packageVsix().then(
    (output) => console.log(output),
    (error: unknown) => {
      console.error(`Packaging the VSIX failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
