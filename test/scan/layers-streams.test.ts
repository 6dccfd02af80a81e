import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readImageFiles } from '../../server/src/scan/layers';
import { FzstdDecompress } from '../../server/src/scan/layers/zstd-decompress';
import { ScanError, type LayerBlob, type ResolvedImage, type ScanProgress } from '../../server/src/scan/types';
import { blob, MediaTypes, sha256Digest } from '../helpers/test-blob';
import { buildImage, buildLayer, inMemoryImage, tarArchive, zstdRawFrame, type LayerEntry } from '../helpers/test-image';

// A tar of etc/os-release and lib/apk/db/installed compressed by the zstd tool itself (level 19, with a
// content checksum), so the decoder is tested on real compressed blocks, not only on raw ones.
const REAL_ZSTD_LAYER = Buffer.from(
  'KLUv/WQAD7UGABILJRlAeQNZhHRSGYtpUujlD1E4NhOs7zBA+J0M1mpMCvgaBSpuaTe3ZLKWIIV8iYuTy/Jugsn02MC50LjbnGtl' +
    'D71h64Zv1IbN49UGJ4CaofcAS6A00BJlmGU11GTxRfAtskhyKqq57A69kWsK4zxQc6Ef6yNnY3dt800KXaz/ldTKblYN1NfaIP5z' +
    'zjrj+lXr4+vAlTsYIBBJQjV13lABsMhSgUvnQuTWjVWJO4INsFP2S3UULz5ZYCoQwKqR3Nju3PQAVpiLOgAS3wI/ABLEFMB44m85' +
    'RY+a',
  'base64',
);

function layerOf(bytes: Buffer, index = 0, mediaType: string = MediaTypes.ociLayerGzip, open?: LayerBlob['open']): LayerBlob {
  return {
    index,
    digest: sha256Digest(bytes),
    mediaType,
    size: bytes.length,
    open: open ?? (async () => Readable.from([bytes])),
  };
}

function imageOf(layers: LayerBlob[], name = 'app:1'): ResolvedImage {
  return { name, platform: { os: 'linux', architecture: 'amd64' }, config: {}, layers };
}

const entries: LayerEntry[] = [
  { path: 'etc/os-release', content: 'ID=alpine\n' },
  { path: 'usr/bin/tool', content: Buffer.alloc(300_000, 7), mode: 0o755 },
];

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected the read to fail');
}

describe('layer reader: compression', () => {
  for (const compression of ['gzip', 'zstd', 'none'] as const) {
    it(`reads ${compression} layers`, async () => {
      const files = await readImageFiles(inMemoryImage(buildImage({ layers: [entries], compression })), () => true);
      assert.equal(files.files.get('etc/os-release')?.content?.toString(), 'ID=alpine\n');
      assert.deepEqual(files.files.get('usr/bin/tool')?.content, Buffer.alloc(300_000, 7));
    });
  }

  it('reads a layer compressed by the zstd tool', async () => {
    const files = await readImageFiles(imageOf([layerOf(REAL_ZSTD_LAYER, 0, MediaTypes.ociLayerZstd)]), () => true);
    assert.equal(files.files.get('etc/os-release')?.content?.toString(), 'ID=alpine\nVERSION_ID=3.19.1\nPRETTY_NAME="Alpine Linux v3.19"\n');
    assert.equal(files.files.get('lib/apk/db/installed')?.content?.toString(), 'P:musl\nV:1.2.4-r2\n\nP:busybox\nV:1.36.1-r15\n\n'.repeat(20));
  });

  it('the pure-JS zstd decoder streams what the zstd tool wrote, in small chunks', async () => {
    const chunks: Buffer[] = [];
    const pieces = Array.from({ length: Math.ceil(REAL_ZSTD_LAYER.length / 7) }, (_, i) => REAL_ZSTD_LAYER.subarray(i * 7, i * 7 + 7));
    await pipeline(Readable.from(pieces), new FzstdDecompress(), new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    }));
    assert.equal(Buffer.concat(chunks).length, 4096);
    assert.equal(Buffer.concat(chunks).subarray(0, 3).toString(), 'etc');
  });

  it('chooses the decompressor from the bytes, not the media type', async () => {
    const gzipped = buildLayer([{ path: 'a', content: 'gzip under a tar type' }], 'gzip').blob.bytes;
    const plain = tarArchive([{ path: 'b', content: 'tar under a gzip type' }]);
    const files = await readImageFiles(
      imageOf([layerOf(gzipped, 0, MediaTypes.ociLayer), layerOf(plain, 1, MediaTypes.dockerLayerGzip)]),
      () => true,
    );
    assert.equal(files.files.get('a')?.content?.toString(), 'gzip under a tar type');
    assert.equal(files.files.get('b')?.content?.toString(), 'tar under a gzip type');
  });

  it('reads a layer delivered one byte at a time', async () => {
    const bytes = buildLayer([{ path: 'etc/issue', content: 'Welcome' }], 'gzip').blob.bytes;
    const layer = layerOf(bytes, 0, MediaTypes.ociLayerGzip, async () => Readable.from([...bytes].map((byte) => Buffer.from([byte]))));
    const files = await readImageFiles(imageOf([layer]), () => true);
    assert.equal(files.files.get('etc/issue')?.content?.toString(), 'Welcome');
  });

  it('reads empty layers (an empty blob and a tar without entries)', async () => {
    const files = await readImageFiles(imageOf([layerOf(Buffer.alloc(0), 0), layerOf(tarArchive([]), 1)]), () => true);
    assert.equal(files.files.size, 0);
  });
});

