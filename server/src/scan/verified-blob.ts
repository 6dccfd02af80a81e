// Checks a blob against its descriptor: a small one read whole (manifest, config) or a layer while it
// streams, hashed as it flows. Every source checks the same way; each words the problem itself, because
// the message names its own image and place, and what to do differs (pull again, or export again).
import { Transform, type TransformCallback } from 'node:stream';
import { digestLike, hashFor } from './content-digest';

export interface ExpectedBlob {
  /** A digest that passed isSupportedDigest. */
  digest: string;
  /** -1 when unknown. */
  size: number;
}

export type BlobProblem =
  /** More bytes than the descriptor declares; a stream fails as soon as it sees the first of them. */
  | { kind: 'larger' }
  /** Fewer bytes than declared. */
  | { kind: 'truncated'; received: number }
  | { kind: 'digest'; actual: string };

/** What is wrong with a blob read whole, or undefined when it matches. */
export function blobProblem(bytes: Buffer, expected: ExpectedBlob): BlobProblem | undefined {
  if (expected.size >= 0 && bytes.length > expected.size) return { kind: 'larger' };
  if (expected.size >= 0 && bytes.length < expected.size) return { kind: 'truncated', received: bytes.length };
  const actual = digestLike(expected.digest, bytes);
  return actual === expected.digest ? undefined : { kind: 'digest', actual };
}

/**
 * A pass-through stream that fails with `fail(problem)` when the bytes exceed the declared size (at once),
 * or at their end when they fall short of it or do not hash to the digest. Readers see the bytes as they
 * arrive, so the failure at the end is what tells them the content cannot be trusted. `onData` runs for
 * every chunk (a download restarts its inactivity timer there).
 */
export function verifyingStream(expected: ExpectedBlob, fail: (problem: BlobProblem) => Error, onData?: () => void): Transform {
  const hash = hashFor(expected.digest);
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      received += chunk.length;
      if (expected.size >= 0 && received > expected.size) {
        callback(fail({ kind: 'larger' }));
        return;
      }
      hash.update(chunk);
      onData?.();
      callback(null, chunk);
    },
    flush(callback: TransformCallback): void {
      if (expected.size >= 0 && received < expected.size) {
        callback(fail({ kind: 'truncated', received }));
        return;
      }
      const actual = `${expected.digest.slice(0, expected.digest.indexOf(':'))}:${hash.digest('hex')}`;
      callback(actual === expected.digest ? null : fail({ kind: 'digest', actual }));
    },
  });
}
