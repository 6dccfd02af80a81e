// Signatures found through the referrers API: Sigstore bundles (key-signed DSSE envelopes are verified
// here; keyless ones report their certificate's identity) and Notation signatures (detected, with the
// subject of the signing certificate reported).
import { X509Certificate } from 'node:crypto';
import type { ReportSignatureEntry } from '../../protocol';
import { isRecord } from '../json-value';
import { certificateSigner, decodeBase64 } from './cosign-signature';
import { verifiesWith, type TrustedKey } from './trusted-keys';

/** The bytes a DSSE signature covers (the envelope's pre-authentication encoding). */
export function dssePae(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
}

export function checkSigstoreBundle(bytes: Buffer, imageDigest: string, keys: readonly TrustedKey[]): ReportSignatureEntry {
  const fail = (signer: string, problem: string): ReportSignatureEntry => ({ format: 'sigstore-bundle', signer, verified: false, problem });
  let bundle: unknown;
  try {
    bundle = JSON.parse(bytes.toString('utf8'));
  } catch {
    return fail('unknown key', 'the Sigstore bundle is not JSON');
  }
  if (!isRecord(bundle)) return fail('unknown key', 'the Sigstore bundle is not a JSON object');
  const certificate = bundleCertificate(bundle.verificationMaterial);
  if (certificate === 'broken') return fail('unknown certificate', 'the bundle\'s certificate is not a DER X.509 certificate');
  const signer = certificate === undefined ? 'unknown key' : certificateSigner(certificate);
  const envelope = bundle.dsseEnvelope;
  if (!isRecord(envelope)) {
    return fail(signer, 'the bundle holds a message signature, which does not name the image digest it signs; Shipshape verifies bundles with a DSSE envelope (verify this one with `cosign verify`)');
  }
  const payload = typeof envelope.payload === 'string' ? decodeBase64(envelope.payload) : undefined;
  const payloadType = typeof envelope.payloadType === 'string' ? envelope.payloadType : undefined;
  const signatures = Array.isArray(envelope.signatures) ? envelope.signatures : [];
  if (payload === undefined || payloadType === undefined) return fail(signer, 'the bundle\'s DSSE envelope has no base64 payload or no payload type');
  if (!subjectNames(payload, imageDigest)) return fail(signer, `the bundle's statement does not name this image's digest ${imageDigest}; it was made for another image`);
  const signed = dssePae(payloadType, payload);
  const raw = signatures.map((entry) => (isRecord(entry) && typeof entry.sig === 'string' ? decodeBase64(entry.sig) : undefined));
  if (raw.length === 0 || raw.some((sig) => sig === undefined)) return fail(signer, 'a signature of the bundle\'s DSSE envelope is missing or not base64');
  const sigs = raw as Buffer[];
  const trusted = keys.find((key) => sigs.some((sig) => verifiesWith(key.key, signed, sig)));
  if (trusted !== undefined) return { format: 'sigstore-bundle', signer: `key ${trusted.label}`, verified: true };
  if (certificate !== undefined) {
    if (!sigs.some((sig) => verifiesWith(certificate.publicKey, signed, sig))) return fail(signer, 'the bundle\'s signature does not verify against its own certificate');
    return fail(signer, 'a keyless bundle whose certificate Shipshape does not chain to a Sigstore trust root; trust its signer with a key or verify it with `cosign verify`');
  }
  return fail(signer, keys.length === 0 ? 'no trusted key is configured (images.signatures.keys or --key)' : `none of the trusted keys (${keys.map((key) => key.label).join(', ')}) verifies it`);
}

/** A Notation signature envelope: JWS (JSON serialisation) carries its certificate chain in `header.x5c`. */
export function describeNotationSignature(mediaType: string, bytes: Buffer): ReportSignatureEntry {
  let signer = 'unknown certificate';
  if (mediaType === 'application/jose+json') {
    try {
      const envelope: unknown = JSON.parse(bytes.toString('utf8'));
      const header = isRecord(envelope) ? envelope.header : undefined;
      const chain = isRecord(header) && Array.isArray(header.x5c) ? header.x5c : [];
      const leaf = typeof chain[0] === 'string' ? decodeBase64(chain[0]) : undefined;
      if (leaf !== undefined) signer = new X509Certificate(leaf).subject.replace(/\n/g, ', ');
    } catch {
      // The signer stays unknown; the entry still says a Notation signature exists.
    }
  }
  return {
    format: 'notation',
    signer,
    verified: false,
    problem: 'Notation signatures are detected and their signer reported, not verified by Shipshape; verify them with `notation verify` against your trust policy',
  };
}

function bundleCertificate(material: unknown): X509Certificate | 'broken' | undefined {
  if (!isRecord(material)) return undefined;
  const chain = isRecord(material.x509CertificateChain) && Array.isArray(material.x509CertificateChain.certificates) ? material.x509CertificateChain.certificates[0] : undefined;
  const entry = isRecord(material.certificate) ? material.certificate : isRecord(chain) ? chain : undefined;
  if (entry === undefined) return undefined;
  const der = typeof entry.rawBytes === 'string' ? decodeBase64(entry.rawBytes) : undefined;
  if (der === undefined) return 'broken';
  try {
    return new X509Certificate(der);
  } catch {
    return 'broken';
  }
}

/** Whether an in-toto statement lists the digest among its subjects. */
function subjectNames(payload: Buffer, imageDigest: string): boolean {
  const [algorithm, hex] = imageDigest.split(':');
  try {
    const statement: unknown = JSON.parse(payload.toString('utf8'));
    const subjects = isRecord(statement) && Array.isArray(statement.subject) ? statement.subject : [];
    return subjects.some((subject) => isRecord(subject) && isRecord(subject.digest) && algorithm !== undefined && subject.digest[algorithm] === hex);
  } catch {
    return false;
  }
}
