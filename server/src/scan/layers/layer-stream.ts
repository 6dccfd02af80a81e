// The streams a layer blob passes through on its way to the tar reader. The compression is read from
// the first bytes rather than the media type, because registries and `docker save` archives do not
// always label layers truthfully (uncompressed tars under Docker's "tar.gzip" type, for one).
import { Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { createZstdDecompress } from './zstd-decompress';

export type LayerCompression = 'gzip' | 'zstd' | 'none';

const MAGIC_BYTES = 6;

/** Thrown for formats that no image layer uses; the message names the format. */
export class UnsupportedCompressionError extends Error {}

export function detectCompression(head: Buffer): LayerCompression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  // A zstd skippable frame (magic 0x184D2A50 to 0x184D2A5F) may come before the data frames.
  if (head[0] !== undefined && (head[0] & 0xf0) === 0x50 && head[1] === 0x2a && head[2] === 0x4d && head[3] === 0x18) {
    return 'zstd';
  }
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) {
    throw new UnsupportedCompressionError('it is xz-compressed, which container image layers do not use');
  }
  if (head.subarray(0, 3).toString('latin1') === 'BZh') {
    throw new UnsupportedCompressionError('it is bzip2-compressed, which container image layers do not use');
  }
  return 'none';
}

/**
 * Decompresses gzip or zstd, or passes a plain tar through, deciding from the first bytes. The inner
 * decompressor's output is paused whenever this stream's reader is, so memory stays bounded.
 */
export class LayerDecompress extends Transform {
  compression: LayerCompression | undefined;
  private head: Buffer[] = [];
  private headLength = 0;
  private inner: Transform | undefined;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.compression === undefined) {
      this.head.push(chunk);
      this.headLength += chunk.length;
      if (this.headLength < MAGIC_BYTES) {
        callback();
        return;
      }
      this.decide(callback);
      return;
    }
    this.forward(chunk, callback);
  }

  override _flush(callback: TransformCallback): void {
    const finish = () => {
      const inner = this.inner;
      if (!inner) {
        callback();
        return;
      }
      inner.once('end', () => callback());
      inner.end();
    };
    if (this.compression === undefined) this.decide((error) => (error ? callback(error) : finish()));
    else finish();
  }

  override _read(size: number): void {
    this.inner?.resume();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    this.inner?.destroy();
    callback(error);
  }

  private decide(callback: TransformCallback): void {
    const head = Buffer.concat(this.head);
    this.head = [];
    try {
      this.compression = detectCompression(head);
    } catch (error) {
      callback(error as Error);
      return;
    }
    const inner = this.compression === 'gzip' ? createGunzip() : this.compression === 'zstd' ? createZstdDecompress() : undefined;
    if (inner) {
      this.inner = inner;
      inner.on('data', (data: Buffer) => {
        if (!this.push(data)) inner.pause();
      });
      inner.on('error', (error) => this.destroy(error));
    }
    if (head.length === 0) callback();
    else this.forward(head, callback);
  }

  private forward(chunk: Buffer, callback: TransformCallback): void {
    if (!this.inner) {
      this.push(chunk);
      callback();
      return;
    }
    this.inner.write(chunk, (error) => callback(error ?? undefined));
  }
}

/** Passes bytes through, telling `onBytes` how many went by; an error it returns stops the stream. */
export class ByteCounter extends Transform {
  constructor(private readonly onBytes: (count: number) => Error | undefined) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    const error = this.onBytes(chunk.length);
    if (error) callback(error);
    else callback(null, chunk);
  }
}
