// The scan report webview's page, built as one HTML string. Everything in a report can come from a registry
// or an image (names, versions, summaries, build steps), so every value is escaped and the page runs under
// a Content-Security-Policy that allows only its own nonce-tagged style and script: no inline handlers, no
// remote content. Colours and fonts are VS Code's theme variables.
import { formatBytes, type ReportFinding, type ReportLayer, type ReportPackage, type ReportVulnerability, type ScanReport, type VulnerabilitySeverity } from '../../../server/src/protocol';
import { REPORT_SCRIPT } from './scan-report-script';
import { REPORT_STYLE } from './scan-report-style';

export interface ReportPageOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random value for each render. */
  nonce: string;
}

const SEVERITIES: readonly VulnerabilitySeverity[] = ['critical', 'high', 'medium', 'low', 'unknown'];
const SEVERITY_RANK: Record<string, number> = { critical: 4, high: 3, medium: 2, low: 1, unknown: 0, info: 0 };

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function contentSecurityPolicy(options: ReportPageOptions): string {
  return `default-src 'none'; style-src ${options.cspSource} 'nonce-${options.nonce}'; script-src 'nonce-${options.nonce}'; img-src ${options.cspSource};`;
}

export function renderReportPage(report: ScanReport, options: ReportPageOptions): string {
  const nonce = escapeHtml(options.nonce);
  const name = escapeHtml(report.image?.name);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(options))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Scan of ${name}</title>
<style nonce="${nonce}">${REPORT_STYLE}</style>
</head>
<body>
${header(report)}
${notes(report)}
${summary(report)}
${vulnerabilities(report)}
${findings(report)}
${packages(report)}
${layers(report)}
<script nonce="${nonce}">${REPORT_SCRIPT}</script>
</body>
</html>
`;
}

function header(report: ScanReport): string {
  const image = report.image;
  const facts: Array<[string, string | undefined]> = [
    ['Reference', image.reference !== undefined ? mono(image.reference) : undefined],
    ['Digest', image.manifestDigest !== undefined ? mono(image.manifestDigest) : undefined],
    ['Index digest', image.indexDigest !== undefined ? mono(image.indexDigest) : undefined],
    ['Platform', mono(image.platform)],
    ['Source', escapeHtml(SOURCE_NAMES[image.source] ?? image.source)],
    ['OS', image.os ? escapeHtml(image.os.prettyName ?? [image.os.id, image.os.versionId].filter(Boolean).join(' ')) : 'not identified'],
    ['End of life', image.os?.endOfLife !== undefined ? `<span class="eol">${escapeHtml(image.os.endOfLife)}</span>` : undefined],
    ['User', image.user !== undefined ? mono(image.user) : 'not set (runs as root)'],
    ['Layers', escapeHtml(list(image.layers).length)],
    ['Signature', report.signature !== undefined ? `${escapeHtml(report.signature.status)}: ${escapeHtml(report.signature.note)}${signerList(report.signature)}` : undefined],
    ['Scanned', `${escapeHtml(report.scannedAt)} in ${escapeHtml(seconds(report.durationMs))}`],
  ];
  const rows = facts
    .filter((fact): fact is [string, string] => fact[1] !== undefined)
    .map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd>${value}</dd>`)
    .join('');
  return `<header>
<div class="title"><h1>Scan of <span class="mono">${escapeHtml(image.name)}</span></h1>
<div class="buttons"><button type="button" data-export="json">Export JSON</button><button type="button" data-export="sarif">Export SARIF</button><button type="button" data-export="cyclonedx" title="Software bill of materials, CycloneDX 1.6 JSON">Export CycloneDX SBOM</button><button type="button" data-export="spdx" title="Software bill of materials, SPDX 2.3 JSON">Export SPDX SBOM</button></div></div>
<dl class="facts">${rows}</dl>
</header>`;
}

const SOURCE_NAMES: Record<string, string> = {
  registry: 'registry',
  'docker-archive': 'docker save tarball',
  'oci-layout': 'OCI image layout',
  'docker-engine': 'local Docker Engine',
};

