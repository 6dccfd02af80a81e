// A pass-through stream that checks a blob against its descriptor while it flows: more bytes than declared
// fail at once, and at the end the size and the digest must match. Readers see the bytes as they arrive,
// so the failure at the end is what tells them the content cannot be trusted.
import { Transform, type TransformCallback } from 'node:stream';
import { hashFor } from './content-digest';

export interface ExpectedBlob {
  digest: string;
  /** -1 when unknown. */
  size: number;
}

/** `fail` turns a phrase completing "the blob …" into the error the stream fails with. */
export function verifyingStream(expected: ExpectedBlob, fail: (problem: string) => Error, onData?: () => void): Transform {
  const hash = hashFor(expected.digest);
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      received += chunk.length;
      if (expected.size >= 0 && received > expected.size) {
        callback(fail(`is larger than the ${expected.size} bytes its descriptor declares`));
        return;
      }
      hash.update(chunk);
      onData?.();
      callback(null, chunk);
    },
    flush(callback: TransformCallback): void {
      if (expected.size >= 0 && received < expected.size) {
        callback(fail(`ended after ${received} of its ${expected.size} bytes (truncated)`));
        return;
      }
      const actual = `${expected.digest.slice(0, expected.digest.indexOf(':'))}:${hash.digest('hex')}`;
      if (actual !== expected.digest) {
        callback(fail(`does not match its digest: its bytes hash to ${actual}, so it was corrupted or altered on the way`));
        return;
      }
      callback();
    },
  });
}
