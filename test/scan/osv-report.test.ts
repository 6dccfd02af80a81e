import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PackageQueries } from '../../server/src/scan/osv/ecosystem-mapping';
import { parseVulnerability, type OsvVulnerability } from '../../server/src/scan/osv/osv-schema';
import { buildReportVulnerabilities, osvPageUrl } from '../../server/src/scan/osv/report-vulnerabilities';
import type { InstalledPackage } from '../../server/src/scan/types';

const V31_HIGH = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H';

const curl: InstalledPackage = {
  name: 'libcurl4',
  version: '7.88.1-10+deb12u4',
  ecosystem: 'deb',
  sourceName: 'curl',
  sourceVersion: '7.88.1-10+deb12u4',
  arch: 'arm64',
  path: 'var/lib/dpkg/status',
  layerIndex: 0,
};
const query = { ecosystem: 'Debian:12', name: 'curl', version: '7.88.1-10+deb12u4' };
const planned: PackageQueries[] = [{ package: curl, queries: [query] }];

function records(...jsons: Array<Record<string, unknown>>): Map<string, OsvVulnerability> {
  const map = new Map<string, OsvVulnerability>();
  for (const json of jsons) {
    const parsed = parseVulnerability(json);
    assert.ok(parsed);
    map.set(parsed.id, parsed);
  }
  return map;
}

function answers(ids: string[]): Map<string, string[]> {
  return new Map([[`${query.ecosystem}\u0000${query.name}\u0000${query.version}`, ids]]);
}

const affected = (fixed: string) => [
  { package: { ecosystem: 'Debian:12', name: 'curl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] },
];

describe('report entries', () => {
  it('merges a single-CVE record with another record of that CVE, but not a multi-CVE advisory', () => {
    const found = buildReportVulnerabilities(
      planned,
      answers(['DSA-5587-1', 'DEBIAN-CVE-2023-46218', 'DEBIAN-CVE-2023-46219']),
      records(
        { id: 'DSA-5587-1', upstream: ['CVE-2023-46218', 'CVE-2023-46219'], summary: 'curl - security update', affected: affected('7.88.1-10+deb12u5') },
        { id: 'DEBIAN-CVE-2023-46218', upstream: ['CVE-2023-46218'], severity: [{ type: 'CVSS_V3', score: V31_HIGH }], affected: affected('7.88.1-10+deb12u5') },
        { id: 'DEBIAN-CVE-2023-46219', upstream: ['CVE-2023-46219'], affected: affected('7.88.1-10+deb12u5') },
      ),
    );
    assert.deepEqual(
      found.map((entry) => [entry.id, entry.severity, entry.aliases]),
      [
        ['DEBIAN-CVE-2023-46218', 'high', ['CVE-2023-46218']],
        ['DEBIAN-CVE-2023-46219', 'unknown', ['CVE-2023-46219']],
        ['DSA-5587-1', 'unknown', ['CVE-2023-46218', 'CVE-2023-46219']],
      ],
    );
    assert.deepEqual(found[0]?.package, {
      name: 'libcurl4',
      version: '7.88.1-10+deb12u4',
      ecosystem: 'deb',
      sourceName: 'curl',
      sourceVersion: '7.88.1-10+deb12u4',
      path: 'var/lib/dpkg/status',
      layerIndex: 0,
    });
  });

  it('joins groups that a later record shows to be the same, keeping the best and the known fix', () => {
    const found = buildReportVulnerabilities(
      planned,
      answers(['A-1', 'B-1', 'C-1']),
      records(
        { id: 'A-1', aliases: ['CVE-2024-1'], affected: affected('7.88.1-10+deb12u6') },
        { id: 'B-1', aliases: ['CVE-2024-2'], severity: [{ type: 'CVSS_V3', score: V31_HIGH }], affected: [] },
        { id: 'C-1', aliases: ['CVE-2024-1', 'CVE-2024-2'], affected: [] },
      ),
    );
    assert.equal(found.length, 1);
    assert.deepEqual(
      { id: found[0]?.id, aliases: found[0]?.aliases, severity: found[0]?.severity, fixedVersion: found[0]?.fixedVersion },
      { id: 'B-1', aliases: ['A-1', 'C-1', 'CVE-2024-1', 'CVE-2024-2'], severity: 'high', fixedVersion: '7.88.1-10+deb12u6' },
    );
  });

  it('reports what the record says, capped, and one entry per id when queries overlap', () => {
    const references = Array.from({ length: 15 }, (_, index) => ({ type: 'WEB', url: `https://example.com/${index}` }));
    const found = buildReportVulnerabilities(
      [{ package: curl, queries: [query, { ...query, name: 'curl-other' }] }],
      new Map([
        [`${query.ecosystem}\u0000${query.name}\u0000${query.version}`, ['X-1']],
        [`${query.ecosystem}\u0000curl-other\u0000${query.version}`, ['X-1']],
      ]),
      records({ id: 'X-1', details: '\n  First line of the details.  \nSecond line.', references: [...references, { url: 'ftp://nope' }], affected: [] }),
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]?.summary, 'First line of the details.');
    assert.equal(found[0]?.references.length, 10);
    assert.equal(found[0]?.references[0], 'https://example.com/0');
  });

  it('links to the OSV page of the id', () => {
    assert.equal(osvPageUrl('RHSA-2024:1234'), 'https://osv.dev/vulnerability/RHSA-2024:1234');
    assert.equal(osvPageUrl('odd id/1'), 'https://osv.dev/vulnerability/odd%20id%2F1');
  });

  it('handles thousands of records for one package quickly', () => {
    const ids = Array.from({ length: 5000 }, (_, index) => `DEBIAN-CVE-2024-${index}`);
    const jsons = ids.map((id, index) => ({ id, upstream: [`CVE-2024-${index}`], affected: affected('7.88.1-10+deb12u9') }));
    const started = Date.now();
    const found = buildReportVulnerabilities(planned, answers(ids), records(...jsons));
    assert.equal(found.length, 5000);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });
});
