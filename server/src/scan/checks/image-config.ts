// Fields of the image configuration as the checks read them. The sources hand on configs that passed
// parseImageConfig, but checkImage takes any ResolvedImage, so a field of the wrong type counts as unset.
import type { ImageConfig } from '../types';

export interface EnvEntry {
  name: string;
  value: string;
}

/** `Env` as name and value, skipping entries that are not `NAME=value` strings. */
export function envEntries(config: ImageConfig): EnvEntry[] {
  const env: unknown = config.config?.Env;
  if (!Array.isArray(env)) return [];
  const entries: EnvEntry[] = [];
  for (const entry of env) {
    if (typeof entry !== 'string') continue;
    const equals = entry.indexOf('=');
    if (equals > 0) entries.push({ name: entry.slice(0, equals), value: entry.slice(equals + 1) });
  }
  return entries;
}

/** `User`, trimmed; empty when unset. */
export function configUser(config: ImageConfig): string {
  const user: unknown = config.config?.User;
  return typeof user === 'string' ? user.trim() : '';
}

/** `Healthcheck.Test`, when it is a list of strings. */
export function healthcheckTest(config: ImageConfig): string[] | undefined {
  const test: unknown = config.config?.Healthcheck?.Test;
  return Array.isArray(test) && test.every((part) => typeof part === 'string') ? test : undefined;
}

/** The keys of `ExposedPorts`: "80/tcp", "22". */
export function exposedPorts(config: ImageConfig): string[] {
  const ports: unknown = config.config?.ExposedPorts;
  return typeof ports === 'object' && ports !== null && !Array.isArray(ports) ? Object.keys(ports) : [];
}
