// What a person sees: the installed VSIX in the real workbench, driven with the keyboard and mouse through
// Playwright. Each step saves a screenshot (the README shows some of them).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { statusTooltip, type FindingCounts } from '../../client/src/util/status';
import { Checks, slug } from '../lib/checks';
import { copyExamples } from '../lib/workspace';
import type { CheckOutcome } from '../lib/report';
import { activeEditor, VIEWPORT, goToLine, launchBrowser, openFile, problemRows, runCommand, showProblems, visibleLines, waitUntil, workbenchUrl } from '../lib/workbench';

export interface UiOptions {
  serverUrl: string;
  runDir: string;
  repoDir: string;
  /** Where the step screenshots go. */
  screenshotDir: string;
}

const STATUS_ITEM = '[id="shipshape.shipshape.shipshape.status"]';

export async function runUiChecks(options: UiOptions): Promise<CheckOutcome[]> {
  const workspace = copyExamples(options.repoDir, join(options.runDir, 'ui-workspace'));
  const failureDir = join(options.runDir, 'failures');
  mkdirSync(options.screenshotDir, { recursive: true });
  mkdirSync(failureDir, { recursive: true });
  const browser = await launchBrowser(options.runDir);
  const page = await browser.context.newPage();
  const checks = new Checks('ui', (title) => page.screenshot({ path: join(failureDir, `${slug(title)}.png`) }).then(() => undefined));
  const shot = (name: string, clip?: { x: number; y: number; width: number; height: number }) =>
    page.screenshot({ path: join(options.screenshotDir, `${name}.png`), clip });
  const file = (relativePath: string) => join(workspace, ...relativePath.split('/'));

  try {
    await checks.run('the workbench opens the workspace with Shipshape installed', async () => {
      await page.goto(workbenchUrl(options.serverUrl, workspace));
      await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'node-api' }).waitFor({ state: 'visible' });
    });

    await checks.run('a Dockerfile shows Shipshape squiggles and Problems entries with rule ids', async () => {
      await openFile(page, 'node-api/Dockerfile');
      await activeEditor(page).locator('.squiggly-warning').first().waitFor({ state: 'visible' });
      await showProblems(page, '');
      await waitForProblem(page, 'shipshapeuser-missing[Ln 2, Col 6]');
      await waitForProblem(page, 'shipshapeimage-eol[Ln 2, Col 6]');
      await shot('diagnostics');
    });

    await checks.run('hovering an image shows its end of life', async () => {
      await goToLine(page, 2);
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowLeft');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'end of life since 2023-09-11' });
      await hover.waitFor({ state: 'visible' });
      assert.match((await hover.textContent()) ?? '', /Node\.js 16 \(gallium\)/);
      // The findings on the image come first in the hover: scroll to the image's own section for the screenshot.
      await hover.locator('strong', { hasText: /^Image$/ }).first().evaluate((element) => element.scrollIntoView({ block: 'start' }));
      await shot('hover-end-of-life');
      await page.keyboard.press('Escape');
    });

    await checks.run('typing a secret into ENV adds a diagnostic while the file is unsaved', async () => {
      await showProblems(page, 'API_TOKEN');
      assert.deepEqual(await problemRows(page), [], 'no API_TOKEN problem before typing');
      await goToLine(page, 7);
      await page.keyboard.type('ENV API_TOKEN=Zq8vT2mK9xLp4Rw7', { delay: 25 });
      await waitForProblem(page, 'ENV "API_TOKEN" looks like a secret');
      await waitForProblem(page, 'secret-build-arg-env[Ln 7, Col 5]');
      await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'visible' });
      await page.keyboard.press('Home');
      for (let step = 0; step < 6; step++) await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      await page.locator('.monaco-hover:not(.hidden)', { hasText: 'API_TOKEN' }).waitFor({ state: 'visible' });
      await shot('typing');
      await page.keyboard.press('Escape');
    });

    await checks.run('Ctrl+. on ADD offers "Replace ADD with COPY"; applying it changes the line and clears the problem', async () => {
      await showProblems(page, 'add-instead-of-copy');
      await waitForProblem(page, 'add-instead-of-copy[Ln 13, Col 1]');
      await goToLine(page, 13);
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Replace ADD with COPY' });
      await fix.waitFor({ state: 'visible' });
      await shot('quick-fix');
      await fix.click();
      await waitUntil('the ADD line to read COPY', async () => ((await visibleLines(page)).includes('COPY package.json package-lock.json ./') ? true : undefined));
      await waitForNoProblem(page, 'add-instead-of-copy[');
      await page.keyboard.press('Control+S');
      await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
      const saved = readFileSync(file('node-api/Dockerfile'), 'utf8');
      assert.match(saved, /^COPY package\.json package-lock\.json \.\/$/m);
      assert.match(saved, /^ENV API_TOKEN=Zq8vT2mK9xLp4Rw7$/m);
      assert.doesNotMatch(saved, /^ADD /m);
    });

    await checks.run('a quick fix in a Kubernetes manifest keeps the comment on the line', async () => {
      await openFile(page, 'k8s/web-deployment.yaml');
      await showProblems(page, 'privileged');
      await waitForProblem(page, 'shipshapeprivileged[Ln 38, Col 13]');
      await goToLine(page, 38);
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Set privileged: false' });
      await fix.waitFor({ state: 'visible' });
      await shot('kubernetes-quick-fix');
      await fix.click();
      const fixedLine = '            privileged: false # needs to read the Docker socket';
      await waitUntil('the privileged line to be fixed', async () => ((await visibleLines(page)).includes(fixedLine) ? true : undefined));
      await waitForNoProblem(page, 'shipshapeprivileged[');
      await page.keyboard.press('Control+S');
      await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
      const saved = readFileSync(file('k8s/web-deployment.yaml'), 'utf8');
      assert.ok(saved.split('\n').includes(fixedLine), 'the saved manifest has the fixed line with its comment');
      assert.match(saved, /^ {12}# TODO\(ops-412\): move to Vault before the PCI audit$/m);
    });

    await checks.run('a Compose file shows a squiggle on privileged: true, and Ctrl+. fixes it keeping the comment', async () => {
      await openFile(page, 'compose/compose.yaml');
      await showProblems(page, 'privileged');
      await waitForProblem(page, 'shipshapeprivileged[Ln 56, Col 5]');
      // Line 56 is below the first screen: reveal it before looking for its squiggle.
      await goToLine(page, 56);
      await activeEditor(page).locator('.squiggly-error').first().waitFor({ state: 'visible' });
      await page.keyboard.press('Control+.');
      const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Set privileged: false' });
      await fix.waitFor({ state: 'visible' });
      await shot('compose-quick-fix');
      await fix.click();
      const fixedLine = '    privileged: false # the runner starts the build containers';
      await waitUntil('the privileged line to be fixed', async () => ((await visibleLines(page)).includes(fixedLine) ? true : undefined));
      await waitForNoProblem(page, 'shipshapeprivileged[');
      await page.keyboard.press('Control+S');
      await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
      const saved = readFileSync(file('compose/compose.yaml'), 'utf8');
      assert.ok(saved.split('\n').includes(fixedLine), 'the saved Compose file has the fixed line with its comment');
    });

    await checks.run('with source.fixAll.shipshape in editor.codeActionsOnSave, saving applies the safe fixes', async () => {
      const settingsFile = file('.vscode/settings.json');
      mkdirSync(join(workspace, '.vscode'), { recursive: true });
      writeFileSync(settingsFile, `${JSON.stringify({ 'editor.codeActionsOnSave': { 'source.fixAll.shipshape': 'explicit' } }, null, 2)}\n`);
      // The explorer shows .vscode once the workbench has seen the new file, and so has its configuration.
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: '.vscode' }).waitFor({ state: 'visible' });
      await openFile(page, 'go-service/Dockerfile');
      await showProblems(page, 'user-name-not-numeric');
      await waitForProblem(page, 'user-name-not-numeric[Ln 14, Col 6]');
      await activeEditor(page).locator('.view-lines').click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('LABEL org.opencontainers.image.title=go-service\n', { delay: 10 });
      await page.keyboard.press('Control+S');
      await waitUntil('fix-all on save to rewrite USER and apk add', async () => {
        const lines = await visibleLines(page);
        return lines.includes('USER 10001') && lines.includes('RUN apk add --no-cache git') ? true : undefined;
      });
      await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
      await waitForNoProblem(page, 'user-name-not-numeric[');
      const saved = readFileSync(file('go-service/Dockerfile'), 'utf8');
      assert.match(saved, /^USER 10001$/m);
      assert.match(saved, /^RUN apk add --no-cache git$/m);
      // Unsafe fixes wait for a person: the end-of-life base image is still there.
      assert.match(saved, /^FROM golang:1\.23-alpine AS build$/m);
      await showProblems(page, '');
      await shot('fix-all-on-save');
    });

    await checks.run('the status bar shows the finding counts of the active file, as the CLI counts them', async () => {
      const expected = cliCounts(options.repoDir, file('go-service/Dockerfile'));
      assert.ok(expected.errors + expected.warnings + expected.infos > 0);
      const item = page.locator(STATUS_ITEM);
      const tooltip = statusTooltip(expected, 'Dockerfile');
      await waitUntil(`the status bar to say "${tooltip}"`, async () => ((await item.getAttribute('aria-label'))?.endsWith(tooltip) ? true : undefined));
      const numbers = ((await item.textContent()) ?? '').trim().split(/\s+/).map(Number);
      assert.deepEqual(numbers, [expected.errors, expected.warnings, expected.infos].filter((n) => n > 0));
      const box = await item.boundingBox();
      assert.ok(box);
      await item.hover();
      await page.locator('.monaco-hover:not(.hidden)', { hasText: 'Shipshape found' }).waitFor({ state: 'visible' });
      await shot('status-bar', { x: 0, y: VIEWPORT.height - 110, width: 600, height: 110 });
    });

    await checks.run('Shipshape: Lint Workspace from the command palette reports files that were never opened', async () => {
      await showProblems(page, 'secret-manifest');
      assert.deepEqual(await problemRows(page), [], 'storefront-secret.yaml was never opened, so nothing is reported yet');
      await runCommand(page, 'Shipshape: Lint Workspace');
      await waitForProblem(page, 'secret-manifest[Ln 9, Col 1]');
      // The headless workbench files the summary in the notification centre without a toast.
      await page.locator('[id="status.notifications"]').click();
      const summary = page.locator('.notifications-center .notification-list-item', { hasText: 'files linted' });
      await summary.waitFor({ state: 'visible' });
      // node-api/Dockerfile, web-deployment.yaml and go-service/Dockerfile are open: the server already reports on them.
      assert.match((await summary.textContent()) ?? '', /Shipshape: 5 files linted, \d+ errors?, /);
      await page.locator('[id="status.notifications"]').click();
      await summary.waitFor({ state: 'hidden' });
      await showProblems(page, 'add-remote-unverified');
      await waitForProblem(page, 'add-remote-unverified[Ln 13, Col 5]');
      const rows = await problemRows(page);
      assert.ok(rows.some((row) => row.startsWith('Dockerfilepython-worker')), `python-worker/Dockerfile is listed: ${rows.join(' | ')}`);
      await showProblems(page, 'secret-hardcoded');
      await waitForProblem(page, 'storefront-secret.yamlk8s');
      await showProblems(page, '');
      await page.locator('.part.panel .codicon-collapse-all').first().click();
      for (const entry of ['Dockerfilepython-worker', 'storefront-secret.yamlk8s', 'nightly-report-cronjob.yamlk8s', 'legacy-namespace.yamlk8s']) await waitForProblem(page, entry);
      await shot('lint-workspace');
    });
  } finally {
    await browser.close();
  }
  return checks.outcomes;
}

async function waitForProblem(page: Page, text: string): Promise<void> {
  await waitUntil(`a Problems entry containing "${text}"`, async () => ((await problemRows(page)).some((row) => row.includes(text)) ? true : undefined));
}

async function waitForNoProblem(page: Page, text: string): Promise<void> {
  await waitUntil(`no Problems entry containing "${text}"`, async () => ((await problemRows(page)).some((row) => row.includes(text)) ? undefined : true));
}

/** The counts `shipshape lint` reports for one file: the status bar must agree with CI. */
function cliCounts(repoDir: string, path: string): FindingCounts {
  const output = execFileSync(process.execPath, [join(repoDir, 'dist', 'cli.js'), 'lint', path, '--format', 'json', '--fail-on', 'never'], { encoding: 'utf8' });
  const report = JSON.parse(output) as { files: Array<{ findings: Array<{ severity: string }> }> };
  const findings = report.files.flatMap((entry) => entry.findings);
  return {
    errors: findings.filter((finding) => finding.severity === 'error').length,
    warnings: findings.filter((finding) => finding.severity === 'warning').length,
    infos: findings.filter((finding) => finding.severity === 'info').length,
  };
}
