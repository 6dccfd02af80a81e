// From the image's packages to OSV queries. OS packages are asked about under their distribution's
// release ("Debian:12", "Ubuntu:22.04:LTS", "Alpine:v3.19", "Rocky Linux:9"), because advisories and
// fixed versions differ from release to release; distribution advisories are written for source packages,
// so Debian, Ubuntu and Alpine are asked about by source (origin) package. Packages OSV cannot answer for
// are counted, and the count says why, so the report can say what was not checked.
import type { InstalledPackage, Inventory, OsIdentity, PackageEcosystem } from '../types';
import type { OsvQuery } from './osv-schema';

export interface PackageQueries {
  package: InstalledPackage;
  /** One query, or two for RPM packages whose binary and source names differ. */
  queries: OsvQuery[];
}

export interface SkippedPackages {
  ecosystem: PackageEcosystem;
  count: number;
  /** Why, completing "N deb packages were not checked: …". */
  reason: string;
}

export interface QueryPlan {
  packages: PackageQueries[];
  /** Distinct queries, in first-seen order. */
  queries: OsvQuery[];
  skipped: SkippedPackages[];
}

type OsEcosystem = { ecosystem: string } | { reason: string };

/** Debian releases by codename, for testing and unstable images whose os-release has no VERSION_ID. */
const DEBIAN_RELEASES: Record<string, string> = { buster: '10', bullseye: '11', bookworm: '12', trixie: '13', forky: '14' };

function osName(os: OsIdentity): string {
  return os.prettyName ?? (os.versionId ? `${os.id} ${os.versionId}` : os.id);
}

function majorVersion(versionId: string | undefined): string | undefined {
  return /^(\d+)/.exec(versionId ?? '')?.[1];
}

/** Ubuntu's LTS releases are the April releases of even years (22.04, 24.04); OSV names them "…:LTS". */
function isUbuntuLts(os: OsIdentity, version: string): boolean {
  const match = /^(\d+)\.04$/.exec(version);
  if (match && Number(match[1]) % 2 === 0) return true;
  return /\bLTS\b/.test(os.prettyName ?? '');
}

function debEcosystem(os: OsIdentity): OsEcosystem {
  if (os.id === 'debian') {
    const release = majorVersion(os.versionId) ?? DEBIAN_RELEASES[os.versionCodename ?? ''];
    return release
      ? { ecosystem: `Debian:${release}` }
      : { reason: `the Debian release of ${osName(os)} is unknown (no VERSION_ID in /${os.path}), and OSV advisories are per release` };
  }
  if (os.id === 'ubuntu') {
    const version = /^\d+\.\d+/.exec(os.versionId ?? '')?.[0];
    if (!version) return { reason: `the Ubuntu release of ${osName(os)} is unknown (no VERSION_ID in /${os.path}), and OSV advisories are per release` };
    return { ecosystem: isUbuntuLts(os, version) ? `Ubuntu:${version}:LTS` : `Ubuntu:${version}` };
  }
  return { reason: `OSV has no advisories for ${osName(os)}` };
}

function apkEcosystem(os: OsIdentity): OsEcosystem {
  if (os.id !== 'alpine') return { reason: `OSV has no advisories for ${osName(os)}` };
  const branch = /^(\d+\.\d+)/.exec(os.versionId ?? '')?.[1];
  return branch
    ? { ecosystem: `Alpine:v${branch}` }
    : { reason: `the Alpine branch of ${osName(os)} is unknown (no VERSION_ID in /${os.path}), and OSV advisories are per branch` };
}

function rpmEcosystem(os: OsIdentity): OsEcosystem {
  // Red Hat's OSV ecosystems are per product stream ("Red Hat:enterprise_linux:9::baseos"), which an image
  // does not record; OSV matches the bare name against every stream.
  if (os.id === 'rhel') return { ecosystem: 'Red Hat' };
  const names: Record<string, string> = { rocky: 'Rocky Linux', almalinux: 'AlmaLinux' };
  const name = names[os.id];
  if (!name) return { reason: `OSV has no advisories for ${osName(os)}` };
  const major = majorVersion(os.versionId);
  return major
    ? { ecosystem: `${name}:${major}` }
    : { reason: `the ${name} release of ${osName(os)} is unknown (no VERSION_ID in /${os.path}), and OSV advisories are per release` };
}

function osEcosystem(ecosystem: 'deb' | 'apk' | 'rpm', os: OsIdentity | undefined): OsEcosystem {
  if (!os) return { reason: 'the image has no /etc/os-release, so it is unknown which distribution release the packages belong to' };
  if (ecosystem === 'deb') return debEcosystem(os);
  if (ecosystem === 'apk') return apkEcosystem(os);
  return rpmEcosystem(os);
}

/** PEP 503 normalised name, the form OSV records PyPI packages under. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function queriesFor(pkg: InstalledPackage, os: OsIdentity | undefined): OsvQuery[] | { reason: string } {
  switch (pkg.ecosystem) {
    case 'npm':
      return [{ ecosystem: 'npm', name: pkg.name, version: pkg.version }];
    case 'pypi':
      return [{ ecosystem: 'PyPI', name: normalizePypiName(pkg.name), version: pkg.version }];
    case 'deb':
    case 'apk': {
      const target = osEcosystem(pkg.ecosystem, os);
      if ('reason' in target) return target;
      // dpkg records a source version only when it differs from the binary's (binNMUs: 1.2-3+b1 from 1.2-3).
      const version = pkg.ecosystem === 'deb' ? (pkg.sourceVersion ?? pkg.version) : pkg.version;
      return [{ ecosystem: target.ecosystem, name: pkg.sourceName ?? pkg.name, version }];
    }
    case 'rpm': {
      const target = osEcosystem('rpm', os);
      if ('reason' in target) return target;
      // The schema names source packages for Rocky and Alma and either kind for Red Hat, while advisories
      // often list binary packages: ask about both names.
      const names = [...new Set([pkg.sourceName ?? pkg.name, pkg.name])];
      return names.map((name) => ({ ecosystem: target.ecosystem, name, version: pkg.version }));
    }
  }
}

export function queryKey(query: OsvQuery): string {
  return `${query.ecosystem}\u0000${query.name}\u0000${query.version}`;
}

/** The OSV queries for an inventory, and what could not be asked about. */
export function planQueries(inventory: Inventory): QueryPlan {
  const packages: PackageQueries[] = [];
  const queries = new Map<string, OsvQuery>();
  const skipped = new Map<string, SkippedPackages>();
  const skip = (ecosystem: PackageEcosystem, reason: string): void => {
    const key = `${ecosystem}\u0000${reason}`;
    const entry = skipped.get(key) ?? { ecosystem, count: 0, reason };
    entry.count++;
    skipped.set(key, entry);
  };
  for (const pkg of inventory.packages) {
    if (pkg.name.trim() === '' || pkg.version.trim() === '') {
      skip(pkg.ecosystem, 'the name or version is empty');
      continue;
    }
    const planned = queriesFor(pkg, inventory.os);
    if ('reason' in planned) {
      skip(pkg.ecosystem, planned.reason);
      continue;
    }
    packages.push({ package: pkg, queries: planned });
    for (const query of planned) queries.set(queryKey(query), query);
  }
  return { packages, queries: [...queries.values()], skipped: [...skipped.values()] };
}
