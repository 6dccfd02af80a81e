// A `docker save` tarball. Docker 25+ writes an OCI layout inside it (index.json, blobs/sha256/…),
// whose digests are verified; older Docker (and `podman save`, `skopeo copy docker-archive:`) writes only
// manifest.json with `<id>/layer.tar` members, which are checked against the config's diff_ids.
import { open, stat } from 'node:fs/promises';
import { describeError } from '../../host/file-system';
import { digestLike, isSupportedDigest } from '../content-digest';
import { configPlatform, parseImageConfig } from '../image-config';
import { isRecord } from '../json-value';
import { MediaType } from '../media-types';
import { formatPlatform, platformMatches } from '../platform';
import { ScanError, type Platform, type ResolvedImage } from '../types';
import { ArchiveBlobStore } from './blob-store';
import { checkDiffIds, parseJson, resolveOciIndex, sameImageName } from './oci-image';
import { TarIndex, TarIndexError, type TarMember } from './tar-index';
import { verifiedLayer } from './verified-layer';

export interface DockerArchiveOptions {
  platform?: Platform;
  /** Which image to scan when the archive holds several: one of its tags ("app:1.2"). The first otherwise. */
  image?: string;
  /** How the image is named in messages and the report; the path as given by default. */
  name?: string;
  signal?: AbortSignal;
}

interface ManifestEntry {
  Config: string;
  RepoTags: string[];
  Layers: string[];
}

const MAX_JSON_BYTES = 8 * 1024 * 1024;
const BLOB_PATH = /^blobs\/(sha256|sha512)\/([a-f0-9]+)$/;

async function indexArchive(path: string, name: string, signal: AbortSignal | undefined): Promise<TarIndex> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new ScanError('resolve', name, `the image archive ${path} could not be opened: ${describeError(error)}.`);
  }
  if (info.isDirectory()) {
    throw new ScanError('resolve', name, `${path} is a folder, not a docker save tarball; scan an OCI layout folder as an OCI layout instead.`);
  }
  try {
    return await TarIndex.read(path, signal);
  } catch (error) {
    if (signal?.aborted) throw error;
    if (error instanceof TarIndexError && error.notTar) {
      throw new ScanError('resolve', name, `${path} is not a tar archive (${error.message})${await compressionHint(path)}`);
    }
    throw new ScanError('resolve', name, `${path} could not be read as a tar archive: ${error instanceof TarIndexError ? error.message : describeError(error)}.`);
  }
}

async function compressionHint(path: string): Promise<string> {
  const head = Buffer.alloc(4);
  const handle = await open(path, 'r');
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return '. It is gzip-compressed: decompress it first (gunzip), then scan the .tar.';
  if (head.readUInt32LE(0) === 0xfd2fb528) return '. It is zstd-compressed: decompress it first (zstd -d), then scan the .tar.';
  return '. Create one with docker save -o image.tar IMAGE.';
}

async function readJsonMember(archive: TarIndex, member: TarMember, what: string, step: 'manifest' | 'config', name: string): Promise<{ bytes: Buffer; json: unknown }> {
  if (member.size > MAX_JSON_BYTES) throw new ScanError(step, name, `${what} is ${member.size} bytes, too large to be a ${step}.`);
  const bytes = await archive.readFile(member);
  return { bytes, json: parseJson(bytes, what, step, name) };
}

function manifestEntries(json: unknown, path: string, name: string): ManifestEntry[] {
  const valid =
    Array.isArray(json) &&
    json.length > 0 &&
    json.every(
      (entry) =>
        isRecord(entry) &&
        typeof entry.Config === 'string' &&
        Array.isArray(entry.Layers) &&
        entry.Layers.every((layer) => typeof layer === 'string') &&
        (entry.RepoTags === undefined || entry.RepoTags === null || (Array.isArray(entry.RepoTags) && entry.RepoTags.every((tag) => typeof tag === 'string'))),
    );
  if (!valid) throw new ScanError('manifest', name, `manifest.json of ${path} does not list images the way docker save writes them.`);
  return (json as Array<Record<string, unknown>>).map((entry) => ({
    Config: entry.Config as string,
    RepoTags: (entry.RepoTags as string[] | null | undefined) ?? [],
    Layers: entry.Layers as string[],
  }));
}

