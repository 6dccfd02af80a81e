// What the OSV client remembers between scans, per OSV endpoint: vulnerability records (one JSON file per
// id, kept for a day by default: records change rarely) and query answers (one JSON file per ecosystem,
// kept for hours: new advisories appear daily). Files are written to a temporary name and renamed, so a
// reader never sees half a file; files that are unreadable, corrupt, too big or expired count as absent.
// Without a cache folder the same is kept in memory for the life of the process.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { queryKey } from './ecosystem-mapping';
import type { OsvQuery } from './osv-schema';

export interface CacheSettings {
  /** OSV base URL: answers of different mirrors are kept apart. */
  url: string;
  cacheDir?: string;
  vulnerabilityTtlMs: number;
  queryTtlMs: number;
  now: () => number;
}

export interface OsvCache {
  /** The raw JSON of a record fetched within the TTL. */
  getVulnerability(id: string): Promise<unknown>;
  putVulnerability(id: string, json: unknown): Promise<void>;
  /** Ids answered for each query within the TTL, by queryKey. */
  getQueryResults(queries: OsvQuery[]): Promise<Map<string, string[]>>;
  putQueryResults(results: QueryAnswer[]): Promise<void>;
}

const MAX_CACHE_FILE_BYTES = 16 * 1024 * 1024;
const MAX_QUERY_ENTRIES_PER_ECOSYSTEM = 50_000;
// Records can be tens of kilobytes; the memory cache stays bounded at a few hundred megabytes at worst.
const MAX_MEMORY_ENTRIES = 5_000;

export interface QueryAnswer {
  query: OsvQuery;
  ids: string[];
}

interface Stamped<T> {
  storedAt: number;
  value: T;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function entryKey(query: OsvQuery): string {
  return `${query.name}\u0000${query.version}`;
}

function byEcosystem<T>(items: T[], ecosystemOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const ecosystem = ecosystemOf(item);
    const group = groups.get(ecosystem);
    if (group) group.push(item);
    else groups.set(ecosystem, [item]);
  }
  return groups;
}

function isFresh(storedAt: unknown, ttlMs: number, now: number): storedAt is number {
  return typeof storedAt === 'number' && storedAt <= now && now - storedAt < ttlMs;
}

function isIdList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((id) => typeof id === 'string');
}

