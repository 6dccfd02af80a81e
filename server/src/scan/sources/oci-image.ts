// From an OCI index (a layout's index.json, or the one inside a Docker 25+ `docker save` archive) to
// one image: nested indexes followed, attestations skipped, a platform chosen, then its manifest and
// config read and checked against their digests and media types.
import { parseImageReference } from '../../engine/image-reference';
import { digestLike } from '../content-digest';
import { configPlatform, parseImageConfig } from '../image-config';
import { isAttestation, readManifest, type IndexManifest } from '../image-manifest';
import { CONFIG_TYPES, INDEX_TYPES, LAYER_TYPES, MANIFEST_TYPES, MediaType } from '../media-types';
import { choosePlatform, formatPlatform } from '../platform';
import { PlatformNotFoundError, ScanError, type Descriptor, type ImageConfig, type Platform, type ResolvedImage, type ScanStep } from '../types';
import { blobProblem } from '../verified-blob';
import type { BlobStore } from './blob-store';
import { verifiedLayer } from './verified-layer';

export const REF_NAME = 'org.opencontainers.image.ref.name';
export const CONTAINERD_NAME = 'io.containerd.image.name';

const MAX_JSON_BYTES = 8 * 1024 * 1024;
const MAX_INDEX_DEPTH = 4;
/** Descriptors read over all the indexes of one image; a layout of many tagged images has a few thousand. */
const MAX_INDEX_DESCRIPTORS = 10_000;

export interface OciSelection {
  /** The image as the user named it, for messages and ResolvedImage.name. */
  name: string;
  platform?: Platform;
  /** Keeps only the index.json entries whose annotations name this image. */
  reference?: string;
}

interface Candidate {
  descriptor: Descriptor;
  indexDigest?: string;
  loaded?: LoadedImage;
}

interface IndexWalk {
  unknownTypes: Set<string>;
  /** Digests already visited. */
  seen: Set<string>;
  /** Descriptors read so far, repeats included. */
  descriptors: number;
}

interface LoadedImage {
  manifestDigest: string;
  config: ImageConfig;
  configDigest: string;
  platform: Platform;
  layers: Descriptor[];
}

export function parseJson(bytes: Buffer, what: string, step: ScanStep, name: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ScanError(step, name, `${what} is not valid JSON (${(error as Error).message}).`);
  }
}

/** True when the annotations name `reference`: the ref name as written, or the full image name Docker and
 * containerd record (compared after normalising, so "nginx:1.25" matches "docker.io/library/nginx:1.25"). */
export function annotationsName(annotations: Record<string, string> | undefined, reference: string): boolean {
  if (!annotations) return false;
  if (annotations[REF_NAME] === reference || annotations[CONTAINERD_NAME] === reference) return true;
  const fullName = annotations[CONTAINERD_NAME];
  return fullName !== undefined && sameImageName(fullName, reference);
}

export function sameImageName(a: string, b: string): boolean {
  const left = parseImageReference(a);
  const right = parseImageReference(b);
  if (!left.ok || !right.ok) return false;
  const canonical = (ref: typeof left.reference) => `${ref.registry}/${ref.repository}:${ref.tag ?? 'latest'}@${ref.digest ?? ''}`;
  return canonical(left.reference) === canonical(right.reference);
}

class OciResolver {
  constructor(
    private readonly store: BlobStore,
    private readonly selection: OciSelection,
  ) {}

  private get name(): string {
    return this.selection.name;
  }

  /** A descriptor's blob as JSON. Its digest passed readManifest's check, so it can name a file. */
  private async readJsonBlob(descriptor: Descriptor, what: string, step: ScanStep): Promise<unknown> {
    const { digest } = descriptor;
    const where = this.store.location;
    const size = await this.store.sizeOf(digest);
    if (size === undefined) throw new ScanError(step, this.name, `${what} ${digest} is missing from ${where}; copy or export the image again.`);
    if (size > MAX_JSON_BYTES) throw new ScanError(step, this.name, `${what} ${digest} is ${size} bytes, too large to be a ${what}.`);
    const bytes = await this.store.read(digest);
    if (blobProblem(bytes, descriptor) !== undefined) {
      throw new ScanError(
        step,
        this.name,
        `${what} ${digest} in ${where} does not match its digest or size (its bytes hash to ${digestLike(digest, bytes)}, ${bytes.length} bytes): ` +
          'the file is damaged or was changed; copy or export the image again.',
      );
    }
    return parseJson(bytes, `${what} ${digest}`, step, this.name);
  }

