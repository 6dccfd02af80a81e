// `shipshape scan` as a user runs it: the built CLI as a process, against a registry and an OSV API served
// on 127.0.0.1 by the test, and against `docker save` and OCI-layout files the test writes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import type { ScanReport } from '../../server/src/protocol';
import { closedPortUrl, startOsvServer, type OsvTestServer } from '../helpers/osv-server';
import { startRegistryServer, type TestRegistry } from '../helpers/registry-server';
import { SHOP_IMAGE_REPOSITORY, SHOP_IMAGE_TAG, SHOP_OSV_RECORDS, shopImage } from '../helpers/scan-fixtures';
import { buildIndex, writeDockerArchive, writeOciLayout, type TestImage } from '../helpers/test-image';
import { runCliAsync } from './helpers';

describe('cli: shipshape scan', () => {
  let image: TestImage;
  let osv: OsvTestServer;
  let registry: TestRegistry;
  let work: string;
  let env: Record<string, string>;

  before(async () => {
    image = shopImage();
    osv = await startOsvServer({ records: SHOP_OSV_RECORDS });
    const arm = shopImage({ os: 'linux', architecture: 'arm64' });
    registry = await startRegistryServer({
      repositories: { [SHOP_IMAGE_REPOSITORY]: { blobs: [...image.blobs, ...arm.blobs], tags: { [SHOP_IMAGE_TAG]: image.manifest, multi: buildIndex([image, arm]).index } } },
      auth: { kind: 'bearer' },
    });
    work = mkdtempSync(path.join(tmpdir(), 'shipshape-scan-cli-'));
    // An empty home and cache: no Docker credentials, no OSV answers from earlier runs.
    env = { HOME: work, XDG_CACHE_HOME: path.join(work, 'cache'), DOCKER_CONFIG: path.join(work, 'docker') };
  });
  after(async () => {
    await osv.close();
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  });

  const reference = () => `${registry.host}/${SHOP_IMAGE_REPOSITORY}:${SHOP_IMAGE_TAG}`;

  it('pulls from a registry and reports packages, vulnerabilities with fixed versions, and image findings (JSON)', async () => {
    const run = await runCliAsync(['scan', reference(), '--osv-url', osv.url, '--format', 'json', '--platform', 'linux/amd64'], { cwd: work, env });
    assert.equal(run.status, 1, `critical findings fail the run by default\n${run.stderr}`);
    const report = JSON.parse(run.stdout) as ScanReport;
    assert.equal(report.image.manifestDigest, image.manifest.digest);
    assert.equal(report.image.platform, 'linux/amd64');
    assert.equal(report.image.os?.id, 'debian');
    assert.deepEqual(
      report.packages.map((pkg) => `${pkg.ecosystem}:${pkg.name}@${pkg.version}`),
      ['deb:base-files@12.4+deb12u5', 'deb:libssl3@3.0.11-1~deb12u2', 'deb:openssl@3.0.11-1~deb12u2', 'npm:express@4.19.2', 'npm:lodash@4.17.20'],
    );
    const found = report.vulnerabilities.map((v) => [v.id, v.package.name, v.package.version, v.fixedVersion, v.severity]);
    assert.deepEqual(found, [
      ['DSA-5585-1', 'libssl3', '3.0.11-1~deb12u2', '3.0.13-1~deb12u1', 'high'],
      ['DSA-5585-1', 'openssl', '3.0.11-1~deb12u2', '3.0.13-1~deb12u1', 'high'],
      ['GHSA-35jh-r3h4-6jhm', 'lodash', '4.17.20', '4.17.21', 'high'],
    ]);
    assert.deepEqual(report.vulnerabilities.map((v) => v.score), [7.5, 7.5, 7.2], 'worst first, by CVSS score');
    assert.ok(report.vulnerabilities.every((v) => v.url === `https://osv.dev/vulnerability/${v.id}`));
    assert.deepEqual(report.vulnerabilities[2]?.aliases, ['CVE-2021-23337']);
    const ids = new Set(report.findings.map((finding) => finding.id));
    for (const id of ['image-user-root', 'image-private-key', 'image-ssh-exposed', 'image-setuid-file', 'image-healthcheck-missing']) assert.ok(ids.has(id), `${id} in ${[...ids].join(', ')}`);
    const key = report.findings.find((finding) => finding.id === 'image-private-key');
    assert.equal(key?.path, 'root/.ssh/id_rsa');
    assert.equal(key?.layerIndex, 1);
    assert.equal(report.vulnerabilityData.status, 'ok');
    assert.deepEqual(report.problems, []);
    assert.ok(registry.requests.some((request) => request.authorization?.startsWith('Bearer ')), 'the token flow was used');
  });

  it('picks the requested platform from a multi-platform index', async () => {
    const run = await runCliAsync(['scan', `${registry.host}/${SHOP_IMAGE_REPOSITORY}:multi`, '--platform', 'linux/arm64', '--offline', '--format', 'json', '--fail-on', 'never'], { cwd: work, env });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as ScanReport;
    assert.equal(report.image.platform, 'linux/arm64');
    assert.equal(report.vulnerabilityData.status, 'disabled');
  });

  it('names --platform when the image is not available for the platform asked for', async () => {
    const run = await runCliAsync(['scan', `${registry.host}/${SHOP_IMAGE_REPOSITORY}:multi`, '--platform', 'linux/s390x', '--offline'], { cwd: work, env });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /has no image for linux\/s390x; it is available for linux\/amd64, linux\/arm64\. Scan again with --platform, for example --platform linux\/amd64\./);
    assert.doesNotMatch(run.stderr, /setting/);
  });

  it('does not claim "no known vulnerabilities" when vulnerabilities were not looked up (--offline)', async () => {
    const run = await runCliAsync(['scan', reference(), '--offline', '--fail-on', 'never', '--platform', 'linux/amd64'], { cwd: work, env });
    assert.equal(run.status, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /no known vulnerabilities/);
    assert.match(run.stdout, /vulnerabilities not looked up, \d+ image findings/);
  });

  it('prints a readable report and exits by --fail-on', async () => {
    const run = await runCliAsync(['scan', reference(), '--osv-url', osv.url, '--fail-on', 'never', '--platform', 'linux/amd64'], { cwd: work, env });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /high\s+DSA-5585-1\s+openssl\s+3\.0\.11-1~deb12u2\s+fixed in 3\.0\.13-1~deb12u1/);
    assert.match(run.stdout, /3 vulnerabilities \(3 high\), 3 with a fix/);
    assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colour when not a terminal');
  });

  it('writes SARIF with one result per affected package', async () => {
    const out = path.join(work, 'scan.sarif');
    const run = await runCliAsync(['scan', reference(), '--osv-url', osv.url, '--format', 'sarif', '--output', out, '--fail-on', 'never', '--platform', 'linux/amd64'], { cwd: work, env });
    assert.equal(run.status, 0, run.stderr);
    const log = JSON.parse(readFileSync(out, 'utf8')) as Sarif.Log;
    const results = log.runs[0]?.results ?? [];
    const vulnerabilityResults = results.filter((result) => result.properties?.package !== undefined);
    assert.deepEqual(vulnerabilityResults.map((result) => `${result.ruleId} ${result.properties?.package} ${result.properties?.fixedVersion}`), [
      'DSA-5585-1 libssl3 3.0.13-1~deb12u1',
      'DSA-5585-1 openssl 3.0.13-1~deb12u1',
      'GHSA-35jh-r3h4-6jhm lodash 4.17.21',
    ]);
  });

  it('scans a docker save tarball and an OCI layout without a registry', async () => {
    const tar = path.join(work, 'shop.tar');
    writeDockerArchive([{ image, repoTags: ['shop/api:1.4.2'] }], tar);
    const layout = path.join(work, 'layout');
    writeOciLayout(layout, [{ image, refName: '1.4.2' }]);
    for (const args of [['--tar', tar], ['--oci', layout]]) {
      const run = await runCliAsync(['scan', ...args, '--osv-url', osv.url, '--format', 'json', '--fail-on', 'never'], { cwd: work, env });
      assert.equal(run.status, 0, run.stderr);
      const report = JSON.parse(run.stdout) as ScanReport;
      assert.equal(report.vulnerabilities.length, 3, args[0]);
      assert.equal(report.packages.length, 5);
    }
  });

  it('still reports inventory and findings when OSV cannot be reached, and says so', async () => {
    const run = await runCliAsync(['scan', reference(), '--osv-url', await closedPortUrl(), '--format', 'json', '--fail-on', 'never', '--platform', 'linux/amd64'], { cwd: work, env });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout) as ScanReport;
    assert.equal(report.vulnerabilityData.status, 'unavailable');
    assert.match(report.vulnerabilityData.note ?? '', /unavailable/i);
    assert.equal(report.packages.length, 5);
    assert.ok(report.findings.length > 0);
  });

  it('names the image and the step when the image does not exist', async () => {
    const run = await runCliAsync(['scan', `${registry.host}/shop/missing:1`, '--offline'], { cwd: work, env });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /shipshape: error: .*shop\/missing:1.*(not found|unknown|does not exist)/i);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  });

  it('refuses a file that is not an image with a clear message', async () => {
    const run = await runCliAsync(['scan', '--tar', path.join(work, 'nothing.tar')], { cwd: work, env });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /nothing\.tar/);
  });
});
