// Small images for the registry client's tests: a config, layers of arbitrary bytes (the client does not
// look inside them) and a manifest, plus multi-platform indexes over them, all as content-addressed blobs.
import assert from 'node:assert/strict';
import os from 'node:os';
import nodePath from 'node:path';
import type { Readable } from 'node:stream';
import type { RegistryOptions } from '../../server/src/scan/registry/registry-options';
import { ScanError, type Descriptor, type Platform, type ScanStep } from '../../server/src/scan/types';
import { startRegistryServer, type TestRegistry, type TestRegistryOptions } from './registry-server';
import { blob, MediaTypes, type TestBlob } from './test-blob';

export interface TestImageBlobs {
  manifest: TestBlob;
  config: TestBlob;
  layers: TestBlob[];
  /** Everything a repository must hold for this image. */
  blobs: TestBlob[];
}

export function descriptorOf(item: TestBlob, platform?: Platform, annotations?: Record<string, string>): Descriptor {
  const result: Descriptor = { mediaType: item.mediaType, digest: item.digest, size: item.bytes.length };
  if (platform !== undefined) result.platform = platform;
  if (annotations !== undefined) result.annotations = annotations;
  return result;
}

export function testImage(options: { platform?: Platform; layers?: Array<Buffer | string>; format?: 'oci' | 'docker'; user?: string } = {}): TestImageBlobs {
  const platform = options.platform ?? { os: 'linux', architecture: 'amd64' };
  const docker = options.format === 'docker';
  const layers = (options.layers ?? ['layer one', 'layer two']).map((content) =>
    blob(docker ? MediaTypes.dockerLayerGzip : MediaTypes.ociLayerGzip, Buffer.isBuffer(content) ? content : Buffer.from(content)),
  );
  const config = blob(docker ? MediaTypes.dockerConfig : MediaTypes.ociConfig, {
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant === undefined ? {} : { variant: platform.variant }),
    config: { User: options.user ?? 'app', Env: ['PATH=/usr/bin'] },
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.digest) },
    history: [{ created_by: 'test' }],
  });
  const mediaType = docker ? MediaTypes.dockerManifest : MediaTypes.ociManifest;
  const manifest = blob(mediaType, {
    schemaVersion: 2,
    mediaType,
    config: descriptorOf(config),
    layers: layers.map((layer) => descriptorOf(layer)),
  });
  return { manifest, config, layers, blobs: [manifest, config, ...layers] };
}

export interface TestIndexEntry {
  image: TestImageBlobs;
  platform: Platform;
}

/** A multi-platform index; `attestations` adds BuildKit-style `unknown/unknown` entries. */
export function testIndex(entries: TestIndexEntry[], options: { format?: 'oci' | 'docker'; attestations?: boolean } = {}): { index: TestBlob; blobs: TestBlob[] } {
  const mediaType = options.format === 'docker' ? MediaTypes.dockerManifestList : MediaTypes.ociIndex;
  const manifests = entries.map((entry) => descriptorOf(entry.image.manifest, entry.platform));
  const blobs = entries.flatMap((entry) => entry.image.blobs);
  if (options.attestations) {
    for (const entry of entries) {
      const attestation = blob(MediaTypes.ociManifest, { schemaVersion: 2, mediaType: MediaTypes.ociManifest, config: descriptorOf(entry.image.config), layers: [] });
      blobs.push(attestation);
      manifests.push(
        descriptorOf(attestation, { os: 'unknown', architecture: 'unknown' }, {
          'vnd.docker.reference.type': 'attestation-manifest',
          'vnd.docker.reference.digest': entry.image.manifest.digest,
        }),
      );
    }
  }
  const index = blob(mediaType, { schemaVersion: 2, mediaType, manifests });
  return { index, blobs };
}

/** Options for tests: no retries waiting long, short timeouts, and a Docker config path that does not
 * exist, so no test ever reads the real ~/.docker/config.json. */
export function testRegistryOptions(overrides: Partial<RegistryOptions> = {}): RegistryOptions {
  return {
    insecureRegistries: [],
    allowCredentialHelpers: false,
    dockerConfigPath: nodePath.join(os.tmpdir(), 'shipshape-no-such-folder', 'config.json'),
    platform: { os: 'linux', architecture: 'amd64' },
    retryDelayMs: 5,
    timeoutMs: 5000,
    ...overrides,
  };
}

export async function withRegistry<T>(options: TestRegistryOptions, run: (registry: TestRegistry) => Promise<T>): Promise<T> {
  const registry = await startRegistryServer(options);
  try {
    return await run(registry);
  } finally {
    await registry.close();
  }
}

export async function readStream(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** For assert.rejects: the error is a ScanError of `step` whose message matches every pattern. */
export function scanErrorMatching(step: ScanStep, ...patterns: RegExp[]): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof ScanError, `expected a ScanError, got ${String(error)}`);
    assert.equal(error.step, step, error.message);
    for (const pattern of patterns) assert.match(error.message, pattern);
    return true;
  };
}
