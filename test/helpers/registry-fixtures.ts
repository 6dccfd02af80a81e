// What the registry client's tests share besides their images (test-image.ts builds those): options that
// keep a test fast and away from the real Docker config, a registry server for one test, and reading a
// layer stream whole.
import os from 'node:os';
import nodePath from 'node:path';
import type { Readable } from 'node:stream';
import type { RegistryOptions } from '../../server/src/scan/registry/registry-options';
import { startRegistryServer, type TestRegistry, type TestRegistryOptions } from './registry-server';

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
