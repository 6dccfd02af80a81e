// Reading manifests, whichever source they come from: OCI image index and manifest, Docker v2 manifest list
// and manifest, every descriptor checked (a media type, a digest Shipshape can verify, a size). Docker's
// schema 1 and other media types are refused with a message that says what the document is. And, for an
// index: which entries are images (not attestations), and which of them to scan for a platform.
import { isSupportedDigest } from './content-digest';
import { isRecord, stringRecord } from './json-value';
import { INDEX_TYPES, MANIFEST_TYPES, MediaType, SCHEMA1_TYPES } from './media-types';
import { choosePlatform, formatPlatform } from './platform';
import type { Descriptor, Platform } from './types';

/** Media types that say nothing about which manifest a document is. */
const GENERIC_TYPES = new Set(['', 'application/json', 'text/plain', 'application/octet-stream']);

/** Entries in an index or layers in a manifest; real images have at most a few hundred. */
const MAX_DESCRIPTORS = 1000;

export interface IndexManifest {
  kind: 'index';
  mediaType: string;
  manifests: Descriptor[];
}

export interface ImageManifest {
  kind: 'image';
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}

export type ParsedManifest = IndexManifest | ImageManifest;

/** Builds the error thrown for a document that cannot be used, from a phrase completing "the manifest …". */
export type ManifestFailure = (problem: string) => Error;

/** Parses the bytes as JSON, then reads them as readManifest does. */
export function parseManifest(bytes: Buffer, contentType: string | null, fail: ManifestFailure): ParsedManifest {
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw fail('is not valid JSON');
  }
  return readManifest(body, contentType, fail);
}

/**
 * A manifest or index from its JSON. Its own `mediaType` says which it is; otherwise `mediaTypeHint`, the
 * Content-Type it was served with or the media type of the descriptor that named it; when that is
 * missing or generic, its shape.
 */
export function readManifest(body: unknown, mediaTypeHint: string | null, fail: ManifestFailure): ParsedManifest {
  if (!isRecord(body)) throw fail('is not a JSON object');
  const declared = typeof body.mediaType === 'string' && body.mediaType !== '' ? body.mediaType : undefined;
  const hint = mediaTypeHint?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  const mediaType = declared ?? (GENERIC_TYPES.has(hint) ? inferMediaType(body) : hint);

  if (body.schemaVersion === 1 || SCHEMA1_TYPES.has(mediaType)) {
    throw fail(
      'uses Docker image manifest schema 1, a format deprecated since Docker 1.13 (2017) that current Docker versions no longer pull; push the image again with a current Docker, or scan a newer tag',
    );
  }
  if (INDEX_TYPES.has(mediaType)) {
    const manifests = descriptorList(body.manifests, 'manifests', fail);
    return { kind: 'index', mediaType, manifests };
  }
  if (MANIFEST_TYPES.has(mediaType)) {
    const config = descriptor(body.config, 'config', fail);
    const layers = descriptorList(body.layers, 'layers', fail);
    return { kind: 'image', mediaType, config, layers };
  }
  throw fail(
    `has media type "${mediaType || 'none'}", which is not a container image: Shipshape reads OCI image indexes and manifests and Docker v2 manifest lists and manifests`,
  );
}

function inferMediaType(body: Record<string, unknown>): string {
  if (Array.isArray(body.manifests)) return MediaType.ociIndex;
  if (isRecord(body.config) && Array.isArray(body.layers)) return MediaType.ociManifest;
  return '';
}

function descriptorList(value: unknown, field: string, fail: ManifestFailure): Descriptor[] {
  if (!Array.isArray(value)) throw fail(`has no "${field}" list`);
  if (value.length > MAX_DESCRIPTORS) throw fail(`lists ${value.length} ${field}, more than the ${MAX_DESCRIPTORS} Shipshape reads`);
  return value.map((entry, index) => descriptor(entry, `${field}[${index}]`, fail));
}

function descriptor(value: unknown, where: string, fail: ManifestFailure): Descriptor {
  if (!isRecord(value)) throw fail(`has an invalid "${where}" entry (not an object)`);
  const { mediaType, digest, size } = value;
  if (typeof mediaType !== 'string' || mediaType === '') throw fail(`has no media type in "${where}"`);
  if (!isSupportedDigest(digest)) throw fail(`has an invalid digest in "${where}" (${JSON.stringify(digest)}); only sha256 and sha512 digests are accepted`);
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw fail(`has an invalid size in "${where}"`);
  const result: Descriptor = { mediaType, digest, size };
  if (Array.isArray(value.urls)) result.urls = value.urls.filter((url): url is string => typeof url === 'string');
  if (isRecord(value.annotations)) result.annotations = stringRecord(value.annotations);
  if (isRecord(value.platform)) {
    const platform = readPlatform(value.platform);
    if (platform !== undefined) result.platform = platform;
  }
  return result;
}

function readPlatform(value: Record<string, unknown>): Descriptor['platform'] {
  if (typeof value.os !== 'string' || typeof value.architecture !== 'string') return undefined;
  const platform: Platform & { 'os.version'?: string } = { os: value.os, architecture: value.architecture };
  if (typeof value.variant === 'string' && value.variant !== '') platform.variant = value.variant;
  if (typeof value['os.version'] === 'string') platform['os.version'] = value['os.version'];
  return platform;
}

/** Index entries that are not images: BuildKit's provenance and SBOM attestations. */
export function isAttestation(descriptor: Descriptor): boolean {
  return (
    descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (descriptor.platform?.os === 'unknown' && descriptor.platform.architecture === 'unknown')
  );
}

export type PlatformChoice = { found: true; descriptor: Descriptor } | { found: false; available: string[] };

/** The index entry for `wanted` among those that name their platform (see choosePlatform), or the
 * platforms there are. */
export function selectPlatformManifest(entries: readonly Descriptor[], wanted: Platform): PlatformChoice {
  const images = entries.filter((entry): entry is Descriptor & { platform: Platform } => entry.platform !== undefined && !isAttestation(entry));
  const descriptor = choosePlatform(images, (entry) => entry.platform, wanted);
  if (descriptor !== undefined) return { found: true, descriptor };
  return { found: false, available: [...new Set(images.map((entry) => formatPlatform(entry.platform)))] };
}
