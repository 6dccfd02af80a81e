// `shipshape scan` for people: a header naming the image, the vulnerabilities worst first with the version
// that fixes each, the image findings, and notes about anything that could not be checked.
import type { ReportVulnerability, ScanReport } from '../../protocol';
import { SEVERITY_ORDER } from '../../scan/scan-image';
import type { Palette } from '../color';
import { displayStrings } from '../../engine/display-text';

export function formatScanStylish(untrusted: ScanReport, palette: Palette): string {
  // Names, OS release, user, summaries and messages come from the image and OSV: made inert before colouring.
  const report = displayStrings(untrusted);
  const lines: string[] = [];
  const { image } = report;
  const digest = image.manifestDigest ? ` ${palette.dim(image.manifestDigest)}` : '';
  lines.push(`${palette.bold(image.name)}${digest} ${palette.dim(`(${image.platform})`)}`);
  const facts = [
    image.os ? (image.os.prettyName ?? `${image.os.id} ${image.os.versionId ?? ''}`.trim()) : 'unknown OS',
    `${report.summary.packages} ${plural(report.summary.packages, 'package')}`,
    `${image.layers.length} ${plural(image.layers.length, 'layer')}`,
    `user ${image.user || 'root (not set)'}`,
  ];
  lines.push(palette.dim(facts.join(' · ')), '');
  if (report.integrity.status === 'failed') {
    lines.push(palette.red(palette.bold('IMAGE NOT VERIFIED')), `  ${palette.red(report.integrity.note ?? 'The image could not be verified.')}`, '');
  }

  lines.push(palette.underline('Signature'), `  ${signatureLine(report.signature, palette)}`);
  for (const entry of report.signature?.signatures ?? []) {
    lines.push(palette.dim(`    ${entry.format} by ${entry.signer}: ${entry.verified ? 'verified' : (entry.problem ?? 'not verified')}`));
  }
  lines.push('');

  lines.push(palette.underline('Vulnerabilities'));
  if (report.vulnerabilityData.status === 'disabled' || report.vulnerabilityData.status === 'unavailable') {
    lines.push(`  ${palette.yellow(report.vulnerabilityData.note ?? 'Vulnerability data is unavailable.')}`);
  } else if (report.vulnerabilities.length === 0) {
    lines.push(`  ${palette.green('none known')} ${palette.dim(`(source: ${report.vulnerabilityData.source})`)}`);
  } else {
    const widths = columnWidths(report.vulnerabilities);
    for (const vulnerability of report.vulnerabilities) lines.push(vulnerabilityLine(vulnerability, widths, palette));
  }
  if (report.vulnerabilityData.status === 'partial' && report.vulnerabilityData.note) lines.push(`  ${palette.yellow(report.vulnerabilityData.note)}`);
  lines.push('');

  lines.push(palette.underline('Image findings'));
  if (report.findings.length === 0) lines.push(`  ${palette.green('none')}`);
  for (const finding of report.findings) {
    lines.push(`  ${severityLabel(finding.severity, palette)}  ${finding.message}  ${palette.dim(finding.id)}`);
  }
  lines.push('');

  for (const problem of report.problems) lines.push(palette.yellow(`! ${problem.message}`));
  lines.push(summaryLine(report, palette));
  return `${lines.join('\n')}\n`;
}

interface Widths {
  severity: number;
  id: number;
  name: number;
  version: number;
}

function columnWidths(vulnerabilities: readonly ReportVulnerability[]): Widths {
  const max = (values: number[]) => Math.min(40, Math.max(0, ...values));
  return {
    severity: 8,
    id: max(vulnerabilities.map((vulnerability) => vulnerability.id.length)),
    name: max(vulnerabilities.map((vulnerability) => vulnerability.package.name.length)),
    version: max(vulnerabilities.map((vulnerability) => vulnerability.package.version.length)),
  };
}

function vulnerabilityLine(vulnerability: ReportVulnerability, widths: Widths, palette: Palette): string {
  const fixed = vulnerability.fixedVersion ? palette.green(`fixed in ${vulnerability.fixedVersion}`) : palette.dim('no fix yet');
  const cve = vulnerability.aliases.find((alias) => alias.startsWith('CVE-'));
  const alias = cve && cve !== vulnerability.id ? palette.dim(` ${cve}`) : '';
  const summary = vulnerability.summary ? palette.dim(`  ${truncate(vulnerability.summary, 80)}`) : '';
  return `  ${severityLabel(vulnerability.severity, palette, widths.severity)}  ${vulnerability.id.padEnd(widths.id)}  ${vulnerability.package.name.padEnd(widths.name)}  ${vulnerability.package.version.padEnd(widths.version)}  ${fixed}${alias}${summary}`;
}

function severityLabel(severity: string, palette: Palette, width = 8): string {
  const text = severity.padEnd(width);
  if (severity === 'critical' || severity === 'high') return palette.red(text);
  if (severity === 'medium') return palette.yellow(text);
  if (severity === 'low' || severity === 'info') return palette.blue(text);
  return palette.dim(text);
}

function signatureLine(signature: ScanReport['signature'] | undefined, palette: Palette): string {
  if (signature === undefined) return palette.yellow('not checked');
  const label = signature.status === 'verified' ? palette.green(signature.status) : signature.required || signature.status === 'invalid' ? palette.red(palette.bold(signature.status)) : palette.yellow(signature.status);
  return `${label}  ${signature.note}`;
}

function summaryLine(report: ScanReport, palette: Palette): string {
  const counts = SEVERITY_ORDER.filter((severity) => report.summary[severity] > 0).map((severity) => `${report.summary[severity]} ${severity}`);
  const total = report.vulnerabilities.length;
  const fixable = report.vulnerabilities.filter((vulnerability) => vulnerability.fixedVersion).length;
  const vulnerabilities =
    total > 0
      ? `${total} ${plural(total, 'vulnerability', 'vulnerabilities')} (${counts.join(', ')}), ${fixable} with a fix`
      : noVulnerabilitiesText(report.vulnerabilityData.status);
  const findings = `${report.findings.length} image ${plural(report.findings.length, 'finding')}`;
  if (report.integrity.status === 'failed') return palette.red(palette.bold(`image not verified; ${vulnerabilities}, ${findings} from unchecked layers`));
  const text = `${vulnerabilities}, ${findings}`;
  const clean = total === 0 && report.vulnerabilityData.status === 'ok' && !report.findings.some((finding) => finding.severity !== 'info');
  return clean ? palette.green(text) : palette.bold(text);
}

/** A clean result is claimed only when the vulnerability data was there to say so. */
function noVulnerabilitiesText(status: ScanReport['vulnerabilityData']['status']): string {
  switch (status) {
    case 'ok':
      return 'no known vulnerabilities';
    case 'partial':
      return 'no known vulnerabilities in the data that could be fetched (incomplete)';
    case 'unavailable':
      return 'vulnerability data unavailable';
    case 'disabled':
      return 'vulnerabilities not looked up';
  }
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}

function truncate(text: string, length: number): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
