// Inline suppressions: `# shipshape-ignore rule-a,rule-b -- reason` covers the next instruction or YAML node,
// `# shipshape-ignore-file rule-a -- reason` the whole file. Unused ones are reported by the engine.
import type { PeerTool } from './peer-ids';
import type { ConfigIgnore, Finding, SuppressedFinding, TextRange } from './types';

/** Whose syntax a suppression is written in: Shipshape's own, another tool's, or an `ignore:` entry of `.shipshape.yaml`. */
export type SuppressionTool = 'shipshape' | 'config' | PeerTool;

export interface Suppression {
  /** Range of the whole comment. */
  commentRange: TextRange;
  /** Range that should be deleted to remove the comment (the full line when it stands alone). */
  removalRange: TextRange;
  ruleIds: string[];
  /** Each id's range inside the comment, parallel to `ruleIds`. */
  ruleIdRanges: TextRange[];
  reason: string | undefined;
  fileWide: boolean;
  /** The text this suppression covers; undefined for file-wide ones or when nothing follows it. */
  target: TextRange | undefined;
  tool: SuppressionTool;
  /** The comment, annotation or configuration entry as written, for reports. */
  directive: string;
}

export interface CommentInfo {
  /** From the `#` to the end of the comment. */
  range: TextRange;
  /** Text after the `#`, as written. */
  content: string;
}

export type RuleStatus = 'active' | 'inactive' | 'unknown';

const DIRECTIVE = /^\s*shipshape-ignore(-file)?(?=\s|:|$)\s*:?\s*(.*)$/;

/** Parses one comment; returns undefined when it is not a suppression. */
export function parseSuppression(
  text: string,
  comment: CommentInfo,
  target: TextRange | undefined,
): Suppression | undefined {
  const match = DIRECTIVE.exec(comment.content);
  if (!match) return undefined;
  const fileWide = match[1] !== undefined;
  const body = match[2] ?? '';
  const reasonAt = body.search(/(^|\s)--(\s|$)/);
  const idsText = reasonAt === -1 ? body : body.slice(0, reasonAt);
  const reason = reasonAt === -1 ? undefined : body.slice(reasonAt).replace(/^\s*--\s*/, '').trim() || undefined;
  const bodyStart = comment.range.start + 1 + comment.content.length - body.length;
  const ruleIds: string[] = [];
  const ruleIdRanges: TextRange[] = [];
  for (const id of idsText.matchAll(/[A-Za-z0-9][\w.-]*/g)) {
    ruleIds.push(id[0]);
    ruleIdRanges.push({ start: bodyStart + id.index, end: bodyStart + id.index + id[0].length });
  }
  return {
    commentRange: comment.range,
    removalRange: lineRemovalRange(text, comment.range),
    ruleIds,
    ruleIdRanges,
    reason,
    fileWide,
    target: fileWide ? undefined : target,
    tool: 'shipshape',
    directive: text.slice(comment.range.start, comment.range.end).trim(),
  };
}

/** `.shipshape.yaml` `ignore:` entries that match the file, as file-wide suppressions. */
export function configIgnoreSuppressions(ignores: readonly ConfigIgnore[]): Suppression[] {
  const nowhere = { start: 0, end: 0 };
  return ignores.map((ignore) => ({
    commentRange: nowhere,
    removalRange: nowhere,
    ruleIds: [ignore.ruleId],
    ruleIdRanges: [nowhere],
    reason: ignore.reason,
    fileWide: true,
    target: undefined,
    tool: 'config',
    directive: ignore.directive,
  }));
}

/** The whole line (with its break) when the comment stands alone on it, else just the comment. */
function lineRemovalRange(text: string, range: TextRange): TextRange {
  let lineStart = range.start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n') lineStart--;
  const before = text.slice(lineStart, range.start);
  if (before.trim() !== '') {
    let start = range.start;
    while (start > lineStart && /[ \t]/.test(text[start - 1] ?? '')) start--;
    return { start, end: range.end };
  }
  let end = range.end;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { start: lineStart, end };
}

export interface SuppressionOutcome {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  /** Suppressions (and the indexes of their rule ids) that silenced nothing. */
  unused: Array<{ suppression: Suppression; idIndexes: number[] }>;
}

/** Splits findings into kept and suppressed, and finds rule ids in comments that silenced nothing. */
export function applySuppressions(
  findings: Finding[],
  suppressions: Suppression[],
  ruleStatus: (ruleId: string) => RuleStatus,
  unsuppressible: ReadonlySet<string>,
): SuppressionOutcome {
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const used = suppressions.map((s) => s.ruleIds.map(() => false));
  for (const finding of findings) {
    let silencedBy: Suppression | undefined;
    if (!unsuppressible.has(finding.ruleId)) {
      suppressions.forEach((suppression, index) => {
        const idIndex = suppression.ruleIds.indexOf(finding.ruleId);
        if (idIndex === -1) return;
        const covers =
          suppression.fileWide ||
          (suppression.target !== undefined && finding.range.start >= suppression.target.start && finding.range.start <= suppression.target.end);
        if (!covers) return;
        const flags = used[index];
        if (flags) flags[idIndex] = true;
        silencedBy ??= suppression;
      });
    }
    if (silencedBy) suppressed.push({ ...finding, justification: silencedBy.reason, suppressedBy: { tool: silencedBy.tool, directive: silencedBy.directive } });
    else kept.push(finding);
  }
  const unused: SuppressionOutcome['unused'] = [];
  suppressions.forEach((suppression, index) => {
    // Other tools' comments are theirs to police; only Shipshape's own are reported when unused.
    if (suppression.tool !== 'shipshape') return;
    const idIndexes = suppression.ruleIds
      .map((id, i) => ({ id, i }))
      .filter(({ id, i }) => !used[index]?.[i] && ruleStatus(id) !== 'inactive')
      .map(({ i }) => i);
    if (idIndexes.length > 0 || suppression.ruleIds.length === 0) unused.push({ suppression, idIndexes });
  });
  return { findings: kept, suppressed, unused };
}
