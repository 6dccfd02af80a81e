// The public keys a signature policy trusts: PEM files (ECDSA P-256/P-384, Ed25519, RSA) read with
// node:crypto, and the check of a raw signature over a payload, as cosign makes them with `cosign sign --key`.
import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

export interface TrustedKey {
  /** The file it came from, as the user named it: reports say "key cosign.pub". */
  label: string;
  key: KeyObject;
  /** SHA-256 of the key's DER encoding, hex: tells two keys with the same file name apart. */
  fingerprint: string;
}

export type KeyLoad = { ok: true; key: TrustedKey } | { ok: false; message: string };

const SUPPORTED = 'ECDSA P-256 or P-384, Ed25519 or RSA';

/** Reads one PEM public key file; the message says what is wrong with it. */
export function loadTrustedKey(path: string, label = path): KeyLoad {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return { ok: false, message: `cannot read the signature key ${label}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  return parseTrustedKey(text, label);
}

export function parseTrustedKey(pem: string, label: string): KeyLoad {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    return { ok: false, message: `the signature key ${label} is not a PEM public key (expected "-----BEGIN PUBLIC KEY-----", ${SUPPORTED})` };
  }
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (!(type === 'ed25519' || type === 'rsa' || (type === 'ec' && (curve === 'prime256v1' || curve === 'secp384r1')))) {
    return { ok: false, message: `the signature key ${label} is a ${type ?? 'unknown'}${curve ? ` ${curve}` : ''} key; Shipshape verifies ${SUPPORTED} keys` };
  }
  const fingerprint = createHash('sha256').update(key.export({ format: 'der', type: 'spki' })).digest('hex');
  return { ok: true, key: { label, key, fingerprint } };
}

/** Whether `signature` (raw bytes: DER for ECDSA, as cosign stores it) signs `payload` with `key`. ECDSA
 * P-384 signatures are accepted with SHA-384 (current cosign) or SHA-256 (older releases hashed every
 * key's payload with SHA-256). */
export function verifiesWith(key: KeyObject, payload: Buffer, signature: Buffer): boolean {
  try {
    switch (key.asymmetricKeyType) {
      case 'ed25519':
        return verify(null, payload, key, signature);
      case 'rsa':
        return verify('sha256', payload, key, signature);
      case 'ec': {
        const curve = key.asymmetricKeyDetails?.namedCurve;
        if (curve === 'secp384r1' && verify('sha384', payload, key, signature)) return true;
        return verify('sha256', payload, key, signature);
      }
      default:
        return false;
    }
  } catch {
    // A malformed DER signature makes OpenSSL throw rather than answer false.
    return false;
  }
}
