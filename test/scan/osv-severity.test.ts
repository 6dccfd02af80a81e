import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { affectedEntriesFor, lowestFixedVersion } from '../../server/src/scan/osv/fixed-version';
import { parseVulnerability, type OsvVulnerability } from '../../server/src/scan/osv/osv-schema';
import { cvssScore, severityFromScore, severityFromWord, severityOf } from '../../server/src/scan/osv/severity';

const V31_CRITICAL = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
const V30_MEDIUM = 'CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N';
const V4_HIGH = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U';
const V2_HIGH = 'AV:N/AC:L/Au:N/C:P/I:P/A:P';

function record(json: Record<string, unknown>): OsvVulnerability {
  const parsed = parseVulnerability({ id: 'TEST-1', ...json });
  assert.ok(parsed);
  return parsed;
}

function severityOfRecord(json: Record<string, unknown>) {
  const vulnerability = record(json);
  return severityOf(vulnerability, vulnerability.affected);
}

describe('CVSS scores', () => {
  it('scores v2, v3.0, v3.1 and v4.0 vectors', () => {
    assert.equal(cvssScore('CVSS_V3', V31_CRITICAL), 9.8);
    assert.equal(cvssScore('CVSS_V3', V30_MEDIUM), 5.4);
    assert.equal(cvssScore('CVSS_V2', V2_HIGH), 7.5);
    assert.equal(cvssScore('CVSS_V2', `(${V2_HIGH})`), 7.5);
    // v4 scores the vector as written: the threat metric E:U lowers 9.3 to 8.1.
    assert.equal(cvssScore('CVSS_V4', V4_HIGH), 8.1);
  });

  it('rejects malformed, partial and mislabelled vectors', () => {
    assert.equal(cvssScore('CVSS_V3', 'CVSS:3.1/AV:N/AC:L'), undefined);
    assert.equal(cvssScore('CVSS_V3', 'CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'), undefined);
    assert.equal(cvssScore('CVSS_V3', 'not a vector'), undefined);
    assert.equal(cvssScore('CVSS_V4', V31_CRITICAL), undefined);
    assert.equal(cvssScore('CVSS_V2', V31_CRITICAL), undefined);
  });

  it('bands scores as FIRST does', () => {
    assert.deepEqual([10, 9, 8.9, 7, 6.9, 4, 3.9, 0.1, 0].map(severityFromScore), [
      'critical',
      'critical',
      'high',
      'high',
      'medium',
      'medium',
      'low',
      'low',
      'unknown',
    ]);
  });
});

