// `--format sarif`: SARIF 2.1.0 as GitHub code scanning and other viewers read it. Rule metadata comes
// from the same RuleMeta as the docs; fingerprints let code scanning follow a result across commits.
import nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { REPOSITORY_URL, ruleDocsUrl } from '../../engine/docs-url';
import type { RuleMeta, SecuritySeverity } from '../../engine/rule';
import type { Finding, Fix, Severity, SuppressedFinding, TextRange } from '../../engine/types';
import { primaryLocationLineHash } from '../../host/baseline';
import { relativeInside } from '../../host/discover';

export { primaryLocationLineHash };
import { relatedFile, relatedSpanOf, spanOf, type EnabledRule, type FileReport, type LintReport, type Span } from '../report';
import { ruleHelpMarkdown, ruleHelpText } from '../rule-docs';
import { VERSION } from '../version';
import { jsonSafe } from '../../engine/display-text';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

/** GitHub code scanning's bands: critical >= 9.0, high >= 7.0, medium >= 4.0, low below. */
const SECURITY_SEVERITY: Record<SecuritySeverity, string> = { critical: '9.0', high: '7.5', medium: '5.5', low: '3.0' };

const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

export function formatSarif(report: LintReport): string {
  const rules = sarifRules(report);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const results = report.files.flatMap((file) => fileResults(report.cwd, file, ruleIndex, report.files));

  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Shipshape',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: REPOSITORY_URL,
            rules,
          },
        },
        invocations: [invocation(report)],
        originalUriBaseIds: { [SRCROOT]: { uri: folderUri(report.cwd) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${jsonSafe(JSON.stringify(log, null, 2))}\n`;
}

/** Every rule enabled for this run (which includes every rule with a result), sorted by id. */
function sarifRules(report: LintReport): Sarif.ReportingDescriptor[] {
  return [...report.rules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0)).map(ruleDescriptor);
}

function ruleDescriptor({ meta, severity }: EnabledRule): Sarif.ReportingDescriptor {
  return {
    id: meta.id,
    name: meta.id,
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.docs.rationale.trim(), markdown: meta.docs.rationale.trim() },
    helpUri: ruleDocsUrl(meta.id),
    help: { text: ruleHelpText(meta), markdown: ruleHelpMarkdown(meta) },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: ruleTags(meta),
      'security-severity': SECURITY_SEVERITY[meta.securitySeverity],
    },
  };
}

/** `security` makes GitHub treat results as security alerts; CWE tags use its `external/cwe/cwe-NNN` form. */
export function ruleTags(meta: RuleMeta): string[] {
  const tags = ['security', meta.category];
  for (const cwe of meta.cwe ?? []) {
    const number = /^CWE-(\d+)$/i.exec(cwe)?.[1];
    if (number !== undefined) tags.push(`external/cwe/cwe-${number.padStart(3, '0')}`);
  }
  return tags;
}

function fileResults(cwd: string, file: FileReport, ruleIndex: Map<string, number>, files: readonly FileReport[]): Sarif.Result[] {
  const location = artifactLocation(cwd, file.path);
  const entries: Array<{ finding: Finding; suppressed: SuppressedFinding | undefined; baselined?: boolean }> = [
    ...file.findings.map((finding) => ({ finding, suppressed: undefined })),
    ...file.suppressed.map((finding) => ({ finding, suppressed: finding })),
    ...(file.baselined ?? []).map((finding) => ({ finding, suppressed: undefined, baselined: true })),
  ].sort((a, b) => a.finding.range.start - b.finding.range.start || a.finding.range.end - b.finding.range.end || compare(a.finding.ruleId, b.finding.ruleId));

  const occurrences = new Map<string, number>();
  return entries.map(({ finding, suppressed, baselined }) => {
    const lineHash = primaryLocationLineHash(finding.ruleId, lineText(file, finding.range.start));
    const occurrence = (occurrences.get(lineHash) ?? 0) + 1;
    occurrences.set(lineHash, occurrence);
    const index = ruleIndex.get(finding.ruleId);
    const result: Sarif.Result = {
      ruleId: finding.ruleId,
      ...(index !== undefined ? { ruleIndex: index } : {}),
      level: LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [{ physicalLocation: { artifactLocation: location, region: region(file, finding.range) } }],
      partialFingerprints: { primaryLocationLineHash: `${lineHash}:${occurrence}` },
    };
    if (finding.related.length > 0) {
      result.relatedLocations = finding.related.flatMap((related, id) => {
        if (related.path !== undefined && related.position) {
          return [{ id, message: { text: related.message }, physicalLocation: { artifactLocation: artifactLocation(cwd, related.path), region: spanRegion(relatedSpanOf(file.lines, related)) } }];
        }
        const other = relatedFile(files, file, related);
        if (!other) return [];
        return [{ id, message: { text: related.message }, physicalLocation: { artifactLocation: other === file ? location : artifactLocation(cwd, other.path), region: region(other, related.range) } }];
      });
    }
    const fixes = finding.fixes.map((fix) => sarifFix(cwd, file, fix)).filter((fix): fix is Sarif.Fix => fix !== undefined);
    if (fixes.length > 0) result.fixes = fixes;
    // With a baseline, code scanning learns which results are new; accepted ones are suppressed externally.
    if (file.baselined) result.baselineState = baselined ? 'unchanged' : 'new';
    if (baselined) result.suppressions = [{ kind: 'external', justification: 'accepted in the baseline (.shipshape-baseline.json)', properties: { suppressedBy: 'baseline' } }];
    if (suppressed) {
      // Which tool's comment (or the project configuration) silenced it, so reviewers can trace every exception.
      const by = suppressed.suppressedBy;
      result.suppressions = [
        {
          kind: by.tool === 'config' ? 'external' : 'inSource',
          ...(suppressed.justification ? { justification: suppressed.justification } : {}),
          properties: { suppressedBy: by.tool, directive: by.directive },
        },
      ];
    }
    return result;
  });
}

function sarifFix(cwd: string, file: FileReport, fix: Fix): Sarif.Fix | undefined {
  const changes: Sarif.ArtifactChange[] = [];
  if (fix.edits.length > 0) {
    changes.push({
      artifactLocation: artifactLocation(cwd, file.path),
      replacements: fix.edits.map((edit) => ({ deletedRegion: region(file, edit), insertedContent: { text: edit.text } })),
    });
  }
  for (const created of fix.createFiles ?? []) {
    const target = nodePath.resolve(nodePath.dirname(file.path), ...created.relativePath.split('/'));
    changes.push({
      artifactLocation: artifactLocation(cwd, target),
      replacements: [{ deletedRegion: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 }, insertedContent: { text: created.text } }],
    });
  }
  if (changes.length === 0) return undefined;
  return { description: { text: fix.title }, artifactChanges: changes, properties: { safety: fix.safety } };
}

function region(file: FileReport, range: TextRange): Sarif.Region {
  return spanRegion(spanOf(file.lines, range));
}

function spanRegion(span: Span): Sarif.Region {
  return { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn };
}

function lineText(file: FileReport, offset: number): string {
  const line = file.lines.positionAt(offset).line;
  return file.text.slice(file.lines.lineStart(line), file.lines.lineEnd(line));
}

/** Inside the working folder: a relative URI against %SRCROOT%; elsewhere an absolute file URI. */
function artifactLocation(cwd: string, path: string): Sarif.ArtifactLocation {
  const relative = relativeInside(cwd, path);
  if (relative === undefined) return { uri: pathToFileURL(path).href };
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function invocation(report: LintReport): Sarif.Invocation {
  const result: Sarif.Invocation = { executionSuccessful: report.failures.every((failure) => failure.skipped) };
  if (report.failures.length > 0) {
    result.toolExecutionNotifications = report.failures.map((failure) => ({
      level: failure.skipped ? 'warning' : 'error',
      message: { text: failure.message },
      ...(failure.path !== undefined ? { locations: [{ physicalLocation: { artifactLocation: artifactLocation(report.cwd, failure.path) } }] } : {}),
    }));
  }
  return result;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
