// The tags of a repository (`/v2/<name>/tags/list`), following the registry's `Link: <…>; rel="next"` pages
// up to a limit, for pickers and for suggesting a newer tag.
import { familiarName } from '../../engine/image-reference';
import { connectRegistry } from './registry-client';
import { failure } from './registry-errors';
import type { RegistryOptions } from './registry-options';

const MAX_PAGE_BYTES = 8 * 1024 * 1024;
/** Stops a registry that keeps sending empty pages with new links. */
const MAX_PAGES = 1000;

export async function listTags(name: string, options: RegistryOptions): Promise<string[]> {
  const client = connectRegistry(name, options);
  const { reference } = client;
  const repository = familiarName(reference);
  const ctx = client.context('resolve', `list the tags of ${repository}`, `the repository ${reference.repository} does not exist`);
  const maxTags = client.settings.limits.maxTags;
  client.progress('resolve', `listing the tags of ${repository} on ${client.host}`);

  const tags: string[] = [];
  const seen = new Set<string>();
  const visited = new Set<string>();
  let url: URL | undefined = client.repositoryUrl('tags/list');
  while (url !== undefined && tags.length < maxTags && visited.size < MAX_PAGES && !visited.has(url.href)) {
    visited.add(url.href);
    const { sent, attempts } = await client.request(ctx, url, { method: 'GET' });
    if (!sent.response.ok) throw await client.statusFailure(ctx, sent, attempts);
    const link = sent.response.headers.get('link');
    const bytes = await client.readBody(ctx, sent, MAX_PAGE_BYTES);
    let page: unknown;
    try {
      page = JSON.parse(bytes.toString('utf8'));
    } catch {
      throw failure(ctx, 'the tag list is not valid JSON.');
    }
    const pageTags = typeof page === 'object' && page !== null ? (page as { tags?: unknown }).tags : undefined;
    if (pageTags !== null && pageTags !== undefined && !Array.isArray(pageTags)) throw failure(ctx, 'the tag list has no "tags" array.');
    for (const tag of pageTags ?? []) {
      // A list that loops back through a differently spelt link repeats its pages: keep each tag once.
      if (typeof tag === 'string' && tags.length < maxTags && !seen.has(tag)) {
        seen.add(tag);
        tags.push(tag);
      }
    }
    url = nextPage(link, url);
  }
  return tags;
}

/** The `rel="next"` target of a Link header, resolved against the page it came with. */
export function nextPage(link: string | null, current: URL): URL | undefined {
  if (link === null) return undefined;
  for (const match of link.matchAll(/<([^>]*)>([^,<]*)/g)) {
    const [, target = '', params = ''] = match;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(params);
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (relations.includes('next') && URL.canParse(target, current.href)) return new URL(target, current);
  }
  return undefined;
}
