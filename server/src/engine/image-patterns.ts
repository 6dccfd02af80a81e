// Glob patterns over image references, shared by `image-registry` (images.allowedRegistries) and
// `image-approved` (images.approved). Patterns may be written the way people write images
// (`python:3.12-slim`, `gcr.io/distroless/*`); they are normalised the way the reference parser
// normalises images, so `python` and `docker.io/library/python` mean the same thing.
import picomatch from 'picomatch';
import { DOCKER_HUB, parseImageReference, type ImageReference } from './image-reference';

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'hub.docker.com']);
const GLOB_CHARACTERS = /[*?[\]{}!()+@]/;

function hasGlob(text: string): boolean {
  return GLOB_CHARACTERS.test(text);
}

function globMatches(pattern: string, text: string): boolean {
  return hasGlob(pattern) ? picomatch.isMatch(text, pattern, { dot: true }) : pattern === text;
}

function normaliseHost(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_HOSTS.has(lower) ? DOCKER_HUB : lower;
}

/**
 * An `allowedRegistries` entry, normalised: lower case, no scheme or trailing slash, Docker Hub aliases as
 * `docker.io`. Undefined for an empty entry.
 */
export function normaliseRegistryPattern(pattern: string): string | undefined {
  let text = pattern.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '');
  if (text === '') return undefined;
  const slash = text.indexOf('/');
  const host = slash === -1 ? text : text.slice(0, slash);
  text = normaliseHost(host) + (slash === -1 ? '' : text.slice(slash).toLowerCase());
  return text;
}

/**
 * Whether an image comes from a registry a pattern allows. A pattern is a host glob (`docker.io`,
 * `*.azurecr.io`, `localhost:5000`) matched against the normalised registry, or a host with a path
 * (`ghcr.io/my-org`, `docker.io/library`) that allows that namespace and everything below it.
 */
export function registryPatternMatches(pattern: string, reference: ImageReference): boolean {
  const normalised = normaliseRegistryPattern(pattern);
  if (normalised === undefined) return false;
  const registry = reference.registry.toLowerCase();
  if (!normalised.includes('/')) return globMatches(normalised, registry);
  const name = `${registry}/${reference.repository}`;
  if (!hasGlob(normalised)) return name === normalised || name.startsWith(`${normalised}/`);
  return globMatches(normalised, name) || globMatches(`${normalised}/**`, name);
}

export function isRegistryAllowed(reference: ImageReference, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => registryPatternMatches(pattern, reference));
}

/** One `images.approved` entry, split and normalised. */
export interface ImagePattern {
  /** The entry as written (trimmed), used as the replacement text when the pattern is concrete. */
  text: string;
  /** `registry/repository`, possibly a glob: `docker.io/library/python`, `gcr.io/distroless/*`. */
  name: string;
  /** Tag glob, or undefined when any tag is approved. */
  tag: string | undefined;
  /** Exact digest, or undefined when any digest is approved. */
  digest: string | undefined;
  /** No glob characters anywhere: the pattern names one image that can replace another. */
  concrete: boolean;
}

/** Parses an approved-image entry; undefined when it is empty. */
export function parseImagePattern(entry: string): ImagePattern | undefined {
  const text = entry.trim();
  if (text === '') return undefined;
  if (/^\*+$/.test(text)) return { text, name: '**', tag: undefined, digest: undefined, concrete: false };

  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }

  if (!hasGlob(rest)) {
    // Concrete names go through the one reference parser, so aliases and `library/` match exactly.
    const parsed = parseImageReference(rest);
    if (parsed.ok) {
      const name = `${parsed.reference.registry}/${parsed.reference.repository}`;
      return { text, name, tag, digest, concrete: !hasGlob(tag ?? '') };
    }
  }
  return { text, name: normaliseGlobName(rest), tag, digest, concrete: false };
}

/** Docker's normalisation applied to a glob: the first component is a host when it has `.` or `:` or is
 * `localhost`; otherwise the name is on Docker Hub, where a single component is an official image. */
function normaliseGlobName(name: string): string {
  const slash = name.indexOf('/');
  const first = slash === -1 ? name : name.slice(0, slash);
  const isHost = slash !== -1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const host = isHost ? normaliseHost(first) : DOCKER_HUB;
  const path = (isHost ? name.slice(slash + 1) : name).toLowerCase();
  const official = host === DOCKER_HUB && !path.includes('/') && !path.startsWith('**');
  return `${host}/${official ? `library/${path}` : path}`;
}

/** Whether an image is one an approved-image pattern allows. A reference without a tag or digest means
 * `latest`, as Docker reads it. */
export function imagePatternMatches(pattern: ImagePattern, reference: ImageReference): boolean {
  if (!globMatches(pattern.name, `${reference.registry}/${reference.repository}`)) return false;
  if (pattern.tag !== undefined) {
    const tag = reference.tag ?? (reference.digest === undefined ? 'latest' : undefined);
    if (tag === undefined || !globMatches(pattern.tag, tag)) return false;
  }
  return pattern.digest === undefined || pattern.digest === reference.digest;
}

export function isImageApproved(reference: ImageReference, patterns: readonly ImagePattern[]): boolean {
  return patterns.some((pattern) => imagePatternMatches(pattern, reference));
}

/** The entries that approve some tag of the reference's repository (`node:26-*` for `node:22`). */
export function patternsForRepository(reference: ImageReference, patterns: readonly ImagePattern[]): ImagePattern[] {
  const name = `${reference.registry}/${reference.repository}`;
  return patterns.filter((pattern) => globMatches(pattern.name, name));
}

/** The first concrete approved image with the same registry and repository, to replace a reference with. */
export function approvedReplacement(reference: ImageReference, patterns: readonly ImagePattern[]): ImagePattern | undefined {
  const name = `${reference.registry}/${reference.repository}`;
  return patterns.find((pattern) => pattern.concrete && pattern.name === name && parseImageReference(pattern.text).ok);
}
