// Images built to hurt a scanner, for the hostile-registry tests and the scan benchmarks: indexes that nest
// and repeat themselves so a naive walk multiplies, gzip bombs that are small on disk and huge unpacked,
// and layouts whose blobs are symlinks out of the folder. Everything is a real OCI layout, `docker save`
// archive or layer that the scanner's ordinary sources read.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { blob, MediaTypes, type TestBlob } from './test-blob';
import { tarArchive, type LayerEntry, type TestImage } from './test-image';

function hex(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

function descriptor(item: TestBlob): { mediaType: string; digest: string; size: number } {
  return { mediaType: item.mediaType, digest: item.digest, size: item.bytes.length };
}

export interface NestedIndexes {
  /** The top index's manifests, for index.json. */
  top: object[];
  /** Every nested index, deepest first. */
  indexes: TestBlob[];
}

/**
 * `depth` indexes nested in each other, each listing the next one `fanOut` times, the deepest listing the
 * image: a few kilobytes that a walk without memory reads fanOut + fanOut² + … + fanOut^depth times.
 */
export function nestedIndexes(image: TestImage, fanOut: number, depth: number): NestedIndexes {
  let listed: object[] = [{ ...descriptor(image.manifest), platform: image.platform }];
  const indexes: TestBlob[] = [];
  for (let level = 0; level < depth; level++) {
    const index = blob(MediaTypes.ociIndex, { schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: listed });
    indexes.push(index);
    listed = Array.from({ length: fanOut }, () => descriptor(index));
  }
  return { top: listed, indexes };
}

/** An OCI layout whose index.json starts the nesting of nestedIndexes; returns the bytes of JSON written. */
export function writeNestedIndexLayout(dir: string, image: TestImage, fanOut: number, depth: number): number {
  const { top, indexes } = nestedIndexes(image, fanOut, depth);
  const blobsDir = join(dir, 'blobs', 'sha256');
  mkdirSync(blobsDir, { recursive: true });
  for (const item of [...image.blobs, ...indexes]) writeFileSync(join(blobsDir, hex(item.digest)), item.bytes);
  const indexJson = JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: top });
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), indexJson);
  return indexJson.length + indexes.reduce((sum, index) => sum + index.bytes.length, 0);
}

/** The same nesting as a Docker 25+ `docker save` archive (an OCI layout in a tar). */
export function writeNestedIndexArchive(file: string, image: TestImage, fanOut: number, depth: number): void {
  const { top, indexes } = nestedIndexes(image, fanOut, depth);
  const entries: LayerEntry[] = [
    { path: 'blobs', type: 'directory' },
    { path: 'blobs/sha256', type: 'directory' },
    ...[...image.blobs, ...indexes].map((item) => ({ path: `blobs/sha256/${hex(item.digest)}`, content: item.bytes })),
    { path: 'oci-layout', content: JSON.stringify({ imageLayoutVersion: '1.0.0' }) },
    { path: 'index.json', content: JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: top }) },
  ];
  writeFileSync(file, tarArchive(entries));
}

const MIB = 1024 * 1024;

/**
 * A gzip layer holding one file of `mebibytes` MiB of zeros, written as one gzip member per MiB (a valid
 * multi-member gzip stream, which gunzip reads as one), so it costs little to build: about 1 KiB per MiB.
 */
export function gzipBombLayer(mebibytes: number): TestBlob {
  const tar = tarArchive([{ path: 'zeros', content: Buffer.alloc(0) }]);
  // A ustar header for one regular file of the full size, then the zeros, then the two end blocks.
  const header = Buffer.from(tar.subarray(0, 512));
  header.write(`${(mebibytes * MIB).toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  header.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  const zerosMember = gzipSync(Buffer.alloc(MIB));
  const parts = [gzipSync(header), ...Array.from({ length: mebibytes }, () => zerosMember), gzipSync(Buffer.alloc(1024))];
  return blob(MediaTypes.ociLayerGzip, Buffer.concat(parts));
}

/** An OCI image around ready-made layer blobs (a bomb, say), whose diff_ids are not computed: the scanner
 * checks their number, and unpacking a bomb to hash it is what the tests must not do. */
export function imageOfLayers(layers: TestBlob[]): TestImage {
  const platform = { os: 'linux', architecture: 'amd64' };
  const diffIds = layers.map((layer) => `sha256:${hex(layer.digest).split('').reverse().join('')}`);
  const config = blob(MediaTypes.ociConfig, { architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: diffIds } });
  const manifest = blob(MediaTypes.ociManifest, { schemaVersion: 2, mediaType: MediaTypes.ociManifest, config: descriptor(config), layers: layers.map(descriptor) });
  return { manifest, config, layers, blobs: [manifest, config, ...layers], platform, diffIds };
}
