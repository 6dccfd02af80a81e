// Where a registry's API lives and whether it may be reached without TLS.
import { DOCKER_HUB } from '../../engine/image-reference';

/** Docker Hub's images are named `docker.io/…`, but its Distribution API is served from this host. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';

/** The host (with port) that serves the Distribution API of a registry named as parseImageReference
 * normalises it. */
export function registryApiHost(registry: string): string {
  return registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : registry;
}

/** `[::1]:5000` → `[::1]`, `localhost:5000` → `localhost`, `ghcr.io` → `ghcr.io`; lower-cased. */
function hostnameOf(host: string): string {
  const lower = host.toLowerCase();
  if (lower.startsWith('[')) {
    const end = lower.indexOf(']');
    return end === -1 ? lower : lower.slice(0, end + 1);
  }
  const colon = lower.indexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}

/** Loopback names and addresses: traffic to them never leaves the machine, so TLS adds nothing. */
function isLoopbackHostname(hostname: string): boolean {
  const lower = hostname.toLowerCase();
  if (lower === 'localhost' || lower === '[::1]' || lower === '::1') return true;
  return /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(lower);
}

/** `http://reg:5000/` or `reg:5000/v2` as people write it in settings and Docker config keys → `reg:5000`. */
export function hostOfSetting(entry: string): string {
  return entry.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
}

/** Whether plain HTTP is allowed for a host (with port): loopback always, other hosts only when listed in
 * the insecure registries, either exactly (`reg:5000`) or by name for every port (`reg`). */
export function allowsPlainHttp(host: string, insecureRegistries: readonly string[]): boolean {
  const hostname = hostnameOf(host);
  if (isLoopbackHostname(hostname)) return true;
  const lower = host.toLowerCase();
  return insecureRegistries.some((entry) => {
    const listed = hostOfSetting(entry);
    return listed === lower || (listed === hostname && hostnameOf(listed) === listed);
  });
}

export function registryScheme(host: string, insecureRegistries: readonly string[]): 'http:' | 'https:' {
  return allowsPlainHttp(host, insecureRegistries) ? 'http:' : 'https:';
}
