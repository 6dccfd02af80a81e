// `shipshape scan` for people: a header naming the image, the vulnerabilities worst first with the version
// that fixes each, the image findings, and notes about anything that could not be checked.
import type { ReportVulnerability, ScanReport } from '../../protocol';
import { SEVERITY_ORDER } from '../../scan/scan-image';
import type { Palette } from '../color';

export function formatScanStylish(report: ScanReport, palette: Palette): string {
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

function summaryLine(report: ScanReport, palette: Palette): string {
  const counts = SEVERITY_ORDER.filter((severity) => report.summary[severity] > 0).map((severity) => `${report.summary[severity]} ${severity}`);
  const total = report.vulnerabilities.length;
  const status = report.vulnerabilityData.status;
  // "No known vulnerabilities" only when they were looked up: an offline or failed lookup knows nothing.
  const unknown = status === 'disabled' || status === 'unavailable';
  let vulnerabilities: string;
  if (status === 'disabled') vulnerabilities = 'vulnerabilities not looked up';
  else if (status === 'unavailable') vulnerabilities = 'vulnerability data unavailable';
  else if (total === 0) vulnerabilities = status === 'partial' ? 'no known vulnerabilities in the data that could be fetched' : 'no known vulnerabilities';
  else vulnerabilities = `${total} ${plural(total, 'vulnerability', 'vulnerabilities')} (${counts.join(', ')})`;
  const fixable = report.vulnerabilities.filter((vulnerability) => vulnerability.fixedVersion).length;
  const fixText = total > 0 ? `, ${fixable} with a fix` : '';
  const findings = `${report.findings.length} image ${plural(report.findings.length, 'finding')}`;
  const text = `${vulnerabilities}${fixText}, ${findings}`;
  return unknown || total > 0 || report.findings.some((finding) => finding.severity !== 'info') ? palette.bold(text) : palette.green(text);
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return count === 1 ? singular : pluralForm;
}

function truncate(text: string, length: number): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
