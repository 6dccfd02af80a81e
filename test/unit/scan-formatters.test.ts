import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { PLAIN } from '../../server/src/cli/color';
import { formatScanJson } from '../../server/src/cli/formatters/scan-json';
import { formatScanSarif } from '../../server/src/cli/formatters/scan-sarif';
import { formatScanStylish } from '../../server/src/cli/formatters/scan-stylish';
import { failsOn } from '../../server/src/cli/scan-command';
import type { ReportPackage, ScanReport } from '../../server/src/protocol';

const openssl: ReportPackage = { name: 'openssl', version: '3.0.11-1~deb12u1', ecosystem: 'deb', sourceName: 'openssl', path: 'var/lib/dpkg/status', layerIndex: 0, purl: 'pkg:deb/debian/openssl@3.0.11-1~deb12u1' };
const lodash: ReportPackage = { name: 'lodash', version: '4.17.20', ecosystem: 'npm', path: 'app/node_modules/lodash/package.json', layerIndex: 2 };

function report(overrides: Partial<ScanReport> = {}): ScanReport {
  return {
    schemaVersion: 1,
    image: { name: 'registry.local/shop/api:1.4', reference: 'registry.local/shop/api:1.4', manifestDigest: 'sha256:' + 'a'.repeat(64), platform: 'linux/amd64', source: 'registry', os: { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' }, layers: [{ index: 0, digest: 'sha256:' + 'b'.repeat(64), size: 100 }] },
    packages: [openssl, lodash],
    vulnerabilities: [
      { id: 'DSA-5585-1', aliases: ['CVE-2023-5678'], summary: 'openssl: excessive time spent in DH checks', severity: 'high', score: 7.5, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', package: openssl, fixedVersion: '3.0.13-1~deb12u1', url: 'https://osv.dev/vulnerability/DSA-5585-1', references: [] },
      { id: 'GHSA-35jh-r3h4-6jhm', aliases: ['CVE-2021-23337'], summary: 'Command Injection in lodash', severity: 'critical', package: lodash, url: 'https://osv.dev/vulnerability/GHSA-35jh-r3h4-6jhm', references: [] },
    ],
    findings: [{ id: 'image-user-root', title: 'Image runs as root', severity: 'high', message: 'The image sets no USER, so its processes run as root.' }, { id: 'image-private-key', title: 'Private key in the image', severity: 'critical', message: 'An RSA private key is in /root/.ssh/id_rsa.', path: 'root/.ssh/id_rsa', layerIndex: 1 }],
    integrity: { status: 'verified' },
    signature: { status: 'unsigned', required: false, note: 'No signature found.', signatures: [] },
    vulnerabilityData: { status: 'ok', source: 'https://api.osv.dev' },
    problems: [],
    summary: { critical: 1, high: 1, medium: 0, low: 0, unknown: 0, packages: 2, findings: 2 },
    scannedAt: '2026-12-06T00:00:00.000Z',
    durationMs: 12,
    ...overrides,
  };
}

describe('scan report formats', () => {
  it('stylish names the image, each vulnerability with its fix, the findings and a summary', () => {
    const text = formatScanStylish(report(), PLAIN);
    assert.match(text, /^registry\.local\/shop\/api:1\.4 sha256:a{64} \(linux\/amd64\)$/m);
    assert.match(text, /Debian GNU\/Linux 12 \(bookworm\) · 2 packages · 1 layer · user root \(not set\)/);
    assert.match(text, /high\s+DSA-5585-1\s+openssl\s+3\.0\.11-1~deb12u1\s+fixed in 3\.0\.13-1~deb12u1 CVE-2023-5678/);
    assert.match(text, /critical\s+GHSA-35jh-r3h4-6jhm\s+lodash\s+4\.17\.20\s+no fix yet/);
    assert.match(text, /critical\s+An RSA private key is in \/root\/\.ssh\/id_rsa\. {2}image-private-key/);
    assert.match(text, /2 vulnerabilities \(1 critical, 1 high\), 1 with a fix, 2 image findings$/m);
  });

  it('stylish says clearly when vulnerability data was unavailable', () => {
    const text = formatScanStylish(report({ vulnerabilities: [], vulnerabilityData: { status: 'unavailable', source: 'http://127.0.0.1:9', note: 'Vulnerability data unavailable: could not reach http://127.0.0.1:9' } }), PLAIN);
    assert.match(text, /Vulnerabilities\n {2}Vulnerability data unavailable: could not reach/);
    assert.doesNotMatch(text, /none known/);
  });

  it('json is the report with a tool header', () => {
    const parsed = JSON.parse(formatScanJson(report())) as ScanReport & { tool: { name: string } };
    assert.equal(parsed.tool.name, 'shipshape');
    assert.equal(parsed.schemaVersion, 1);
    assert.equal(parsed.vulnerabilities[0]?.fixedVersion, '3.0.13-1~deb12u1');
  });

  it('sarif has one rule per vulnerability and check, results with package properties and stable fingerprints', () => {
    const log = JSON.parse(formatScanSarif(report())) as Sarif.Log;
    const run = log.runs[0];
    assert.ok(run);
    const rules = run.tool.driver.rules ?? [];
    assert.deepEqual(rules.map((rule) => rule.id), ['DSA-5585-1', 'GHSA-35jh-r3h4-6jhm', 'image-user-root', 'image-private-key']);
    assert.equal(rules[0]?.properties?.['security-severity'], '7.5');
    assert.equal(rules[1]?.properties?.['security-severity'], '9.5', 'no score: the band');
    const results = run.results ?? [];
    assert.equal(results.length, 4);
    assert.equal(results[0]?.ruleIndex, 0);
    assert.equal(results[0]?.level, 'error');
    assert.match(results[0]?.message.text ?? '', /Package openssl 3\.0\.11-1~deb12u1 \(deb\) is affected by DSA-5585-1 \(CVE-2023-5678\)\. Fixed in 3\.0\.13-1~deb12u1\./);
    assert.equal(results[0]?.properties?.fixedVersion, '3.0.13-1~deb12u1');
    assert.equal(results[0]?.locations?.[0]?.physicalLocation?.artifactLocation?.uri, 'registry.local/shop/api');
    assert.equal(results[3]?.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName, '/root/.ssh/id_rsa');
    const again = JSON.parse(formatScanSarif(report({ image: { ...report().image, name: 'registry.local/shop/api:1.5', reference: 'registry.local/shop/api:1.5' } }))) as Sarif.Log;
    assert.deepEqual(again.runs[0]?.results?.map((result) => result.partialFingerprints), results.map((result) => result.partialFingerprints), 'a new tag keeps the fingerprints');
  });

  it('--fail-on counts vulnerabilities and findings at or above the threshold', () => {
    assert.equal(failsOn('critical', report()), true);
    assert.equal(failsOn('never', report()), false);
    const mild = report({ vulnerabilities: [], findings: [{ id: 'image-healthcheck-missing', title: 't', severity: 'low', message: 'm' }] });
    assert.equal(failsOn('medium', mild), false);
    assert.equal(failsOn('low', mild), true);
  });
});
