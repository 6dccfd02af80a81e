// One problem, one diagnostic: where two rules report the same thing from two sides, the engine folds the
// lesser finding into the main one, which keeps both findings' fixes and names the folded rule.
import type { Finding, Severity } from './types';

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Pairs of rules that speak of one reference: [main, folded, sentence the main finding's message gains]. */
const FOLDS: ReadonlyArray<{ main: string; folded: string; sentence: string }> = [
  // A floating tag cannot be pinned meaningfully before it names a version; one squiggle says both.
  { main: 'image-tag-latest', folded: 'image-digest', sentence: 'It is not pinned by digest either (image-digest).' },
];

/** Folds each `folded` finding into the `main` finding on the same range; the rest is returned as it was. */
export function foldFindings(findings: Finding[]): Finding[] {
  if (findings.length < 2) return findings;
  const dropped = new Set<Finding>();
  for (const fold of FOLDS) {
    const mains = new Map<string, Finding>();
    for (const finding of findings) if (finding.ruleId === fold.main) mains.set(`${finding.range.start}:${finding.range.end}`, finding);
    if (mains.size === 0) continue;
    for (const finding of findings) {
      if (finding.ruleId !== fold.folded) continue;
      const main = mains.get(`${finding.range.start}:${finding.range.end}`);
      if (!main) continue;
      main.message = `${main.message} ${fold.sentence}`;
      if (SEVERITY_RANK[finding.severity] > SEVERITY_RANK[main.severity]) main.severity = finding.severity;
      main.related = [...main.related, { range: finding.range, message: finding.message }, ...finding.related];
      main.fixes = [...main.fixes, ...finding.fixes];
      main.foldedRuleIds = [...(main.foldedRuleIds ?? []), finding.ruleId];
      dropped.add(finding);
    }
  }
  return dropped.size === 0 ? findings : findings.filter((finding) => !dropped.has(finding));
}
