// Driving the code-server workbench with Playwright and Debian's Chromium.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { WAIT_MS, waitUntil } from './wait';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export { WAIT_MS, waitUntil } from './wait';

export const VIEWPORT = { width: 1280, height: 800 };

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile under `runDir`, writing nothing to the real home folder. */
export async function launchBrowser(runDir: string): Promise<Browser> {
  const home = join(runDir, 'browser-home');
  mkdirSync(home, { recursive: true });
  const profile = mkdtempSync(join(runDir, 'browser-profile-'));
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: VIEWPORT,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache') },
  });
  context.setDefaultTimeout(WAIT_MS);
  return { context, close: () => context.close() };
}

export function workbenchUrl(serverUrl: string, folder: string, payload?: ReadonlyArray<readonly [string, string]>): string {
  const query = [`folder=${encodeURIComponent(folder)}`];
  if (payload) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${serverUrl}/?${query.join('&')}`;
}

/** A `vscode-remote://` URI for a path on the code-server machine: how the workbench names server-side files. */
export function remoteUri(serverUrl: string, path: string): string {
  return `vscode-remote://${new URL(serverUrl).host}${path}`;
}

/** Opens a workspace file through Quick Open, and waits until its editor is the active one. */
export async function openFile(page: Page, relativePath: string): Promise<void> {
  const segments = relativePath.split('/');
  const name = segments[segments.length - 1] ?? relativePath;
  const folder = segments.length > 1 ? (segments[segments.length - 2] ?? '') : '';
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  // Click the row of this very file: the list first shows recently opened files with the same name.
  const row = page.locator(`.quick-input-widget .quick-input-list .monaco-list-row[aria-label^="${name} ${folder}"]`).first();
  await row.click();
  const group = page.locator('.editor-group-container.active');
  await group.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ state: 'visible' });
  if (folder) await group.locator('.breadcrumbs-control', { hasText: folder }).waitFor({ state: 'visible' });
  await activeEditor(page).locator('.view-lines').waitFor({ state: 'visible' });
}

export function activeEditor(page: Page): Locator {
  return page.locator('.editor-group-container.active .monaco-editor').first();
}

/** Moves the cursor to the start of a 1-based line with Go to Line. */
export async function goToLine(page: Page, line: number): Promise<void> {
  await activeEditor(page).locator('.view-lines').click();
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await input.press('Enter');
  await page.keyboard.press('Home');
}

/** The text of every rendered line of the active editor, in order (the editor renders what is in view). */
export async function visibleLines(page: Page): Promise<string[]> {
  return activeEditor(page)
    .locator('.view-lines')
    .evaluate((element) =>
      [...element.querySelectorAll<HTMLElement>('.view-line')]
        .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
        .map((line) => (line.textContent ?? '').replace(/\u00a0/g, ' ')),
    );
}

export async function runCommand(page: Page, label: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${label}`);
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first().waitFor({ state: 'visible' });
  await input.press('Enter');
}

/**
 * Opens the Problems panel (a keypress is the reliable way) and filters it, waiting until the rows shown are the
 * filtered ones (the panel applies a filter after a pause); an empty filter shows everything.
 */
export async function showProblems(page: Page, filter: string): Promise<void> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor({ state: 'visible' });
  const input = page.locator('.viewpane-filter input[aria-label="Filter Problems"]');
  await input.waitFor({ state: 'visible' });
  await input.fill(filter);
  const badge = page.locator('.viewpane-filter .viewpane-filter-badge');
  if (filter === '') {
    await waitUntil('the Problems filter to be cleared', async () => ((await badge.isVisible()) ? undefined : true));
    return;
  }
  const wanted = filter.toLowerCase();
  await waitUntil(`the Problems panel to apply the filter "${filter}"`, async () => {
    if (!((await badge.textContent()) ?? '').startsWith('Showing')) return undefined;
    const entries = (await problemRows(page)).filter((row) => row.includes('[Ln '));
    return entries.every((row) => row.toLowerCase().includes(wanted)) ? true : undefined;
  });
}

/** The text of the Problems panel's rows as rendered now. */
export async function problemRows(page: Page): Promise<string[]> {
  return page.locator('.markers-panel .monaco-list-row').allTextContents();
}

