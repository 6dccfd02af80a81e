// Hostile registries, part 2: a registry that never goes silent but never finishes (one byte at a time) must
// not hold a scan forever. The blob deadline, the minimum transfer rate and the scan deadline each end it in
// bounded time with a message naming the limit; cancellation still ends it at once. Short limits keep the
// tests fast; the defaults are checked in transfer-limits' own terms.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { ScanReport } from '../../server/src/protocol';
import { scanImage, type ScanOptions } from '../../server/src/scan/scan-image';
import { BlobTransfer, DEFAULT_TRANSFER_LIMITS, transferLimits } from '../../server/src/scan/transfer-limits';
import { runCliAsync } from '../cli/helpers';
import { startRegistryServer, type TestRegistry } from '../helpers/registry-server';
import { scratchFolder } from '../helpers/scratch-folder';
import { buildImage, type TestImage } from '../helpers/test-image';

const work = scratchFolder('hostile-deadlines');
const env = { HOME: work.path, XDG_CACHE_HOME: path.join(work.path, 'cache'), DOCKER_CONFIG: path.join(work.path, 'docker') };

const options = (transfer: ScanOptions['transfer'], signal?: AbortSignal): ScanOptions => ({
  allowNetwork: true,
  lookUpVulnerabilities: false,
  insecureRegistries: [],
  allowCredentialHelpers: false,
  dockerConfigPath: path.join(work.path, 'docker', 'config.json'),
  platform: { os: 'linux', architecture: 'amd64' },
  transfer,
  ...(signal ? { signal } : {}),
});

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