  /** An index's JSON, read as the registry reads one; `what` names it in messages. */
  private readIndex(json: unknown, what: string, mediaType: string): IndexManifest {
    const index = readManifest(json, mediaType, (problem) => new ScanError('manifest', this.name, `${what} ${problem}.`));
    if (index.kind !== 'index') throw new ScanError('manifest', this.name, `${what} is not an OCI image index.`);
    return index;
  }

  async resolve(index: unknown, indexWhat: string): Promise<ResolvedImage> {
    // An image layout's index.json is an OCI image index by definition, even when it does not say so.
    let top = this.readIndex(index, indexWhat, MediaType.ociIndex).manifests;
    const { reference, platform: wanted } = this.selection;
    if (reference !== undefined) {
      const named = top.filter((descriptor) => annotationsName(descriptor.annotations, reference));
      if (named.length === 0) {
        const names = [...new Set(top.map((d) => d.annotations?.[CONTAINERD_NAME] ?? d.annotations?.[REF_NAME]).filter(Boolean))];
        throw new ScanError(
          'manifest',
          this.name,
          `${this.store.location} has no image named "${reference}"; ` +
            (names.length > 0 ? `it has ${names.map((n) => `"${n}"`).join(', ')}.` : 'none of its images has a name.'),
        );
      }
      top = named;
    }

    const walk: IndexWalk = { unknownTypes: new Set(), seen: new Set(), descriptors: 0 };
    const candidates = await this.collect(top, undefined, 0, walk);
    const { unknownTypes } = walk;
    if (candidates.length === 0) {
      const found = unknownTypes.size > 0 ? ` It holds ${[...unknownTypes].join(', ')}, which Shipshape cannot scan.` : '';
      throw new ScanError('manifest', this.name, `${indexWhat} lists no image manifest.${found}`);
    }
    const present: Candidate[] = [];
    for (const candidate of candidates) {
      if ((await this.store.sizeOf(candidate.descriptor.digest)) !== undefined) present.push(candidate);
    }
    if (present.length === 0) {
      throw new ScanError('manifest', this.name, `${this.store.location} lists image manifests but holds none of them; copy or export the image again.`);
    }
    if (wanted || present.length > 1) {
      for (const candidate of present) if (!candidate.descriptor.platform) candidate.loaded = await this.load(candidate);
    }
    const platformOf = (candidate: Candidate): Platform | undefined => candidate.descriptor.platform ?? candidate.loaded?.platform;
    const chosen = choosePlatform(present, platformOf, wanted);
    if (!chosen) {
      const offered = [...new Set(present.map((c) => platformOf(c)).filter((p) => p !== undefined).map(formatPlatform))];
      if (offered.length === 0) {
        throw new ScanError('manifest', this.name, `${this.name} has no image for ${formatPlatform(wanted ?? { os: '', architecture: '' })}; it has no platform information.`);
      }
      throw new PlatformNotFoundError(this.name, `${this.name} has no image for ${formatPlatform(wanted ?? { os: '', architecture: '' })}; it has ${offered.join(', ')}.`, offered);
    }
    const loaded = chosen.loaded ?? (await this.load(chosen));
    return this.toResolvedImage(loaded, chosen.indexDigest);
  }

  /** The image manifests the indexes list. Each digest is visited once (an index or manifest listed again
   * adds nothing), and depth and descriptor count are bounded, so indexes that list each other many times
   * over cost what their distinct contents cost, not their product. */
  private async collect(list: Descriptor[], indexDigest: string | undefined, depth: number, walk: IndexWalk): Promise<Candidate[]> {
    const found: Candidate[] = [];
    for (const descriptor of list) {
      walk.descriptors += 1;
      if (walk.descriptors > MAX_INDEX_DESCRIPTORS) {
        throw new ScanError(
          'manifest',
          this.name,
          `the indexes of ${this.store.location} list more than ${MAX_INDEX_DESCRIPTORS.toLocaleString('en-US')} descriptors; Shipshape stopped reading them. Export the one image to scan on its own.`,
        );
      }
      if (walk.seen.has(descriptor.digest)) continue;
      walk.seen.add(descriptor.digest);
      if (INDEX_TYPES.has(descriptor.mediaType)) {
        if (depth >= MAX_INDEX_DEPTH) throw new ScanError('manifest', this.name, `indexes nest more than ${MAX_INDEX_DEPTH} deep; Shipshape stopped following them.`);
        const nested = this.readIndex(await this.readJsonBlob(descriptor, 'index', 'manifest'), `index ${descriptor.digest}`, descriptor.mediaType);
        found.push(...(await this.collect(nested.manifests, descriptor.digest, depth + 1, walk)));
      } else if (MANIFEST_TYPES.has(descriptor.mediaType)) {
        if (!isAttestation(descriptor)) found.push({ descriptor, ...(indexDigest ? { indexDigest } : {}) });
      } else {
        walk.unknownTypes.add(descriptor.mediaType);
      }
    }
    return found;
  }

