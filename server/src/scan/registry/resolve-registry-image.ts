// The registry source of the image scan: name → manifest (through the index, for the wanted platform) →
// config → layers that are downloaded, and verified, only when the layer reader opens them.
import { fullName } from '../../engine/image-reference';
import { isSupportedDigest, shortDigest } from '../content-digest';
import { parseImageConfig } from '../image-config';
import { parseManifest, selectPlatformManifest, type ImageManifest } from '../image-manifest';
import { CONFIG_TYPES } from '../media-types';
import { formatPlatform, hostPlatform } from '../platform';
import { PlatformNotFoundError, ScanError, type Descriptor, type ImageConfig, type LayerBlob, type Platform, type ResolvedImage } from '../types';
import type { BlobProblem } from '../verified-blob';
import { connectRegistry, type RegistryClient } from './registry-client';
import { failure, type RequestContext } from './registry-errors';
import type { RegistryOptions } from './registry-options';

export async function resolveRegistryImage(name: string, options: RegistryOptions): Promise<ResolvedImage> {
  const client = connectRegistry(name, options);
  const { reference } = client;
  const wanted = options.platform ?? hostPlatform();
  if (reference.digest !== undefined && !isSupportedDigest(reference.digest)) {
    throw new ScanError('resolve', name, `The digest of ${name} uses an algorithm Shipshape cannot verify; only sha256 and sha512 digests are supported.`);
  }
  const tagOrDigest = reference.digest ?? reference.tag ?? 'latest';
  const what = reference.digest !== undefined ? `no manifest ${reference.digest}` : `no tag "${tagOrDigest}"`;
  const ctx = client.context('manifest', `fetch the manifest of ${name}`, `the repository ${reference.repository} has ${what}, or does not exist`);

  client.progress('manifest', `fetching the manifest of ${name} from ${client.host}`);
  const top = await client.fetchManifest(ctx, tagOrDigest, reference.digest);
  const manifest = parseManifest(top.bytes, top.contentType, (problem) => failure(ctx, `the manifest ${problem}.`));
  let image: ImageManifest;
  let manifestDigest = top.digest;
  let indexDigest: string | undefined;
  let indexPlatform: Platform | undefined;

  if (manifest.kind === 'index') {
    indexDigest = top.digest;
    const choice = selectPlatformManifest(manifest.manifests, wanted);
    if (!choice.found) {
      if (choice.available.length === 0) {
        throw new ScanError('manifest', name, `${name} on ${client.host} is a multi-platform index that lists no image platforms, so there is nothing to scan for ${formatPlatform(wanted)}.`);
      }
      throw new PlatformNotFoundError(name, `${name} on ${client.host} has no image for ${formatPlatform(wanted)}; it is available for ${choice.available.join(', ')}.`, choice.available);
    }
    const chosen = choice.descriptor;
    indexPlatform = chosen.platform;
    const childCtx = client.context('manifest', `fetch the ${formatPlatform(chosen.platform ?? wanted)} manifest of ${name}`, `the index lists ${chosen.digest}, but the repository does not have it`);
    if (chosen.size > client.settings.limits.maxManifestBytes) {
      throw failure(childCtx, `the manifest is ${chosen.size} bytes, more than the ${client.settings.limits.maxManifestBytes} Shipshape reads.`);
    }
    client.progress('manifest', `fetching the ${formatPlatform(chosen.platform ?? wanted)} manifest of ${name}`);
    const child = await client.fetchManifest(childCtx, chosen.digest, chosen.digest);
    const platformManifest = parseManifest(child.bytes, child.contentType, (problem) => failure(childCtx, `the manifest ${problem}.`));
    if (platformManifest.kind === 'index') {
      throw failure(childCtx, 'the index points to another index; Shipshape reads one level of multi-platform index only.');
    }
    image = platformManifest;
    manifestDigest = child.digest;
  } else {
    image = manifest;
  }

  const config = await fetchConfig(client, image.config);
  const platform: Platform = {
    os: config.os ?? indexPlatform?.os ?? wanted.os,
    architecture: config.architecture ?? indexPlatform?.architecture ?? wanted.architecture,
  };
  const variant = config.variant ?? indexPlatform?.variant;
  if (variant !== undefined) platform.variant = variant;

  const canonical = reference.digest === undefined && reference.tag === undefined ? { ...reference, tag: 'latest' } : reference;
  return {
    name,
    reference: fullName(canonical, { withDigest: true }),
    manifestDigest,
    indexDigest,
    platform,
    config,
    configDigest: image.config.digest,
    layers: image.layers.map((descriptor, index) => layerBlob(client, descriptor, index, image.layers.length)),
  };
}

async function fetchConfig(client: RegistryClient, descriptor: Descriptor): Promise<ImageConfig> {
  const name = client.image;
  const ctx: RequestContext = client.context('config', `fetch the config of ${name}`, `the manifest names config ${descriptor.digest}, but the repository does not have it`);
  if (!CONFIG_TYPES.has(descriptor.mediaType)) {
    throw new ScanError(
      'config',
      name,
      `${name} on ${client.host} is not a container image: its config has media type "${descriptor.mediaType}" (an OCI artifact such as a Helm chart, a signature or an SBOM), and Shipshape scans container images only.`,
    );
  }
  const limit = client.settings.limits.maxConfigBytes;
  if (descriptor.size > limit) throw failure(ctx, `the config is ${descriptor.size} bytes, more than the ${limit} Shipshape reads.`);
  client.progress('config', `fetching the config of ${name}`);
  const bytes = await client.fetchBlob(ctx, descriptor, limit);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw failure(ctx, 'the config is not valid JSON.');
  }
  const config = parseImageConfig(json);
  if (config === undefined) throw failure(ctx, 'the config is not a JSON object.');
  return config;
}

function layerBlob(client: RegistryClient, descriptor: Descriptor, index: number, total: number): LayerBlob {
  const label = `layer ${index + 1}/${total} (${shortDigest(descriptor.digest)})`;
  const ctx = client.context('layers', `download ${label} of ${client.image}`, `the manifest names ${descriptor.digest}, but the repository does not have it`);
  return {
    index,
    digest: descriptor.digest,
    mediaType: descriptor.mediaType,
    size: descriptor.size,
    open: (signal) =>
      client.openBlob(ctx, descriptor, signal, (problem) =>
        failure(ctx, `the layer ${layerProblem(problem, descriptor.size)}. Scan again; if it keeps failing, the registry's copy of the layer is damaged.`),
      ),
  };
}

/** Completes "the layer …". */
function layerProblem(problem: BlobProblem, size: number): string {
  switch (problem.kind) {
    case 'larger':
      return `is larger than the ${size} bytes its descriptor declares`;
    case 'truncated':
      return `ended after ${problem.received} of its ${size} bytes (truncated)`;
    case 'digest':
      return `does not match its digest: its bytes hash to ${problem.actual}, so it was corrupted or altered on the way`;
  }
}