async function readJsonFile(file: string): Promise<unknown> {
  try {
    const info = await stat(file);
    if (!info.isFile() || info.size > MAX_CACHE_FILE_BYTES) return undefined;
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file and a rename. Failing to cache is not a scan failure, so errors are
 * swallowed (a read-only or full disk just means the next scan asks OSV again). */
async function writeJsonFile(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(temporary, JSON.stringify(value));
    await rename(temporary, file);
  } catch {
    await unlink(temporary).catch(() => undefined);
  }
}

class DiskCache implements OsvCache {
  private readonly root: string;

  constructor(private readonly settings: CacheSettings & { cacheDir: string }) {
    this.root = path.join(settings.cacheDir, 'osv', hash(settings.url).slice(0, 16));
  }

  private vulnerabilityFile(id: string): string {
    return path.join(this.root, 'vulns', `${hash(id).slice(0, 40)}.json`);
  }

  private queryFile(ecosystem: string): string {
    return path.join(this.root, 'queries', `${hash(ecosystem).slice(0, 40)}.json`);
  }

  async getVulnerability(id: string): Promise<unknown> {
    const stored = (await readJsonFile(this.vulnerabilityFile(id))) as { id?: unknown; storedAt?: unknown; record?: unknown } | undefined;
    if (stored?.id !== id || !isFresh(stored.storedAt, this.settings.vulnerabilityTtlMs, this.settings.now())) return undefined;
    return stored.record;
  }

  async putVulnerability(id: string, json: unknown): Promise<void> {
    await writeJsonFile(this.vulnerabilityFile(id), { id, storedAt: this.settings.now(), record: json });
  }

  private async readQueryEntries(ecosystem: string): Promise<Map<string, Stamped<string[]>>> {
    const stored = (await readJsonFile(this.queryFile(ecosystem))) as { ecosystem?: unknown; entries?: unknown } | undefined;
    const entries = new Map<string, Stamped<string[]>>();
    if (stored?.ecosystem !== ecosystem || typeof stored.entries !== 'object' || stored.entries === null) return entries;
    const now = this.settings.now();
    for (const [key, entry] of Object.entries(stored.entries as Record<string, { storedAt?: unknown; ids?: unknown }>)) {
      if (isFresh(entry?.storedAt, this.settings.queryTtlMs, now) && isIdList(entry.ids)) entries.set(key, { storedAt: entry.storedAt, value: entry.ids });
    }
    return entries;
  }

  async getQueryResults(queries: OsvQuery[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    for (const [ecosystem, group] of byEcosystem(queries, (query) => query.ecosystem)) {
      const entries = await this.readQueryEntries(ecosystem);
      for (const query of group) {
        const entry = entries.get(entryKey(query));
        if (entry) found.set(queryKey(query), entry.value);
      }
    }
    return found;
  }

  async putQueryResults(results: QueryAnswer[]): Promise<void> {
    for (const [ecosystem, group] of byEcosystem(results, (result) => result.query.ecosystem)) {
      // Re-read just before writing so answers another scan stored meanwhile are kept (expired ones drop out).
      const entries = await this.readQueryEntries(ecosystem);
      const now = this.settings.now();
      for (const { query, ids } of group) {
        entries.delete(entryKey(query));
        entries.set(entryKey(query), { storedAt: now, value: ids });
      }
      const kept = [...entries].slice(-MAX_QUERY_ENTRIES_PER_ECOSYSTEM);
      await writeJsonFile(this.queryFile(ecosystem), {
        ecosystem,
        entries: Object.fromEntries(kept.map(([key, entry]) => [key, { storedAt: entry.storedAt, ids: entry.value }])),
      });
    }
  }
}

/** Process-wide memory, shared by every scan without a cache folder; the oldest entries go first. */
const memory = new Map<string, Stamped<unknown>>();

function remember(key: string, value: unknown, now: number): void {
  memory.delete(key);
  memory.set(key, { storedAt: now, value });
  while (memory.size > MAX_MEMORY_ENTRIES) {
    const oldest = memory.keys().next().value;
    if (oldest === undefined) break;
    memory.delete(oldest);
  }
}

class MemoryCache implements OsvCache {
  constructor(private readonly settings: CacheSettings) {}

  private recall(key: string, ttlMs: number): unknown {
    const entry = memory.get(key);
    return entry && isFresh(entry.storedAt, ttlMs, this.settings.now()) ? entry.value : undefined;
  }

  async getVulnerability(id: string): Promise<unknown> {
    return this.recall(`vuln\u0000${this.settings.url}\u0000${id}`, this.settings.vulnerabilityTtlMs);
  }

  async putVulnerability(id: string, json: unknown): Promise<void> {
    remember(`vuln\u0000${this.settings.url}\u0000${id}`, json, this.settings.now());
  }

  async getQueryResults(queries: OsvQuery[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    for (const query of queries) {
      const ids = this.recall(`query\u0000${this.settings.url}\u0000${queryKey(query)}`, this.settings.queryTtlMs);
      if (isIdList(ids)) found.set(queryKey(query), ids);
    }
    return found;
  }

  async putQueryResults(results: QueryAnswer[]): Promise<void> {
    const now = this.settings.now();
    for (const { query, ids } of results) remember(`query\u0000${this.settings.url}\u0000${queryKey(query)}`, ids, now);
  }
}

export function openOsvCache(settings: CacheSettings): OsvCache {
  return settings.cacheDir ? new DiskCache({ ...settings, cacheDir: settings.cacheDir }) : new MemoryCache(settings);
}
