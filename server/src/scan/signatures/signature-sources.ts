// Where signatures of an image digest live in a registry, the ways cosign and Notation store them:
//   - the classic tag `sha256-<hex>.sig`: a manifest whose layers are simplesigning payloads, each with its
//     signature (and, for keyless signing, its certificate) in annotations;
//   - the OCI referrers API `GET /v2/<name>/referrers/<digest>`, or, where a registry lacks it, the index
//     under the fallback tag `sha256-<hex>`: descriptors of Sigstore bundles and Notation signatures.
// Absent is an answer (404); anything else that is not what the API promises is an error, never "unsigned".
import { isRecord, stringRecord } from '../json-value';
import { MediaType } from '../media-types';
import { parseManifest, type ImageManifest } from '../image-manifest';
import type { Descriptor } from '../types';
import { discard } from '../registry/http-transport';
import { MANIFEST_ACCEPT, type RegistryClient } from '../registry/registry-client';
import { failure, type RequestContext } from '../registry/registry-errors';

export const SignatureMediaType = {
  cosignPayload: 'application/vnd.dev.cosign.simplesigning.v1+json',
  sigstoreBundle: 'application/vnd.dev.sigstore.bundle.v0.3+json',
  notation: 'application/vnd.cncf.notary.signature',
} as const;

export const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
export const COSIGN_CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';

/** Signatures read per image: real images carry a handful; a registry listing thousands is not read whole. */
export const MAX_SIGNATURES = 16;
/** A simplesigning payload or a bundle is a few kilobytes. */
const MAX_SIGNATURE_BLOB_BYTES = 1024 * 1024;

export type SignatureReferrer = Descriptor & { artifactType: string };

export interface ReferrerList {
  /** Descriptors of signature artifacts (bundles, Notation), at most MAX_SIGNATURES. */
  signatures: SignatureReferrer[];
  /** Signature descriptors beyond MAX_SIGNATURES that were not read. */
  skipped: number;
}

/** `sha256:abc…` → `sha256-abc…`, the tag schema cosign and the referrers fallback use. */
export function digestTag(digest: string): string {
  return digest.replace(':', '-');
}

/** The `.sig` manifest of `digest`, or undefined when the registry has none. */
export async function fetchCosignSignatureManifest(client: RegistryClient, digest: string): Promise<ImageManifest | undefined> {
  const tag = `${digestTag(digest)}.sig`;
  const ctx = client.context('signatures', `fetch the cosign signature tag ${tag} of ${client.image}`);
  const bytes = await fetchIfPresent(client, ctx, `manifests/${tag}`, MANIFEST_ACCEPT);
  if (bytes === undefined) return undefined;
  const manifest = parseManifest(bytes.body, bytes.contentType, (problem) => failure(ctx, `the signature manifest ${problem}.`));
  if (manifest.kind !== 'image') throw failure(ctx, 'the signature tag points at an index, not at a signature manifest.');
  return manifest;
}

/** Signature referrers of `digest`: from the referrers API, or from the fallback tag when the registry lacks it. */
export async function fetchSignatureReferrers(client: RegistryClient, digest: string): Promise<ReferrerList> {
  const apiCtx = client.context('signatures', `list the referrers of ${client.image}`);
  const api = await fetchIfPresent(client, apiCtx, `referrers/${digest}`, MediaType.ociIndex);
  if (api !== undefined) return readReferrers(api.body, api.contentType, apiCtx, 'the referrers API');
  const tag = digestTag(digest);
  const tagCtx = client.context('signatures', `fetch the referrers tag ${tag} of ${client.image}`);
  const fallback = await fetchIfPresent(client, tagCtx, `manifests/${tag}`, MANIFEST_ACCEPT);
  if (fallback === undefined) return { signatures: [], skipped: 0 };
  return readReferrers(fallback.body, fallback.contentType, tagCtx, `the referrers tag ${tag}`);
}

/** The image manifest of a referrer (a bundle or a Notation signature). */
export async function fetchReferrerManifest(client: RegistryClient, descriptor: Descriptor): Promise<ImageManifest> {
  const ctx = client.context('signatures', `fetch the signature manifest ${descriptor.digest} of ${client.image}`, 'the referrers list names it, but the repository does not have it');
  if (descriptor.size > client.settings.limits.maxManifestBytes) throw failure(ctx, `the manifest is ${descriptor.size} bytes, more than the ${client.settings.limits.maxManifestBytes} Shipshape reads.`);
  const fetched = await client.fetchManifest(ctx, descriptor.digest, descriptor.digest);
  const manifest = parseManifest(fetched.bytes, fetched.contentType, (problem) => failure(ctx, `the signature manifest ${problem}.`));
  if (manifest.kind !== 'image') throw failure(ctx, 'the referrer is an index, not a signature manifest.');
  return manifest;
}

/** A payload, bundle or envelope layer, checked against its digest and size. */
export async function fetchSignatureBlob(client: RegistryClient, descriptor: Descriptor): Promise<Buffer> {
  const ctx = client.context('signatures', `fetch the signature blob ${descriptor.digest} of ${client.image}`, 'the signature manifest names it, but the repository does not have it');
  if (descriptor.size > MAX_SIGNATURE_BLOB_BYTES) throw failure(ctx, `it is ${descriptor.size} bytes, more than the ${MAX_SIGNATURE_BLOB_BYTES} a signature may have.`);
  return client.fetchBlob(ctx, descriptor, MAX_SIGNATURE_BLOB_BYTES);
}

async function fetchIfPresent(client: RegistryClient, ctx: RequestContext, path: string, accept: string): Promise<{ body: Buffer; contentType: string | null } | undefined> {
  const { sent, attempts } = await client.request(ctx, client.repositoryUrl(path), { method: 'GET', accept });
  if (sent.response.status === 404) {
    discard(sent);
    return undefined;
  }
  if (!sent.response.ok) throw await client.statusFailure(ctx, sent, attempts);
  const body = await client.readBody(ctx, sent, client.settings.limits.maxManifestBytes);
  return { body, contentType: sent.response.headers.get('content-type') };
}

function readReferrers(bytes: Buffer, contentType: string | null, ctx: RequestContext, source: string): ReferrerList {
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    const type = contentType?.split(';', 1)[0]?.trim() || 'no content type';
    throw failure(ctx, `${source} answered with something that is not JSON (${type}), not an OCI image index; the registry or a proxy in front of it is misconfigured.`);
  }
  if (!isRecord(body) || !Array.isArray(body.manifests)) throw failure(ctx, `${source} answered with JSON that is not an OCI image index (no "manifests" list).`);
  const signatures: SignatureReferrer[] = [];
  let skipped = 0;
  for (const entry of body.manifests) {
    const descriptor = signatureDescriptor(entry);
    if (descriptor === undefined) continue;
    if (signatures.length < MAX_SIGNATURES) signatures.push(descriptor);
    else skipped++;
  }
  return { signatures, skipped };
}

/** A referrer that is a signature Shipshape knows, by its artifact type. */
function signatureDescriptor(entry: unknown): SignatureReferrer | undefined {
  if (!isRecord(entry)) return undefined;
  const { artifactType, mediaType, digest, size } = entry;
  if (artifactType !== SignatureMediaType.sigstoreBundle && artifactType !== SignatureMediaType.notation) return undefined;
  if (typeof mediaType !== 'string' || typeof digest !== 'string' || !/^sha(256|512):[a-f0-9]+$/.test(digest) || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return undefined;
  return { artifactType, mediaType, digest, size, ...(isRecord(entry.annotations) ? { annotations: stringRecord(entry.annotations) } : {}) };
}
