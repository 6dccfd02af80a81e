// Real container images for the image-scan tests, built in memory: layer tarballs (gzip, zstd or plain),
// image configs, manifests, indexes, and the two on-disk forms the scan reads locally (a `docker save`
// tarball and an OCI image layout).
//
// Everything here is synchronous so a test can build an image inline. That is why the tar writer below
// is our own rather than tar-stream's `pack()`, which only produces its bytes asynchronously; it writes
// plain ustar headers, with a PAX record for names and link targets that ustar cannot hold, which is
// what Docker and BuildKit write too. Timestamps are fixed so the same entries always give the same
// digests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { decompress as zstdDecompress } from 'fzstd';
import type { ImageConfig, LayerBlob, Platform, ResolvedImage } from '../../server/src/scan/types';
import { blob, MediaTypes, sha256Digest, type TestBlob } from './test-blob';

export interface LayerEntry {
  /** The name exactly as written into the tar header ("etc/passwd", "./etc/passwd", "a/../../b"). */
  path: string;
  content?: string | Buffer;
  type?: 'file' | 'directory' | 'symlink' | 'hardlink';
  mode?: number;
  uid?: number;
  gid?: number;
  linkname?: string;
}

export type LayerCompression = 'gzip' | 'zstd' | 'none';
export type MediaTypeFamily = 'oci' | 'docker';

export interface TestImage {
  manifest: TestBlob;
  config: TestBlob;
  layers: TestBlob[];
  /** Manifest, config and layers: every blob a registry or layout must hold for this image. */
  blobs: TestBlob[];
  platform: Platform;
  /** The uncompressed layer tars' digests, as in the config's rootfs.diff_ids. */
  diffIds: string[];
}

export const DOCKER_LAYER_TAR = 'application/vnd.docker.image.rootfs.diff.tar';
const FIXED_MTIME = Date.UTC(2024, 0, 1) / 1000;
const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function paxRecord(key: string, value: string): string {
  // The record's length counts its own digits, so settle it by trying the length it would have.
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length += 1;
  return `${length}${body}`;
}

const TYPE_FLAGS = { file: '0', hardlink: '1', symlink: '2', directory: '5', pax: 'x' } as const;

function header(name: string, size: number, flag: string, entry: Partial<LayerEntry>, linkname = ''): Buffer {
  const buf = Buffer.alloc(BLOCK);
  buf.write(name, 0, 100, 'utf8');
  buf.write(octal(entry.mode ?? 0o644, 8), 100, 'ascii');
  buf.write(octal(entry.uid ?? 0, 8), 108, 'ascii');
  buf.write(octal(entry.gid ?? 0, 8), 116, 'ascii');
  buf.write(octal(size, 12), 124, 'ascii');
  buf.write(octal(FIXED_MTIME, 12), 136, 'ascii');
  buf.write(flag, 156, 'ascii');
  buf.write(linkname, 157, 100, 'utf8');
  buf.write('ustar\0' + '00', 257, 'ascii');
  buf.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of buf) sum += byte;
  buf.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return buf;
}

function padded(data: Buffer): Buffer[] {
  const rest = data.length % BLOCK;
  return rest === 0 ? [data] : [data, Buffer.alloc(BLOCK - rest)];
}

