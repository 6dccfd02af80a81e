// What `image-outdated` needs from registries, fetched before linting: each repository's tags (paginated and
// bounded by listTags) and, for references pinned by digest, the digest their tag points at now (with the
// platform manifests of an index, so a pin of one platform's manifest is not taken for a stale one).
// Answers are kept for a while, failures for less, so an editor re-linting on every keystroke asks once.
import type { ImageReference } from '../../engine/image-reference';
import type { RepositoryFacts } from '../../engine/types';
import { parseManifest } from '../image-manifest';
import { describeScanError } from '../scan-image';
import { listTags } from './list-tags';
import { connectRegistry } from './registry-client';
import { failure } from './registry-errors';
import type { RegistryOptions } from './registry-options';
import { resolveDigest } from './resolve-digest';

/** Update bots look at the newest few thousand tags; repositories with more are nightly-build archives. */
export const MAX_TAGS_CHECKED = 5000;
const FRESH_MS = 10 * 60_000;
const FAILURE_FRESH_MS = 60_000;
const MAX_ENTRIES = 500;

type Answer<T> = { value: T } | { error: string };

interface Entry<T> {
  at: number;
  answer: Promise<Answer<T>>;
  failed?: boolean;
}

export interface FetchedFacts {
  facts: Record<string, RepositoryFacts>;
  /** One line per repository or tag that could not be checked: "could not list the tags of …: …". */
  problems: string[];
}

export class RegistryFactsCache {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Facts for every repository the references name; never throws, failures come back as problems. */
  async fetch(references: readonly ImageReference[], options: RegistryOptions): Promise<FetchedFacts> {
    const repositories = new Map<string, { name: string; pinned: Map<string, string> }>();
    for (const reference of references) {
      if (reference.tag === undefined) continue;
      const key = `${reference.registry}/${reference.repository}`;
      let repository = repositories.get(key);
      if (!repository) repositories.set(key, (repository = { name: key, pinned: new Map() }));
      if (reference.digest !== undefined) repository.pinned.set(reference.tag, reference.digest);
    }
    const facts: Record<string, RepositoryFacts> = {};
    const problems: string[] = [];
    await Promise.all(
      [...repositories.entries()].map(async ([key, { name, pinned }]) => {
        const repositoryFacts: RepositoryFacts = {};
        const tags = await this.cached(`tags ${key}`, () => listTags(name, { ...options, limits: { ...options.limits, maxTags: MAX_TAGS_CHECKED } }));
        if ('value' in tags) repositoryFacts.tags = tags.value;
        else problems.push(`could not list the tags of ${key}: ${tags.error}`);
        for (const [tag, pin] of pinned) {
          const current = await this.cached(`digest ${key}:${tag}`, () => currentDigest(`${name}:${tag}`, pin, options));
          if ('value' in current) (repositoryFacts.tagDigests ??= {})[tag] = current.value;
          else problems.push(`could not look up ${key}:${tag}: ${current.error}`);
        }
        if (repositoryFacts.tags || repositoryFacts.tagDigests) facts[key] = repositoryFacts;
      }),
    );
    return { facts, problems: problems.sort() };
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<Answer<T>> {
    const at = this.now();
    const entry = this.entries.get(key) as Entry<T> | undefined;
    if (entry && at - entry.at < (entry.failed ? FAILURE_FRESH_MS : FRESH_MS)) return entry.answer;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    const fresh: Entry<T> = { at, answer: Promise.resolve({ error: '' }) };
    fresh.answer = load().then(
      (value) => ({ value }),
      (error: unknown) => {
        fresh.failed = true;
        return { error: describeScanError(error) || String(error) };
      },
    );
    this.entries.delete(key);
    this.entries.set(key, fresh as Entry<unknown>);
    return fresh.answer;
  }
}

/** The digest `name` (a tag) points at, and when it is an index, the digests it lists. The index is only read
 * when the digest differs from the pin, which is the one case where its entries matter. */
async function currentDigest(name: string, pin: string, options: RegistryOptions): Promise<{ digest: string; manifests: string[] }> {
  const digest = await resolveDigest(name, options);
  if (digest === pin) return { digest, manifests: [] };
  const client = connectRegistry(name, options);
  const ctx = client.context('resolve', `read the index of ${name}`);
  const manifest = await client.fetchManifest(ctx, digest, digest);
  const parsed = parseManifest(manifest.bytes, manifest.contentType, (problem) => failure(ctx, problem));
  return { digest, manifests: parsed.kind === 'index' ? parsed.manifests.map((entry) => entry.digest) : [] };
}