describe('layer reader: damaged layers', () => {
  const good = buildLayer(entries, 'gzip').blob.bytes;
  const base = layerOf(buildLayer([{ path: 'etc/hostname', content: 'box' }]).blob.bytes, 0);

  it('a truncated gzip layer fails naming the layer, its digest and the image', async () => {
    const truncated = good.subarray(0, Math.floor(good.length / 2));
    const error = await rejection(readImageFiles(imageOf([base, layerOf(truncated, 1)]), () => true));
    assert.ok(error instanceof ScanError);
    assert.equal(error.step, 'layers');
    assert.equal(error.image, 'app:1');
    assert.equal(
      error.message,
      `layer 2/2 (${sha256Digest(truncated)}) of app:1 could not be read: its gzip data ends early (the blob is truncated). ` +
        'Pull or export the image again; if it keeps happening, the image itself is damaged.',
    );
  });

  it('corrupt gzip data fails as corrupt', async () => {
    const corrupt = Buffer.from(good);
    corrupt.fill(0xff, 20, 60);
    const error = await rejection(readImageFiles(imageOf([layerOf(corrupt)]), () => true));
    assert.ok(error instanceof ScanError);
    assert.match(error.message, /^layer 1\/1 \(sha256:[a-f0-9]{64}\) of app:1 could not be read: its gzip data is corrupt \(/);
  });

  it('a corrupt tar header fails naming the tar', async () => {
    const tar = tarArchive(entries);
    tar.write('garbage', 10, 'latin1');
    const error = await rejection(readImageFiles(imageOf([base, layerOf(gzipSync(tar), 1)]), () => true));
    assert.ok(error instanceof ScanError);
    assert.equal(error.step, 'layers');
    assert.match(error.message, /^layer 2\/2 \(sha256:[a-f0-9]{64}\) of app:1 could not be read: the tar archive inside is corrupt or truncated \(Invalid tar header/);
  });

  it('a tar cut off in the middle of a file fails', async () => {
    const tar = tarArchive(entries).subarray(0, 4096);
    const error = await rejection(readImageFiles(imageOf([layerOf(tar, 0, MediaTypes.ociLayer)]), () => true));
    assert.ok(error instanceof ScanError);
    assert.match(error.message, /the tar archive inside is corrupt or truncated \(Unexpected end of data\)/);
  });

  it('a truncated zstd layer fails as zstd', async () => {
    const zstd = zstdRawFrame(tarArchive(entries));
    const error = await rejection(readImageFiles(imageOf([layerOf(zstd.subarray(0, 5000), 0, MediaTypes.ociLayerZstd)]), () => true));
    assert.ok(error instanceof ScanError);
    assert.match(error.message, /could not be read: its zstd data is corrupt or truncated/);
  });

  it('xz or bzip2 layers are refused by name', async () => {
    const xz = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.alloc(100)]);
    const error = await rejection(readImageFiles(imageOf([layerOf(xz)]), () => true));
    assert.ok(error instanceof ScanError);
    assert.match(error.message, /could not be read: it is xz-compressed, which container image layers do not use; Shipshape reads gzip, zstd and uncompressed layers\.$/);
  });

  it('an error the source raises while streaming (a digest mismatch) passes through unchanged', async () => {
    const mismatch = new ScanError('layers', 'app:1', 'layer 1/1 does not match its digest');
    const layer = layerOf(good, 0, MediaTypes.ociLayerGzip, async () =>
      new Readable({
        read() {
          this.push(good.subarray(0, 100));
          this.destroy(mismatch);
        },
      }),
    );
    assert.equal(await rejection(readImageFiles(imageOf([layer]), () => true)), mismatch);
  });

  it('a layer that cannot be opened fails naming it', async () => {
    const layer = layerOf(good, 0, MediaTypes.ociLayerGzip, async () => {
      throw new Error('connection reset');
    });
    const error = await rejection(readImageFiles(imageOf([layer]), () => true));
    assert.ok(error instanceof ScanError);
    assert.match(error.message, /^layer 1\/1 \(sha256:[a-f0-9]{64}\) of app:1 could not be read: connection reset\./);
  });
});

