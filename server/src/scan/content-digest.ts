// Content digests (`sha256:<hex>`), the names registries and image layouts give manifests and blobs. Only
// the algorithms the OCI image spec registers are accepted: a digest also becomes part of a request path or
// a file name, so nothing else may pass ("sha256:../../etc/passwd" must never name a file).
import { createHash, type Hash } from 'node:crypto';

const DIGEST_FORMS: Record<string, RegExp> = {
  sha256: /^[a-f0-9]{64}$/,
  sha512: /^[a-f0-9]{128}$/,
};

export function isSupportedDigest(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const colon = value.indexOf(':');
  const form = DIGEST_FORMS[value.slice(0, colon)];
  return colon > 0 && form !== undefined && form.test(value.slice(colon + 1));
}

/** A hash for the algorithm of `digest`, which must have passed isSupportedDigest. */
export function hashFor(digest: string): Hash {
  return createHash(digest.slice(0, digest.indexOf(':')));
}

/** The sha256 digest registries name content by when nothing asks for another algorithm. */
export function digestOf(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The digest of `bytes` computed with the algorithm of `expected`. */
export function digestLike(expected: string, bytes: Buffer): string {
  return `${expected.slice(0, expected.indexOf(':'))}:${hashFor(expected).update(bytes).digest('hex')}`;
}

/** `sha256:0123456789ab` — enough to recognise a digest in a message. */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return colon === -1 ? digest : digest.slice(0, colon + 13);
}
