// The properties every input must keep, whatever it is: nothing thrown, linted in under a second, every range
// inside the text, and fixes that keep a parsing file parsing and settle (a second fix run changes nothing).
import { configFromLayers, fixSource, lintSource } from '../../server/src/analysis';
import type { ResolvedConfig } from '../../server/src/engine/config';
import type { Finding, LintResult, SourceFile } from '../../server/src/engine/types';

export const TIME_LIMIT_MS = 1000;

/** Every rule on: the strict preset with both image lists set (which switch their rules on). */
export const FUZZ_CONFIG: ResolvedConfig = configFromLayers([
  { preset: 'strict', images: { allowedRegistries: ['docker.io', 'gcr.io'], approved: ['docker.io/library/*'] } },
]);

export interface Violation {
  /** Stable name, used to tell whether a smaller input fails the same way. */
  property: 'exception' | 'slow' | 'range' | 'fix-breaks-parse' | 'fix-not-idempotent';
  detail: string;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
}

function rangeProblem(text: string, findings: Finding[]): string | undefined {
  const inside = (start: number, end: number): boolean => Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= text.length;
  for (const finding of findings) {
    if (!inside(finding.range.start, finding.range.end)) return `${finding.ruleId} range ${finding.range.start}-${finding.range.end} in a text of ${text.length}`;
    for (const related of finding.related) if (!inside(related.range.start, related.range.end)) return `${finding.ruleId} related range ${related.range.start}-${related.range.end}`;
    for (const fix of finding.fixes) {
      for (const edit of fix.edits) if (!inside(edit.start, edit.end)) return `${finding.ruleId} fix "${fix.title}" edit ${edit.start}-${edit.end}`;
    }
  }
  return undefined;
}

function timedLint(file: SourceFile): { result: LintResult; ms: number } {
  const start = performance.now();
  const result = lintSource(file, FUZZ_CONFIG);
  return { result, ms: performance.now() - start };
}

/** The first property the file breaks, or undefined. */
export function checkProperties(file: SourceFile): Violation | undefined {
  let linted: { result: LintResult; ms: number };
  try {
    linted = timedLint(file);
    // A busy machine can stall one run: a slow input must be slow twice.
    if (linted.ms > TIME_LIMIT_MS) linted = timedLint(file);
  } catch (error) {
    return { property: 'exception', detail: `lint threw: ${describeError(error)}` };
  }
  const { result, ms } = linted;
  if (ms > TIME_LIMIT_MS) return { property: 'slow', detail: `lint took ${ms.toFixed(0)} ms` };
  const failed = result.ruleFailures[0];
  if (failed) return { property: 'exception', detail: `rule ${failed.ruleId} threw: ${failed.error}` };
  const swallowed = result.findings.find((finding) => /the analysis failed/.test(finding.message));
  if (swallowed) return { property: 'exception', detail: swallowed.message };
  const badRange = rangeProblem(file.text, result.findings);
  if (badRange) return { property: 'range', detail: badRange };
  try {
    const fixed = fixSource(file, FUZZ_CONFIG, { safety: 'all' });
    if (fixed.text === file.text) return undefined;
    const after = lintSource({ ...file, text: fixed.text }, FUZZ_CONFIG);
    if (after.syntaxErrors > result.syntaxErrors) return { property: 'fix-breaks-parse', detail: `fixes ${fixed.applied.map((fix) => fix.ruleId).join(', ')} left ${after.syntaxErrors} parse errors` };
    const again = fixSource({ ...file, text: fixed.text }, FUZZ_CONFIG, { safety: 'all' });
    if (again.text !== fixed.text) return { property: 'fix-not-idempotent', detail: `a second fix run applied ${again.applied.map((fix) => `${fix.ruleId} (${fix.title})`).join(', ')}` };
  } catch (error) {
    return { property: 'exception', detail: `fix threw: ${describeError(error)}` };
  }
  return undefined;
}
