// From an OCI index (a layout's index.json, or the one inside a Docker 25+ `docker save` archive) to
// one image: nested indexes followed, attestations skipped, a platform chosen, then its manifest and
// config read and checked against their digests and media types.
import { parseImageReference } from '../../engine/image-reference';
import { ScanError, type Descriptor, type ImageConfig, type Platform, type ResolvedImage, type ScanStep } from '../types';
import type { BlobStore } from './blob-store';
import { digestMismatch, isVerifiableDigest } from './digest-check';
import { CONFIG_TYPES, INDEX_TYPES, LAYER_TYPES, MANIFEST_TYPES } from './media-types';
import { choosePlatform, formatPlatform } from './platform';
import { verifiedLayer } from './verified-layer';

export const REF_NAME = 'org.opencontainers.image.ref.name';
export const CONTAINERD_NAME = 'io.containerd.image.name';

const MAX_JSON_BYTES = 8 * 1024 * 1024;
const MAX_INDEX_DEPTH = 4;

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

interface LoadedImage {
  manifestDigest: string;
  config: ImageConfig;
  configDigest: string;
  platform: Platform;
  layers: Descriptor[];
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJson(bytes: Buffer, what: string, step: ScanStep, name: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ScanError(step, name, `${what} is not valid JSON (${(error as Error).message}).`);
  }
}

function asDescriptor(value: unknown): Descriptor | undefined {
  if (!isObject(value) || typeof value.digest !== 'string' || typeof value.size !== 'number') return undefined;
  return { ...(value as unknown as Descriptor), mediaType: typeof value.mediaType === 'string' ? value.mediaType : '' };
}

