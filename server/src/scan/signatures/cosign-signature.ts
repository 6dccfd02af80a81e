// Checking one classic cosign signature: a simplesigning payload (the layer of a `.sig` manifest) whose
// `critical.image.docker-manifest-digest` names the signed digest, and its signature in the
// `dev.cosignproject.cosign/signature` annotation, base64 of the raw signature over the payload's bytes.
import { X509Certificate } from 'node:crypto';
import type { ReportSignatureEntry } from '../../protocol';
import { isRecord } from '../json-value';
import { verifiesWith, type TrustedKey } from './trusted-keys';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export interface CosignLayer {
  payload: Buffer;
  annotations: Record<string, string>;
}

/** Strict base64 (standard alphabet, padded), undefined otherwise: Buffer.from would skip bad characters. */
export function decodeBase64(text: string): Buffer | undefined {
  const compact = text.replace(/\s+/g, '');
  return compact !== '' && BASE64.test(compact) ? Buffer.from(compact, 'base64') : undefined;
}

/** The digest a simplesigning payload signs, or a phrase completing "the payload …". */
export function signedDigest(payload: Buffer): { digest: string } | { problem: string } {
  let body: unknown;
  try {
    body = JSON.parse(payload.toString('utf8'));
  } catch {
    return { problem: 'is not JSON' };
  }
  const critical = isRecord(body) ? body.critical : undefined;
  const image = isRecord(critical) ? critical.image : undefined;
  const digest = isRecord(image) ? image['docker-manifest-digest'] : undefined;
  if (typeof digest !== 'string') return { problem: 'has no critical.image.docker-manifest-digest' };
  return { digest };
}

export function checkCosignSignature(layer: CosignLayer, imageDigest: string, keys: readonly TrustedKey[], annotationName: string, certificateAnnotation: string): ReportSignatureEntry {
  const signed = signedDigest(layer.payload);
  if ('problem' in signed) return invalid('unknown key', `the simplesigning payload ${signed.problem}`);
  if (signed.digest !== imageDigest) {
    return invalid('unknown key', `the signature is for ${signed.digest}, not for this image's digest ${imageDigest}; it was copied from another image`);
  }
  const annotation = layer.annotations[annotationName];
  if (annotation === undefined) return invalid('unknown key', `the payload layer has no ${annotationName} annotation`);
  const signature = decodeBase64(annotation);
  if (signature === undefined) return invalid('unknown key', `the ${annotationName} annotation is not base64, so it holds no signature`);

  const trusted = keys.find((key) => verifiesWith(key.key, layer.payload, signature));
  if (trusted !== undefined) return { format: 'cosign', signer: `key ${trusted.label}`, verified: true };

  const pem = layer.annotations[certificateAnnotation];
  if (pem !== undefined) {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch {
      return invalid('unknown certificate', `the ${certificateAnnotation} annotation is not a PEM certificate`);
    }
    const signer = certificateSigner(certificate);
    if (!verifiesWith(certificate.publicKey, layer.payload, signature)) return invalid(signer, 'the signature does not verify against its own certificate');
    return {
      format: 'cosign',
      signer,
      verified: false,
      problem: 'a keyless signature whose certificate Shipshape does not chain to a Sigstore trust root; trust its signer with a key (images.signatures.keys) or verify it with `cosign verify`',
    };
  }
  return {
    format: 'cosign',
    signer: 'unknown key',
    verified: false,
    problem: keys.length === 0 ? 'no trusted key is configured (images.signatures.keys or --key)' : `none of the trusted keys (${keys.map((key) => key.label).join(', ')}) verifies it`,
  };
}

/** The identity a Fulcio certificate binds (its subject alternative name), else its subject. */
export function certificateSigner(certificate: X509Certificate): string {
  const san = certificate.subjectAltName?.split(', ').map((entry) => entry.replace(/^(URI|email|DNS):/, ''))[0];
  return san || certificate.subject.replace(/\n/g, ', ') || 'unnamed certificate';
}

function invalid(signer: string, problem: string): ReportSignatureEntry {
  return { format: 'cosign', signer, verified: false, problem };
}
