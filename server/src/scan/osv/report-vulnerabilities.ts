// Turning OSV answers into report entries: one per (package, vulnerability), with severity, fixed version,
// aliases, summary and links. Records that name the same vulnerability for the same package become one
// entry, so counts are not doubled: aliases of each other (GHSA-… and PYSEC-… for one CVE), or a
// distribution record written for a single upstream CVE (DEBIAN-CVE-…, UBUNTU-CVE-…) and another record of
// that CVE. An advisory covering several CVEs (most DSAs and USNs) shows them as aliases but stays its own
// entry. A vulnerability whose record could not be fetched is still listed, by id.
import type { ReportPackage, ReportVulnerability, VulnerabilitySeverity } from '../../protocol';
import type { InstalledPackage } from '../types';
import { queryKey, type PackageQueries } from './ecosystem-mapping';
import { affectedEntriesFor, lowestFixedVersion } from './fixed-version';
import type { OsvQuery, OsvVulnerability } from './osv-schema';
import { severityOf } from './severity';

const MAX_REFERENCES = 10;
const MAX_SUMMARY_CHARS = 300;

const SEVERITY_RANK: Record<VulnerabilitySeverity, number> = { critical: 0, high: 1, medium: 2, low: 3, unknown: 4 };

/** Code-point order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function osvPageUrl(id: string): string {
  return `https://osv.dev/vulnerability/${/^[\w.:-]+$/.test(id) ? id : encodeURIComponent(id)}`;
}

export function reportPackage(pkg: InstalledPackage): ReportPackage {
  const { arch: _arch, ...rest } = pkg;
  return rest;
}

function summaryOf(record: OsvVulnerability): string | undefined {
  const text = record.summary?.trim() || record.details?.split('\n').find((line) => line.trim() !== '')?.trim();
  if (!text) return undefined;
  return text.length > MAX_SUMMARY_CHARS ? `${text.slice(0, MAX_SUMMARY_CHARS - 1)}…` : text;
}

function referencesOf(record: OsvVulnerability): string[] {
  return [...new Set(record.references.filter((url) => /^https?:\/\//i.test(url)))].slice(0, MAX_REFERENCES);
}

interface Candidate {
  entry: ReportVulnerability;
  /** Names of the same vulnerability: the id, the record's aliases, and its upstream CVE if it has one. */
  sameAs: string[];
}

function entryFor(id: string, record: OsvVulnerability | undefined, query: OsvQuery, pkg: ReportPackage): ReportVulnerability {
  if (!record) return { id, aliases: [], severity: 'unknown', package: pkg, url: osvPageUrl(id), references: [] };
  const affected = affectedEntriesFor(record, query);
  const severity = severityOf(record, affected);
  const entry: ReportVulnerability = {
    id,
    aliases: [...new Set([...record.aliases, ...record.upstream])].filter((alias) => alias !== id),
    severity: severity.severity,
    package: pkg,
    url: osvPageUrl(id),
    references: referencesOf(record),
  };
  const summary = summaryOf(record);
  if (summary !== undefined) entry.summary = summary;
  if (severity.score !== undefined) entry.score = severity.score;
  if (severity.vector !== undefined) entry.vector = severity.vector;
  const fixed = lowestFixedVersion(affected, query.version);
  if (fixed !== undefined) entry.fixedVersion = fixed;
  return entry;
}

/** Better entries first: fetched ones, then by severity and score, then by id for a stable choice. */
function compareForChoice(a: ReportVulnerability, b: ReportVulnerability, fetched: (id: string) => boolean): number {
  return (
    Number(fetched(b.id)) - Number(fetched(a.id)) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (b.score ?? -1) - (a.score ?? -1) ||
    compareText(a.id, b.id)
  );
}

interface Group {
  names: Set<string>;
  members: ReportVulnerability[];
}

/** Groups a package's entries that name the same vulnerability, keeping the best of each group with the
 * others' names added to its aliases. Linear in the number of names: a kernel source package can have
 * thousands of entries. */
function mergeAliases(candidates: Candidate[], fetched: (id: string) => boolean): ReportVulnerability[] {
  const groupOf = new Map<string, Group>();
  const groups = new Set<Group>();
  const absorb = (into: Group, from: Group): void => {
    for (const name of from.names) {
      into.names.add(name);
      groupOf.set(name, into);
    }
    into.members.push(...from.members);
    groups.delete(from);
  };
  for (const { entry, sameAs } of candidates) {
    let group: Group | undefined;
    for (const name of sameAs) {
      const found = groupOf.get(name);
      if (found && group && found !== group) absorb(group, found);
      else if (found) group = found;
    }
    if (!group) {
      group = { names: new Set(), members: [] };
      groups.add(group);
    }
    group.members.push(entry);
    for (const name of sameAs) {
      group.names.add(name);
      groupOf.set(name, group);
    }
  }
  return [...groups].map(({ names, members }) => {
    const [best, ...others] = [...members].sort((a, b) => compareForChoice(a, b, fetched)) as [ReportVulnerability, ...ReportVulnerability[]];
    if (others.length === 0) return best;
    const aliases = [...new Set([...names, ...members.flatMap((member) => member.aliases)])].filter((name) => name !== best.id).sort();
    const fixedVersion = best.fixedVersion ?? others.find((other) => other.fixedVersion !== undefined)?.fixedVersion;
    return fixedVersion === undefined ? { ...best, aliases } : { ...best, aliases, fixedVersion };
  });
}

/** Report entries for every package whose queries were answered, most severe first. */
export function buildReportVulnerabilities(
  packages: PackageQueries[],
  answers: Map<string, string[]>,
  records: Map<string, OsvVulnerability>,
): ReportVulnerability[] {
  const fetched = (id: string): boolean => records.has(id);
  const result: ReportVulnerability[] = [];
  for (const { package: pkg, queries } of packages) {
    const shown = reportPackage(pkg);
    const candidates = new Map<string, Candidate>();
    for (const query of queries) {
      for (const id of answers.get(queryKey(query)) ?? []) {
        const record = records.get(id);
        if (candidates.has(id) || record?.withdrawn) continue;
        const sameAs = record ? [id, ...record.aliases, ...(record.upstream.length === 1 ? record.upstream : [])] : [id];
        candidates.set(id, { entry: entryFor(id, record, query, shown), sameAs });
      }
    }
    result.push(...mergeAliases([...candidates.values()], fetched));
  }
  return result.sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      compareText(a.package.name, b.package.name) ||
      compareText(a.package.version, b.package.version) ||
      compareText(a.id, b.id),
  );
}
