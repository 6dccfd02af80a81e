// Reading manifests: OCI image index and manifest, Docker v2 manifest list and manifest. Docker's schema 1
// and other media types are refused with a message that says what the document is.
import type { Descriptor, Platform } from '../types';
import { isSupportedDigest } from './content-digest';

export const ManifestMediaType = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

export const ConfigMediaType = {
  oci: 'application/vnd.oci.image.config.v1+json',
  docker: 'application/vnd.docker.container.image.v1+json',
} as const;

/** Sent with every manifest request; without the index types a registry would pick one platform itself. */
export const MANIFEST_ACCEPT = [
  ManifestMediaType.ociIndex,
  ManifestMediaType.dockerManifestList,
  ManifestMediaType.ociManifest,
  ManifestMediaType.dockerManifest,
].join(', ');

const INDEX_TYPES = new Set<string>([ManifestMediaType.ociIndex, ManifestMediaType.dockerManifestList]);
const IMAGE_TYPES = new Set<string>([ManifestMediaType.ociManifest, ManifestMediaType.dockerManifest]);
const SCHEMA1_TYPES = new Set<string>([ManifestMediaType.dockerSchema1, ManifestMediaType.dockerSchema1Signed]);
/** Content types that say nothing about which manifest it is. */
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

/** `fail` builds the error thrown for a document that cannot be used, from a phrase completing "the manifest …". */
export function parseManifest(bytes: Buffer, contentType: string | null, fail: (problem: string) => Error): ParsedManifest {
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw fail('is not valid JSON');
  }
  if (!isRecord(body)) throw fail('is not a JSON object');
  const declared = typeof body.mediaType === 'string' && body.mediaType !== '' ? body.mediaType : undefined;
  const header = contentType?.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  const mediaType = declared ?? (GENERIC_TYPES.has(header) ? inferMediaType(body) : header);

  if (body.schemaVersion === 1 || SCHEMA1_TYPES.has(mediaType)) {
    throw fail(
      'uses Docker image manifest schema 1, a format deprecated since Docker 1.13 (2017) that current Docker versions no longer pull; push the image again with a current Docker, or scan a newer tag',
    );
  }
  if (INDEX_TYPES.has(mediaType)) {
    const manifests = descriptorList(body.manifests, 'manifests', fail);
    return { kind: 'index', mediaType, manifests };
  }
  if (IMAGE_TYPES.has(mediaType)) {
    const config = descriptor(body.config, 'config', fail);
    const layers = descriptorList(body.layers, 'layers', fail);
    return { kind: 'image', mediaType, config, layers };
  }
  throw fail(
    `has media type "${mediaType || 'none'}", which is not a container image: Shipshape reads OCI image indexes and manifests and Docker v2 manifest lists and manifests`,
  );
}

function inferMediaType(body: Record<string, unknown>): string {
  if (Array.isArray(body.manifests)) return ManifestMediaType.ociIndex;
  if (isRecord(body.config) && Array.isArray(body.layers)) return ManifestMediaType.ociManifest;
  return '';
}

function descriptorList(value: unknown, field: string, fail: (problem: string) => Error): Descriptor[] {
  if (!Array.isArray(value)) throw fail(`has no "${field}" list`);
  if (value.length > MAX_DESCRIPTORS) throw fail(`lists ${value.length} ${field}, more than the ${MAX_DESCRIPTORS} Shipshape reads`);
  return value.map((entry, index) => descriptor(entry, `${field}[${index}]`, fail));
}

function descriptor(value: unknown, where: string, fail: (problem: string) => Error): Descriptor {
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

function stringRecord(value: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