describe('layer reader: decompression-bomb limits', () => {
  it('stops a layer that unpacks past maxLayerUncompressedBytes', async () => {
    const bomb = buildLayer([{ path: 'zeros', content: Buffer.alloc(4 * 1024 * 1024) }], 'gzip').blob.bytes;
    assert.ok(bomb.length < 20_000, 'the layer itself is small');
    const error = await rejection(
      readImageFiles(imageOf([layerOf(bomb)], 'bomb:1'), () => false, { limits: { maxLayerUncompressedBytes: 1024 * 1024 } }),
    );
    assert.ok(error instanceof ScanError);
    assert.equal(error.step, 'layers');
    assert.equal(error.image, 'bomb:1');
    assert.equal(
      error.message,
      `layer 1/1 (${sha256Digest(bomb)}) of bomb:1 unpacks to more than 1 MiB; reading stopped because it looks like a decompression bomb, ` +
        'so the image is treated as unverified.',
    );
  });

  it('stops a layer whose compression ratio passes maxCompressionRatio once past the floor', async () => {
    const bomb = buildLayer([{ path: 'zeros', content: Buffer.alloc(4 * 1024 * 1024) }], 'gzip').blob.bytes;
    const limits = { compressionRatioFloorBytes: 1024 * 1024, maxCompressionRatio: 50 };
    const error = await rejection(readImageFiles(imageOf([layerOf(bomb)], 'bomb:1'), () => false, { limits }));
    assert.ok(error instanceof ScanError);
    assert.match(error.message, /unpacked to [\d.]+ MiB from [\d.]+ KiB, more than 50 times its stored size; reading stopped because it looks like a decompression bomb/);
    const ordinary = buildLayer([{ path: 'text', content: randomBytes(32 * 1024).toString('hex') }], 'gzip').blob.bytes;
    await readImageFiles(imageOf([layerOf(ordinary)]), () => false, { limits: { compressionRatioFloorBytes: 1024, maxCompressionRatio: 50 } }).catch((e: unknown) => {
      assert.fail(`a layer under the ratio is read: ${String(e)}`);
    });
  });

  it('stops when the layers together pass maxImageUncompressedBytes, though each is under the layer limit', async () => {
    const layer = buildLayer([{ path: 'zeros', content: Buffer.alloc(600 * 1024) }], 'gzip').blob.bytes;
    const layers = [0, 1, 2].map((index) => layerOf(layer, index));
    const limits = { maxLayerUncompressedBytes: 1024 * 1024, maxImageUncompressedBytes: 1536 * 1024 };
    const error = await rejection(readImageFiles(imageOf(layers, 'many:1'), () => false, { limits }));
    assert.ok(error instanceof ScanError);
    assert.match(error.message, /^the layers up to layer 3\/3 .* of many:1 unpack to more than 1\.5 MiB together; reading stopped/);
  });

  it('stops a layer with more entries than maxEntriesPerLayer', async () => {
    const many = buildLayer(Array.from({ length: 50 }, (_, i) => ({ path: `f${i}`, content: '' })), 'gzip').blob.bytes;
    const error = await rejection(readImageFiles(imageOf([layerOf(many)]), () => false, { limits: { maxEntriesPerLayer: 10 } }));
    assert.ok(error instanceof ScanError);
    assert.equal(
      error.message,
      `layer 1/1 (${sha256Digest(many)}) of app:1 has more than 10 entries; reading stopped because a layer this large is likely a ` +
        'decompression bomb. If you trust the image, raise the entry limit.',
    );
  });

  it('a layer exactly at the limits is read', async () => {
    const tar = tarArchive([{ path: 'a', content: 'x' }, { path: 'b', content: 'y' }]);
    const files = await readImageFiles(imageOf([layerOf(tar, 0, MediaTypes.ociLayer)]), () => true, {
      limits: { maxLayerUncompressedBytes: tar.length, maxEntriesPerLayer: 2 },
    });
    assert.equal(files.files.size, 2);
  });
});

