// Image signatures made in the test, the way cosign stores them: keys from node:crypto, a `.sig` manifest
// of simplesigning payloads with the signature annotation, and Sigstore bundles (DSSE) listed through the
// referrers API. Nothing here is canned: every signature is computed over the exact bytes served.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { blob, MediaTypes, type TestBlob } from './test-blob';

export type TestKeyType = 'ec-p256' | 'ec-p384' | 'ed25519' | 'rsa';

export interface TestKey {
  privateKey: KeyObject;
  publicPem: string;
}

export function generateTestKey(type: TestKeyType): TestKey {
  const pair =
    type === 'ed25519'
      ? generateKeyPairSync('ed25519')
      : type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ec', { namedCurve: type === 'ec-p256' ? 'P-256' : 'P-384' });
  return { privateKey: pair.privateKey, publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** A raw signature as cosign makes it: SHA-256 (SHA-384 on P-384) over the bytes, DER for ECDSA. */
export function signBytes(key: KeyObject, bytes: Buffer): Buffer {
  if (key.asymmetricKeyType === 'ed25519') return sign(null, bytes, key);
  const hash = key.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'sha384' : 'sha256';
  return sign(hash, bytes, key);
}

export function simpleSigningPayload(reference: string, digest: string): Buffer {
  return Buffer.from(
    JSON.stringify({ critical: { identity: { 'docker-reference': reference }, image: { 'docker-manifest-digest': digest }, type: 'cosign container image signature' }, optional: null }),
  );
}

export interface CosignSignatureOptions {
  /** The digest the payload names; default: the image's own. */
  payloadDigest?: string;
  /** Replaces the base64 signature annotation. */
  signatureAnnotation?: string;
}

/** The `.sig` manifest and its blobs for `digest`, signed with `key`; tag it `sha256-<hex>.sig`. */
export function cosignSignature(reference: string, digest: string, key: KeyObject, options: CosignSignatureOptions = {}): { manifest: TestBlob; blobs: TestBlob[]; tag: string } {
  const payload = blob('application/vnd.dev.cosign.simplesigning.v1+json', simpleSigningPayload(reference, options.payloadDigest ?? digest));
  const config = blob(MediaTypes.ociConfig, { architecture: '', os: '', config: {}, rootfs: { type: 'layers', diff_ids: [payload.digest] } });
  const signature = options.signatureAnnotation ?? signBytes(key, payload.bytes).toString('base64');
  const manifest = blob(MediaTypes.ociManifest, {
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    config: { mediaType: config.mediaType, digest: config.digest, size: config.bytes.length },
    layers: [{ mediaType: payload.mediaType, digest: payload.digest, size: payload.bytes.length, annotations: { 'dev.cosignproject.cosign/signature': signature } }],
  });
  return { manifest, blobs: [payload, config], tag: `${digest.replace(':', '-')}.sig` };
}

/** A Sigstore bundle (DSSE over an in-toto statement naming `digest`) as a referrer of the image: the
 * manifest and blobs to store, and the descriptor the referrers API lists. */
export function sigstoreBundleReferrer(digest: string, key: KeyObject): { blobs: TestBlob[]; descriptor: Record<string, unknown> } {
  const [algorithm = 'sha256', hex = ''] = digest.split(':');
  const statement = Buffer.from(
    JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', subject: [{ name: 'image', digest: { [algorithm]: hex } }], predicateType: 'https://sigstore.dev/cosign/sign/v1', predicate: {} }),
  );
  const payloadType = 'application/vnd.in-toto+json';
  const pae = Buffer.concat([Buffer.from(`DSSEv1 ${payloadType.length} ${payloadType} ${statement.length} `), statement]);
  const bundle = blob('application/vnd.dev.sigstore.bundle.v0.3+json', {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { publicKey: { hint: 'test-key' }, tlogEntries: [] },
    dsseEnvelope: { payload: statement.toString('base64'), payloadType, signatures: [{ sig: signBytes(key, pae).toString('base64'), keyid: '' }] },
  });
  const empty = blob('application/vnd.oci.empty.v1+json', '{}');
  const manifestJson = {
    schemaVersion: 2,
    mediaType: MediaTypes.ociManifest,
    artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    config: { mediaType: empty.mediaType, digest: empty.digest, size: empty.bytes.length },
    layers: [{ mediaType: bundle.mediaType, digest: bundle.digest, size: bundle.bytes.length }],
    subject: { mediaType: MediaTypes.ociManifest, digest, size: 0 },
  };
  const manifest = blob(MediaTypes.ociManifest, manifestJson);
  return {
    blobs: [bundle, empty, manifest],
    descriptor: { mediaType: MediaTypes.ociManifest, artifactType: manifestJson.artifactType, digest: manifest.digest, size: manifest.bytes.length },
  };
}
