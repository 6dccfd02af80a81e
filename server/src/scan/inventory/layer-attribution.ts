// Which layer added each package at its current version. The layer that last wrote a package database
// is usually just the last `apt-get install`, so the database's earlier versions are compared: a package
// belongs to the earliest layer from which on every version of the database lists it at the same version.
import type { ImageFile } from '../types';
import type { DatabaseContents, InventoryPart, LocatedPackage, PackageRecord } from './package-record';
import { shownPath } from './package-record';

/** Each earlier version is parsed in full; past this many, packages older than the window are attributed
 * to the oldest version looked at, which keeps a 100-layer image from costing 100 database reads. */
export const MAX_DATABASE_VERSIONS = 48;

export type DatabaseParser = (content: Buffer, path: string) => Promise<DatabaseContents> | DatabaseContents;

/** Packages of the same name may be installed once per architecture (multiarch, multilib). */
function recordKey(record: PackageRecord): string {
  return `${record.name}\u0000${record.arch ?? ''}`;
}

function versionsByKey(records: PackageRecord[]): Map<string, Set<string>> {
  const listed = new Map<string, Set<string>>();
  for (const record of records) {
    const key = recordKey(record);
    const versions = listed.get(key) ?? new Set<string>();
    versions.add(record.version);
    listed.set(key, versions);
  }
  return listed;
}

/** Reads the final version of a package database (`content`) and attributes each package to a layer
 * using the earlier versions the layer reader kept in `file.history`. */
export async function readDatabaseWithHistory(file: ImageFile, content: Buffer, parse: DatabaseParser): Promise<InventoryPart> {
  const current = await parse(content, file.path);
  const packages: LocatedPackage[] = current.records.map((record) => ({ ...record, path: file.path, layerIndex: file.layerIndex }));
  const warnings = [...current.warnings];
  // A version from the final layer itself (the reader may list it) cannot move a package to another layer.
  const allEarlier = (file.history ?? []).filter((version) => version.layerIndex < file.layerIndex).sort((a, b) => a.layerIndex - b.layerIndex);
  const earlier = allEarlier.slice(Math.max(0, allEarlier.length - MAX_DATABASE_VERSIONS));
  let pending = packages;
  for (let i = earlier.length - 1; i >= 0 && pending.length > 0; i--) {
    const version = earlier[i]!;
    const contents = await parse(version.content, file.path);
    if (contents.unreadable) {
      warnings.push(
        `An earlier version of ${shownPath(file.path)} could not be read, so some of its packages may be shown in a later layer than the one that installed them.`,
      );
      break;
    }
    const listed = versionsByKey(contents.records);
    const stillListed: LocatedPackage[] = [];
    for (const pkg of pending) {
      if (!listed.get(recordKey(pkg))?.has(pkg.version)) continue;
      pkg.layerIndex = version.layerIndex;
      stillListed.push(pkg);
    }
    pending = stillListed;
  }
  return { packages, warnings };
}