  private async load(candidate: Candidate): Promise<LoadedImage> {
    const { descriptor } = candidate;
    const what = `manifest ${descriptor.digest}`;
    const manifest = readManifest(await this.readJsonBlob(descriptor, 'manifest', 'manifest'), descriptor.mediaType, (problem) => new ScanError('manifest', this.name, `${what} ${problem}.`));
    if (manifest.kind !== 'image') {
      throw new ScanError('manifest', this.name, `${what} has media type ${manifest.mediaType}, which is not an image manifest Shipshape can scan.`);
    }
    const { config: configDescriptor, layers } = manifest;
    if (!CONFIG_TYPES.has(configDescriptor.mediaType)) {
      throw new ScanError(
        'config',
        this.name,
        `${this.name} is not a container image: its config has media type ${configDescriptor.mediaType} (an OCI artifact such as a Helm chart or signature).`,
      );
    }
    const config = parseImageConfig(await this.readJsonBlob(configDescriptor, 'config', 'config'));
    if (!config) throw new ScanError('config', this.name, `config ${configDescriptor.digest} is not a JSON object.`);
    for (const [position, layer] of layers.entries()) {
      if (!LAYER_TYPES.has(layer.mediaType)) {
        throw new ScanError(
          'manifest',
          this.name,
          `layer ${position + 1}/${layers.length} has media type ${layer.mediaType}, which Shipshape cannot read (it reads tar layers, uncompressed, gzip or zstd).`,
        );
      }
    }
    checkDiffIds(config, layers.length, this.name);
    return {
      manifestDigest: descriptor.digest,
      config,
      configDigest: configDescriptor.digest,
      platform: configPlatform(config) ?? descriptor.platform ?? { os: 'unknown', architecture: 'unknown' },
      layers,
    };
  }

  private async toResolvedImage(loaded: LoadedImage, indexDigest: string | undefined): Promise<ResolvedImage> {
    const total = loaded.layers.length;
    const layers = [];
    for (const [index, layer] of loaded.layers.entries()) {
      if ((await this.store.sizeOf(layer.digest)) === undefined) {
        const foreign = layer.urls?.length ? ' It is a foreign layer (downloaded from its own URL), which local sources do not fetch.' : '';
        throw new ScanError('layers', this.name, `layer ${index + 1}/${total} (${layer.digest}) is missing from ${this.store.location}.${foreign}`);
      }
      layers.push(
        verifiedLayer({
          index,
          total,
          digest: layer.digest,
          mediaType: layer.mediaType,
          size: layer.size,
          imageName: this.name,
          location: this.store.location,
          openRaw: () => this.store.open(layer.digest),
        }),
      );
    }
    return {
      name: this.name,
      manifestDigest: loaded.manifestDigest,
      ...(indexDigest ? { indexDigest } : {}),
      platform: loaded.platform,
      config: loaded.config,
      configDigest: loaded.configDigest,
      layers,
    };
  }
}

/** The config lists one diff_id per layer; an image whose counts differ is damaged. */
export function checkDiffIds(config: ImageConfig, layerCount: number, name: string): void {
  const diffIds = config.rootfs?.diff_ids;
  if (!Array.isArray(diffIds)) throw new ScanError('config', name, 'the image config has no rootfs.diff_ids, so it does not describe image layers.');
  if (diffIds.length !== layerCount) {
    throw new ScanError('config', name, `the image config lists ${diffIds.length} layers but the manifest ${layerCount}; the image is damaged.`);
  }
}

export function resolveOciIndex(store: BlobStore, index: unknown, indexWhat: string, selection: OciSelection): Promise<ResolvedImage> {
  return new OciResolver(store, selection).resolve(index, indexWhat);
}
