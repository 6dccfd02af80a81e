// Which version order applies to an OSV ecosystem or range. Undefined results mean "not comparable"
// (a version outside the ecosystem's grammar), so callers skip that version rather than guess.
import { compareApkVersions } from './version-apk';
import { compareDpkgVersions } from './version-dpkg';
import { comparePep440Versions } from './version-pep440';
import { compareRpmVersions } from './version-rpm';
import { compareSemverVersions } from './version-semver';

export type VersionOrder = (a: string, b: string) => number | undefined;

/** "Debian:12" → "Debian", "Red Hat:enterprise_linux:9::baseos" → "Red Hat". */
export function baseEcosystem(ecosystem: string): string {
  const colon = ecosystem.indexOf(':');
  return colon >= 0 ? ecosystem.slice(0, colon) : ecosystem;
}

const ORDERS: Record<string, VersionOrder> = {
  Debian: compareDpkgVersions,
  Ubuntu: compareDpkgVersions,
  Alpine: compareApkVersions,
  'Red Hat': compareRpmVersions,
  'Rocky Linux': compareRpmVersions,
  AlmaLinux: compareRpmVersions,
  npm: compareSemverVersions,
  PyPI: comparePep440Versions,
};

/** The order of an OSV range: SEMVER ranges are SemVer whatever the ecosystem; ECOSYSTEM ranges use the
 * ecosystem's own order; GIT ranges (commit hashes) have none. */
export function versionOrderFor(ecosystem: string, rangeType: string): VersionOrder | undefined {
  if (rangeType === 'SEMVER') return compareSemverVersions;
  if (rangeType !== 'ECOSYSTEM') return undefined;
  return ORDERS[baseEcosystem(ecosystem)];
}
