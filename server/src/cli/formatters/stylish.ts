// The default, human format: findings grouped by file, then a summary and a hint about --fix.
import type { Palette } from '../color';
import { countFindings, describeFixes, plural, spanOf, type LintReport } from '../report';
import { displayText } from '../../engine/display-text';

export interface StylishOptions {
  palette: Palette;
  /** `--fix` ran: say what changed and do not suggest it again. */
  fixMode: boolean;
  quiet: boolean;
}

export function formatStylish(report: LintReport, options: StylishOptions): string {
  const { palette } = options;
  const out: string[] = [];

  if (options.fixMode) {
    const fixes = report.files.map(describeFixes).filter((line): line is string => line !== undefined);
    for (const line of fixes) out.push(`${palette.green('✔')} ${displayText(line)}`);
    if (fixes.length > 0) out.push('');
  }

  for (const file of report.files) {
    if (file.findings.length === 0) continue;
    const rows = file.findings.map((finding) => {
      const span = spanOf(file.lines, finding.range);
      return { position: `${span.line}:${span.column}`, finding };
    });
    const positionWidth = Math.max(...rows.map((row) => row.position.length));
    const severityWidth = Math.max(...rows.map((row) => row.finding.severity.length));
    out.push(palette.underline(displayText(file.displayPath)));
    for (const { position, finding } of rows) {
      const severity = finding.severity.padEnd(severityWidth);
      const colored = finding.severity === 'error' ? palette.red(severity) : finding.severity === 'warning' ? palette.yellow(severity) : palette.blue(severity);
      // Messages are one line; a stray line break from a rule must not break the layout, and names quoted from
      // the file must not reach the terminal as escape sequences.
      const message = displayText(finding.message.replace(/\s*\r?\n\s*/g, ' '));
      out.push(`  ${palette.dim(position.padEnd(positionWidth))}  ${colored}  ${message}  ${palette.dim(finding.ruleId)}`);
    }
    out.push('');
  }

  const counts = countFindings(report.files);
  const unlinted = new Set(report.failures.map((failure) => failure.path).filter((path) => path !== undefined && !report.files.some((file) => file.path === path)));
  if (counts.problems === 0) {
    // Files that could not be linted are no all-clear: the run fails and says how many (the errors name them).
    if (unlinted.size > 0) {
      const notLinted = `${plural(unlinted.size, 'file')} could not be linted.`;
      out.push(report.files.length === 0 ? `${notLinted.charAt(0).toUpperCase()}${notLinted.slice(1)}` : `No problems found in ${plural(report.files.length, 'file')}; ${notLinted}`);
    }
    else if (!options.quiet) out.push(`${palette.green('✔')} No problems found in ${plural(report.files.length, 'file')}.`);
  } else {
    const mark = counts.errors > 0 ? palette.red : counts.warnings > 0 ? palette.yellow : palette.blue;
    const breakdown = options.quiet
      ? plural(counts.errors, 'error')
      : `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${counts.info} info`;
    out.push(mark(palette.bold(`✖ ${plural(counts.problems, 'problem')} (${breakdown})`)));
    if (counts.fixable > 0 && !options.fixMode) {
      out.push(palette.dim(`  ${plural(counts.fixable, 'problem')} ${counts.fixable === 1 ? 'is' : 'are'} fixable with --fix`));
    }
  }
  if (counts.baselined > 0 && !options.quiet) {
    out.push(palette.dim(`  ${plural(counts.baselined, 'finding')} in the baseline not shown (\`--no-baseline\` shows them)`));
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}