function descriptors(value: unknown, what: string, step: ScanStep, name: string): Descriptor[] {
  if (!Array.isArray(value)) throw new ScanError(step, name, `${what} has no list of descriptors.`);
  return value.map((item, position) => {
    const descriptor = asDescriptor(item);
    if (!descriptor) throw new ScanError(step, name, `entry ${position + 1} of ${what} is not a descriptor (it needs a digest and a size).`);
    return descriptor;
  });
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

function isAttestation(descriptor: Descriptor): boolean {
  return (
    descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (descriptor.platform?.os === 'unknown' && descriptor.platform.architecture === 'unknown')
  );
}

class OciResolver {
  constructor(
    private readonly store: BlobStore,
    private readonly selection: OciSelection,
  ) {}

  private get name(): string {
    return this.selection.name;
  }

  private unverifiable(step: ScanStep, what: string, digest: string): ScanError {
    return new ScanError(step, this.name, `${what} ${digest} does not use a digest Shipshape can verify (sha256 or sha512).`);
  }

  private async readJsonBlob(descriptor: Descriptor, what: string, step: ScanStep): Promise<unknown> {
    const { digest } = descriptor;
    const where = this.store.location;
    if (!isVerifiableDigest(digest)) throw this.unverifiable(step, what, digest);
    const size = await this.store.sizeOf(digest);
    if (size === undefined) throw new ScanError(step, this.name, `${what} ${digest} is missing from ${where}; copy or export the image again.`);
    if (size > MAX_JSON_BYTES) throw new ScanError(step, this.name, `${what} ${digest} is ${size} bytes, too large to be a ${what}.`);
    const bytes = await this.store.read(digest);
    const actual = digestMismatch(bytes, digest);
    if (actual !== undefined || (descriptor.size >= 0 && bytes.length !== descriptor.size)) {
      throw new ScanError(
        step,
        this.name,
        `${what} ${digest} in ${where} does not match its digest or size (its bytes hash to ${actual ?? digest}, ${bytes.length} bytes): ` +
          'the file is damaged or was changed; copy or export the image again.',
      );
    }
    return parseJson(bytes, `${what} ${digest}`, step, this.name);
  }

  async resolve(index: unknown, indexWhat: string): Promise<ResolvedImage> {
    if (!isObject(index)) throw new ScanError('manifest', this.name, `${indexWhat} is not an OCI image index.`);
    let top = descriptors(index.manifests, indexWhat, 'manifest', this.name);
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

    const unknownTypes = new Set<string>();
    const candidates = await this.collect(top, undefined, 0, unknownTypes);
    if (candidates.length === 0) {
      const found = unknownTypes.size > 0 ? ` It holds ${[...unknownTypes].join(', ')}, which Shipshape cannot scan.` : '';
      throw new ScanError('manifest', this.name, `${indexWhat} lists no image manifest.${found}`);
    }
    const present: Candidate[] = [];
    for (const candidate of candidates) {
      const { digest } = candidate.descriptor;
      if (!isVerifiableDigest(digest)) throw this.unverifiable('manifest', 'manifest', digest);
      if ((await this.store.sizeOf(digest)) !== undefined) present.push(candidate);
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
      throw new ScanError(
        'manifest',
        this.name,
        `${this.name} has no image for ${formatPlatform(wanted ?? { os: '', architecture: '' })}; it has ${offered.join(', ') || 'no platform information'}. ` +
          'Choose one of those platforms.',
      );
    }
    const loaded = chosen.loaded ?? (await this.load(chosen));
    return this.toResolvedImage(loaded, chosen.indexDigest);
  }

  private async collect(list: Descriptor[], indexDigest: string | undefined, depth: number, unknownTypes: Set<string>): Promise<Candidate[]> {
    const found: Candidate[] = [];
    for (const descriptor of list) {
      if (INDEX_TYPES.has(descriptor.mediaType)) {
        if (depth >= MAX_INDEX_DEPTH) throw new ScanError('manifest', this.name, `indexes nest more than ${MAX_INDEX_DEPTH} deep; Shipshape stopped following them.`);
        const nested = await this.readJsonBlob(descriptor, 'index', 'manifest');
        const manifests = isObject(nested) ? nested.manifests : undefined;
        found.push(...(await this.collect(descriptors(manifests, `index ${descriptor.digest}`, 'manifest', this.name), descriptor.digest, depth + 1, unknownTypes)));
      } else if (MANIFEST_TYPES.has(descriptor.mediaType) || descriptor.mediaType === '') {
        if (!isAttestation(descriptor)) found.push({ descriptor, ...(indexDigest ? { indexDigest } : {}) });
      } else {
        unknownTypes.add(descriptor.mediaType);
      }
    }
    return found;
  }

  private async load(candidate: Candidate): Promise<LoadedImage> {
    const { descriptor } = candidate;
    const manifest = await this.readJsonBlob(descriptor, 'manifest', 'manifest');
    if (!isObject(manifest)) throw new ScanError('manifest', this.name, `manifest ${descriptor.digest} is not a JSON object.`);
    const mediaType = typeof manifest.mediaType === 'string' ? manifest.mediaType : descriptor.mediaType;
    if (mediaType && !MANIFEST_TYPES.has(mediaType)) {
      throw new ScanError('manifest', this.name, `manifest ${descriptor.digest} has media type ${mediaType}, which is not an image manifest Shipshape can scan.`);
    }
    const configDescriptor = asDescriptor(manifest.config);
    if (!configDescriptor) throw new ScanError('manifest', this.name, `manifest ${descriptor.digest} names no config.`);
    if (!CONFIG_TYPES.has(configDescriptor.mediaType)) {
      throw new ScanError(
        'config',
        this.name,
        `${this.name} is not a container image: its config has media type ${configDescriptor.mediaType || '(none)'} (an OCI artifact such as a Helm chart or signature).`,
      );
    }
    const config = await this.readJsonBlob(configDescriptor, 'config', 'config');
    if (!isObject(config)) throw new ScanError('config', this.name, `config ${configDescriptor.digest} is not a JSON object.`);
    const layers = descriptors(manifest.layers, `manifest ${descriptor.digest}`, 'manifest', this.name);
    for (const [position, layer] of layers.entries()) {
      if (!LAYER_TYPES.has(layer.mediaType)) {
        throw new ScanError(
          'manifest',
          this.name,
          `layer ${position + 1}/${layers.length} has media type ${layer.mediaType || '(none)'}, which Shipshape cannot read (it reads tar layers, uncompressed, gzip or zstd).`,
        );
      }
    }
    const imageConfig = config as ImageConfig;
    checkDiffIds(imageConfig, layers.length, this.name);
    return {
      manifestDigest: descriptor.digest,
      config: imageConfig,
      configDigest: configDescriptor.digest,
      platform: configPlatform(imageConfig) ?? descriptor.platform ?? { os: 'unknown', architecture: 'unknown' },
      layers,
    };
  }

  private async toResolvedImage(loaded: LoadedImage, indexDigest: string | undefined): Promise<ResolvedImage> {
    const total = loaded.layers.length;
    const layers = [];
    for (const [index, layer] of loaded.layers.entries()) {
      if (!isVerifiableDigest(layer.digest)) throw this.unverifiable('layers', `layer ${index + 1}/${total}`, layer.digest);
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

export function configPlatform(config: ImageConfig): Platform | undefined {
  if (typeof config.os !== 'string' || typeof config.architecture !== 'string') return undefined;
  return { os: config.os, architecture: config.architecture, ...(typeof config.variant === 'string' && config.variant ? { variant: config.variant } : {}) };
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
