// Package URLs (https://github.com/package-url/purl-spec): the names reports and SARIF give packages.
import type { OsIdentity } from '../types';
import type { LocatedPackage } from './package-record';
import { normalizePythonName } from './python';

/** Percent-encodes a purl component; the spec leaves ":" as it is. */
function encode(part: string): string {
  return encodeURIComponent(part)
    .replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%3A/g, ':');
}

function purl(type: string, namespace: string | undefined, name: string, version: string, qualifiers: Record<string, string | undefined> = {}): string {
  const query = Object.entries(qualifiers)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${encode(value)}`)
    .join('&');
  const path = namespace ? `${encode(namespace)}/${encode(name)}` : encode(name);
  return `pkg:${type}/${path}@${encode(version)}${query ? `?${query}` : ''}`;
}

/** "debian-12": the distribution release the package was built for, which vulnerability data is keyed by. */
function distro(os: OsIdentity | undefined): string | undefined {
  const release = os?.versionId ?? os?.versionCodename;
  return os && release ? `${os.id}-${release}` : undefined;
}

export function packageUrl(pkg: LocatedPackage, os: OsIdentity | undefined): string {
  switch (pkg.ecosystem) {
    case 'deb':
      return purl('deb', os?.id ?? 'debian', pkg.name, pkg.version, { arch: pkg.arch, distro: distro(os) });
    case 'apk':
      return purl('apk', os?.id ?? 'alpine', pkg.name, pkg.version, { arch: pkg.arch, distro: distro(os) });
    case 'rpm': {
      // rpm purls carry the epoch as a qualifier, not in the version.
      const epoch = /^(\d+):(.*)$/.exec(pkg.version);
      return purl('rpm', os?.id, pkg.name, epoch ? epoch[2]! : pkg.version, { arch: pkg.arch, distro: distro(os), epoch: epoch?.[1] });
    }
    case 'npm': {
      const slash = pkg.name.startsWith('@') ? pkg.name.indexOf('/') : -1;
      return slash === -1 ? purl('npm', undefined, pkg.name, pkg.version) : purl('npm', pkg.name.slice(0, slash), pkg.name.slice(slash + 1), pkg.version);
    }
    case 'pypi':
      return purl('pypi', undefined, normalizePythonName(pkg.name), pkg.version);
  }
}
