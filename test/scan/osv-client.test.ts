import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { findVulnerabilities, type FindVulnerabilitiesOptions } from '../../server/src/scan/osv';
import type { InstalledPackage, Inventory, OsIdentity, ScanProgress } from '../../server/src/scan/types';
import { closedPortUrl, startOsvServer, type OsvFixtureRecord, type OsvTestServer } from '../helpers/osv-server';

const V31_CRITICAL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const V31_HIGH = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H';
const HOUR = 60 * 60 * 1000;
const FAST_RETRIES = [5, 5];

const DEBIAN_12: OsIdentity = { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)', path: 'etc/os-release' };

const libssl3: InstalledPackage = {
  name: 'libssl3',
  version: '3.0.11-1~deb12u1',
  ecosystem: 'deb',
  sourceName: 'openssl',
  sourceVersion: '3.0.11-1~deb12u1',
  arch: 'amd64',
  path: 'var/lib/dpkg/status',
  layerIndex: 0,
  purl: 'pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12',
};
const opensslBinary: InstalledPackage = { ...libssl3, name: 'openssl', purl: undefined };
const lodash: InstalledPackage = { name: 'lodash', version: '4.17.20', ecosystem: 'npm', path: 'app/node_modules/lodash/package.json', layerIndex: 3 };

const DSA: OsvFixtureRecord = {
  id: 'DSA-5532-1',
  summary: 'openssl - security update',
  upstream: ['CVE-2023-5363', 'CVE-2023-5678'],
  affected: [
    {
      package: { ecosystem: 'Debian:12', name: 'openssl' },
      versions: ['3.0.11-1~deb12u1'],
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }] }],
    },
  ],
  references: [{ type: 'ADVISORY', url: 'https://www.debian.org/security/2023/dsa-5532' }],
};

