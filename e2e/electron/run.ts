// npm run test:e2e:electron — the extension-host suites of e2e/suites under @vscode/test-electron, in desktop VS
// Code. The binary comes from SHIPSHAPE_VSCODE (the `code` executable of an installed or unpacked VS Code), or
// else from a download of the oldest VS Code that engines.vscode accepts. When neither is possible (this machine
// reaches only the npm registry) the suites are listed as SKIPPED with the reason and the run exits 0: nothing
// is claimed to have passed. On Linux without a display, run it under xvfb-run.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import semver from 'semver';
import { count, type SuiteReport } from '../lib/report';
import { copyExamples } from '../lib/workspace';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SUITES_DIR = join(ROOT, 'e2e', 'suites');
const BUNDLE = join(ROOT, 'dist', 'e2e', 'suites.js');
const RUN_DIR = join(ROOT, '.tmp', 'e2e-electron');
const DOWNLOAD_TIMEOUT_MS = 30_000;

type Binary = { path: string } | { skip: string };

async function findVsCode(): Promise<Binary> {
  const fromEnvironment = process.env.SHIPSHAPE_VSCODE;
  if (fromEnvironment) {
    if (!existsSync(fromEnvironment)) throw new Error(`SHIPSHAPE_VSCODE names ${fromEnvironment}, which does not exist.`);
    return { path: fromEnvironment };
  }
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { vscode: string } };
  const version = semver.minVersion(manifest.engines.vscode)?.version;
  if (!version) throw new Error(`engines.vscode "${manifest.engines.vscode}" names no version to download.`);
  try {
    return { path: await downloadAndUnzipVSCode({ version, cachePath: join(ROOT, '.tmp', 'vscode-test'), timeout: DOWNLOAD_TIMEOUT_MS }) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { skip: `SHIPSHAPE_VSCODE is not set and VS Code ${version} could not be downloaded (${reason.split('\n')[0]})` };
  }
}

/** The suite and test titles, read from the sources: the suites themselves need VS Code to load. */
function declaredTitles(): string[] {
  return readdirSync(SUITES_DIR)
    .filter((name) => name.endsWith('.suite.ts'))
    .sort()
    .flatMap((name) => [...readFileSync(join(SUITES_DIR, name), 'utf8').matchAll(/\b(suite|test)\('((?:[^'\\]|\\.)*)'/g)].map((match) => (match[1] === 'suite' ? match[2] : `  ${match[2]}`)))
    .filter((title): title is string => title !== undefined);
}

async function main(): Promise<number> {
  if (!existsSync(BUNDLE)) {
    console.error(`${BUNDLE} is missing: run node e2e/build-suites.mjs (npm run test:e2e:electron does).`);
    return 1;
  }
  const binary = await findVsCode();
  if ('skip' in binary) {
    for (const title of declaredTitles()) console.log(`  - SKIPPED ${title}`);
    console.log(`e2e (electron): 0 passed, 0 failed, all SKIPPED: ${binary.skip}.`);
    console.log('Set SHIPSHAPE_VSCODE to a VS Code executable to run them; npm run test:e2e runs the same suites in code-server.');
    return 0;
  }

  rmSync(RUN_DIR, { recursive: true, force: true });
  mkdirSync(RUN_DIR, { recursive: true });
  const workspace = copyExamples(ROOT, join(RUN_DIR, 'workspace'));
  const reportPath = join(RUN_DIR, 'report.json');
  let exitCode: number;
  try {
    exitCode = await runTests({
      vscodeExecutablePath: binary.path,
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: BUNDLE,
      launchArgs: [
        workspace,
        `--user-data-dir=${join(RUN_DIR, 'user-data')}`,
        `--extensions-dir=${join(RUN_DIR, 'extensions')}`,
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
      extensionTestsEnv: { SHIPSHAPE_E2E_REPORT: reportPath, SHIPSHAPE_E2E_EXTENSION_PATH: ROOT },
    });
  } catch (error) {
    console.error(`VS Code at ${binary.path} failed to run the suites: ${error instanceof Error ? error.message : String(error)}`);
    exitCode = 1;
  }

  let report: SuiteReport | undefined;
  try {
    report = JSON.parse(readFileSync(reportPath, 'utf8')) as SuiteReport;
  } catch {
    report = undefined;
  }
  const checks = report?.checks ?? [];
  for (const check of checks) {
    const mark = check.outcome === 'passed' ? '✓' : check.outcome === 'failed' ? '✗' : '-';
    console.log(`  ${mark} ${check.title}${check.error ? `\n      ${check.error.split('\n').slice(0, 8).join('\n      ')}` : ''}`);
  }
  const failed = count(checks, 'failed') + (report?.finished ? 0 : 1);
  console.log(`e2e (electron): ${count(checks, 'passed')} passed, ${failed} failed${report?.finished ? '' : ' (the run did not finish)'}`);
  return failed > 0 || exitCode !== 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
