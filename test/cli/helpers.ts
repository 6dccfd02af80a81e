// Runs the built CLI (dist/cli.js) as a child process. Builds it first when it is missing or older than
// the sources, with a lock so parallel test files do not build over each other.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.join(import.meta.dirname, '..', '..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');
export const PROJECT = path.join(ROOT, 'test', 'fixtures', 'cli', 'project');
export const GOLDEN = path.join(import.meta.dirname, 'golden');

/**
 * The rules the golden outputs are made with. Every other registered rule is switched off with --rule,
 * so new rules do not change the golden files.
 */
export const GOLDEN_RULES = new Set(['image-tag-latest', 'suppression-unused', 'syntax-error']);

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function isFresh(): boolean {
  try {
    const built = statSync(CLI).mtimeMs;
    return built >= newestSource(path.join(ROOT, 'server', 'src')) && built >= statSync(path.join(ROOT, 'package.json')).mtimeMs;
  } catch {
    return false;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

let checked = false;

export function ensureBuilt(): void {
  if (checked) return;
  const lock = path.join(ROOT, 'dist', '.build-lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  for (let attempt = 0; !isFresh(); attempt++) {
    if (attempt > 600) throw new Error('timed out waiting for dist/cli.js to be built');
    try {
      mkdirSync(lock);
    } catch {
      // Someone else is building; a lock older than a minute is left over from a crash.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 60_000) rmSync(lock, { recursive: true, force: true });
      sleep(200);
      continue;
    }
    try {
      const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
      if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stderr}`);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    break;
  }
  checked = true;
}

/** `input` is piped to standard input; without it, standard input is empty. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string | Buffer } = {}): CliRun {
  ensureBuilt();
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, SHIPSHAPE_DEBUG: undefined, ...options.env };
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: options.cwd ?? PROJECT, env: env as NodeJS.ProcessEnv, encoding: 'utf8', input: options.input ?? '' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like runCli, without blocking the event loop: for runs against servers the test itself serves. */
export function runCliAsync(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  ensureBuilt();
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, SHIPSHAPE_DEBUG: undefined, ...options.env };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? PROJECT, env: env as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

let registered: string[] | undefined;

/** Every rule id the built CLI knows, from `shipshape rules --format json`. */
export function registeredRuleIds(): string[] {
  if (!registered) {
    const run = runCli(['rules', '--format', 'json']);
    registered = (JSON.parse(run.stdout) as { rules: Array<{ id: string }> }).rules.map((rule) => rule.id);
  }
  return registered;
}

/** `--rule <id>=off` for every registered rule outside `keep`. */
export function onlyRules(keep: ReadonlySet<string> = GOLDEN_RULES): string[] {
  return registeredRuleIds().filter((id) => !keep.has(id)).flatMap((id) => ['--rule', `${id}=off`]);
}

/** Writes `files` (relative path → text) under `root`, making folders as needed; returns `root`. */
export function writeProject(root: string, files: Record<string, string>): string {
  for (const [relative, text] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return root;
}