function notes(report: ScanReport): string {
  const items: string[] = [];
  if (report.integrity?.status === 'failed') {
    items.push(note('error', 'Image not verified', escapeHtml(report.integrity.note ?? 'A layer did not match its digest or size, or could not be read whole.')));
  }
  const signature = report.signature;
  if (signature !== undefined && (signature.status === 'invalid' || (signature.required && signature.status !== 'verified'))) {
    items.push(note('error', `Signature ${signature.status}`, `${escapeHtml(signature.note)}${signerList(signature)}`));
  }
  const data = report.vulnerabilityData;
  const source = data?.source ? ` (${mono(data.source)})` : '';
  if (data?.status === 'unavailable' && report.integrity?.status === 'failed') {
    items.push(note('warning', 'Vulnerability data unavailable', escapeHtml(data.note ?? 'The image could not be verified, so its packages were not looked up.')));
  } else if (data?.status === 'unavailable') {
    items.push(note('warning', 'Vulnerability data unavailable', `${escapeHtml(data.note ?? 'The vulnerability database could not be reached.')} Source${source}. The packages and image findings below are complete; scan again once the database can be reached.`));
  } else if (data?.status === 'disabled') {
    items.push(note('info', 'Vulnerabilities not looked up', `${escapeHtml(data.note ?? 'Vulnerability lookup was off for this scan.')}`));
  } else if (data?.status === 'partial') {
    items.push(note('warning', 'Vulnerability data incomplete', `${escapeHtml(data.note ?? 'Some packages could not be looked up.')} Source${source}. Packages without data may still be vulnerable.`));
  } else if (data?.note) {
    items.push(note('info', 'Vulnerability data', escapeHtml(data.note)));
  }
  const problems = list(report.problems);
  if (problems.length > 0) {
    const entries = problems.map((problem) => `<li><span class="step">${escapeHtml(problem.step)}</span>: ${escapeHtml(problem.message)}</li>`).join('');
    items.push(note('warning', 'Some scan steps failed, so this report is partial', `<ul>${entries}</ul>`));
  }
  return items.length > 0 ? `<section class="notes" aria-label="Notes">${items.join('\n')}</section>` : '';
}

function signerList(signature: NonNullable<ScanReport['signature']>): string {
  const items = list(signature.signatures).map((entry) => `<li>${escapeHtml(entry.format)} by ${escapeHtml(entry.signer)}: ${escapeHtml(entry.verified ? 'verified' : (entry.problem ?? 'not verified'))}</li>`);
  return items.length > 0 ? `<ul>${items.join('')}</ul>` : '';
}

function note(kind: 'error' | 'warning' | 'info', title: string, body: string): string {
  return `<div class="note note-${kind}" role="note"><strong>${escapeHtml(title)}.</strong> ${body}</div>`;
}

function summary(report: ScanReport): string {
  const counts = report.summary;
  const badges = SEVERITIES.map((severity) => `<div class="count sev-${severity}"><span class="number">${escapeHtml(count(counts?.[severity]))}</span><span class="label">${severity}</span></div>`);
  badges.push(`<div class="count neutral"><span class="number">${escapeHtml(count(counts?.findings ?? list(report.findings).length))}</span><span class="label">image findings</span></div>`);
  badges.push(`<div class="count neutral"><span class="number">${escapeHtml(count(counts?.packages ?? list(report.packages).length))}</span><span class="label">packages</span></div>`);
  return `<section class="summary" aria-label="Summary">${badges.join('')}</section>`;
}