describe('vulnerability severity', () => {
  it('prefers a v4 vector over v3 over v2', () => {
    assert.deepEqual(
      severityOfRecord({
        severity: [
          { type: 'CVSS_V2', score: V2_HIGH },
          { type: 'CVSS_V3', score: V31_CRITICAL },
          { type: 'CVSS_V4', score: V4_HIGH },
        ],
      }),
      { severity: 'high', score: 8.1, vector: V4_HIGH },
    );
    assert.deepEqual(
      severityOfRecord({ severity: [{ type: 'CVSS_V2', score: V2_HIGH }, { type: 'CVSS_V3', score: V30_MEDIUM }] }),
      { severity: 'medium', score: 5.4, vector: V30_MEDIUM },
    );
    assert.deepEqual(severityOfRecord({ severity: [{ type: 'CVSS_V2', score: V2_HIGH }] }), { severity: 'high', score: 7.5, vector: V2_HIGH });
  });

  it("prefers the package's own vector to the record's, and skips unusable vectors", () => {
    assert.deepEqual(
      severityOfRecord({
        severity: [{ type: 'CVSS_V3', score: V31_CRITICAL }],
        affected: [{ package: { ecosystem: 'npm', name: 'x' }, severity: [{ type: 'CVSS_V3', score: V30_MEDIUM }] }],
      }),
      { severity: 'medium', score: 5.4, vector: V30_MEDIUM },
    );
    assert.deepEqual(
      severityOfRecord({ severity: [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N' }, { type: 'CVSS_V3', score: V31_CRITICAL }] }),
      { severity: 'critical', score: 9.8, vector: V31_CRITICAL },
    );
  });

  it('falls back to the words advisories use', () => {
    assert.deepEqual(severityOfRecord({ database_specific: { severity: 'MODERATE', github_reviewed: true } }), { severity: 'medium' });
    assert.deepEqual(severityOfRecord({ severity: [{ type: 'Ubuntu', score: 'negligible' }] }), { severity: 'low' });
    assert.deepEqual(
      severityOfRecord({ affected: [{ package: { ecosystem: 'Red Hat', name: 'x' }, ecosystem_specific: { severity: 'Important' } }] }),
      { severity: 'high' },
    );
    assert.deepEqual(severityOfRecord({ affected: [{ package: { ecosystem: 'Debian:12', name: 'x' }, ecosystem_specific: { urgency: 'low**' } }] }), {
      severity: 'low',
    });
    assert.deepEqual(severityOfRecord({ database_specific: { severity: 'CRITICAL' }, severity: [{ type: 'CVSS_V3', score: 'garbage' }] }), {
      severity: 'critical',
    });
  });

  it('is unknown when nothing says, and keeps a zero score without calling it low', () => {
    assert.deepEqual(severityOfRecord({}), { severity: 'unknown' });
    assert.deepEqual(severityOfRecord({ database_specific: { severity: 'not yet assigned' } }), { severity: 'unknown' });
    const none = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N';
    assert.deepEqual(severityOfRecord({ severity: [{ type: 'CVSS_V3', score: none }] }), { severity: 'unknown', score: 0, vector: none });
    assert.equal(severityFromWord('Urgent'), 'critical');
    assert.equal(severityFromWord(7), undefined);
  });
});

describe('fixed version', () => {
  const npmRecord = record({
    affected: [
      {
        package: { ecosystem: 'npm', name: 'lodash' },
        ranges: [
          { type: 'SEMVER', events: [{ introduced: '2.0.0' }, { fixed: '2.1.3' }] },
          { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.2.5' }] },
          { type: 'GIT', repo: 'https://github.com/lodash/lodash', events: [{ introduced: '0' }, { fixed: 'ffffffffffffffff' }] },
        ],
      },
    ],
  });

  it('picks the lowest fix above the installed version among several ranges', () => {
    const query = (version: string) => ({ ecosystem: 'npm', name: 'lodash', version });
    assert.equal(lowestFixedVersion(affectedEntriesFor(npmRecord, query('2.0.5')), '2.0.5'), '2.1.3');
    assert.equal(lowestFixedVersion(affectedEntriesFor(npmRecord, query('1.0.0')), '1.0.0'), '1.2.5');
    assert.equal(lowestFixedVersion(affectedEntriesFor(npmRecord, query('2.2.0')), '2.2.0'), undefined);
    assert.equal(lowestFixedVersion(affectedEntriesFor(npmRecord, query('1.2.5')), '1.2.5'), '2.1.3');
  });

  it("uses the entry of the queried release and the ecosystem's version order", () => {
    const debian = record({
      affected: [
        { package: { ecosystem: 'Debian:11', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.1.1w-0+deb11u1' }] }] },
        {
          package: { ecosystem: 'Debian:12', name: 'openssl' },
          ranges: [
            { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }] },
            { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }] },
          ],
        },
        { package: { ecosystem: 'Debian:12', name: 'openssl1.0' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.0' }] }] },
      ],
    });
    const query = { ecosystem: 'Debian:12', name: 'openssl', version: '3.0.11-1~deb12u1' };
    const entries = affectedEntriesFor(debian, query);
    assert.deepEqual(entries.map((entry) => entry.package), [{ ecosystem: 'Debian:12', name: 'openssl' }]);
    // In dpkg order 3.0.11-1~deb12u2 is below 3.0.11-1 (~ sorts before the end), though not as a string.
    assert.equal(lowestFixedVersion(entries, query.version), '3.0.11-1~deb12u2');
    assert.equal(lowestFixedVersion(entries, '3.0.11-1'), '3.0.13-1~deb12u1');
  });

  it('matches every stream of a bare ecosystem and normalised PyPI names', () => {
    const redHat = record({
      affected: [
        { package: { ecosystem: 'Red Hat:enterprise_linux:9::baseos', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:3.0.7-27.el9' }] }] },
        { package: { ecosystem: 'Red Hat:enterprise_linux:8::baseos', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1:1.1.1k-12.el8_9' }] }] },
      ],
    });
    const entries = affectedEntriesFor(redHat, { ecosystem: 'Red Hat', name: 'openssl', version: '1:3.0.7-25.el9_3' });
    assert.equal(entries.length, 2);
    assert.equal(lowestFixedVersion(entries, '1:3.0.7-25.el9_3'), '1:3.0.7-27.el9');
    assert.deepEqual(affectedEntriesFor(redHat, { ecosystem: 'Red Hat:enterprise_linux:7', name: 'openssl', version: '1' }), []);

    const pypi = record({
      affected: [{ package: { ecosystem: 'PyPI', name: 'Django_REST-framework' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.15.2' }] }] }],
    });
    const pypiEntries = affectedEntriesFor(pypi, { ecosystem: 'PyPI', name: 'django-rest-framework', version: '3.14.0' });
    assert.equal(lowestFixedVersion(pypiEntries, '3.14.0'), '3.15.2');
  });

  it('has no fixed version when ranges name none or cannot be ordered', () => {
    const open = record({
      affected: [{ package: { ecosystem: 'PyPI', name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: '2.0' }] }] }],
    });
    assert.equal(lowestFixedVersion(open.affected, '1.0'), undefined);
    const unordered = record({
      affected: [{ package: { ecosystem: 'PyPI', name: 'x' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: 'next-release' }] }] }],
    });
    assert.equal(lowestFixedVersion(unordered.affected, '1.0'), undefined);
  });
});

describe('OSV record parsing', () => {
  it('keeps well-typed fields and drops the rest', () => {
    assert.equal(parseVulnerability(null), undefined);
    assert.equal(parseVulnerability({ id: 7 }), undefined);
    assert.equal(parseVulnerability([]), undefined);
    const parsed = parseVulnerability({
      id: 'GHSA-1',
      aliases: ['CVE-2024-1', 3],
      severity: [{ type: 'CVSS_V3' }, { type: 'CVSS_V3', score: V31_CRITICAL }],
      affected: [{ package: { ecosystem: 'npm' }, ranges: 'no', versions: ['1.0', null] }, 'junk'],
      references: [{ url: 'https://example.com' }, { type: 'WEB' }],
    });
    assert.deepEqual(parsed, {
      id: 'GHSA-1',
      modified: undefined,
      withdrawn: undefined,
      aliases: ['CVE-2024-1'],
      upstream: [],
      summary: undefined,
      details: undefined,
      severity: [{ type: 'CVSS_V3', score: V31_CRITICAL }],
      affected: [{ package: undefined, ranges: [], versions: ['1.0'], severity: [], ecosystemSpecific: undefined, databaseSpecific: undefined }],
      references: ['https://example.com'],
      databaseSpecific: undefined,
    });
  });
});
