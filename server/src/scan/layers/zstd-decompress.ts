// zstd decompression for runtimes whose zlib has none (Node before 22.15): fzstd's streaming decoder,
// wrapped as a Transform so it sits in a stream pipeline like zlib's decompressors.
import { Transform, type TransformCallback } from 'node:stream';
import * as zlib from 'node:zlib';
import { Decompress } from 'fzstd';

/** Exported so tests exercise it on runtimes that have the native decompressor too. */
export class FzstdDecompress extends Transform {
  private readonly decoder = new Decompress((data) => {
    if (data.length > 0) this.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.decoder.push(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.decoder.push(new Uint8Array(0), true);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }
}

type ZstdFactory = () => Transform;

/** zlib's zstd decompressor where the runtime has one (native, faster), else fzstd's. */
export function createZstdDecompress(): Transform {
  const native = (zlib as unknown as { createZstdDecompress?: ZstdFactory }).createZstdDecompress;
  return native ? native() : new FzstdDecompress();
}
