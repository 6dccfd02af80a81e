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
  /** Fixes left out because their result did not parse or still had their finding. */
  rejected: AppliedFix[];
}

/** What the fix loop needs from a lint: the findings, and how many parse errors the text has. */
export interface LintedText {
  findings: Finding[];
  syntaxErrors: number;
}

/** The first fix of a finding that the safety level allows. */
export function pickFix(finding: Finding, safety: FixSafety | 'all'): Fix | undefined {
  return finding.fixes.find((fix) => safety === 'all' || fix.safety === 'safe');
}

/** When a pass's fixes fail together, at most this many are tried alone in that pass. */
const SINGLE_CHECKS_PER_PASS = 16;

const findingKey = (finding: Finding): string => `${finding.ruleId}\u0000${finding.message}`;

/**
 * Whether `after` (the text with some fixes applied) is sound: it parses at least as well as `before`, and
 * each finding a fix with edits was for is gone (one fewer finding with the same rule and message per fix).
 * A fix that only creates files changes no text, so its finding is not expected to go.
 */
export function fixesHold(before: LintedText, after: LintedText, fixed: ReadonlyArray<{ finding: Finding; fix: Fix }>): boolean {
  if (after.syntaxErrors > before.syntaxErrors) return false;
  const expected = new Map<string, number>();
  for (const { finding, fix } of fixed) if (fix.edits.length > 0) expected.set(findingKey(finding), (expected.get(findingKey(finding)) ?? 0) + 1);
  if (expected.size === 0) return true;
  const count = (findings: Finding[]): Map<string, number> => {
    const counts = new Map<string, number>();
    for (const finding of findings) {
      const key = findingKey(finding);
      if (expected.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  };
  const was = count(before.findings);
  const now = count(after.findings);
  for (const [key, fixes] of expected) if ((was.get(key) ?? 0) - (now.get(key) ?? 0) < fixes) return false;
  return true;
}

/** A lint function of either shape as the fix loop uses it. */
function linted(lintText: (text: string) => Finding[] | LintedText): (text: string) => LintedText {
  return (text) => {
    const result = lintText(text);
    return Array.isArray(result) ? { findings: result, syntaxErrors: 0 } : result;
  };
}

/**
 * Lints, applies every allowed fix whose edits do not overlap an earlier one, and repeats until nothing
 * changes or `maxPasses` is reached. Fixes are taken whole: a fix with one overlapping edit waits for
 * the next pass. Each pass's result is checked (it must parse and lose the fixed findings; the lint that
 * checks it is the next pass's lint); when it fails, each fix of the pass is tried alone and the ones
 * that fail alone are rejected for the rest of the run.
 */
export function fixUntilStable(
  text: string,
  lintText: (text: string) => Finding[] | LintedText,
  options: { safety?: FixSafety | 'all'; maxPasses?: number } = {},
): FixRun {
  const lint = linted(lintText);
  const safety = options.safety ?? 'safe';
  const maxPasses = options.maxPasses ?? 10;
  const applied: AppliedFix[] = [];
  const rejected: AppliedFix[] = [];
  const rejectedKeys = new Set<string>();
  const createFiles = new Map<string, FileCreation>();
  let current = text;
  let currentLint = lint(current);
  let passes = 0;
  while (passes < maxPasses) {
    passes++;
    let chosen: Array<{ finding: Finding; fix: Fix }> = [];
    const occupied: Edit[] = [];
    for (const finding of currentLint.findings) {
      const fix = pickFix(finding, safety);
      if (!fix || rejectedKeys.has(`${findingKey(finding)}\u0000${fix.title}`)) continue;
      if (fix.edits.some((edit) => occupied.some((taken) => editsCollide(edit, taken)))) continue;
      // A fix that only creates files changes no text and would come back every pass.
      if (fix.edits.length === 0 && (fix.createFiles ?? []).every((file) => createFiles.has(file.relativePath))) continue;
      chosen.push({ finding, fix });
      occupied.push(...fix.edits);
    }
    if (chosen.length === 0) break;
    let next = applyEdits(current, occupied).text;
    let nextLint = lint(next);
    if (!fixesHold(currentLint, nextLint, chosen)) {
      // Checked one by one, a few per pass: the others wait for a later pass, so a file with thousands of
      // fixes costs a bounded number of lints, not one per fix.
      const sound = chosen.slice(0, SINGLE_CHECKS_PER_PASS).filter((entry) => {
        const alone = lint(applyEdits(current, entry.fix.edits).text);
        if (fixesHold(currentLint, alone, [entry])) return true;
        rejectedKeys.add(`${findingKey(entry.finding)}\u0000${entry.fix.title}`);
        rejected.push({ ruleId: entry.finding.ruleId, title: entry.fix.title });
        return false;
      });
      // Sound alone but not together (rare): take the first one this pass, the others come back.
      chosen = sound.length <= 1 ? sound : [sound[0]!];
      if (chosen.length === 0) continue;
      next = applyEdits(current, chosen.flatMap((entry) => entry.fix.edits)).text;
      nextLint = lint(next);
      if (sound.length > 1 && !fixesHold(currentLint, nextLint, chosen)) break;
    }
    current = next;
    currentLint = nextLint;
    for (const { finding, fix } of chosen) {
      applied.push({ ruleId: finding.ruleId, title: fix.title });
      for (const file of fix.createFiles ?? []) if (!createFiles.has(file.relativePath)) createFiles.set(file.relativePath, file);
    }
    if (chosen.every((entry) => entry.fix.edits.length === 0)) break;
  }
  return { text: current, applied, createFiles: [...createFiles.values()], passes, rejected };
}

/** Two edits collide when their ranges overlap, or both insert at the same offset (order would be a guess). */
function editsCollide(a: Edit, b: Edit): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  return a.start === b.start && (a.start === a.end || b.start === b.end);
}