function chooseEntry(entries: ManifestEntry[], wanted: string | undefined, path: string, name: string): ManifestEntry {
  const [first] = entries;
  if (wanted === undefined && first) return first;
  const found = entries.find((entry) => entry.RepoTags.some((tag) => tag === wanted || sameImageName(tag, wanted ?? '')));
  if (found) return found;
  const tags = entries.flatMap((entry) => entry.RepoTags);
  throw new ScanError('manifest', name, `${path} holds no image tagged "${wanted}"; it has ${tags.length > 0 ? tags.map((t) => `"${t}"`).join(', ') : 'only untagged images'}.`);
}

/** The digest a member's name records: `blobs/sha256/<hex>` (Docker 25+) or `<hex>.json` (legacy config). */
function digestFromPath(path: string): string | undefined {
  const blob = BLOB_PATH.exec(path);
  if (blob) return `${blob[1]}:${blob[2]}`;
  const legacyConfig = /^([a-f0-9]{64})\.json$/.exec(path);
  return legacyConfig ? `sha256:${legacyConfig[1]}` : undefined;
}

async function fromManifestJson(archive: TarIndex, path: string, options: DockerArchiveOptions, name: string): Promise<ResolvedImage> {
  const manifestMember = archive.file('manifest.json');
  if (!manifestMember) {
    throw new ScanError('manifest', name, `${path} has neither index.json nor manifest.json, so it is not a docker save archive. Create one with docker save -o image.tar IMAGE.`);
  }
  const { json } = await readJsonMember(archive, manifestMember, `manifest.json of ${path}`, 'manifest', name);
  const entry = chooseEntry(manifestEntries(json, path, name), options.image, path, name);

  const configMember = archive.file(entry.Config);
  if (!configMember) throw new ScanError('config', name, `manifest.json of ${path} names the config ${entry.Config}, which is not in the archive.`);
  const { bytes: configBytes, json: configJson } = await readJsonMember(archive, configMember, `config ${entry.Config}`, 'config', name);
  const config = parseImageConfig(configJson);
  if (!config) throw new ScanError('config', name, `config ${entry.Config} of ${path} is not a JSON object.`);
  const recordedConfigDigest = digestFromPath(entry.Config);
  if (recordedConfigDigest && isSupportedDigest(recordedConfigDigest)) {
    const actual = digestLike(recordedConfigDigest, configBytes);
    if (actual !== recordedConfigDigest) {
      throw new ScanError('config', name, `config ${entry.Config} of ${path} does not match its digest (its bytes hash to ${actual}): the archive is damaged or was changed; export the image again.`);
    }
  }
  checkDiffIds(config, entry.Layers.length, name);

  const platform = configPlatform(config) ?? { os: 'unknown', architecture: 'unknown' };
  if (options.platform && !platformMatches(options.platform, platform)) {
    throw new ScanError('manifest', name, `${path} holds a ${formatPlatform(platform)} image, not ${formatPlatform(options.platform)}. Save the image for that platform, or scan it for ${formatPlatform(platform)}.`);
  }

  const total = entry.Layers.length;
  const layers = entry.Layers.map((layerPath, index) => {
    const member = archive.file(layerPath);
    if (!member) throw new ScanError('layers', name, `manifest.json of ${path} names layer ${index + 1}/${total} ${layerPath}, which is not in the archive.`);
    // Legacy layer.tar members are the uncompressed layers, so their digest is the config's diff_id.
    const digest = digestFromPath(layerPath) ?? config.rootfs?.diff_ids[index] ?? '';
    if (!isSupportedDigest(digest)) throw new ScanError('layers', name, `layer ${index + 1}/${total} ${layerPath} has no digest Shipshape can verify (${digest || 'none'}).`);
    return verifiedLayer({
      index,
      total,
      digest,
      mediaType: MediaType.dockerLayerTar,
      size: member.size,
      imageName: name,
      location: path,
      openRaw: async () => archive.openFile(member),
    });
  });
  return {
    name,
    platform,
    config,
    ...(recordedConfigDigest ? { configDigest: recordedConfigDigest } : {}),
    layers,
  };
}

export async function openDockerArchive(path: string, options: DockerArchiveOptions = {}): Promise<ResolvedImage> {
  const name = options.name ?? path;
  options.signal?.throwIfAborted();
  const archive = await indexArchive(path, name, options.signal);
  const indexMember = archive.file('index.json');
  if (indexMember && archive.file('oci-layout')) {
    const { json } = await readJsonMember(archive, indexMember, `index.json of ${path}`, 'manifest', name);
    return resolveOciIndex(new ArchiveBlobStore(archive, path), json, `index.json of ${path}`, {
      name,
      ...(options.platform ? { platform: options.platform } : {}),
      ...(options.image !== undefined ? { reference: options.image } : {}),
    });
  }
  return fromManifestJson(archive, path, options, name);
}
