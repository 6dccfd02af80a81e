// The scan report page: escaping of everything a registry or image can put into a report, the CSP and its
// nonces, the tables and notes, the page script's syntax, and the checks on the page's messages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReportVulnerability, ScanReport } from '../../server/src/protocol';
import { contentSecurityPolicy, escapeHtml, renderReportPage } from '../../client/src/util/scan-report-html';
import { exportFileName, isWebAddress, readReportMessage } from '../../client/src/util/scan-report-messages';
import { REPORT_SCRIPT } from '../../client/src/util/scan-report-script';

const EVIL = '<img src=x onerror=alert(1)>';
const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const NONCE = 'bm9uY2Utb2YtdGhpcy1yZW5kZXI=';

function vulnerability(overrides: Partial<ReportVulnerability> = {}): ReportVulnerability {
  return {
    id: 'DSA-5576-1',
    aliases: ['CVE-2023-5678'],
    summary: 'openssl: excessive time spent checking DH q parameter',
    severity: 'high',
    score: 7.5,
    vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
    package: { name: 'openssl', version: '3.0.11-1~deb12u2', ecosystem: 'deb', path: 'var/lib/dpkg/status', layerIndex: 0 },
    fixedVersion: '3.0.13-1~deb12u1',
    url: 'https://osv.dev/vulnerability/DSA-5576-1',
    references: [],
    ...overrides,
  };
}