/** An uncompressed tar of the entries, in order, ending with the two zero blocks. */
export function tarArchive(entries: LayerEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const content = type === 'file' ? Buffer.from(entry.content ?? '') : Buffer.alloc(0);
    const name = type === 'directory' && !entry.path.endsWith('/') ? `${entry.path}/` : entry.path;
    const linkname = entry.linkname ?? '';
    const fits = (text: string) => Buffer.byteLength(text) <= 100 && /^[\x20-\x7e]*$/.test(text);
    if (!fits(name) || !fits(linkname)) {
      const records = paxRecord('path', name) + (linkname ? paxRecord('linkpath', linkname) : '');
      const pax = Buffer.from(records);
      parts.push(header('PaxHeaders/entry', pax.length, TYPE_FLAGS.pax, {}), ...padded(pax));
    }
    const mode = entry.mode ?? (type === 'directory' ? 0o755 : type === 'symlink' ? 0o777 : 0o644);
    parts.push(header(name.slice(0, 100), content.length, TYPE_FLAGS[type], { ...entry, mode }, linkname.slice(0, 100)));
    if (content.length > 0) parts.push(...padded(content));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

const ZSTD_MAX_BLOCK = 128 * 1024;

/**
 * A valid zstd frame that stores the bytes in "raw" (uncompressed) blocks. Node 20's zlib has no zstd and
 * fzstd only decompresses, so this is how the tests make zstd layers; real compressed zstd data is covered
 * by a fixture made with the zstd tool (see the layer tests). Frame header: single segment, 8-byte content
 * size, no checksum; each block header is 3 bytes little-endian: last-block bit, type 0 (raw), size << 3.
 */
export function zstdRawFrame(data: Buffer): Buffer {
  const frameHeader: Buffer = Buffer.alloc(13);
  frameHeader.writeUInt32LE(0xfd2fb528, 0);
  frameHeader[4] = 0xe0;
  frameHeader.writeBigUInt64LE(BigInt(data.length), 5);
  const parts: Buffer[] = [frameHeader];
  let offset = 0;
  do {
    const size = Math.min(ZSTD_MAX_BLOCK, data.length - offset);
    const last = offset + size >= data.length ? 1 : 0;
    const blockHeader = Buffer.alloc(3);
    blockHeader.writeUIntLE((size << 3) | last, 0, 3);
    parts.push(blockHeader, data.subarray(offset, offset + size));
    offset += size;
  } while (offset < data.length);
  return Buffer.concat(parts);
}

function layerMediaType(compression: LayerCompression, family: MediaTypeFamily): string {
  if (compression === 'zstd') return MediaTypes.ociLayerZstd;
  if (family === 'docker') return compression === 'gzip' ? MediaTypes.dockerLayerGzip : DOCKER_LAYER_TAR;
  return compression === 'gzip' ? MediaTypes.ociLayerGzip : MediaTypes.ociLayer;
}

export function buildLayer(
  entries: LayerEntry[],
  compression: LayerCompression = 'gzip',
  mediaTypes: MediaTypeFamily = 'oci',
): { blob: TestBlob; diffId: string } {
  const tar = tarArchive(entries);
  const stored: Buffer = compression === 'gzip' ? gzipSync(tar) : compression === 'zstd' ? zstdRawFrame(tar) : tar;
  return { blob: blob(layerMediaType(compression, mediaTypes), stored), diffId: sha256Digest(tar) };
}

export interface BuildImageOptions {
  layers: LayerEntry[][];
  /** Merged over the generated config (architecture, os, created, rootfs, one history entry per layer). */
  config?: Partial<ImageConfig>;
  platform?: Platform;
  compression?: LayerCompression;
  mediaTypes?: MediaTypeFamily;
}

function descriptor(item: TestBlob) {
  return { mediaType: item.mediaType, digest: item.digest, size: item.bytes.length };
}

export function buildImage(options: BuildImageOptions): TestImage {
  const platform = options.platform ?? { os: 'linux', architecture: 'amd64' };
  const family = options.mediaTypes ?? 'oci';
  const built = options.layers.map((entries) => buildLayer(entries, options.compression ?? 'gzip', family));
  const diffIds = built.map((layer) => layer.diffId);
  const generated: ImageConfig = {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    created: '2024-01-01T00:00:00Z',
    config: { Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] },
    rootfs: { type: 'layers', diff_ids: diffIds },
    history: built.map((_, index) => ({ created: '2024-01-01T00:00:00Z', created_by: `layer ${index}` })),
  };
  const config = blob(family === 'oci' ? MediaTypes.ociConfig : MediaTypes.dockerConfig, { ...generated, ...options.config });
  const layers = built.map((layer) => layer.blob);
  const manifestType = family === 'oci' ? MediaTypes.ociManifest : MediaTypes.dockerManifest;
  const manifest = blob(manifestType, {
    schemaVersion: 2,
    mediaType: manifestType,
    config: descriptor(config),
    layers: layers.map(descriptor),
  });
  return { manifest, config, layers, blobs: [manifest, config, ...layers], platform, diffIds };
}

export interface TestIndex {
  index: TestBlob;
  /** The images' blobs and the attestation manifests: all a registry or layout holds besides the index. */
  blobs: TestBlob[];
}

