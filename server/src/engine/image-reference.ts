// The one parser for Docker image references, used by every image rule and by the scanner.
// Grammar follows the distribution reference spec: [registry/]path[:tag][@digest].

export const DOCKER_HUB = 'docker.io';

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;
const HOST = /^(?:\[[0-9a-fA-F:]+\]|[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*)(?::[0-9]+)?$/;

export interface ImageReference {
  /** The text as written. */
  original: string;
  /** Registry host (with port), normalised: every Docker Hub alias becomes `docker.io`. */
  registry: string;
  /** Repository path inside the registry; Docker Hub official images get `library/`. */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
  /** The registry was written explicitly (not implied Docker Hub). */
  explicitRegistry: boolean;
}

export type ImageReferenceResult = { ok: true; reference: ImageReference } | { ok: false; error: string };

/** Splits a registry host off a name the way Docker does: the first component names a host when it
 * contains `.` or `:`, is `localhost`, or has upper-case letters. */
function splitRegistry(name: string): { host: string | undefined; path: string } {
  const slash = name.indexOf('/');
  if (slash === -1) return { host: undefined, path: name };
  const first = name.slice(0, slash);
  const looksLikeHost = first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase();
  return looksLikeHost ? { host: first, path: name.slice(slash + 1) } : { host: undefined, path: name };
}

export function parseImageReference(text: string): ImageReferenceResult {
  const original = text;
  if (text.length === 0) return { ok: false, error: 'the image reference is empty' };
  if (/\s/.test(text)) return { ok: false, error: `"${text}" contains white space` };
  if (text.startsWith('-')) return { ok: false, error: `"${text}" starts with "-"` };

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return { ok: false, error: `"${digest}" is not a valid digest` };
    if (digest.startsWith('sha256:') && !SHA256_DIGEST.test(digest)) {
      return { ok: false, error: `"${digest}" is not a valid sha256 digest (64 lower-case hex digits)` };
    }
  }

  let tag: string | undefined;
  const lastColon = rest.lastIndexOf(':');
  if (lastColon > rest.lastIndexOf('/')) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!TAG.test(tag)) return { ok: false, error: `"${tag}" is not a valid tag` };
  }

  const { host, path } = splitRegistry(rest);
  if (host !== undefined && !HOST.test(host)) return { ok: false, error: `"${host}" is not a valid registry host` };
  if (path.length === 0) return { ok: false, error: `"${text}" has no repository name` };
  for (const component of path.split('/')) {
    if (component !== component.toLowerCase()) {
      return { ok: false, error: `repository name "${path}" must be lower-case` };
    }
    if (!PATH_COMPONENT.test(component)) {
      return { ok: false, error: `"${component}" is not a valid repository name component` };
    }
  }
  if (rest.length > 255) return { ok: false, error: 'the repository name is longer than 255 characters' };

  const registry = host === undefined || DOCKER_HUB_ALIASES.has(host.toLowerCase()) ? DOCKER_HUB : host;
  const repository = registry === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path;
  return { ok: true, reference: { original, registry, repository, tag, digest, explicitRegistry: host !== undefined } };
}

/** `docker.io/library/node:18`, the fully qualified form used for matching allow-lists. */
export function fullName(reference: ImageReference, options: { withTag?: boolean; withDigest?: boolean } = {}): string {
  let name = `${reference.registry}/${reference.repository}`;
  if (options.withTag !== false && reference.tag !== undefined) name += `:${reference.tag}`;
  if (options.withDigest && reference.digest !== undefined) name += `@${reference.digest}`;
  return name;
}

/** `node`, `bitnami/redis`, `ghcr.io/org/app`: the name as people usually write it, without tag. */
export function familiarName(reference: ImageReference): string {
  if (reference.registry !== DOCKER_HUB) return `${reference.registry}/${reference.repository}`;
  return reference.repository.startsWith('library/') ? reference.repository.slice('library/'.length) : reference.repository;
}

/** Last path component: `node` for `docker.io/library/node`, `base` for `gcr.io/distroless/base`. */
export function shortName(reference: ImageReference): string {
  const parts = reference.repository.split('/');
  return parts[parts.length - 1] ?? reference.repository;
}

/** `node:18`, `ghcr.io/org/app@sha256:…`: familiar name with tag and digest as written. */
export function displayName(reference: ImageReference): string {
  let name = familiarName(reference);
  if (reference.tag !== undefined) name += `:${reference.tag}`;
  if (reference.digest !== undefined) name += `@${reference.digest}`;
  return name;
}

/** Offsets of the tag and digest inside the original text, for precise ranges and edits. */
export function referenceParts(reference: ImageReference): {
  nameEnd: number;
  tag: { start: number; end: number } | undefined;
  digest: { start: number; end: number } | undefined;
} {
  const text = reference.original;
  const at = reference.digest !== undefined ? text.indexOf('@') : text.length;
  const digest = reference.digest !== undefined ? { start: at + 1, end: text.length } : undefined;
  const tag = reference.tag !== undefined ? { start: at - reference.tag.length, end: at } : undefined;
  const nameEnd = tag !== undefined ? tag.start - 1 : at;
  return { nameEnd, tag, digest };
}
