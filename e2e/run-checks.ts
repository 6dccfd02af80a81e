// Runs the UI checks and the extension-host suites against a running code-server, prints every outcome and the
// line `e2e: N passed, N failed`, and exits 1 when anything failed (or nothing ran). e2e/run-e2e.sh starts
// code-server and calls this; run it by hand against a server started with e2e/start-code-server.sh:
//   node --import tsx e2e/run-checks.ts --url http://127.0.0.1:PORT --run-dir DIR [--screenshots DIR] [--only ui|exthost]
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { seconds } from './lib/checks';
import { count, type CheckOutcome } from './lib/report';
import { runExtensionHostSuites } from './exthost/run-suites';
import { runScanUiChecks } from './ui/scan-checks';
import { runUiChecks } from './ui/ui-checks';

const REPO_DIR = resolve(import.meta.dirname, '..');

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { url: { type: 'string' }, 'run-dir': { type: 'string' }, screenshots: { type: 'string' }, only: { type: 'string' } },
  });
  const serverUrl = values.url;
  const runDir = values['run-dir'];
  if (!serverUrl || !runDir) {
    console.error('usage: run-checks.ts --url URL --run-dir DIR [--screenshots DIR] [--only ui|exthost]');
    return 2;
  }
  if (values.only !== undefined && values.only !== 'ui' && values.only !== 'exthost') {
    console.error(`--only takes ui or exthost, not "${values.only}"`);
    return 2;
  }
  const started = Date.now();
  const outcomes: CheckOutcome[] = [];
  if (values.only !== 'exthost') {
    console.log('e2e: UI checks (Playwright, installed VSIX)');
    const screenshotDir = values.screenshots ?? join(runDir, 'screenshots');
    outcomes.push(...(await runUiChecks({ serverUrl, runDir, repoDir: REPO_DIR, screenshotDir })));
    outcomes.push(...(await runScanUiChecks({ serverUrl, runDir, screenshotDir })));
  }
  if (values.only !== 'ui') {
    console.log('e2e: extension-host suites (mocha in the extension host)');
    outcomes.push(...(await runExtensionHostSuites({ serverUrl, runDir, repoDir: REPO_DIR, suitesBundle: join(REPO_DIR, 'dist', 'e2e', 'suites.js') })));
  }
  writeFileSync(join(runDir, 'e2e-results.json'), `${JSON.stringify(outcomes, null, 2)}\n`);
  const passed = count(outcomes, 'passed');
  const failed = count(outcomes, 'failed');
  const skipped = count(outcomes, 'skipped');
  console.log(`e2e: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''} (${seconds(Date.now() - started)})`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    console.log('e2e: 0 passed, 1 failed (the e2e driver crashed)');
    process.exitCode = 1;
  },
);
