// The baseline: findings a team accepted when it adopted Shipshape, written by `shipshape baseline` to
// `.shipshape-baseline.json`. Later runs (CLI and editor) report only findings that are not in it. Findings
// are identified by file, rule and a hash of the flagged line's text (whitespace normalised) with its
// occurrence number, so they survive lines moving and reindentation but not an edit of the line itself.
import { createHash } from 'node:crypto';
import nodePath, { type PlatformPath } from 'node:path';
import { LineIndex } from '../engine/text';
import type { Finding } from '../engine/types';
import { relativeInside } from './discover';
import { describeError, findUpward, nodeFileSystem, type HostFileSystem } from './file-system';

export const BASELINE_FILE_NAME = '.shipshape-baseline.json';
const FORMAT_VERSION = 1;

/**
 * A hash of the rule id and the finding's line with whitespace normalised, so a result keeps its identity
 * when lines move or get reindented. Callers append `:<occurrence>` for repeats (SARIF does the same).
 */
export function primaryLocationLineHash(ruleId: string, line: string): string {
  const normalised = line.trim().replace(/\s+/g, ' ');
  return createHash('sha256').update(`${ruleId}\u0000${normalised}`).digest('hex').slice(0, 16);
}

/** `<line hash>:<occurrence>` for each finding, parallel to `findings`; occurrences count in text order. */
export function fingerprintFindings(text: string, findings: readonly Finding[]): string[] {
  const lines = new LineIndex(text);
  const order = findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => a.finding.range.start - b.finding.range.start || a.finding.range.end - b.finding.range.end || (a.finding.ruleId < b.finding.ruleId ? -1 : a.finding.ruleId > b.finding.ruleId ? 1 : 0));
  const occurrences = new Map<string, number>();
  const fingerprints: string[] = new Array<string>(findings.length);
  for (const { finding, index } of order) {
    const line = lines.positionAt(finding.range.start).line;
    const hash = primaryLocationLineHash(finding.ruleId, text.slice(lines.lineStart(line), lines.lineEnd(line)));
    const occurrence = (occurrences.get(hash) ?? 0) + 1;
    occurrences.set(hash, occurrence);
    fingerprints[index] = `${hash}:${occurrence}`;
  }
  return fingerprints;
}

export interface BaselineEntry {
  /** Relative to the baseline file's folder, with `/` separators. */
  path: string;
  ruleId: string;
  fingerprint: string;
  /** For people reading the file; matching does not use them. */
  line: number;
  message: string;
}

export interface Baseline {
  /** Absolute path of the baseline file. */
  path: string;
  folder: string;
  entries: BaselineEntry[];
  /** Why the file could not be used; entries are empty then. */
  problem: string | undefined;
  keys: Set<string>;
}

function key(path: string, ruleId: string, fingerprint: string): string {
  return `${path}\u0000${ruleId}\u0000${fingerprint}`;
}

/** The entries for one file's findings, paths relative to `folder`. */
export function baselineEntries(folder: string, filePath: string, text: string, findings: readonly Finding[], pathApi: PlatformPath = nodePath): BaselineEntry[] {
  const relative = relativeInside(folder, filePath, pathApi) ?? pathApi.basename(filePath);
  const lines = new LineIndex(text);
  const fingerprints = fingerprintFindings(text, findings);
  return findings.map((finding, index) => ({
    path: relative,
    ruleId: finding.ruleId,
    fingerprint: fingerprints[index] ?? '',
    line: lines.positionAt(finding.range.start).line + 1,
    message: finding.message,
  }));
}

/** The text of a baseline file, sorted so it diffs well. */
export function formatBaseline(entries: readonly BaselineEntry[]): string {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)));
  return `${JSON.stringify({ version: FORMAT_VERSION, tool: 'shipshape', findings: sorted }, null, 2)}\n`;
}

export function parseBaseline(path: string, text: string, pathApi: PlatformPath = nodePath): Baseline {
  const baseline: Baseline = { path, folder: pathApi.dirname(path), entries: [], problem: undefined, keys: new Set() };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    baseline.problem = `${pathApi.basename(path)} is not valid JSON (${describeError(error)}); write it again with \`shipshape baseline\``;
    return baseline;
  }
  const findings = (data as { findings?: unknown } | null)?.findings;
  if ((data as { version?: unknown } | null)?.version !== FORMAT_VERSION || !Array.isArray(findings)) {
    baseline.problem = `${pathApi.basename(path)} is not a Shipshape baseline (version ${FORMAT_VERSION} with a findings list); write it again with \`shipshape baseline\``;
    return baseline;
  }
  for (const item of findings) {
    const entry = item as Partial<BaselineEntry> | null;
    if (typeof entry?.path !== 'string' || typeof entry.ruleId !== 'string' || typeof entry.fingerprint !== 'string') continue;
    baseline.entries.push({ path: entry.path, ruleId: entry.ruleId, fingerprint: entry.fingerprint, line: Number(entry.line) || 0, message: String(entry.message ?? '') });
    baseline.keys.add(key(entry.path, entry.ruleId, entry.fingerprint));
  }
  return baseline;
}

/** Splits a file's findings into those the baseline holds and the new ones. */
export function splitByBaseline(
  baseline: Baseline | null,
  filePath: string,
  text: string,
  findings: readonly Finding[],
  pathApi: PlatformPath = nodePath,
): { fresh: Finding[]; baselined: Finding[] } {
  const relative = baseline ? relativeInside(baseline.folder, filePath, pathApi) : undefined;
  if (!baseline || relative === undefined || baseline.keys.size === 0 || findings.length === 0) return { fresh: [...findings], baselined: [] };
  const fingerprints = fingerprintFindings(text, findings);
  const fresh: Finding[] = [];
  const baselined: Finding[] = [];
  findings.forEach((finding, index) => {
    (baseline.keys.has(key(relative, finding.ruleId, fingerprints[index] ?? '')) ? baselined : fresh).push(finding);
  });
  return { fresh, baselined };
}

/** Finds the nearest baseline walking up from a folder, reading each candidate once until `clear()`. */
export class BaselineFinder {
  private readonly byFolder = new Map<string, Baseline | null>();
  private readonly byPath = new Map<string, Baseline>();

  constructor(
    private readonly fileSystem: HostFileSystem = nodeFileSystem,
    private readonly pathApi: PlatformPath = nodePath,
  ) {}

  nearest(folder: string): Baseline | null {
    return findUpward(folder, this.byFolder, (current) => this.read(this.pathApi.join(current, BASELINE_FILE_NAME), false), this.pathApi);
  }

  /** A baseline named explicitly (`--baseline FILE`); a missing file comes back with a problem. */
  load(path: string): Baseline {
    return this.read(this.pathApi.resolve(path), true) as Baseline;
  }

  clear(): void {
    this.byFolder.clear();
    this.byPath.clear();
  }

  private read(path: string, required: boolean): Baseline | undefined {
    const cached = this.byPath.get(path);
    if (cached) return cached;
    let baseline: Baseline | undefined;
    try {
      const text = this.fileSystem.readTextIfExists(path);
      if (text !== undefined) baseline = parseBaseline(path, text, this.pathApi);
      else if (required) baseline = { ...parseBaseline(path, '{"version":1,"findings":[]}', this.pathApi), problem: `cannot read the baseline ${path}: no such file` };
    } catch (error) {
      baseline = { ...parseBaseline(path, '{"version":1,"findings":[]}', this.pathApi), problem: `cannot read the baseline ${path}: ${describeError(error)}` };
    }
    if (baseline) this.byPath.set(path, baseline);
    return baseline;
  }
}