describe('hostile registry: trickled blobs end in bounded time', () => {
  let image: TestImage;
  let slowLayer: TestRegistry;
  let dripLayer: TestRegistry;
  let slowManifest: TestRegistry;

  before(async () => {
    image = buildImage({ layers: [[{ path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' }, { path: 'app/data.txt', content: 'x'.repeat(4000) }]] });
    const repositories = { 'slow/app': { blobs: image.blobs, tags: { '1': image.manifest } } };
    slowLayer = await startRegistryServer({ repositories, trickle: { digests: [image.layers[0]!.digest], intervalMs: 50 } });
    // One byte every 10 s: the case that used to keep a scan running forever.
    dripLayer = await startRegistryServer({ repositories, trickle: { digests: [image.layers[0]!.digest], intervalMs: 10_000 } });
    slowManifest = await startRegistryServer({ repositories, trickle: { digests: [image.manifest.digest], intervalMs: 50 } });
  });
  after(async () => {
    await Promise.all([slowLayer.close(), dripLayer.close(), slowManifest.close()]);
  });

  const name = (registry: TestRegistry) => `${registry.host}/slow/app:1`;

  it('has defaults that end a one-byte-every-10-s registry within a minute', () => {
    assert.ok(DEFAULT_TRANSFER_LIMITS.minBytesPerSecond > 0 && DEFAULT_TRANSFER_LIMITS.rateWindowMs <= 60_000);
    assert.ok(DEFAULT_TRANSFER_LIMITS.blobTimeoutMs < DEFAULT_TRANSFER_LIMITS.scanTimeoutMs);
  });

  it('measures the rate from the first byte, so waiting for an answer (a Retry-After) is not a slow transfer', async () => {
    const transfer = new BlobTransfer('layer 1/1', transferLimits({ rateWindowMs: 100, minBytesPerSecond: 1000 }), undefined);
    try {
      await sleep(350);
      assert.equal(transfer.signal.aborted, false, 'no window ran before the first byte');
      transfer.received(1);
      await sleep(250);
      assert.match(transfer.failure?.message ?? '', /^layer 1\/1 arrived at 10 bytes\/s over 0\.1 s, below the minimum of 1000 bytes\/s/);
      assert.equal(transfer.signal.aborted, true);
    } finally {
      transfer.finish();
    }
  });

  it('the minimum transfer rate stops a layer that sends one byte every 10 s at the end of the first window', async () => {
    const { value: report, ms } = await timed(() => scanImage({ kind: 'registry', image: name(dripLayer) }, options({ minBytesPerSecond: 100, rateWindowMs: 500 })));
    assert.equal(report.integrity.status, 'failed');
    assert.match(report.integrity.note ?? '', /layer 1\/1 .* arrived at 2\.0 bytes\/s over 0\.5 s, below the minimum of 100 bytes\/s \(minimum transfer rate setting\)/);
    assert.ok(ms < 3000, `${Math.round(ms)} ms`);
  });

  it('the minimum transfer rate stops a layer that trickles at 20 bytes/s', async () => {
    const { value: report, ms } = await timed(() => scanImage({ kind: 'registry', image: name(slowLayer) }, options({ minBytesPerSecond: 1000, rateWindowMs: 400 })));
    assert.equal(report.integrity.status, 'failed');
    assert.match(report.integrity.note ?? '', /arrived at \d+(\.\d)? bytes\/s over 0\.4 s, below the minimum of 1000 bytes\/s/);
    assert.ok(ms < 3000, `${Math.round(ms)} ms`);
  });

  it('the blob deadline stops a layer that keeps flowing but never finishes', async () => {
    const { value: report, ms } = await timed(() => scanImage({ kind: 'registry', image: name(slowLayer) }, options({ blobTimeoutMs: 700, minBytesPerSecond: 0 })));
    assert.equal(report.integrity.status, 'failed');
    assert.match(report.integrity.note ?? '', /(was not read|did not finish) within (its limit of )?0\.7 s/);
    assert.ok(ms < 3000, `${Math.round(ms)} ms`);
  });

  it('the blob deadline also bounds a manifest that trickles, and the scan fails with a message', async () => {
    const { value: error, ms } = await timed(() =>
      scanImage({ kind: 'registry', image: name(slowManifest) }, options({ blobTimeoutMs: 600, minBytesPerSecond: 0 })).then(
        () => assert.fail('the scan must not succeed'),
        (rejection: unknown) => rejection as Error,
      ),
    );
    assert.match(error.message, /the transfer did not finish within 0\.6 s \(blob timeout setting\)/);
    assert.ok(ms < 3000, `${Math.round(ms)} ms`);
  });

  it('the scan deadline stops the whole scan', async () => {
    const { value: report, ms } = await timed(() => scanImage({ kind: 'registry', image: name(slowLayer) }, options({ scanTimeoutMs: 800, minBytesPerSecond: 0 })));
    assert.equal(report.integrity.status, 'failed');
    assert.match(report.integrity.note ?? '', /the scan took longer than its limit of 0\.8 s \(scan timeout setting\)/);
    assert.ok(ms < 3000, `${Math.round(ms)} ms`);
  });

  it('cancellation still ends a trickling scan at once, without a report', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const { value: error, ms } = await timed(() =>
      scanImage({ kind: 'registry', image: name(dripLayer) }, options({}, controller.signal)).then(
        () => assert.fail('a cancelled scan has no report'),
        (rejection: unknown) => rejection as Error,
      ),
    );
    assert.equal(error.name, 'AbortError');
    assert.ok(ms < 2000, `${Math.round(ms)} ms`);
  });

  it('the CLI takes --blob-timeout and --min-transfer-rate and exits 3 when a layer misses them', async () => {
    const run = await runCliAsync(['scan', name(dripLayer), '--offline', '--platform', 'linux/amd64', '--blob-timeout', '1', '--fail-on', 'never', '--format', 'json'], { cwd: work.path, env });
    assert.equal(run.status, 3, run.stderr);
    const report = JSON.parse(run.stdout) as ScanReport;
    assert.match(report.integrity.note ?? '', /within (its limit of )?1 s/);
  });

  it('the CLI takes --scan-timeout and exits 2 when the image cannot even be opened in time', async () => {
    const started = performance.now();
    const run = await runCliAsync(['scan', name(slowManifest), '--offline', '--platform', 'linux/amd64', '--scan-timeout', '1'], { cwd: work.path, env });
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /shipshape: error: .*the scan took longer than its limit of 1 s/);
    assert.ok(performance.now() - started < 8000);
  });

  it('the CLI reads the limits from .shipshape.yaml', async () => {
    const project = work.fresh('project');
    mkdirSync(project, { recursive: true });
    writeFileSync(path.join(project, '.shipshape.yaml'), 'scan:\n  blobTimeout: 0.8\n  minTransferRate: 0\n');
    const run = await runCliAsync(['scan', name(slowLayer), '--offline', '--platform', 'linux/amd64', '--format', 'json', '--fail-on', 'never'], { cwd: project, env });
    assert.equal(run.status, 3, run.stderr);
    assert.match((JSON.parse(run.stdout) as ScanReport).integrity.note ?? '', /within (its limit of )?0\.8 s/);
  });
});
