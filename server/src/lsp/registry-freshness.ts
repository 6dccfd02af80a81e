// Registry facts for `image-outdated` in the editor. Linting stays synchronous: the first lint of a document
// starts the registry lookups in the background and lints without them; when they arrive the document is
// linted again with them. Lookups run only where the workspace allows registry access (trusted, network
// allowed), are shared through RegistryFactsCache, and are asked again after a while.
import { imageUsesOfFile } from '../engine/file-images';
import type { ImageReference } from '../engine/image-reference';
import type { SourceFile } from '../engine/types';
import { RegistryFactsCache } from '../scan/registry/registry-facts';
import type { RegistryAccess } from './registry-actions';

const FRESH_MS = 10 * 60_000;
const MAX_DOCUMENTS = 500;
const LOOKUP_TIMEOUT_MS = 20_000;

interface DocumentState {
  /** The repositories and pins the facts were fetched for. */
  signature: string;
  at: number;
  facts?: SourceFile['registryFacts'];
  pending: boolean;
}

export interface RegistryFreshnessDeps {
  access: RegistryAccess;
  /** New facts for a document: lint it again. */
  onChanged: (uri: string) => void;
  now?: () => number;
}

export class RegistryFreshness {
  private readonly states = new Map<string, DocumentState>();
  private readonly cache: RegistryFactsCache;
  private readonly now: () => number;

  constructor(private readonly deps: RegistryFreshnessDeps) {
    this.now = deps.now ?? Date.now;
    this.cache = new RegistryFactsCache(this.now);
  }

  /** The facts known now for the document's images (possibly none yet); starts a lookup when they are missing or old. */
  factsFor(uri: string, file: Pick<SourceFile, 'path' | 'text' | 'languageId'>): SourceFile['registryFacts'] {
    const references = imageUsesOfFile(file).flatMap((use) => (use.reference && use.unresolvedVariables.length === 0 && use.reference.tag !== undefined ? [use.reference] : []));
    if (references.length === 0) return undefined;
    const signature = [...new Set(references.map((reference) => `${reference.registry}/${reference.repository}:${reference.tag}@${reference.digest ?? ''}`))].sort().join(' ');
    const state = this.states.get(uri);
    const fresh = state !== undefined && state.signature === signature && this.now() - state.at < FRESH_MS;
    if (!fresh && !state?.pending) this.start(uri, signature, references, state?.facts);
    return state?.facts;
  }

  forget(uri: string): void {
    this.states.delete(uri);
  }

  private start(uri: string, signature: string, references: ImageReference[], previous: SourceFile['registryFacts']): void {
    const state: DocumentState = { signature, at: this.now(), pending: true, ...(previous ? { facts: previous } : {}) };
    this.states.delete(uri);
    if (this.states.size >= MAX_DOCUMENTS) this.states.delete(this.states.keys().next().value!);
    this.states.set(uri, state);
    void (async () => {
      const access = await this.deps.access(uri);
      if (!access) {
        // No access now (untrusted, network off): ask again on the next lint, so a grant takes effect.
        state.at = -Infinity;
        if (state.facts) {
          delete state.facts;
          this.deps.onChanged(uri);
        }
        return;
      }
      // Background lookups give up sooner than a scan: a slow registry only delays an info finding.
      const { facts } = await this.cache.fetch(references, { ...access, timeoutMs: LOOKUP_TIMEOUT_MS, retries: 1 });
      state.facts = facts;
      if (this.states.get(uri) === state) this.deps.onChanged(uri);
    })()
      .catch(() => {
        state.at = -Infinity;
      })
      .finally(() => {
        state.pending = false;
      });
  }
}
