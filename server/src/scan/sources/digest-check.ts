// Content addressing: every blob a local source hands on is checked against the digest its manifest,
// index or file name records, so a damaged or tampered file is reported instead of scanned.
import { createHash, type Hash } from 'node:crypto';
import { pipeline, Transform, type Readable, type TransformCallback } from 'node:stream';

const DIGEST_FORMS: Record<string, RegExp> = {
  sha256: /^sha256:[a-f0-9]{64}$/,
  sha512: /^sha512:[a-f0-9]{128}$/,
};

/** True for the digests Shipshape can verify. The check also keeps digests used as file names from
 * naming anything outside the blob folder ("sha256:../../etc/passwd"). */
export function isVerifiableDigest(digest: string): boolean {
  const algorithm = digest.slice(0, digest.indexOf(':'));
  return DIGEST_FORMS[algorithm]?.test(digest) ?? false;
}

function hashFor(digest: string): Hash {
  return createHash(digest.slice(0, digest.indexOf(':')));
}

export function digestOf(bytes: Buffer, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** The actual digest when `bytes` do not match `digest`; undefined when they do. */
export function digestMismatch(bytes: Buffer, digest: string): string | undefined {
  const actual = `${digest.slice(0, digest.indexOf(':'))}:${hashFor(digest).update(bytes).digest('hex')}`;
  return actual === digest ? undefined : actual;
}

/** What went wrong with a streamed blob, for the caller to word as its ScanError. */
export type BlobProblem = { kind: 'digest'; actual: string } | { kind: 'size'; actual: number };

/**
 * Passes the stream through, hashing it; at its end the stream fails with `fail(problem)` when the
 * bytes do not match `digest` or their count differs from `size` (when that is known, i.e. ≥ 0).
 * Destroying the returned stream destroys the source.
 */
export function verifyStream(source: Readable, digest: string, size: number, fail: (problem: BlobProblem) => Error): Readable {
  const hash = hashFor(digest);
  let count = 0;
  const verifier = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      count += chunk.length;
      if (size >= 0 && count > size) {
        callback(fail({ kind: 'size', actual: count }));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      if (size >= 0 && count !== size) {
        callback(fail({ kind: 'size', actual: count }));
        return;
      }
      const actual = `${digest.slice(0, digest.indexOf(':'))}:${hash.digest('hex')}`;
      callback(actual === digest ? null : fail({ kind: 'digest', actual }));
    },
  });
  // Errors of either stream destroy both and reach whoever reads the verifier.
  return pipeline(source, verifier, () => undefined);
}
