// What each package-database reader returns, before the inventory adds layers and package URLs, and the
// reading of the ecosystems that keep one manifest file per installed package (npm, Python).
import type { ImageFiles, InstalledPackage } from '../types';

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

const MAX_LICENSE_CHARS = 200;

/** A database's licence field as reports carry it: trimmed, and left out when empty, a placeholder
 * ("UNKNOWN") or so long that it is the licence text rather than its name. */
export function declaredLicense(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || text.length > MAX_LICENSE_CHARS || /[\r\n]/.test(text) || /^(unknown|none|n\/a)$/i.test(text)) return undefined;
  return text;
}

/** The image path as messages show it: absolute, like the user sees it in a container. */
export function shownPath(path: string): string {
  return `/${path}`;
}

/** How to find the packages of a language ecosystem that keeps one manifest file per installed package. */
export interface ManifestReader {
  /** Names the packages in the warning about too many: "npm", "Python". */
  ecosystem: string;
  max: number;
  isManifestPath(path: string): boolean;
  /** Undefined for a file that describes no installed package. */
  parse(content: Buffer): PackageRecord | undefined;
}

/** Every package whose manifest was read, in file order, up to `max`. */
export function readManifestPackages(files: ImageFiles, reader: ManifestReader): InventoryPart {
  const packages: LocatedPackage[] = [];
  for (const file of files.files.values()) {
    if (file.content === undefined || !reader.isManifestPath(file.path)) continue;
    const record = reader.parse(file.content);
    if (record === undefined) continue;
    if (packages.length === reader.max) {
      return { packages, warnings: [`The image has more than ${reader.max} ${reader.ecosystem} packages; only the first ${reader.max} are in the inventory.`] };
    }
    packages.push({ ...record, path: file.path, layerIndex: file.layerIndex });
  }
  return { packages, warnings: [] };
}
