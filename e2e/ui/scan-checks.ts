// The image scan as a person uses it: a Dockerfile names an image on a registry, the "Scan image" code lens
// above its FROM starts the scan, and the report opens in a webview. The registry and the OSV API are the
// test servers of the unit tests, started here on 127.0.0.1; the installed VSIX reaches them because the
// workspace settings point it there.
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { startOsvServer, type OsvTestServer } from '../../test/helpers/osv-server';
import { startRegistryServer, type TestRegistry } from '../../test/helpers/registry-server';
import { SHOP_IMAGE_REPOSITORY, SHOP_IMAGE_TAG, SHOP_OSV_RECORDS, shopImage } from '../../test/helpers/scan-fixtures';
import { Checks, slug } from '../lib/checks';
import type { CheckOutcome } from '../lib/report';
import { activeEditor, launchBrowser, openFile, problemRows, showProblems, waitUntil, workbenchUrl } from '../lib/workbench';

export interface ScanUiOptions {
  serverUrl: string;
  runDir: string;
  screenshotDir: string;
}

export async function runScanUiChecks(options: ScanUiOptions): Promise<CheckOutcome[]> {
  const image = shopImage();
  let registry: TestRegistry | undefined;
  let osv: OsvTestServer | undefined;
  const failureDir = join(options.runDir, 'failures');
  mkdirSync(failureDir, { recursive: true });
  const browser = await launchBrowser(options.runDir);
  const page = await browser.context.newPage();
  const checks = new Checks('ui scan', (title) => page.screenshot({ path: join(failureDir, `${slug(title)}.png`) }).then(() => undefined));
  try {
    registry = await startRegistryServer({
      repositories: { [SHOP_IMAGE_REPOSITORY]: { blobs: image.blobs, tags: { [SHOP_IMAGE_TAG]: image.manifest } } },
      auth: { kind: 'bearer' },
    });
    osv = await startOsvServer({ records: SHOP_OSV_RECORDS });
    const reference = `${registry.host}/${SHOP_IMAGE_REPOSITORY}:${SHOP_IMAGE_TAG}`;
    const workspace = scanWorkspace(join(options.runDir, 'scan-workspace'), reference, osv.url);

    await checks.run('the "Scan image" code lens scans the image of a FROM line and opens the report', async () => {
      await page.goto(workbenchUrl(options.serverUrl, workspace));
      await page.locator('.monaco-workbench').waitFor({ state: 'visible' });
      await openFile(page, 'api/Dockerfile');
      const lens = activeEditor(page).locator('.codelens-decoration a', { hasText: 'Scan image' }).first();
      await lens.waitFor({ state: 'visible' });
      await lens.click();
      const frame = await waitUntil('the scan report webview to show the openssl advisory', () => reportFrame(page, 'DSA-5585-1'));
      const row = frame.locator('tr', { hasText: 'DSA-5585-1' }).filter({ hasText: 'openssl' }).first();
      await row.waitFor({ state: 'visible' });
      const text = (await row.textContent()) ?? '';
      assert.match(text, /3\.0\.11-1~deb12u2/, 'installed version');
      assert.match(text, /3\.0\.13-1~deb12u1/, 'fixed version');
      await frame.locator('tr', { hasText: 'GHSA-35jh-r3h4-6jhm' }).first().waitFor({ state: 'visible' });
      await frame.getByText('Private key in the image').first().waitFor({ state: 'visible' });
      await page.screenshot({ path: join(options.screenshotDir, 'scan-report.png') });
    });

    await checks.run('after the scan, the FROM line carries a summary diagnostic of the scan', async () => {
      await openFile(page, 'api/Dockerfile');
      await showProblems(page, 'image-scan');
      await waitUntil('a Problems entry for the scan summary', async () => {
        const rows = await problemRows(page);
        return rows.some((row) => row.includes(SHOP_IMAGE_REPOSITORY) && row.includes('high')) ? true : undefined;
      });
    });
  } catch (error) {
    checks.fail('the scan servers start', error instanceof Error ? error.message : String(error));
  } finally {
    await browser.close();
    await registry?.close();
    await osv?.close();
  }
  return checks.outcomes;
}

/** A workspace with one Dockerfile naming the image, and settings that send the scan to the test servers. */
function scanWorkspace(folder: string, reference: string, osvUrl: string): string {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(join(folder, 'api'), { recursive: true });
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(join(folder, 'api', 'Dockerfile'), `FROM ${reference}\nUSER 10001\nCMD ["node", "server.js"]\n`);
  writeFileSync(
    join(folder, '.vscode', 'settings.json'),
    `${JSON.stringify({ 'shipshape.scan.osvUrl': osvUrl, 'shipshape.scan.platform': 'linux/amd64' }, null, 2)}\n`,
  );
  return folder;
}

/** The webview frame whose document shows `text`: webviews are nested iframes of the workbench page. */
async function reportFrame(page: Page, text: string): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    try {
      if ((await frame.locator('table').count()) > 0 && (await frame.getByText(text).count()) > 0) return frame;
    } catch {
      // A frame that navigates or goes away while it is searched is simply not the report.
    }
  }
  return undefined;
}
