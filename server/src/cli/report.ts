// What one `shipshape lint` run found, in the shape every formatter reads.
import type { RuleMeta } from '../engine/rule';
import { LineIndex } from '../engine/text';
import type { FileKind, Finding, RelatedLocation, Severity, SuppressedFinding, TextRange } from '../engine/types';
import type { AppliedFix } from '../engine/fixes';
import { pickFix } from '../engine/fixes';

export interface FixSummary {
  applied: AppliedFix[];
  /** Files the fixes created, relative to the working folder with `/` separators. */
  createdFiles: string[];
}

export interface FileReport {
  /** Absolute path. */
  path: string;
  /** Relative to the working folder, with the platform's separators: for people. */
  displayPath: string;
  /** Relative to the working folder with `/` separators: for JSON and SARIF. */
  portablePath: string;
  /** The text the findings' offsets point into (after fixes, when `--fix` ran). */
  text: string;
  lines: LineIndex;
  kind: FileKind;
  findings: Finding[];
  suppressed: SuppressedFinding[];
  fixed: FixSummary | undefined;
  /** Findings the baseline holds: counted, not reported. Absent when no baseline applies to the file. */
  baselined?: Finding[];
}

/** Something that went wrong besides findings: an unreadable file, a rule that threw. */
export interface RunFailure {
  /** Absolute path, when the failure concerns one file. */
  path: string | undefined;
  displayPath: string | undefined;
  portablePath: string | undefined;
  message: string;
  /** A file deliberately not read (a special file, or over the size limit): reported, but not an error. */
  skipped?: boolean;
}

export interface EnabledRule {
  meta: RuleMeta;
  /** The highest severity the rule had for any file of this run. */
  severity: Severity;
}

export interface LintReport {
  /** Absolute working folder: the base of relative paths (SARIF's %SRCROOT%). */
  cwd: string;
  files: FileReport[];
  /** Enabled rules, sorted by id. */
  rules: EnabledRule[];
  failures: RunFailure[];
}

export interface Span {
  /** One-based. */
  line: number;
  /** One-based, in UTF-16 code units. */
  column: number;
  endLine: number;
  /** One-based and exclusive: the column just after the last character. */
  endColumn: number;
}

export function spanOf(lines: LineIndex, range: TextRange): Span {
  const start = lines.positionAt(range.start);
  const end = lines.positionAt(range.end);
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** A related location's span: in the linted file, or (`path` set) at the position the engine gave in that file. */
export function relatedSpanOf(lines: LineIndex, related: RelatedLocation): Span {
  if (related.path === undefined || !related.position) return spanOf(lines, related.range);
  const { start, end } = related.position;
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export interface Counts {
  problems: number;
  errors: number;
  warnings: number;
  info: number;
  /** Findings with a fix `--fix` would apply. */
  fixable: number;
  suppressed: number;
  /** Findings left out because the baseline holds them. */
  baselined: number;
}

/** The file a related location is in: the finding's own, or another linted file (a kustomize base a patch overrides). */
export function relatedFile(files: readonly FileReport[], file: FileReport, related: RelatedLocation): FileReport | undefined {
  if (related.path === undefined || related.path === file.path) return file;
  return files.find((other) => other.path === related.path);
}

export function countFindings(files: readonly FileReport[]): Counts {
  const counts: Counts = { problems: 0, errors: 0, warnings: 0, info: 0, fixable: 0, suppressed: 0, baselined: 0 };
  for (const file of files) {
    counts.suppressed += file.suppressed.length;
    counts.baselined += file.baselined?.length ?? 0;
    for (const finding of file.findings) {
      counts.problems++;
      if (finding.severity === 'error') counts.errors++;
      else if (finding.severity === 'warning') counts.warnings++;
      else counts.info++;
      if (pickFix(finding, 'safe')) counts.fixable++;
    }
  }
  return counts;
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** "fixed 3 problems in Dockerfile (add-instead-of-copy ×2, sudo); created .dockerignore" */
export function describeFixes(file: FileReport): string | undefined {
  const fixed = file.fixed;
  if (!fixed || (fixed.applied.length === 0 && fixed.createdFiles.length === 0)) return undefined;
  const perRule = new Map<string, number>();
  for (const applied of fixed.applied) perRule.set(applied.ruleId, (perRule.get(applied.ruleId) ?? 0) + 1);
  const rules = [...perRule].map(([ruleId, count]) => (count > 1 ? `${ruleId} ×${count}` : ruleId)).join(', ');
  let text = `fixed ${plural(fixed.applied.length, 'problem')} in ${file.displayPath}`;
  if (rules) text += ` (${rules})`;
  if (fixed.createdFiles.length > 0) text += `; created ${fixed.createdFiles.join(', ')}`;
  return text;
}
