// What each package-database reader returns, before the inventory adds layers and package URLs.
import type { InstalledPackage } from '../types';

/** One package as a database lists it. */
export type PackageRecord = Omit<InstalledPackage, 'path' | 'layerIndex' | 'purl'>;

/** The packages one version of a database lists, and what went wrong reading it. */
export interface DatabaseContents {
  records: PackageRecord[];
  warnings: string[];
  /** Nothing could be read (not the format expected, or cut short), as opposed to an empty database. */
  unreadable?: boolean;
}

/** A package with the database file and layer it came from; the inventory adds the purl. */
export type LocatedPackage = Omit<InstalledPackage, 'purl'>;

export interface InventoryPart {
  packages: LocatedPackage[];
  warnings: string[];
}

/** The image path as messages show it: absolute, like the user sees it in a container. */
export function shownPath(path: string): string {
  return `/${path}`;
}