function report(overrides: Partial<ScanReport> = {}): ScanReport {
  const vulnerabilities = overrides.vulnerabilities ?? [
    vulnerability(),
    vulnerability({ id: 'GHSA-xxxx-yyyy-zzzz', aliases: [], severity: 'critical', score: 9.8, fixedVersion: undefined, package: { name: 'lodash', version: '4.17.20', ecosystem: 'npm', path: 'app/node_modules/lodash/package.json', layerIndex: 1 } }),
  ];
  return {
    schemaVersion: 1,
    image: {
      name: 'nginx:1.25',
      reference: 'docker.io/library/nginx:1.25',
      manifestDigest: 'sha256:1111111111111111111111111111111111111111111111111111111111111111',
      platform: 'linux/amd64',
      source: 'registry',
      os: { id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' },
      layers: [
        { index: 0, digest: 'sha256:aaaa', size: 29_000_000, createdBy: '/bin/sh -c #(nop) ADD file:abc in /' },
        { index: 1, digest: 'sha256:bbbb', size: 1_200, createdBy: 'RUN npm ci' },
      ],
    },
    packages: [
      { name: 'openssl', version: '3.0.11-1~deb12u2', ecosystem: 'deb', path: 'var/lib/dpkg/status', layerIndex: 0 },
      { name: 'lodash', version: '4.17.20', ecosystem: 'npm', path: 'app/node_modules/lodash/package.json', layerIndex: 1 },
    ],
    vulnerabilities,
    findings: [{ id: 'image-user-root', title: 'The image runs as root', severity: 'high', message: 'No USER is set, so containers run as root.' }],
    integrity: { status: 'verified' },
    signature: { status: 'unsigned', required: false, note: 'No signature found.', signatures: [] },
    vulnerabilityData: { status: 'ok', source: 'https://api.osv.dev' },
    problems: [],
    summary: { critical: 1, high: 1, medium: 0, low: 0, unknown: 0, packages: 2, findings: 1 },
    scannedAt: '2025-01-02T03:04:05.000Z',
    durationMs: 4200,
    ...overrides,
  };
}

const render = (value: ScanReport) => renderReportPage(value, { cspSource: CSP_SOURCE, nonce: NONCE });

/** The page with the script's own text taken out, so checks on markup are not fooled by the script. */
const markupOf = (html: string) => html.replace(REPORT_SCRIPT, '');

describe('scan report page: escaping', () => {
  it('escapes markup in every value that comes from the image or registry', () => {
    const hostile = report({
      image: { ...report().image, name: `app${EVIL}`, user: `"${EVIL}`, os: { id: 'debian', prettyName: EVIL, endOfLife: `</dd>${EVIL}` } },
      packages: [{ name: EVIL, version: `1.0"><script>alert(2)</script>`, ecosystem: 'deb', path: `var/${EVIL}`, layerIndex: 0 }],
      vulnerabilities: [
        vulnerability({
          id: `CVE-1<b>`,
          aliases: [EVIL],
          summary: `</td></tr></table><script>alert(3)</script>`,
          vector: `" onmouseover="alert(4)`,
          package: { name: EVIL, version: '1.0', ecosystem: 'deb', path: 'x', layerIndex: 0, sourceName: `${EVIL}-src` },
          fixedVersion: `<svg onload=alert(5)>`,
        }),
      ],
      findings: [{ id: 'image-secret-env', title: EVIL, severity: 'critical', message: `<a href="javascript:alert(6)">x</a>`, path: `etc/${EVIL}` }],
      problems: [{ step: 'layers', message: `<iframe src="https://evil.example">` }],
      vulnerabilityData: { status: 'partial', source: `https://osv.example/${EVIL}`, note: EVIL },
    });
    const html = markupOf(render(hostile));
    assert.doesNotMatch(html, /<img/i);
    assert.doesNotMatch(html, /<svg/i);
    assert.doesNotMatch(html, /<iframe/i);
    assert.doesNotMatch(html, /<b>/);
    assert.doesNotMatch(html, /href="javascript:/i);
    for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) assert.doesNotMatch(tag.replace(/"[^"]*"/g, '""'), /\son[a-z]+=/i, `event handler attribute in ${tag}`);
    assert.equal((html.match(/<script/gi) ?? []).length, 1, 'only the page script is a script');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes('title="&quot; onmouseover=&quot;alert(4)"'));
    assert.ok(html.includes('1.0&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;'));
  });

  it('escapes the five characters that matter in text and attributes', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&amp;</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    assert.equal(escapeHtml(undefined), '');
    assert.equal(escapeHtml(42), '42');
  });

  it('links only http(s) addresses; other schemes stay text', () => {
    const html = render(report({ vulnerabilities: [vulnerability({ url: 'javascript:alert(1)' }), vulnerability({ id: 'CVE-2', url: 'https://osv.dev/vulnerability/CVE-2' })] }));
    assert.ok(html.includes('<a href="https://osv.dev/vulnerability/CVE-2">CVE-2</a>'));
    assert.doesNotMatch(html, /href="javascript/);
    assert.match(html, /<td data-value="DSA-5576-1">DSA-5576-1<div class="muted aliases">/);
  });
});

describe('scan report page: content security policy', () => {
  it('declares a strict CSP with the nonce and the webview source', () => {
    const html = render(report());
    const policy = `default-src 'none'; style-src ${CSP_SOURCE} 'nonce-${NONCE}'; script-src 'nonce-${NONCE}'; img-src ${CSP_SOURCE};`;
    assert.equal(contentSecurityPolicy({ cspSource: CSP_SOURCE, nonce: NONCE }), policy);
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${policy.replace(/'/g, '&#39;')}">`));
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('puts the nonce on every script and style element, and uses no inline style attribute', () => {
    const html = markupOf(render(report()));
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    const styles = html.match(/<style\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.equal(styles.length, 1);
    for (const tag of [...scripts, ...styles]) assert.ok(tag.includes(`nonce="${NONCE}"`), tag);
    assert.doesNotMatch(html, /\sstyle="/);
    assert.doesNotMatch(html, /<link\b|<img\b|src="/, 'loads nothing from anywhere');
  });

  it('uses a different nonce for each render', () => {
    const first = renderReportPage(report(), { cspSource: CSP_SOURCE, nonce: 'first' });
    const second = renderReportPage(report(), { cspSource: CSP_SOURCE, nonce: 'second' });
    assert.ok(first.includes(`nonce="first"`) && !first.includes('nonce="second"'));
    assert.ok(second.includes(`script-src 'nonce-second'`.replace(/'/g, '&#39;')));
  });
});

describe('scan report page: content', () => {
  it('has a header with the image facts and the export buttons', () => {
    const html = render(report());
    assert.match(html, /<h1>Scan of <span class="mono">nginx:1\.25<\/span><\/h1>/);
    assert.ok(html.includes('<dt>Digest</dt><dd><span class="mono">sha256:1111111111111111111111111111111111111111111111111111111111111111</span></dd>'));
    assert.ok(html.includes('<dt>Platform</dt><dd><span class="mono">linux/amd64</span></dd>'));
    assert.ok(html.includes('<dt>OS</dt><dd>Debian GNU/Linux 12 (bookworm)</dd>'));
    assert.ok(html.includes('<dt>User</dt><dd>not set (runs as root)</dd>'));
    assert.ok(html.includes('<button type="button" data-export="json">Export JSON</button>'));
    assert.ok(html.includes('<button type="button" data-export="sarif">Export SARIF</button>'));
  });

  it('counts by severity in the summary', () => {
    const html = render(report());
    assert.ok(html.includes('<div class="count sev-critical"><span class="number">1</span><span class="label">critical</span></div>'));
    assert.ok(html.includes('<div class="count sev-medium"><span class="number">0</span><span class="label">medium</span></div>'));
    assert.ok(html.includes('<span class="number">2</span><span class="label">packages</span>'));
  });

  it('has one table row per vulnerability, with the values the script sorts and filters on', () => {
    const html = render(report());
    const body = /<table id="vulnerability-table">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
    const rows = body.match(/<tr\b[^>]*>/g) ?? [];
    assert.deepEqual(rows, ['<tr data-rank="3" data-fixed="1">', '<tr data-rank="4" data-fixed="0">']);
    assert.ok(body.includes('<td data-value="3.0.13-1~deb12u1"><span class="mono">3.0.13-1~deb12u1</span></td>'));
    assert.ok(body.includes('<span class="muted">no fix yet</span>'));
    assert.ok(body.includes('<td data-value="1"><span title="RUN npm ci">1</span></td>'), 'the layer names the build step that made it');
    assert.ok(body.includes('<span class="badge sev-critical">critical</span> <span class="score" title="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H">9.8</span>'));
    assert.equal((html.match(/<button type="button" data-column="\d" data-type="(text|number|version)">/g) ?? []).length, 7, 'every column sorts');
    assert.match(html, /<input type="search" id="filter"/);
    assert.match(html, /<select id="severity"/);
  });

  it('lists image findings, packages (collapsed) and layers', () => {
    const html = render(report());
    assert.ok(html.includes('<span class="badge sev-high">high</span> <strong>The image runs as root</strong> <span class="muted">image-user-root</span>'));
    assert.match(html, /<details><summary><h2>Packages \(2\)<\/h2><\/summary>/);
    assert.match(html, /<details><summary><h2>Layers \(2\)<\/h2><\/summary>/);
    assert.ok(html.includes('<td>29 MB</td>'));
    assert.ok(html.includes('<td>1.2 kB</td>'));
  });

  it('says when vulnerability data was unavailable, and that the rest still stands', () => {
    const html = render(
      report({
        vulnerabilities: [],
        summary: { critical: 0, high: 0, medium: 0, low: 0, unknown: 0, packages: 2, findings: 1 },
        vulnerabilityData: { status: 'unavailable', source: 'https://api.osv.dev', note: 'Vulnerability data unavailable: connect ECONNREFUSED 127.0.0.1:9.' },
      }),
    );
    assert.match(html, /<div class="note note-warning" role="note"><strong>Vulnerability data unavailable\.<\/strong> Vulnerability data unavailable: connect ECONNREFUSED 127\.0\.0\.1:9\. Source \(<span class="mono">https:\/\/api\.osv\.dev<\/span>\)\. The packages and image findings below are complete/);
    assert.ok(html.includes('None listed: vulnerability data was not available for this scan.'));
    assert.doesNotMatch(html, /id="vulnerability-table"/);
  });

  it('shows who signed the image, and a note when a required signature is missing or one is invalid', () => {
    const verified = render(report({ signature: { status: 'verified', required: true, note: 'Signed by key cosign.pub.', signatures: [{ format: 'cosign', signer: `key ${EVIL}`, verified: true }] } }));
    assert.ok(verified.includes('<dt>Signature</dt><dd>verified: Signed by key cosign.pub.<ul><li>cosign by key &lt;img'));
    assert.doesNotMatch(verified, /class="notes"/);
    const missing = render(report({ signature: { status: 'unsigned', required: true, note: 'No signature found.', signatures: [] } }));
    assert.ok(missing.includes('<strong>Signature unsigned.</strong> No signature found.'));
    const invalid = render(report({ signature: { status: 'invalid', required: false, note: 'It names another digest.', signatures: [] } }));
    assert.ok(invalid.includes('<strong>Signature invalid.</strong> It names another digest.'));
  });

  it('notes disabled lookups and failed steps, and shows no note for a complete report', () => {
    const disabled = render(report({ vulnerabilityData: { status: 'disabled', source: 'https://api.osv.dev', note: 'Network access is off.' }, problems: [{ step: 'inventory', message: 'rpmdb is damaged' }] }));
    assert.ok(disabled.includes('<strong>Vulnerabilities not looked up.</strong> Network access is off.'));
    assert.ok(disabled.includes('<li><span class="step">inventory</span>: rpmdb is damaged</li>'));
    assert.doesNotMatch(render(report()), /class="notes"/);
  });

  it('does not break on a report with missing lists', () => {
    const broken = { ...report(), packages: undefined, findings: undefined, problems: undefined, image: { ...report().image, layers: undefined } } as unknown as ScanReport;
    const html = render(broken);
    assert.match(html, /Packages \(0\)/);
    assert.match(html, /Image findings \(0\)/);
  });
});

describe('scan report page: script and messages', () => {
  it('embeds a script that parses and talks to the extension only through postMessage', () => {
    assert.doesNotThrow(() => new Function(REPORT_SCRIPT));
    assert.doesNotMatch(REPORT_SCRIPT, /<\/script/i);
    assert.doesNotMatch(REPORT_SCRIPT, /\beval\(|innerHTML|window\.open|location\s*=/);
    assert.match(REPORT_SCRIPT, /vscode\.postMessage\(\{ type: 'openExternal', url: anchor\.getAttribute\('href'\) \}\)/);
  });

  it('accepts only the known messages, and only web links', () => {
    assert.deepEqual(readReportMessage({ type: 'openExternal', url: 'https://osv.dev/vulnerability/CVE-1' }), { type: 'openExternal', url: 'https://osv.dev/vulnerability/CVE-1' });
    assert.deepEqual(readReportMessage({ type: 'export', format: 'sarif' }), { type: 'export', format: 'sarif' });
    assert.deepEqual(readReportMessage({ type: 'export', format: 'cyclonedx' }), { type: 'export', format: 'cyclonedx' });
    assert.deepEqual(readReportMessage({ type: 'export', format: 'spdx' }), { type: 'export', format: 'spdx' });
    for (const bad of [
      { type: 'openExternal', url: 'command:workbench.action.terminal.new' },
      { type: 'openExternal', url: 'file:///etc/passwd' },
      { type: 'openExternal', url: 'javascript:alert(1)' },
      { type: 'openExternal', url: 42 },
      { type: 'export', format: 'html' },
      { type: 'runCommand', command: 'x' },
      'export',
      null,
    ]) {
      assert.equal(readReportMessage(bad), undefined, JSON.stringify(bad));
    }
    assert.equal(isWebAddress('http://localhost:8080/x'), true);
    assert.equal(isWebAddress(`https://x.example/${'a'.repeat(3000)}`), false);
    assert.equal(isWebAddress('https://'), false);
  });

  it('names export files after the image', () => {
    assert.equal(exportFileName('nginx:1.25', 'sarif'), 'nginx-1.25.scan.sarif');
    assert.equal(exportFileName('ghcr.io/org/app:2.1@sha256:abcdef0123', 'json'), 'app-2.1.scan.json');
    assert.equal(exportFileName('/tmp/images/app.tar', 'json'), 'app.tar.scan.json');
    assert.equal(exportFileName('C:\\images\\layout', 'json'), 'layout.scan.json');
    assert.equal(exportFileName('../..', 'json'), 'image.scan.json');
    assert.equal(exportFileName('nginx:1.25', 'cyclonedx'), 'nginx-1.25.cdx.json');
    assert.equal(exportFileName('nginx:1.25', 'spdx'), 'nginx-1.25.spdx.json');
  });
});