export interface BuildIndexOptions {
  mediaTypes?: MediaTypeFamily;
  /** Adds, after the images, a BuildKit provenance attestation for each, listed as `unknown/unknown`. */
  attestations?: boolean;
}

/** A multi-platform index (OCI) or manifest list (Docker) over the images, each with its platform. */
export function buildIndex(images: TestImage[], options: BuildIndexOptions = {}): TestIndex {
  const indexType = options.mediaTypes === 'docker' ? MediaTypes.dockerManifestList : MediaTypes.ociIndex;
  const manifests: object[] = images.map((image) => ({ ...descriptor(image.manifest), platform: image.platform }));
  const blobs = images.flatMap((image) => image.blobs);
  if (options.attestations) {
    for (const image of images) {
      const attestation = blob(MediaTypes.ociManifest, { schemaVersion: 2, mediaType: MediaTypes.ociManifest, config: descriptor(image.config), layers: [] });
      blobs.push(attestation);
      manifests.push({
        ...descriptor(attestation),
        platform: { os: 'unknown', architecture: 'unknown' },
        annotations: { 'vnd.docker.reference.type': 'attestation-manifest', 'vnd.docker.reference.digest': image.manifest.digest },
      });
    }
  }
  return { index: blob(indexType, { schemaVersion: 2, mediaType: indexType, manifests }), blobs };
}

/** The image as a source would hand it to the layer reader, its layers streamed from memory. */
export function inMemoryImage(image: TestImage, name = 'test-image:1'): ResolvedImage {
  const layers: LayerBlob[] = image.layers.map((layer, index) => ({
    index,
    digest: layer.digest,
    mediaType: layer.mediaType,
    size: layer.bytes.length,
    open: async () => Readable.from([layer.bytes]),
  }));
  return {
    name,
    manifestDigest: image.manifest.digest,
    platform: image.platform,
    config: JSON.parse(image.config.bytes.toString('utf8')) as ImageConfig,
    configDigest: image.config.digest,
    layers,
  };
}

function hex(digest: string): string {
  return digest.slice(digest.indexOf(':') + 1);
}

function uncompressed(bytes: Buffer): Buffer {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipSync(bytes);
  if (bytes.readUInt32LE(0) === 0xfd2fb528) return Buffer.from(zstdDecompress(bytes));
  return bytes;
}

/** `docker.io/library/x:tag` for a RepoTag written `x:tag`, as Docker 25+ annotates its index.json. */
function fullImageName(repoTag: string): string {
  const firstSlash = repoTag.indexOf('/');
  const first = firstSlash === -1 ? '' : repoTag.slice(0, firstSlash);
  if (first.includes('.') || first.includes(':') || first === 'localhost') return repoTag;
  return firstSlash === -1 ? `docker.io/library/${repoTag}` : `docker.io/${repoTag}`;
}

function tagOf(repoTag: string): string {
  const colon = repoTag.lastIndexOf(':');
  return colon > repoTag.lastIndexOf('/') ? repoTag.slice(colon + 1) : 'latest';
}

function repositoriesFile(images: Array<{ repoTags: string[] }>, topLayerIds: string[]): Buffer {
  const repositories: Record<string, Record<string, string>> = {};
  images.forEach((item, index) => {
    for (const repoTag of item.repoTags) {
      const tag = tagOf(repoTag);
      const repository = repoTag.slice(0, repoTag.length - tag.length - 1);
      const top = topLayerIds[index];
      if (top) (repositories[repository] ??= {})[tag] = top;
    }
  });
  return Buffer.from(JSON.stringify(repositories));
}

/**
 * Writes what `docker save` writes. 'legacy' is the layout of Docker up to 24: `manifest.json`,
 * `<config hex>.json`, and per layer `<id>/layer.tar` (uncompressed, as Docker stores it) with its
 * `VERSION` and `json`. 'oci' is Docker 25+: an OCI image layout (`oci-layout`, `index.json` with
 * `io.containerd.image.name` and `org.opencontainers.image.ref.name` annotations, `blobs/sha256/…` holding
 * the image's blobs as built) plus the same `manifest.json` pointing into `blobs/`.
 */
