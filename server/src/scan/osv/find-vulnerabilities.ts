// The scan's vulnerability step: the inventory's packages are asked about in batches, each vulnerability
// found is read once (from the cache when it can), and every (package, vulnerability) becomes a report
// entry. Without the network the step still ends normally, with status 'unavailable' and a note that says
// what failed, so the rest of the report (packages, image checks) stands. Cancellation rejects.
import type { ReportVulnerability } from '../../protocol';
import type { Inventory, ProgressListener } from '../types';
import { planQueries, queryKey, type SkippedPackages } from './ecosystem-mapping';
import { openOsvCache } from './osv-cache';
import { abortError, type HttpOptions, type OsvRequestError } from './osv-http';
import { queryOsv } from './query-batch';
import { buildReportVulnerabilities } from './report-vulnerabilities';
import { fetchVulnerabilities } from './vulnerability-details';

export const DEFAULT_OSV_URL = 'https://api.osv.dev';

const HOUR_MS = 60 * 60 * 1000;
const DEFAULT_VULNERABILITY_TTL_MS = 24 * HOUR_MS;
const DEFAULT_QUERY_TTL_MS = 12 * HOUR_MS;
const DEFAULT_TIMEOUT_MS = 30_000;
const RETRY_DELAYS_MS = [300, 1000];
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export interface FindVulnerabilitiesOptions {
  /** OSV API base URL (a mirror's, or the public one by default). */
  url?: string;
  /** Folder for cached answers; none keeps them in memory for the life of the process. */
  cacheDir?: string;
  /** How long vulnerability records are reused (default 24 h). */
  cacheTtlMs?: number;
  /** How long query answers (which ids affect a package version) are reused (default 12 h). */
  queryCacheTtlMs?: number;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** Per request, answer included (default 30 s). */
  timeoutMs?: number;
  /** Waits before retrying a request that got 429/5xx or a dropped connection (default 0.3 s, 1 s). */
  retryDelaysMs?: readonly number[];
  /** Clock for cache expiry. */
  now?: () => number;
}

export interface VulnerabilityFindings {
  vulnerabilities: ReportVulnerability[];
  status: 'ok' | 'partial' | 'unavailable';
  note?: string;
}

/** "https://api.osv.dev/" from "https://api.osv.dev" or "https://mirror.example/osv/": a base that
 * relative API paths resolve under. Undefined when it is not an http(s) URL. */
function baseUrlOf(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    parsed.pathname = parsed.pathname.replace(/\/*$/, '/');
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString();
  } catch {
    return undefined;
  }
}

function plural(count: number, word: string, words = `${word}s`): string {
  return `${count} ${count === 1 ? word : words}`;
}

function describeFailure(url: string, failure: OsvRequestError): string {
  return failure.reached ? `${url} failed the request (${failure.reason})` : `could not reach ${url} (${failure.reason})`;
}

function unavailable(what: string, skipped: SkippedPackages[]): VulnerabilityFindings {
  return findings([], 'unavailable', [
    `vulnerability data unavailable: ${what}; packages and image checks are still reported. Check the network connection or the OSV URL setting (scan.osvUrl), then scan again.`,
    ...skippedNotes(skipped),
  ]);
}

function skippedNotes(skipped: SkippedPackages[]): string[] {
  return skipped.map(
    ({ ecosystem, count, reason }) => `${plural(count, `${ecosystem} package`)} ${count === 1 ? 'was' : 'were'} not checked for vulnerabilities: ${reason}.`,
  );
}

function findings(vulnerabilities: ReportVulnerability[], status: VulnerabilityFindings['status'], notes: string[]): VulnerabilityFindings {
  return notes.length > 0 ? { vulnerabilities, status, note: notes.join(' ') } : { vulnerabilities, status };
}

export async function findVulnerabilities(inventory: Inventory, options: FindVulnerabilitiesOptions = {}): Promise<VulnerabilityFindings> {
  const { signal } = options;
  if (signal?.aborted) throw abortError(signal);
  const url = options.url?.trim() || DEFAULT_OSV_URL;
  const plan = planQueries(inventory);
  if (plan.queries.length === 0) return findings([], 'ok', skippedNotes(plan.skipped));

  const baseUrl = baseUrlOf(url);
  if (!baseUrl) return unavailable(`the OSV URL "${url}" is not an http or https URL`, plan.skipped);

  const http: HttpOptions = {
    signal,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retryDelaysMs: options.retryDelaysMs ?? RETRY_DELAYS_MS,
    maxResponseBytes: MAX_RESPONSE_BYTES,
  };
  const cache = openOsvCache({
    url: baseUrl,
    cacheDir: options.cacheDir,
    vulnerabilityTtlMs: options.cacheTtlMs ?? DEFAULT_VULNERABILITY_TTL_MS,
    queryTtlMs: options.queryCacheTtlMs ?? DEFAULT_QUERY_TTL_MS,
    now: options.now ?? Date.now,
  });

  const batch = await queryOsv(plan.queries, {
    endpoint: new URL('v1/querybatch', baseUrl).toString(),
    http,
    cache,
    onProgress: options.onProgress,
  });
  if (batch.failure && batch.answers.size === 0) return unavailable(describeFailure(url, batch.failure), plan.skipped);

  const ids = [...new Set([...batch.answers.values()].flat())];
  const details = await fetchVulnerabilities(ids, { baseUrl, http, cache, onProgress: options.onProgress });
  const vulnerabilities = buildReportVulnerabilities(plan.packages, batch.answers, details.records);

  const notes: string[] = [];
  if (batch.failure) {
    const unchecked = plan.packages.filter(({ queries }) => queries.some((query) => !batch.answers.has(queryKey(query)))).length;
    notes.push(
      `vulnerability data is incomplete: ${plural(unchecked, 'package')} could not be checked because ${describeFailure(url, batch.failure)}. Scan again to complete it.`,
    );
  }
  if (batch.truncated > 0) {
    notes.push(`OSV listed more vulnerabilities than the scan reads for ${plural(batch.truncated, 'package version')}; only the first pages are shown.`);
  }
  if (details.failures.size > 0) {
    const [first] = details.failures.values();
    notes.push(
      `details of ${plural(details.failures.size, 'vulnerability', 'vulnerabilities')} could not be read (${first?.reason ?? 'unknown error'}), so ${details.failures.size === 1 ? 'it is' : 'they are'} listed by id only, without severity or fixed version.`,
    );
  }
  notes.push(...skippedNotes(plan.skipped));
  const partial = batch.failure !== undefined || batch.truncated > 0 || details.failures.size > 0;
  return findings(vulnerabilities, partial ? 'partial' : 'ok', notes);
}