function vulnerabilities(report: ScanReport): string {
  const items = list(report.vulnerabilities);
  const layerSteps = new Map(list(report.image.layers).map((layer) => [layer.index, layer.createdBy]));
  const heading = `<h2>Vulnerabilities (${items.length})</h2>`;
  if (items.length === 0) {
    const status = report.vulnerabilityData?.status;
    const text = status === 'ok' ? 'No known vulnerabilities in the packages found.' : status === 'partial' ? 'No known vulnerabilities in the packages that could be looked up.' : 'None listed: vulnerability data was not available for this scan.';
    return `<section id="vulnerabilities">${heading}<p class="empty">${escapeHtml(text)}</p></section>`;
  }
  const columns: Array<[string, string]> = [
    ['Vulnerability', 'text'],
    ['Severity', 'number'],
    ['Package', 'text'],
    ['Installed', 'version'],
    ['Fixed in', 'version'],
    ['Layer', 'number'],
    ['Summary', 'text'],
  ];
  const head = columns.map(([label, type], index) => `<th scope="col" aria-sort="none"><button type="button" data-column="${index}" data-type="${type}">${escapeHtml(label)}</button></th>`).join('');
  const rows = items.map((vulnerability) => vulnerabilityRow(vulnerability, layerSteps)).join('\n');
  return `<section id="vulnerabilities">${heading}
<div class="toolbar">
<input type="search" id="filter" placeholder="Filter by id, package or version" aria-label="Filter vulnerabilities">
<select id="severity" aria-label="Lowest severity shown">
<option value="0">All severities</option><option value="4">Critical</option><option value="3">High and above</option><option value="2">Medium and above</option><option value="1">Low and above</option>
</select>
<label><input type="checkbox" id="fixable"> Only with a fix</label>
<span id="shown" aria-live="polite"></span>
</div>
<table id="vulnerability-table"><thead><tr>${head}</tr></thead>
<tbody>
${rows}
</tbody></table>
<p id="no-match" class="empty" hidden>No vulnerability matches the filter.</p>
</section>`;
}

function vulnerabilityRow(vulnerability: ReportVulnerability, layerSteps: Map<number, string | undefined>): string {
  const pkg = vulnerability.package;
  const aliases = list(vulnerability.aliases);
  const idCell = `${link(vulnerability.url, vulnerability.id)}${aliases.length > 0 ? `<div class="muted aliases">${aliases.map(escapeHtml).join(', ')}</div>` : ''}`;
  const score = typeof vulnerability.score === 'number' && Number.isFinite(vulnerability.score) ? vulnerability.score : undefined;
  const rank = SEVERITY_RANK[vulnerability.severity] ?? 0;
  const severityCell = `${severityBadge(vulnerability.severity)}${score !== undefined ? ` <span class="score"${vulnerability.vector ? ` title="${escapeHtml(vulnerability.vector)}"` : ''}>${escapeHtml(score.toFixed(1))}</span>` : ''}`;
  const source = pkg.sourceName && pkg.sourceName !== pkg.name ? `<div class="muted">source ${escapeHtml(pkg.sourceName)}</div>` : '';
  const packageCell = `${escapeHtml(pkg.name)} <span class="muted">${escapeHtml(pkg.ecosystem)}</span>${source}`;
  const fixed = vulnerability.fixedVersion;
  const layerIndex = Number.isInteger(pkg.layerIndex) ? pkg.layerIndex : undefined;
  const step = layerIndex !== undefined ? layerSteps.get(layerIndex) : undefined;
  const layerCell = layerIndex !== undefined ? `<span${step ? ` title="${escapeHtml(step)}"` : ''}>${escapeHtml(layerIndex)}</span>` : '<span class="muted">—</span>';
  const cells = [
    cell(vulnerability.id, idCell),
    cell(rank * 100 + (score ?? 0), severityCell),
    cell(pkg.name, packageCell),
    cell(pkg.version, `<span class="mono">${escapeHtml(pkg.version)}</span>`),
    cell(fixed ?? '', fixed !== undefined ? `<span class="mono">${escapeHtml(fixed)}</span>` : '<span class="muted">no fix yet</span>'),
    cell(layerIndex ?? -1, layerCell),
    cell(vulnerability.summary ?? '', vulnerability.summary !== undefined ? `<span class="summary-text">${escapeHtml(vulnerability.summary)}</span>` : ''),
  ];
  return `<tr data-rank="${rank}" data-fixed="${fixed !== undefined ? '1' : '0'}">${cells.join('')}</tr>`;
}

