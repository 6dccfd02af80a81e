// The parts of the OSV vulnerability format (https://ossf.github.io/osv-schema/) and of the OSV API's
// answers that the scan reads. Everything arriving from the network or the cache goes through these
// parsers, which keep only well-typed fields, so a mirror sending odd JSON cannot crash the scan.
import { isRecord, stringList } from '../json-value';

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  /** "ECOSYSTEM", "SEMVER" or "GIT". */
  type: string;
  events: OsvEvent[];
}

export interface OsvSeverity {
  /** "CVSS_V2", "CVSS_V3", "CVSS_V4", "Ubuntu", … */
  type: string;
  score: string;
}

export interface OsvAffected {
  package?: { ecosystem: string; name: string };
  ranges: OsvRange[];
  versions: string[];
  severity: OsvSeverity[];
  ecosystemSpecific?: Record<string, unknown>;
  databaseSpecific?: Record<string, unknown>;
}

export interface OsvVulnerability {
  id: string;
  modified?: string;
  withdrawn?: string;
  aliases: string[];
  /** CVEs a distribution advisory was written for (Debian, Ubuntu). */
  upstream: string[];
  summary?: string;
  details?: string;
  severity: OsvSeverity[];
  affected: OsvAffected[];
  references: string[];
  databaseSpecific?: Record<string, unknown>;
}

/** One query of a `/v1/querybatch` request. */
export interface OsvQuery {
  ecosystem: string;
  name: string;
  version: string;
}

/** The answer to one query of a batch: vulnerability ids, and a token when more pages follow. */
export interface OsvBatchResult {
  ids: string[];
  nextPageToken?: string;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function parseSeverities(value: unknown): OsvSeverity[] {
  return records(value).flatMap((entry) =>
    typeof entry.type === 'string' && typeof entry.score === 'string' ? [{ type: entry.type, score: entry.score }] : [],
  );
}

function parseEvent(entry: Record<string, unknown>): OsvEvent {
  const event: OsvEvent = {};
  for (const key of ['introduced', 'fixed', 'last_affected', 'limit'] as const) {
    const value = optionalString(entry[key]);
    if (value !== undefined) event[key] = value;
  }
  return event;
}

function parseAffected(entry: Record<string, unknown>): OsvAffected {
  const pkg = isRecord(entry.package) ? entry.package : undefined;
  const ecosystem = optionalString(pkg?.ecosystem);
  const name = optionalString(pkg?.name);
  return {
    package: ecosystem !== undefined && name !== undefined ? { ecosystem, name } : undefined,
    ranges: records(entry.ranges).flatMap((range) =>
      typeof range.type === 'string' ? [{ type: range.type, events: records(range.events).map(parseEvent) }] : [],
    ),
    versions: stringList(entry.versions) ?? [],
    severity: parseSeverities(entry.severity),
    ecosystemSpecific: isRecord(entry.ecosystem_specific) ? entry.ecosystem_specific : undefined,
    databaseSpecific: isRecord(entry.database_specific) ? entry.database_specific : undefined,
  };
}

/** A vulnerability record from `/v1/vulns/{id}`; undefined when the JSON is not one. */
export function parseVulnerability(json: unknown): OsvVulnerability | undefined {
  if (!isRecord(json) || typeof json.id !== 'string' || json.id === '') return undefined;
  return {
    id: json.id,
    modified: optionalString(json.modified),
    withdrawn: optionalString(json.withdrawn),
    aliases: stringList(json.aliases) ?? [],
    upstream: stringList(json.upstream) ?? [],
    summary: optionalString(json.summary),
    details: optionalString(json.details),
    severity: parseSeverities(json.severity),
    affected: records(json.affected).map(parseAffected),
    references: records(json.references).flatMap((reference) => (typeof reference.url === 'string' ? [reference.url] : [])),
    databaseSpecific: isRecord(json.database_specific) ? json.database_specific : undefined,
  };
}

/** The results of a `/v1/querybatch` answer, one per query sent; undefined when the JSON is not one. */
export function parseBatchResults(json: unknown, expected: number): OsvBatchResult[] | undefined {
  if (!isRecord(json)) return undefined;
  const results = json.results ?? [];
  if (!Array.isArray(results) || results.length !== expected) return undefined;
  return results.map((result): OsvBatchResult => {
    if (!isRecord(result)) return { ids: [] };
    const ids = records(result.vulns).flatMap((vuln) => (typeof vuln.id === 'string' && vuln.id !== '' ? [vuln.id] : []));
    const token = optionalString(result.next_page_token);
    return token ? { ids, nextPageToken: token } : { ids };
  });
}
