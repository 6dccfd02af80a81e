// What a caller can tune when reading an image from a registry, and the defaults the scan uses.
import type { Platform, ProgressListener } from '../types';

export interface RegistryLimits {
  /** Largest manifest or index read; the reference registry refuses to store manifests over 4 MiB. */
  maxManifestBytes: number;
  /** Largest image config read (configs of images with long build histories reach a few hundred KiB). */
  maxConfigBytes: number;
  /** Tags `listTags` returns at most, over all pages. */
  maxTags: number;
  /** Redirects followed for one request before it fails. */
  maxRedirects: number;
}

export interface RegistryOptions {
  /** Platform to pick from a multi-platform index; the user's own platform by default (see hostPlatform). */
  platform?: Platform;
  /** Registries (`host` or `host:port`) reached over plain HTTP; loopback registries always are. */
  insecureRegistries: string[];
  /** Docker config file with credentials; $DOCKER_CONFIG/config.json or ~/.docker/config.json by default. */
  dockerConfigPath?: string;
  /** Whether `docker-credential-<name>` programs named by the Docker config may run. Callers pass true only
   * in trusted workspaces: the config file of an untrusted folder could name any program. */
  allowCredentialHelpers: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  /** How long a registry may stay silent (before answering, or between two chunks of a body), in ms. */
  timeoutMs?: number;
  /** How long one exchange may take in all, body included, in ms; none by default (layer reads keep their
   * own deadline, see transfer-limits.ts). */
  totalTimeoutMs?: number;
  /** Further attempts after a 429, a 5xx or a network error. */
  retries?: number;
  /** First wait before a retry, in ms; it doubles with every attempt. */
  retryDelayMs?: number;
  limits?: Partial<RegistryLimits>;
}

export const DEFAULT_REGISTRY_LIMITS: RegistryLimits = {
  maxManifestBytes: 4 * 1024 * 1024,
  maxConfigBytes: 8 * 1024 * 1024,
  maxTags: 10_000,
  maxRedirects: 5,
};

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 3;
const DEFAULT_RETRY_DELAY_MS = 500;

/** The options with every default filled in, as the client uses them. */
export interface RegistrySettings {
  insecureRegistries: readonly string[];
  dockerConfigPath?: string;
  allowCredentialHelpers: boolean;
  signal?: AbortSignal;
  onProgress?: ProgressListener;
  timeoutMs: number;
  totalTimeoutMs?: number;
  retries: number;
  retryDelayMs: number;
  limits: RegistryLimits;
}

export function registrySettings(options: RegistryOptions): RegistrySettings {
  return {
    insecureRegistries: options.insecureRegistries,
    dockerConfigPath: options.dockerConfigPath,
    allowCredentialHelpers: options.allowCredentialHelpers,
    signal: options.signal,
    onProgress: options.onProgress,
    timeoutMs: positiveOr(options.timeoutMs, DEFAULT_TIMEOUT_MS),
    ...(options.totalTimeoutMs !== undefined && options.totalTimeoutMs > 0 ? { totalTimeoutMs: options.totalTimeoutMs } : {}),
    retries: Math.max(0, Math.floor(options.retries ?? DEFAULT_RETRIES)),
    retryDelayMs: Math.max(0, options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS),
    limits: {
      maxManifestBytes: positiveOr(options.limits?.maxManifestBytes, DEFAULT_REGISTRY_LIMITS.maxManifestBytes),
      maxConfigBytes: positiveOr(options.limits?.maxConfigBytes, DEFAULT_REGISTRY_LIMITS.maxConfigBytes),
      maxTags: positiveOr(options.limits?.maxTags, DEFAULT_REGISTRY_LIMITS.maxTags),
      maxRedirects: Math.max(0, Math.floor(options.limits?.maxRedirects ?? DEFAULT_REGISTRY_LIMITS.maxRedirects)),
    },
  };
}

function positiveOr(value: number | undefined, fallback: number): number {
  return value !== undefined && value > 0 ? value : fallback;
}
