// Applying fixes: overlap-safe edit application and the multi-pass fix loop shared by `--fix`,
// the editor's fix-all and the tests.
import type { Edit, FileCreation, Finding, Fix, FixSafety } from './types';

/** Applies non-overlapping edits; an edit that overlaps one already taken is skipped and returned. */
export function applyEdits(text: string, edits: Edit[]): { text: string; skipped: Edit[] } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const taken: Edit[] = [];
  const skipped: Edit[] = [];
  let lastEnd = -1;
  for (const edit of sorted) {
    const previous = taken[taken.length - 1];
    if (previous && (edit.start < lastEnd || editsCollide(edit, previous))) {
      skipped.push(edit);
      continue;
    }
    taken.push(edit);
    lastEnd = edit.end;
  }
  let result = '';
  let cursor = 0;
  for (const edit of taken) {
    result += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  result += text.slice(cursor);
  return { text: result, skipped };
}

export interface AppliedFix {
  ruleId: string;
  title: string;
}

export interface FixRun {
  text: string;
  applied: AppliedFix[];
  createFiles: FileCreation[];
  passes: number;
}

/** The first fix of a finding that the safety level allows. */
export function pickFix(finding: Finding, safety: FixSafety | 'all'): Fix | undefined {
  return finding.fixes.find((fix) => safety === 'all' || fix.safety === 'safe');
}

/**
 * Lints, applies every allowed fix whose edits do not overlap an earlier one, and repeats until nothing
 * changes or `maxPasses` is reached. Fixes are taken whole: a fix with one overlapping edit waits for
 * the next pass.
 */
export function fixUntilStable(
  text: string,
  lintText: (text: string) => Finding[],
  options: { safety?: FixSafety | 'all'; maxPasses?: number } = {},
): FixRun {
  const safety = options.safety ?? 'safe';
  const maxPasses = options.maxPasses ?? 10;
  const applied: AppliedFix[] = [];
  const createFiles = new Map<string, FileCreation>();
  let current = text;
  let passes = 0;
  while (passes < maxPasses) {
    passes++;
    const chosen: Array<{ finding: Finding; fix: Fix }> = [];
    const occupied: Edit[] = [];
    for (const finding of lintText(current)) {
      const fix = pickFix(finding, safety);
      if (!fix || fix.edits.some((edit) => occupied.some((taken) => editsCollide(edit, taken)))) continue;
      // A fix that only creates files changes no text and would come back every pass.
      if (fix.edits.length === 0 && (fix.createFiles ?? []).every((file) => createFiles.has(file.relativePath))) continue;
      chosen.push({ finding, fix });
      occupied.push(...fix.edits);
    }
    if (chosen.length === 0) break;
    current = applyEdits(current, occupied).text;
    for (const { finding, fix } of chosen) {
      applied.push({ ruleId: finding.ruleId, title: fix.title });
      for (const file of fix.createFiles ?? []) if (!createFiles.has(file.relativePath)) createFiles.set(file.relativePath, file);
    }
    if (occupied.length === 0) break;
  }
  return { text: current, applied, createFiles: [...createFiles.values()], passes };
}

/** Two edits collide when their ranges overlap, or both insert at the same offset (order would be a guess). */
function editsCollide(a: Edit, b: Edit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  return a.start === b.start && (a.start === a.end || b.start === b.end);
}
