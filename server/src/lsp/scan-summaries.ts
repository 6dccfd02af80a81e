// After a scan, one diagnostic on each `FROM` / `image:` line of the open documents that names the scanned
// image, with the counts and the worst severity. It stays until that line's text changes, the document is
// closed, or a scan of the same image replaces it.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE, type ScanReport, type ScanTarget } from '../protocol';
import { toLspRange } from './diagnostics';
import { namesScannedImage, sameImage, scannableUses, scannedImage, type ScannedImage } from './image-references';
import { displayText } from '../engine/display-text';

export const SCAN_SUMMARY_CODE = 'image-scan';

/** What a summary diagnostic keeps in `data`: the report's image name, which the client's Open Scan Report takes. */
export interface ScanSummaryData {
  scanReport: string;
}

interface SummaryEntry {
  image: ScannedImage;
  reportName: string;
  message: string;
  severity: DiagnosticSeverity;
  /** Per document uri, the texts of the lines that named the image when the scan finished. */
  lines: Map<string, Set<string>>;
}

export class ScanSummaries {
  /** Oldest first; a later entry wins where two name the same line. */
  private entries: SummaryEntry[] = [];

  /** Records a finished scan against the open documents; returns the uris that gained a summary. */
  record(target: ScanTarget, report: ScanReport, documents: readonly TextDocument[]): string[] {
    const image = scannedImage(target, report);
    const entry: SummaryEntry = { image, reportName: report.image.name, message: scanSummaryMessage(report), severity: summarySeverity(report), lines: new Map() };
    const replaced = this.entries.filter((existing) => sameImage(existing.image, image));
    this.entries = this.entries.filter((existing) => !replaced.includes(existing));
    for (const document of documents) {
      const lines = new Set<string>();
      for (const use of scannableUses(document)) if (namesScannedImage(use.reference, image)) lines.add(lineTextAt(document, use.range.start));
      if (lines.size > 0) entry.lines.set(document.uri, lines);
    }
    if (entry.lines.size > 0) this.entries.push(entry);
    const touched = new Set([...entry.lines.keys(), ...replaced.flatMap((old) => [...old.lines.keys()])]);
    return [...touched];
  }

  has(uri: string): boolean {
    return this.entries.some((entry) => entry.lines.has(uri));
  }

  /** The summaries for a document's current text. */
  diagnosticsFor(document: TextDocument): Diagnostic[] {
    const relevant = this.entries.filter((entry) => entry.lines.has(document.uri));
    if (relevant.length === 0) return [];
    const diagnostics: Diagnostic[] = [];
    for (const use of scannableUses(document)) {
      const lineText = lineTextAt(document, use.range.start);
      const entry = relevant.findLast((candidate) => candidate.lines.get(document.uri)?.has(lineText) === true && namesScannedImage(use.reference, candidate.image));
      if (!entry) continue;
      const data: ScanSummaryData = { scanReport: entry.reportName };
      diagnostics.push({
        range: toLspRange(document, use.range),
        severity: entry.severity,
        source: DIAGNOSTIC_SOURCE,
        code: SCAN_SUMMARY_CODE,
        message: entry.message,
        data,
      });
    }
    return diagnostics;
  }

  forget(uri: string): void {
    for (const entry of this.entries) entry.lines.delete(uri);
    this.entries = this.entries.filter((entry) => entry.lines.size > 0);
  }
}

export function isScanSummaryDiagnostic(diagnostic: Diagnostic): diagnostic is Diagnostic & { data: ScanSummaryData } {
  return diagnostic.source === DIAGNOSTIC_SOURCE && diagnostic.code === SCAN_SUMMARY_CODE && typeof (diagnostic.data as Partial<ScanSummaryData> | undefined)?.scanReport === 'string';
}

function lineTextAt(document: TextDocument, offset: number): string {
  const line = document.positionAt(offset).line;
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

const VULNERABILITY_ORDER = ['critical', 'high', 'medium', 'low', 'unknown'] as const;

/** "Scan of nginx:1.25 (linux/amd64): 3 critical and 10 high vulnerabilities; 2 image findings. Open the report …" */
export function scanSummaryMessage(report: ScanReport): string {
  const counts = VULNERABILITY_ORDER.filter((severity) => report.summary[severity] > 0).map((severity) => `${report.summary[severity]} ${severity === 'unknown' ? 'unknown-severity' : severity}`);
  const total = VULNERABILITY_ORDER.reduce((sum, severity) => sum + report.summary[severity], 0);
  const status = report.vulnerabilityData.status;
  let vulnerabilities: string;
  if (status === 'unavailable' || status === 'disabled') vulnerabilities = `vulnerability data ${status === 'disabled' ? 'not fetched' : 'unavailable'}`;
  else if (total === 0) vulnerabilities = status === 'partial' ? 'no known vulnerabilities in the data that could be fetched' : 'no known vulnerabilities';
  else vulnerabilities = `${joinWords(counts)} ${total === 1 ? 'vulnerability' : 'vulnerabilities'}${status === 'partial' ? ' (vulnerability data incomplete)' : ''}`;
  const findings = report.findings.length === 0 ? 'no image findings' : `${report.findings.length} image finding${report.findings.length === 1 ? '' : 's'}`;
  const problems = report.problems.length > 0 ? `; ${report.problems.length} scan step${report.problems.length === 1 ? '' : 's'} failed` : '';
  const unverified = report.integrity?.status === 'failed' ? 'the image could not be verified (a layer failed its digest, size or safety checks), so these results cannot be trusted; ' : '';
  return displayText(`Scan of ${report.image.name} (${report.image.platform}): ${unverified}${vulnerabilities}; ${findings}${problems}. Open the report from this line's quick fixes.`);
}

/** Error when the image could not be verified, Warning when anything critical or high was found, Information otherwise. */
export function summarySeverity(report: ScanReport): DiagnosticSeverity {
  if (report.integrity?.status === 'failed') return DiagnosticSeverity.Error;
  const severe = report.summary.critical + report.summary.high > 0 || report.findings.some((finding) => finding.severity === 'critical' || finding.severity === 'high');
  return severe ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
}

function joinWords(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}