describe('layer reader: progress and cancellation', () => {
  it('reports layers and stored bytes done out of the totals', async () => {
    const image = inMemoryImage(buildImage({ layers: [[{ path: 'a', content: 'a' }], [{ path: 'b', content: 'b' }]] }));
    const [first, second] = image.layers.map((layer) => layer.size);
    const events: ScanProgress[] = [];
    await readImageFiles(image, () => false, { onProgress: (progress) => events.push(progress) });
    const total = (first ?? 0) + (second ?? 0);
    assert.deepEqual(events, [
      { step: 'layers', detail: 'layer 1/2', layersDone: 0, layersTotal: 2, bytesDone: 0, bytesTotal: total },
      { step: 'layers', detail: 'layer 2/2', layersDone: 1, layersTotal: 2, bytesDone: first, bytesTotal: total },
      { step: 'layers', detail: '2 layers read', layersDone: 2, layersTotal: 2, bytesDone: total, bytesTotal: total },
    ]);
  });

  it('reports progress within a large layer, and no byte total when a size is unknown', async () => {
    const big = buildLayer([{ path: 'noise', content: Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 7919) % 251)) }], 'none').blob;
    const chunks = Array.from({ length: Math.ceil(big.bytes.length / 65536) }, (_, i) => big.bytes.subarray(i * 65536, (i + 1) * 65536));
    const layer = { ...layerOf(big.bytes, 0, big.mediaType, async () => Readable.from(chunks)), size: -1 };
    const events: ScanProgress[] = [];
    await readImageFiles(imageOf([layer]), () => false, { onProgress: (progress) => events.push(progress) });
    assert.ok(events.length >= 4, `expected progress inside the layer, got ${events.length} events`);
    assert.ok(events.every((event) => event.bytesTotal === undefined));
    assert.equal(events.at(-1)?.bytesDone, big.bytes.length);
  });

  it('an aborted signal stops before any layer is opened', async () => {
    let opened = 0;
    const layer = layerOf(tarArchive([]), 0, MediaTypes.ociLayer, async () => {
      opened += 1;
      return Readable.from([tarArchive([])]);
    });
    const controller = new AbortController();
    controller.abort();
    const error = await rejection(readImageFiles(imageOf([layer]), () => false, { signal: controller.signal }));
    assert.equal(error.name, 'AbortError');
    assert.equal(opened, 0);
  });

  it('aborting while a layer streams destroys its stream and rejects with an AbortError', async () => {
    const controller = new AbortController();
    const tar = tarArchive([{ path: 'big', content: Buffer.alloc(1024 * 1024) }]);
    let source: Readable | undefined;
    let sent = 0;
    const layer = layerOf(tar, 0, MediaTypes.ociLayer, async () => {
      source = new Readable({
        read() {
          if (sent >= tar.length) {
            this.push(null);
            return;
          }
          const chunk = tar.subarray(sent, sent + 16 * 1024);
          sent += chunk.length;
          if (sent > 64 * 1024) controller.abort();
          setTimeout(() => this.push(chunk), 1);
        },
      });
      return source;
    });
    const error = await rejection(readImageFiles(imageOf([layer, layerOf(tar, 1, MediaTypes.ociLayer)]), () => true, { signal: controller.signal }));
    assert.equal(error.name, 'AbortError');
    assert.ok(source?.destroyed, 'the layer stream was destroyed');
    assert.ok(sent < tar.length, 'the layer was not read to its end');
  });

  it('takes layers in index order whatever order the image lists them', async () => {
    const lower = layerOf(buildLayer([{ path: 'f', content: 'lower' }]).blob.bytes, 0);
    const upper = layerOf(buildLayer([{ path: 'f', content: 'upper' }]).blob.bytes, 1);
    const files = await readImageFiles(imageOf([upper, lower]), () => true);
    assert.equal(files.files.get('f')?.content?.toString(), 'upper');
    assert.equal(files.files.get('f')?.layerIndex, 1);
  });
});

describe('test-image helpers', () => {
  it('buildLayer reports the uncompressed tar digest as the diff id', () => {
    const { blob: layer, diffId } = buildLayer([{ path: 'a', content: 'a' }], 'gzip');
    assert.equal(diffId, sha256Digest(tarArchive([{ path: 'a', content: 'a' }])));
    assert.notEqual(layer.digest, diffId);
    assert.equal(layer.mediaType, MediaTypes.ociLayerGzip);
    assert.equal(blob(layer.mediaType, layer.bytes).digest, layer.digest);
  });
});
