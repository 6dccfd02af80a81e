// Runs the mocha suites of e2e/suites inside code-server's Node extension host, the way @vscode/test-electron runs
// them in desktop VS Code: the workbench's `payload` URL parameter names the extension development path and the
// tests path (code-server must run with `--vscode-option enable-smoke-test-driver` for the workbench to honour it),
// and the workbench reports the exit code through `window.codeAutomationExit`.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Checks } from '../lib/checks';
import { copyExamples } from '../lib/workspace';
import { type CheckOutcome, type SuiteReport } from '../lib/report';
import { launchBrowser, remoteUri, workbenchUrl } from '../lib/workbench';

export interface ExtensionHostOptions {
  serverUrl: string;
  runDir: string;
  /** The extension development path: the repository, whose dist/ holds the bundles. */
  repoDir: string;
  /** The bundled suites (inside repoDir, as VS Code requires). */
  suitesBundle: string;
}

/** The whole run: the suites wait at most 60 s for any one thing, so this only catches a run that never ends. */
const RUN_TIMEOUT_MS = 15 * 60_000;

export async function runExtensionHostSuites(options: ExtensionHostOptions): Promise<CheckOutcome[]> {
  const checks = new Checks('exthost');
  if (!existsSync(options.suitesBundle)) {
    checks.fail('the suites bundle exists', `${options.suitesBundle} is missing: run node e2e/build-suites.mjs`);
    return checks.outcomes;
  }
  const workspace = copyExamples(options.repoDir, join(options.runDir, 'exthost-workspace'));
  const reportPath = join(options.runDir, 'exthost-report.json');
  rmSync(reportPath, { force: true });
  const payload: Array<[string, string]> = [
    ['extensionDevelopmentPath', remoteUri(options.serverUrl, options.repoDir)],
    ['extensionTestsPath', remoteUri(options.serverUrl, options.suitesBundle)],
    ['extensionEnvironment', JSON.stringify({ SHIPSHAPE_E2E_REPORT: reportPath, SHIPSHAPE_E2E_EXTENSION_PATH: options.repoDir })],
  ];

  const browser = await launchBrowser(options.runDir);
  let exitCode: number | undefined;
  let problem: string | undefined;
  try {
    const page = await browser.context.newPage();
    const exited = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number, logs?: unknown) => {
        if (logs !== undefined) writeFileSync(join(options.runDir, 'exthost-window-logs.json'), JSON.stringify(logs, null, 2));
        resolve(code);
      });
    });
    await page.goto(workbenchUrl(options.serverUrl, workspace, payload));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), RUN_TIMEOUT_MS);
    });
    exitCode = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (exitCode === undefined) problem = `the extension-host run did not finish within ${RUN_TIMEOUT_MS / 60_000} minutes`;
  } catch (error) {
    problem = `the extension-host run could not start: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await browser.close();
  }

  const report = readReport(reportPath);
  if (!report) {
    checks.fail('the suites wrote their report', `${problem ?? `exit code ${exitCode}`}; no report at ${reportPath}`);
    return checks.outcomes;
  }
  for (const outcome of report.checks) {
    const title = `exthost › ${outcome.title}`;
    checks.outcomes.push({ ...outcome, title });
    const mark = outcome.outcome === 'passed' ? '✓' : outcome.outcome === 'failed' ? '✗' : '-';
    console.log(`  ${mark} ${title} (${(outcome.durationMs / 1000).toFixed(1)} s)${outcome.error ? `\n${outcome.error.split('\n').slice(0, 12).map((line) => `      ${line}`).join('\n')}` : ''}`);
  }
  if (problem) checks.fail('the run finished', problem);
  else if (!report.finished) checks.fail('the run finished', `the suites stopped part-way (exit code ${exitCode})`);
  else if (exitCode !== 0 && !report.checks.some((check) => check.outcome === 'failed')) {
    checks.fail('the run finished', `the workbench reported exit code ${exitCode} although every test passed`);
  }
  return checks.outcomes;
}

function readReport(path: string): SuiteReport | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SuiteReport;
  } catch {
    return undefined;
  }
}
