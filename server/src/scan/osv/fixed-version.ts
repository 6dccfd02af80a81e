// Which `affected` entries of a record are about the queried package, and the lowest version that fixes
// it above the installed one: ranges may list one fix per release line (1.2.5 for 1.x, 2.1.3 for 2.x),
// and the first fix above what is installed is the upgrade to suggest.
import { normalizePypiName } from './ecosystem-mapping';
import type { OsvAffected, OsvQuery, OsvVulnerability } from './osv-schema';
import { baseEcosystem, versionOrderFor } from './version-order';

function sameName(query: OsvQuery, name: string): boolean {
  return baseEcosystem(query.ecosystem) === 'PyPI' ? normalizePypiName(name) === query.name : name === query.name;
}

/** The record's entries for the queried package. A query without a release suffix ("Red Hat") covers
 * every release of the ecosystem ("Red Hat:enterprise_linux:9::baseos"). */
export function affectedEntriesFor(vulnerability: OsvVulnerability, query: OsvQuery): OsvAffected[] {
  return vulnerability.affected.filter((entry) => {
    if (!entry.package || !sameName(query, entry.package.name)) return false;
    const ecosystem = entry.package.ecosystem;
    return ecosystem === query.ecosystem || (!query.ecosystem.includes(':') && baseEcosystem(ecosystem) === query.ecosystem);
  });
}

/** The lowest `fixed` event above `installed` in the ranges of `affected`; undefined when none is known. */
export function lowestFixedVersion(affected: OsvAffected[], installed: string): string | undefined {
  let best: string | undefined;
  for (const entry of affected) {
    const ecosystem = entry.package?.ecosystem ?? '';
    for (const range of entry.ranges) {
      const order = versionOrderFor(ecosystem, range.type);
      if (!order) continue;
      for (const event of range.events) {
        const fixed = event.fixed;
        if (fixed === undefined || !((order(fixed, installed) ?? 0) > 0)) continue;
        if (best === undefined || (order(fixed, best) ?? 0) < 0) best = fixed;
      }
    }
  }
  return best;
}
