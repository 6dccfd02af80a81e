// The registry source of the image scan (OCI Distribution API).
export { listTags } from './list-tags';
export { formatPlatform, hostPlatform, parsePlatform } from '../platform';
export { DEFAULT_REGISTRY_LIMITS, type RegistryLimits, type RegistryOptions } from './registry-options';
export { resolveDigest } from './resolve-digest';
export { resolveRegistryImage } from './resolve-registry-image';