export function writeDockerArchive(
  images: Array<{ image: TestImage; repoTags: string[] }>,
  file: string,
  layout: 'legacy' | 'oci' = 'legacy',
): void {
  const entries: LayerEntry[] = [];
  const written = new Set<string>();
  const add = (path: string, content: Buffer | string) => {
    if (written.has(path)) return;
    written.add(path);
    entries.push({ path, content });
  };
  const manifest: Array<Record<string, unknown>> = [];
  const topLayerIds: string[] = [];

  if (layout === 'legacy') {
    for (const { image, repoTags } of images) {
      const layerPaths: string[] = [];
      let parent = '';
      image.layers.forEach((layer, index) => {
        const id = hex(sha256Digest(Buffer.from(`${parent}\n${image.diffIds[index] ?? layer.digest}`)));
        if (!written.has(`${id}/`)) {
          written.add(`${id}/`);
          entries.push({ path: id, type: 'directory' });
        }
        add(`${id}/VERSION`, '1.0');
        add(`${id}/json`, JSON.stringify(parent ? { id, parent } : { id }));
        add(`${id}/layer.tar`, uncompressed(layer.bytes));
        layerPaths.push(`${id}/layer.tar`);
        parent = id;
      });
      topLayerIds.push(parent);
      add(`${hex(image.config.digest)}.json`, image.config.bytes);
      manifest.push({ Config: `${hex(image.config.digest)}.json`, RepoTags: repoTags, Layers: layerPaths });
    }
  } else {
    const indexManifests: Array<Record<string, unknown>> = [];
    entries.push({ path: 'blobs', type: 'directory' }, { path: 'blobs/sha256', type: 'directory' });
    for (const { image, repoTags } of images) {
      for (const item of image.blobs) add(`blobs/sha256/${hex(item.digest)}`, item.bytes);
      topLayerIds.push(hex(image.layers.at(-1)?.digest ?? image.config.digest));
      manifest.push({
        Config: `blobs/sha256/${hex(image.config.digest)}`,
        RepoTags: repoTags,
        Layers: image.layers.map((layer) => `blobs/sha256/${hex(layer.digest)}`),
        LayerSources: Object.fromEntries(image.layers.map((layer) => [layer.digest, descriptor(layer)])),
      });
      const tags = repoTags.length > 0 ? repoTags : [undefined];
      for (const repoTag of tags) {
        indexManifests.push({
          ...descriptor(image.manifest),
          ...(repoTag
            ? { annotations: { 'io.containerd.image.name': fullImageName(repoTag), 'org.opencontainers.image.ref.name': tagOf(repoTag) } }
            : {}),
        });
      }
    }
    add('oci-layout', JSON.stringify({ imageLayoutVersion: '1.0.0' }));
    add('index.json', JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests: indexManifests }));
  }
  add('manifest.json', JSON.stringify(manifest));
  add('repositories', repositoriesFile(images, topLayerIds));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, tarArchive(entries));
}

/**
 * Writes an OCI image layout: `oci-layout`, `blobs/sha256/…` and `index.json`. Without `index`, index.json
 * lists every image (with its platform, and its `org.opencontainers.image.ref.name` when given). With
 * `index` (from buildIndex), index.json lists only that nested index, as `docker buildx --output type=oci`
 * and `skopeo copy --all` write it, and its images are its children.
 */
export function writeOciLayout(dir: string, images: Array<{ image: TestImage; refName?: string }>, index?: TestIndex & { refName?: string }): void {
  const blobsDir = join(dir, 'blobs', 'sha256');
  mkdirSync(blobsDir, { recursive: true });
  const all = images.flatMap(({ image }) => image.blobs).concat(index ? [index.index, ...index.blobs] : []);
  for (const item of all) writeFileSync(join(blobsDir, hex(item.digest)), item.bytes);
  const annotate = (refName: string | undefined) =>
    refName ? { annotations: { 'org.opencontainers.image.ref.name': refName } } : {};
  const manifests = index
    ? [{ ...descriptor(index.index), ...annotate(index.refName) }]
    : images.map(({ image, refName }) => ({ ...descriptor(image.manifest), platform: image.platform, ...annotate(refName) }));
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.ociIndex, manifests }));
}