function cell(sortValue: string | number, html: string): string {
  return `<td data-value="${escapeHtml(sortValue)}">${html}</td>`;
}

function findings(report: ScanReport): string {
  const items = [...list(report.findings)].sort((a, b) => (SEVERITY_RANK[b.severity] ?? 0) - (SEVERITY_RANK[a.severity] ?? 0));
  const heading = `<h2>Image findings (${items.length})</h2>`;
  if (items.length === 0) return `<section id="findings">${heading}<p class="empty">The image configuration and files raised no findings.</p></section>`;
  return `<section id="findings">${heading}<ul class="findings">${items.map(findingItem).join('\n')}</ul></section>`;
}

function findingItem(finding: ReportFinding): string {
  const where = [finding.path !== undefined ? `file ${mono(`/${finding.path.replace(/^\/+/, '')}`)}` : undefined, finding.layerIndex !== undefined ? `layer ${escapeHtml(finding.layerIndex)}` : undefined]
    .filter(Boolean)
    .join(', ');
  return `<li>${severityBadge(finding.severity)} <strong>${escapeHtml(finding.title)}</strong> <span class="muted">${escapeHtml(finding.id)}</span><div>${escapeHtml(finding.message)}</div>${where ? `<div class="muted">${where}</div>` : ''}</li>`;
}

function packages(report: ScanReport): string {
  const items = list(report.packages);
  if (items.length === 0) return `<section id="packages"><h2>Packages (0)</h2><p class="empty">No installed packages were found.</p></section>`;
  const rows = items.map((pkg: ReportPackage) => `<tr><td>${escapeHtml(pkg.name)}</td><td class="mono">${escapeHtml(pkg.version)}</td><td>${escapeHtml(pkg.ecosystem)}</td><td class="mono">${escapeHtml(pkg.path)}</td><td>${escapeHtml(pkg.layerIndex)}</td></tr>`).join('\n');
  return `<section id="packages"><details><summary><h2>Packages (${items.length})</h2></summary>
<table><thead><tr><th scope="col">Package</th><th scope="col">Version</th><th scope="col">Type</th><th scope="col">Recorded in</th><th scope="col">Layer</th></tr></thead>
<tbody>
${rows}
</tbody></table></details></section>`;
}

function layers(report: ScanReport): string {
  const items = list(report.image.layers);
  if (items.length === 0) return '';
  const rows = items.map((layer: ReportLayer) => `<tr><td>${escapeHtml(layer.index)}</td><td class="mono">${escapeHtml(layer.digest)}</td><td>${escapeHtml(size(layer.size))}</td><td class="mono step">${escapeHtml(layer.createdBy ?? '')}</td></tr>`).join('\n');
  return `<section id="layers"><details><summary><h2>Layers (${items.length})</h2></summary>
<table><thead><tr><th scope="col">Layer</th><th scope="col">Digest</th><th scope="col">Size</th><th scope="col">Created by</th></tr></thead>
<tbody>
${rows}
</tbody></table></details></section>`;
}

function severityBadge(severity: string): string {
  const known = SEVERITY_RANK[severity] !== undefined ? severity : 'unknown';
  return `<span class="badge sev-${known}">${escapeHtml(severity)}</span>`;
}

/** A link for http(s) addresses only; anything else is shown as text. The script sends clicks to the extension. */
function link(url: unknown, text: string): string {
  if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/i.test(url)) return escapeHtml(text);
  return `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`;
}

function mono(value: unknown): string {
  return `<span class="mono">${escapeHtml(value)}</span>`;
}

function list<T>(value: readonly T[] | undefined): readonly T[] {
  return Array.isArray(value) ? value : [];
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function seconds(ms: unknown): string {
  return typeof ms === 'number' && Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'unknown time';
}

function size(bytes: unknown): string {
  return typeof bytes === 'number' && Number.isFinite(bytes) && bytes >= 0 ? formatBytes(bytes) : 'unknown';
}
