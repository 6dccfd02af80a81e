// Entry point of the tests that run inside the VS Code extension host (bundled to dist/e2e/suites.js by
// e2e/build-suites.mjs). Both harnesses load it: code-server through the workbench's payload URL
// (e2e/run-checks.ts) and @vscode/test-electron (e2e/electron/run.ts). VS Code calls run(), which rejects when a
// test fails. The JSON report goes to SHIPSHAPE_E2E_REPORT after every test, so a run that hangs still leaves
// what it did.
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import type { CheckOutcome, Outcome, SuiteReport } from '../lib/report';
import { commandsSuite } from './commands.suite';
import { configurationSuite } from './configuration.suite';
import { diagnosticsSuite } from './diagnostics.suite';
import { hoverAndLensesSuite } from './hover-and-lenses.suite';

const SUITES = [diagnosticsSuite, commandsSuite, configurationSuite, hoverAndLensesSuite];

export function run(): Promise<void> {
  const reportPath = process.env.SHIPSHAPE_E2E_REPORT;
  const report: SuiteReport = { finished: false, checks: [] };
  const save = () => {
    if (reportPath) writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  };
  const record = (test: Mocha.Runnable, outcome: Outcome, error?: unknown) => {
    const check: CheckOutcome = { title: test.fullTitle(), outcome, durationMs: test.duration ?? 0 };
    if (error !== undefined) check.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
    report.checks.push(check);
    save();
  };

  // A test waits at most 60 s for any one thing; the mocha limit only catches a test that never returns.
  const mocha = new Mocha({ ui: 'tdd', timeout: 180_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', {}, 'e2e/suites', mocha);
  for (const define of SUITES) define();
  save();

  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      report.finished = true;
      save();
      if (failures > 0) reject(new Error(`${failures} extension-host test${failures === 1 ? '' : 's'} failed`));
      else resolve();
    });
    runner.on('pass', (test) => record(test, 'passed'));
    runner.on('fail', (test, error) => record(test, 'failed', error));
    runner.on('pending', (test) => record(test, 'skipped'));
  });
}
