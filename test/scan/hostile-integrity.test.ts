// Hostile registries and archives, part 1: the scan fails closed. A layer that does not match its digest or
// size, or unpacks like a bomb, leaves the image "not verified" in every output and exits 3 whatever --fail-on
// says; broken OSV answers are "vulnerability data unavailable", never a clean result. Real servers on
// 127.0.0.1, real layouts on disk, the built CLI as a process and the scan API.
import assert from 'node:assert/strict';
import { truncateSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { renderReportPage } from '../../client/src/util/scan-report-html';
import { scanSummaryMessage, summarySeverity } from '../../server/src/lsp/scan-summaries';
import type { ScanReport } from '../../server/src/protocol';
import { scanImage } from '../../server/src/scan/scan-image';
import { runCliAsync } from '../cli/helpers';
import { gzipBombLayer, imageOfLayers } from '../helpers/hostile-images';
import { startOsvServer, type OsvServerBehaviour, type OsvTestServer } from '../helpers/osv-server';
import { startRegistryServer, type TestRegistry } from '../helpers/registry-server';
import { SHOP_IMAGE_REPOSITORY, SHOP_IMAGE_TAG, SHOP_OSV_RECORDS, shopImage } from '../helpers/scan-fixtures';
import { scratchFolder } from '../helpers/scratch-folder';
import { writeOciLayout, type TestImage } from '../helpers/test-image';

const work = scratchFolder('hostile-integrity');
// An empty home and cache: no Docker credentials, no OSV answers from earlier runs.
const env = { HOME: work.path, XDG_CACHE_HOME: path.join(work.path, 'cache'), DOCKER_CONFIG: path.join(work.path, 'docker') };

function hexOf(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

describe('hostile registry: a tampered layer fails the scan whatever --fail-on says', () => {
  let image: TestImage;
  let registry: TestRegistry;
  let osv: OsvTestServer;

  before(async () => {
    image = shopImage();
    osv = await startOsvServer({ records: SHOP_OSV_RECORDS });
    // The second layer (the app: lodash, the private key) arrives with one byte changed.
    registry = await startRegistryServer({
      repositories: { [SHOP_IMAGE_REPOSITORY]: { blobs: image.blobs, tags: { [SHOP_IMAGE_TAG]: image.manifest } } },
      corruptBlobs: [image.layers[1]!.digest],
    });
  });
  after(async () => {
    await registry.close();
    await osv.close();
  });

  const reference = () => `${registry.host}/${SHOP_IMAGE_REPOSITORY}:${SHOP_IMAGE_TAG}`;

  it('the scan API marks the image not verified and names the layer and its digest', async () => {
    const report = await scanImage({ kind: 'registry', image: reference() }, { allowNetwork: true, lookUpVulnerabilities: false, insecureRegistries: [], allowCredentialHelpers: false, osvUrl: osv.url });
    assert.equal(report.integrity.status, 'failed');
    assert.match(report.integrity.note ?? '', /could not be verified: .*layer 2\/2 .* does not match its digest: its bytes hash to sha256:[0-9a-f]{64}/);
    assert.match(report.integrity.note ?? '', /do not rely on them/);
    assert.equal(report.vulnerabilityData.status, 'unavailable');
    assert.match(report.vulnerabilityData.note ?? '', /the image could not be verified, so its packages were not looked up/);
    // The editor's summary diagnostic and report view read the same report.
    assert.match(scanSummaryMessage(report), /: the image could not be verified .*cannot be trusted/);
    assert.equal(summarySeverity(report), 1, 'an Error diagnostic');
    const page = renderReportPage(report, { nonce: 'n', cspSource: 'vscode-resource:' });
    assert.match(page, /<strong>Image not verified\.<\/strong>/);
    assert.doesNotMatch(page, /are complete/, 'nothing of an unverified image is called complete');
  });

  for (const failOn of ['never', 'critical']) {
    it(`exits 3 with --fail-on ${failOn} and says so in stylish output and on stderr`, async () => {
      const run = await runCliAsync(['scan', reference(), '--osv-url', osv.url, '--fail-on', failOn, '--platform', 'linux/amd64'], { cwd: work.path, env });
      assert.equal(run.status, 3, run.stderr);
      assert.match(run.stdout, /^IMAGE NOT VERIFIED$/m);
      assert.match(run.stdout, /^image not verified; vulnerability data unavailable, \d+ image findings from unchecked layers$/m);
      assert.doesNotMatch(run.stdout, /no known vulnerabilities/);
      assert.match(run.stderr, /shipshape: error: The image .* could not be verified: .*does not match its digest/);
    });
  }

  it('JSON carries integrity "failed"; SARIF has an error result, an error notification and a failed execution', async () => {
    const json = await runCliAsync(['scan', reference(), '--osv-url', osv.url, '--format', 'json', '--fail-on', 'never', '--platform', 'linux/amd64'], { cwd: work.path, env });
    assert.equal(json.status, 3);
    const report = JSON.parse(json.stdout) as ScanReport;
    assert.equal(report.integrity.status, 'failed');
    const sarif = await runCliAsync(['scan', reference(), '--osv-url', osv.url, '--format', 'sarif', '--fail-on', 'never', '--platform', 'linux/amd64'], { cwd: work.path, env });
    assert.equal(sarif.status, 3);
    const run = (JSON.parse(sarif.stdout) as Sarif.Log).runs[0]!;
    const integrity = run.results?.find((result) => result.ruleId === 'image-integrity');
    assert.equal(integrity?.level, 'error');
    assert.match(integrity?.message.text ?? '', /could not be verified/);
    assert.equal(run.invocations?.[0]?.executionSuccessful, false);
    assert.ok(run.invocations?.[0]?.toolExecutionNotifications?.some((note) => note.level === 'error'));
    assert.equal(run.properties?.integrity, 'failed');
  });
});

describe('hostile archives: layers of the wrong size and decompression bombs', () => {
  it('a layout whose layer is shorter than its descriptor says exits 3', async () => {
    const image = shopImage();
    const layout = work.fresh('short-layer');
    writeOciLayout(layout, [{ image }]);
    const layer = image.layers[0]!;
    truncateSync(path.join(layout, 'blobs', 'sha256', hexOf(layer.digest)), layer.bytes.length - 10);
    const run = await runCliAsync(['scan', '--oci', layout, '--offline', '--format', 'json', '--fail-on', 'never'], { cwd: work.path, env });
    assert.equal(run.status, 3, run.stderr);
    const report = JSON.parse(run.stdout) as ScanReport;
    assert.equal(report.integrity.status, 'failed');
    assert.match(report.integrity.note ?? '', new RegExp(`holds ${layer.bytes.length - 10} bytes where ${layer.bytes.length} were recorded`));
  });

  it('a 2 MB gzip bomb (2 GiB of zeros) stops within a second, as an unverified image', async () => {
    const bomb = gzipBombLayer(2048);
    assert.ok(bomb.bytes.length < 3_000_000);
    const layout = work.fresh('bomb');
    writeOciLayout(layout, [{ image: imageOfLayers([bomb]) }]);
    const started = performance.now();
    const report = await scanImage({ kind: 'oci-layout', path: layout }, { allowNetwork: false, insecureRegistries: [], allowCredentialHelpers: false });
    const elapsed = performance.now() - started;
    assert.equal(report.integrity.status, 'failed');
    assert.match(report.integrity.note ?? '', /more than 200 times its stored size; reading stopped because it looks like a decompression bomb/);
    assert.ok(elapsed < 5000, `stopped after ${Math.round(elapsed)} ms (the ratio limit trips at 256 MiB, not at 8 GiB)`);

    const run = await runCliAsync(['scan', '--oci', layout, '--offline', '--fail-on', 'never'], { cwd: work.path, env });
    assert.equal(run.status, 3, run.stderr);
    assert.match(run.stdout, /IMAGE NOT VERIFIED/);
  });
});

describe('hostile OSV: broken answers are "vulnerability data unavailable" in every format', () => {
  let image: TestImage;
  let layout: string;
  before(() => {
    image = shopImage();
    layout = work.fresh('osv-layout');
    writeOciLayout(layout, [{ image }]);
  });

  const cases: Array<NonNullable<OsvServerBehaviour['brokenBatch']>> = ['not-json', 'wrong-shape', 'truncated', 'oversized'];
  for (const broken of cases) {
    it(`an answer that is ${broken}`, async () => {
      const osv = await startOsvServer({ records: SHOP_OSV_RECORDS, brokenBatch: broken });
      try {
        const args = ['scan', '--oci', layout, '--osv-url', osv.url, '--fail-on', 'never'];
        const stylish = await runCliAsync(args, { cwd: work.path, env: { ...env, XDG_CACHE_HOME: work.fresh('cache') } });
        assert.equal(stylish.status, 0, stylish.stderr);
        assert.match(stylish.stdout, /vulnerability data unavailable/i);
        assert.doesNotMatch(stylish.stdout, /no known vulnerabilities|none known/);
        const json = JSON.parse((await runCliAsync([...args, '--format', 'json'], { cwd: work.path, env: { ...env, XDG_CACHE_HOME: work.fresh('cache') } })).stdout) as ScanReport;
        assert.equal(json.vulnerabilityData.status, 'unavailable');
        assert.match(json.vulnerabilityData.note ?? '', /^vulnerability data unavailable: /);
        assert.deepEqual(json.vulnerabilities, []);
        const sarif = JSON.parse((await runCliAsync([...args, '--format', 'sarif'], { cwd: work.path, env: { ...env, XDG_CACHE_HOME: work.fresh('cache') } })).stdout) as Sarif.Log;
        const run = sarif.runs[0]!;
        assert.equal(run.properties?.vulnerabilityData, 'unavailable');
        assert.equal(run.invocations?.[0]?.executionSuccessful, false);
        assert.ok(run.invocations?.[0]?.toolExecutionNotifications?.some((note) => /vulnerability data unavailable/.test(note.message.text ?? '')));
        assert.match(scanSummaryMessage(json), /vulnerability data unavailable/);
        assert.doesNotMatch(renderReportPage(json, { nonce: 'n', cspSource: 'vscode-resource:' }), /No known vulnerabilities/);
      } finally {
        await osv.close();
      }
    });
  }

  it('an --offline scan never ends with "no known vulnerabilities"', async () => {
    const run = await runCliAsync(['scan', '--oci', layout, '--offline', '--fail-on', 'never'], { cwd: work.path, env });
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /no known vulnerabilities/);
    assert.match(run.stdout.trimEnd().split('\n').at(-1) ?? '', /^vulnerabilities not looked up, \d+ image findings$/);
  });
});