const GHSA: OsvFixtureRecord = {
  id: 'GHSA-35jh-r3h4-6jhm',
  summary: 'Command Injection in lodash',
  details: 'lodash versions prior to 4.17.21 are vulnerable to Command Injection via the template function.',
  aliases: ['CVE-2021-23337'],
  severity: [{ type: 'CVSS_V3', score: V31_HIGH }],
  affected: [
    {
      package: { ecosystem: 'npm', name: 'lodash' },
      versions: ['4.17.20'],
      ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
      database_specific: { source: 'https://github.com/github/advisory-database' },
    },
  ],
  references: [
    { type: 'ADVISORY', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337' },
    { type: 'WEB', url: 'https://github.com/lodash/lodash/commit/3469357cff396a26c363f8c1b5a91dde28ba4b1c' },
    { type: 'WEB', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337' },
  ],
  database_specific: { severity: 'HIGH' },
};

function inventory(packages: InstalledPackage[], os: OsIdentity | undefined = DEBIAN_12): Inventory {
  return { packages, warnings: [], ...(os ? { os } : {}) };
}

function npmPackage(name: string, version = '1.0.0'): InstalledPackage {
  return { name, version, ecosystem: 'npm', path: `app/node_modules/${name}/package.json`, layerIndex: 1 };
}

function npmRecord(id: string, name: string, version = '1.0.0', extra: Partial<OsvFixtureRecord> = {}): OsvFixtureRecord {
  return {
    id,
    summary: `${id} in ${name}`,
    affected: [{ package: { ecosystem: 'npm', name }, versions: [version], ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '9.0.0' }] }] }],
    ...extra,
  };
}

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('findVulnerabilities against an OSV server', () => {
  let server: OsvTestServer;
  let cacheRoot: string;
  let cacheCount = 0;
  const newCacheDir = (): string => path.join(cacheRoot, `cache-${++cacheCount}`);
  const run = (target: Inventory, options: FindVulnerabilitiesOptions = {}) =>
    findVulnerabilities(target, { url: server.url, retryDelaysMs: FAST_RETRIES, cacheDir: newCacheDir(), ...options });

  before(async () => {
    cacheRoot = await mkdtemp(path.join(tmpdir(), 'shipshape-osv-'));
  });
  after(async () => {
    await rm(cacheRoot, { recursive: true, force: true });
  });
  afterEach(async () => {
    await server?.close();
  });

  it('reports each affected package with severity, fixed version, aliases and links', async () => {
    server = await startOsvServer({ records: [DSA, GHSA] });
    const progress: ScanProgress[] = [];
    const result = await run(inventory([libssl3, lodash, npmPackage('left-pad')]), { onProgress: (event) => progress.push(event) });
    assert.equal(result.status, 'ok');
    assert.equal('note' in result, false);
    const { arch: _arch, ...libssl3Report } = libssl3;
    assert.deepEqual(result.vulnerabilities, [
      {
        id: 'GHSA-35jh-r3h4-6jhm',
        aliases: ['CVE-2021-23337'],
        summary: 'Command Injection in lodash',
        severity: 'high',
        score: 7.5,
        vector: V31_HIGH,
        package: lodash,
        fixedVersion: '4.17.21',
        url: 'https://osv.dev/vulnerability/GHSA-35jh-r3h4-6jhm',
        references: ['https://nvd.nist.gov/vuln/detail/CVE-2021-23337', 'https://github.com/lodash/lodash/commit/3469357cff396a26c363f8c1b5a91dde28ba4b1c'],
      },
      {
        id: 'DSA-5532-1',
        aliases: ['CVE-2023-5363', 'CVE-2023-5678'],
        summary: 'openssl - security update',
        severity: 'unknown',
        package: libssl3Report,
        fixedVersion: '3.0.11-1~deb12u2',
        url: 'https://osv.dev/vulnerability/DSA-5532-1',
        references: ['https://www.debian.org/security/2023/dsa-5532'],
      },
    ]);
    assert.deepEqual(server.queries, [
      { ecosystem: 'Debian:12', name: 'openssl', version: '3.0.11-1~deb12u1', pageToken: undefined },
      { ecosystem: 'npm', name: 'lodash', version: '4.17.20', pageToken: undefined },
      { ecosystem: 'npm', name: 'left-pad', version: '1.0.0', pageToken: undefined },
    ]);
    assert.ok(progress.length > 0 && progress.every((event) => event.step === 'vulnerabilities'));
  });

  it('asks about Alpine, Ubuntu and Rocky Linux packages under their release', async () => {
    server = await startOsvServer({
      records: [
        {
          id: 'ALPINE-CVE-2024-0727',
          affected: [
            {
              package: { ecosystem: 'Alpine:v3.19', name: 'openssl' },
              versions: ['3.1.4-r5'],
              ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.1.4_rc1-r0' }, { fixed: '3.1.5-r0' }, { fixed: '3.1.4-r6' }] }],
            },
          ],
        },
        {
          id: 'UBUNTU-CVE-2024-0727',
          upstream: ['CVE-2024-0727'],
          severity: [{ type: 'Ubuntu', score: 'medium' }],
          affected: [{ package: { ecosystem: 'Ubuntu:22.04:LTS', name: 'openssl' }, versions: ['3.0.2-0ubuntu1.12'] }],
        },
        {
          id: 'RLSA-2024:0310',
          affected: [
            {
              package: { ecosystem: 'Rocky Linux:9', name: 'openssl' },
              versions: ['1:3.0.7-24.el9'],
              ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:3.0.7-25.el9_3' }] }],
            },
          ],
        },
      ],
    });
    const alpine = await run(
      inventory(
        [{ name: 'libcrypto3', version: '3.1.4-r5', ecosystem: 'apk', sourceName: 'openssl', path: 'lib/apk/db/installed', layerIndex: 0 }],
        { id: 'alpine', versionId: '3.19.1', path: 'etc/os-release' },
      ),
    );
    assert.deepEqual(
      alpine.vulnerabilities.map((vulnerability) => [vulnerability.id, vulnerability.package.name, vulnerability.fixedVersion]),
      [['ALPINE-CVE-2024-0727', 'libcrypto3', '3.1.4-r6']],
    );
    const ubuntu = await run(
      inventory(
        [{ name: 'libssl3', version: '3.0.2-0ubuntu1.12', ecosystem: 'deb', sourceName: 'openssl', path: 'var/lib/dpkg/status', layerIndex: 0 }],
        { id: 'ubuntu', versionId: '22.04', path: 'etc/os-release' },
      ),
    );
    assert.deepEqual(
      ubuntu.vulnerabilities.map((vulnerability) => [vulnerability.id, vulnerability.severity, vulnerability.aliases]),
      [['UBUNTU-CVE-2024-0727', 'medium', ['CVE-2024-0727']]],
    );
    const rocky = await run(
      inventory(
        [{ name: 'openssl-libs', version: '1:3.0.7-24.el9', ecosystem: 'rpm', sourceName: 'openssl', path: 'var/lib/rpm/rpmdb.sqlite', layerIndex: 0 }],
        { id: 'rocky', versionId: '9.3', path: 'etc/os-release' },
      ),
    );
    assert.deepEqual(
      rocky.vulnerabilities.map((vulnerability) => [vulnerability.id, vulnerability.package.name, vulnerability.fixedVersion]),
      [['RLSA-2024:0310', 'openssl-libs', '1:3.0.7-25.el9_3']],
    );
    assert.deepEqual(
      server.queries.map((query) => `${query.ecosystem} ${query.name}`),
      ['Alpine:v3.19 openssl', 'Ubuntu:22.04:LTS openssl', 'Rocky Linux:9 openssl', 'Rocky Linux:9 openssl-libs'],
    );
  });

  it('does not ask anything when there is nothing to ask', async () => {
    server = await startOsvServer({ records: [] });
    const result = await run(inventory([]));
    assert.deepEqual(result, { vulnerabilities: [], status: 'ok' });
    assert.equal(server.batchRequests, 0);
  });

  it('sends at most 1000 queries per request', async () => {
    const packages = Array.from({ length: 2500 }, (_, index) => npmPackage(`pkg-${index}`));
    server = await startOsvServer({ records: [npmRecord('GHSA-late-0001', 'pkg-1700'), npmRecord('GHSA-first-0001', 'pkg-3')] });
    const result = await run(inventory(packages));
    assert.deepEqual(server.batchSizes, [1000, 1000, 500]);
    assert.deepEqual(
      result.vulnerabilities.map((vulnerability) => [vulnerability.id, vulnerability.package.name]),
      [
        ['GHSA-late-0001', 'pkg-1700'],
        ['GHSA-first-0001', 'pkg-3'],
      ],
    );
  });

  it('follows next_page_token until the last page', async () => {
    const ids = ['GHSA-p-0001', 'GHSA-p-0002', 'GHSA-p-0003', 'GHSA-p-0004', 'GHSA-p-0005'];
    server = await startOsvServer({ records: [...ids.map((id) => npmRecord(id, 'busy')), npmRecord('GHSA-q-0001', 'calm')], pageSize: 2 });
    const result = await run(inventory([npmPackage('busy'), npmPackage('calm')]));
    assert.equal(result.status, 'ok');
    assert.deepEqual(result.vulnerabilities.map((vulnerability) => vulnerability.id).sort(), [...ids, 'GHSA-q-0001']);
    assert.deepEqual(
      server.queries.map((query) => [query.name, query.pageToken]),
      [
        ['busy', undefined],
        ['calm', undefined],
        ['busy', 'page-2'],
        ['busy', 'page-4'],
      ],
    );
    assert.equal(server.batchRequests, 3);
  });

  it('reads each record once and reuses the disk cache on the next scan', async () => {
    server = await startOsvServer({ records: [DSA, GHSA] });
    const cacheDir = newCacheDir();
    const target = inventory([libssl3, opensslBinary, lodash]);
    const first = await run(target, { cacheDir });
    assert.equal(first.vulnerabilities.length, 3);
    assert.deepEqual(Object.fromEntries(server.detailRequestsById), { 'DSA-5532-1': 1, 'GHSA-35jh-r3h4-6jhm': 1 });
    assert.equal(server.batchRequests, 1);

    server.resetCounts();
    const second = await run(target, { cacheDir });
    assert.deepEqual(second, first);
    assert.equal(server.detailRequests, 0);
    assert.equal(server.batchRequests, 0);
  });

  it('keeps answers in memory when there is no cache folder', async () => {
    server = await startOsvServer({ records: [GHSA] });
    const first = await run(inventory([lodash]), { cacheDir: undefined });
    assert.equal(server.detailRequests, 1);
    server.resetCounts();
    const second = await run(inventory([lodash]), { cacheDir: undefined });
    assert.deepEqual(second, first);
    assert.equal(server.detailRequests, 0);
    assert.equal(server.batchRequests, 0);
  });

  it('asks again once cached answers and records expire', async () => {
    server = await startOsvServer({ records: [GHSA] });
    const cacheDir = newCacheDir();
    const start = Date.parse('2024-05-01T00:00:00Z');
    const at = (hours: number) => ({ cacheDir, now: () => start + hours * HOUR });
    await run(inventory([lodash]), at(0));
    assert.deepEqual([server.batchRequests, server.detailRequests], [1, 1]);

    server.resetCounts();
    await run(inventory([lodash]), at(11));
    assert.deepEqual([server.batchRequests, server.detailRequests], [0, 0], 'within both lifetimes');

    server.resetCounts();
    await run(inventory([lodash]), at(13));
    assert.deepEqual([server.batchRequests, server.detailRequests], [1, 0], 'query answers last 12 h, records 24 h');

    server.resetCounts();
    const late = await run(inventory([lodash]), at(26));
    assert.deepEqual([server.batchRequests, server.detailRequests], [1, 1], 'both expired');
    assert.equal(late.vulnerabilities[0]?.severity, 'high');

    server.resetCounts();
    await run(inventory([lodash]), { cacheDir, now: () => start + 27 * HOUR, cacheTtlMs: 30 * 60 * 1000, queryCacheTtlMs: 30 * 60 * 1000 });
    assert.deepEqual([server.batchRequests, server.detailRequests], [1, 1], 'shorter lifetimes from the options');
  });

  it('ignores corrupt cache files and replaces them', async () => {
    server = await startOsvServer({ records: [DSA, GHSA] });
    const cacheDir = newCacheDir();
    const target = inventory([libssl3, lodash]);
    const first = await run(target, { cacheDir });
    const files = await filesUnder(cacheDir);
    assert.equal(files.length, 4, 'two records and two query files (Debian:12, npm)');
    for (const file of files) await writeFile(file, '{"id": "DSA-5532-1", "storedAt": ');

    server.resetCounts();
    const second = await run(target, { cacheDir });
    assert.deepEqual(second, first);
    assert.deepEqual([server.batchRequests, server.detailRequests], [1, 2]);
    const rewritten = await filesUnder(cacheDir);
    assert.equal(rewritten.length, 4, 'no temporary files left behind');
    for (const file of rewritten) {
      const text = await readFile(file, 'utf8');
      assert.doesNotThrow(() => JSON.parse(text), file);
    }
  });

  it('says vulnerability data is unavailable when OSV cannot be reached', async () => {
    server = await startOsvServer({ records: [] });
    const url = await closedPortUrl();
    const result = await findVulnerabilities(inventory([libssl3, lodash]), { url, cacheDir: newCacheDir(), retryDelaysMs: FAST_RETRIES });
    assert.deepEqual(result, {
      vulnerabilities: [],
      status: 'unavailable',
      note: `vulnerability data unavailable: could not reach ${url} (ECONNREFUSED); packages and image checks are still reported. Check the network connection or the OSV URL setting (scan.osvUrl), then scan again.`,
    });
  });

  it('retries a failing batch request a few times, then says the data is unavailable', async () => {
    server = await startOsvServer({ records: [GHSA], failBatch: () => 500 });
    const result = await run(inventory([lodash]));
    assert.equal(result.status, 'unavailable');
    assert.match(result.note ?? '', new RegExp(`^vulnerability data unavailable: ${server.url} failed the request \\(HTTP 500 Internal Server Error\\);`));
    assert.equal(server.batchRequests, 3);
    assert.equal(server.detailRequests, 0);
  });

  it('succeeds when a retry of the batch request does', async () => {
    server = await startOsvServer({ records: [GHSA], failBatch: (request) => (request === 1 ? 503 : undefined) });
    const result = await run(inventory([lodash]));
    assert.equal(result.status, 'ok');
    assert.equal(server.batchRequests, 2);
    assert.deepEqual(result.vulnerabilities.map((vulnerability) => vulnerability.id), ['GHSA-35jh-r3h4-6jhm']);
  });

  it('does not retry a client error', async () => {
    server = await startOsvServer({ records: [GHSA], failBatch: () => 400 });
    const result = await run(inventory([lodash]));
    assert.equal(result.status, 'unavailable');
    assert.match(result.note ?? '', /HTTP 400 Bad Request/);
    assert.equal(server.batchRequests, 1);
  });

  it('keeps what was answered when a later batch request fails', async () => {
    const packages = Array.from({ length: 1500 }, (_, index) => npmPackage(`pkg-${index}`));
    server = await startOsvServer({ records: [npmRecord('GHSA-early-0001', 'pkg-10')], failBatch: (request) => (request >= 2 ? 500 : undefined) });
    const result = await run(inventory(packages));
    assert.equal(result.status, 'partial');
    assert.deepEqual(result.vulnerabilities.map((vulnerability) => vulnerability.id), ['GHSA-early-0001']);
    assert.equal(
      result.note,
      `vulnerability data is incomplete: 500 packages could not be checked because ${server.url} failed the request (HTTP 500 Internal Server Error). Scan again to complete it.`,
    );
  });

  it('lists a vulnerability by id when its record cannot be fetched', async () => {
    const broken = npmRecord('GHSA-brok-en00', 'lodash', '4.17.20');
    server = await startOsvServer({ records: [GHSA, broken], failDetail: (id) => (id === 'GHSA-brok-en00' ? 500 : undefined) });
    const result = await run(inventory([lodash]));
    assert.equal(result.status, 'partial');
    assert.deepEqual(
      result.vulnerabilities.map((vulnerability) => vulnerability.id),
      ['GHSA-35jh-r3h4-6jhm', 'GHSA-brok-en00'],
    );
    assert.deepEqual(result.vulnerabilities[1], {
      id: 'GHSA-brok-en00',
      aliases: [],
      severity: 'unknown',
      package: lodash,
      url: 'https://osv.dev/vulnerability/GHSA-brok-en00',
      references: [],
    });
    assert.equal(
      result.note,
      'details of 1 vulnerability could not be read (HTTP 500 Internal Server Error), so it is listed by id only, without severity or fixed version.',
    );
    assert.equal(server.detailRequestsById.get('GHSA-brok-en00'), 3, 'retried');
  });

  it('gives up on a service that does not answer in time', async () => {
    server = await startOsvServer({ records: [GHSA], delayMs: 2000 });
    const started = Date.now();
    const result = await run(inventory([lodash]), { timeoutMs: 100 });
    assert.equal(result.status, 'unavailable');
    assert.match(result.note ?? '', new RegExp(`could not reach ${server.url} \\(timed out after 0.1 s\\)`));
    assert.ok(Date.now() - started < 1500, 'did not wait for the answer');
  });

  it('stops when cancelled', async () => {
    server = await startOsvServer({ records: [GHSA], delayMs: 3000 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(run(inventory([lodash]), { signal: controller.signal }), { name: 'AbortError' });
    assert.ok(Date.now() - started < 2000, 'stopped without waiting for the answer');

    server.resetCounts();
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(run(inventory([lodash]), { signal: aborted.signal }), { name: 'AbortError' });
    assert.equal(server.batchRequests, 0);
  });

  it('stops when cancelled while reading records', async () => {
    server = await startOsvServer({ records: [GHSA, DSA], detailDelayMs: 3000 });
    const controller = new AbortController();
    const started = Date.now();
    const progress: string[] = [];
    const onProgress = (event: ScanProgress): void => {
      progress.push(event.detail ?? '');
      if (event.detail?.startsWith('reading vulnerability details')) setTimeout(() => controller.abort(), 50);
    };
    await assert.rejects(run(inventory([libssl3, lodash]), { signal: controller.signal, onProgress }), { name: 'AbortError' });
    assert.ok(Date.now() - started < 2000, 'stopped without waiting for the answers');
    assert.equal(server.batchRequests, 1);
    assert.ok(progress.includes('reading vulnerability details (0/2)'), progress.join(' | '));
  });

  it('says which packages were not checked and why', async () => {
    server = await startOsvServer({ records: [GHSA] });
    const centos: OsIdentity = { id: 'centos', versionId: '7', prettyName: 'CentOS Linux 7 (Core)', path: 'etc/os-release' };
    const bash: InstalledPackage = { name: 'bash', version: '4.2.46-35.el7_9', ecosystem: 'rpm', path: 'var/lib/rpm/Packages', layerIndex: 0 };
    const result = await run(inventory([bash, { ...bash, name: 'glibc' }, lodash], centos));
    assert.equal(result.status, 'ok');
    assert.equal(result.vulnerabilities.length, 1);
    assert.equal(result.note, '2 rpm packages were not checked for vulnerabilities: OSV has no advisories for CentOS Linux 7 (Core).');

    const onlySkipped = await run(inventory([bash], centos));
    assert.deepEqual(onlySkipped, {
      vulnerabilities: [],
      status: 'ok',
      note: '1 rpm package was not checked for vulnerabilities: OSV has no advisories for CentOS Linux 7 (Core).',
    });
  });

  it('merges records that are aliases of each other for one package', async () => {
    const requests = { name: 'requests', version: '2.31.0', ecosystem: 'pypi' as const, path: 'usr/lib/python3/dist-packages/requests.dist-info/METADATA', layerIndex: 2 };
    const affected = [
      { package: { ecosystem: 'PyPI', name: 'requests' }, versions: ['2.31.0'], ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.32.0' }] }] },
    ];
    server = await startOsvServer({
      records: [
        { id: 'PYSEC-2024-1', aliases: ['CVE-2024-35195', 'GHSA-9wx4-h78v-vm56'], affected },
        { id: 'GHSA-9wx4-h78v-vm56', aliases: ['CVE-2024-35195'], severity: [{ type: 'CVSS_V3', score: V31_CRITICAL }], summary: 'Session verify bypass', affected },
      ],
    });
    const result = await run(inventory([requests], undefined));
    assert.deepEqual(result.vulnerabilities, [
      {
        id: 'GHSA-9wx4-h78v-vm56',
        aliases: ['CVE-2024-35195', 'PYSEC-2024-1'],
        summary: 'Session verify bypass',
        severity: 'critical',
        score: 9.8,
        vector: V31_CRITICAL,
        package: requests,
        fixedVersion: '2.32.0',
        url: 'https://osv.dev/vulnerability/GHSA-9wx4-h78v-vm56',
        references: [],
      },
    ]);
  });

  it('leaves out withdrawn records', async () => {
    server = await startOsvServer({ records: [GHSA, npmRecord('GHSA-with-draw', 'lodash', '4.17.20', { withdrawn: '2024-02-01T00:00:00Z' })] });
    const result = await run(inventory([lodash]));
    assert.deepEqual(result.vulnerabilities.map((vulnerability) => vulnerability.id), ['GHSA-35jh-r3h4-6jhm']);
  });

  it('reaches a mirror that serves the API under a path', async () => {
    server = await startOsvServer({ records: [GHSA] });
    const result = await run(inventory([lodash]), { url: `${server.url}/osv/` });
    assert.equal(result.status, 'ok');
    assert.equal(result.vulnerabilities.length, 1);
  });

  it('refuses an OSV URL that is not http or https', async () => {
    server = await startOsvServer({ records: [] });
    const result = await run(inventory([lodash]), { url: 'ftp://mirror.example/osv' });
    assert.equal(result.status, 'unavailable');
    assert.match(result.note ?? '', /^vulnerability data unavailable: the OSV URL "ftp:\/\/mirror.example\/osv" is not an http or https URL;/);
  });
});
