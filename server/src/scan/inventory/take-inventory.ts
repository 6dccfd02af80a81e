// The image's packages: OS packages from the dpkg, apk and rpm databases, language packages from npm and
// Python metadata, each with the layer that installed it and a package URL. Reads only the contents the
// layer reader kept (see INVENTORY_FILES); problems become warnings, never exceptions.
import path from 'node:path';
import type { ImageFile, ImageFiles, InstalledPackage, Inventory, OsIdentity, PackageEcosystem } from '../types';
import { APK_INSTALLED_PATH, parseApkInstalled } from './apk';
import { DPKG_STATUS_PATH, isDpkgStatusDirEntry, parseDpkgStatus, parseDpkgStatusDirEntry } from './dpkg';
import { resolveFile } from './image-file-lookup';
import type { DatabaseParser } from './layer-attribution';
import { readDatabaseWithHistory } from './layer-attribution';
import { readNpmPackages } from './npm';
import { readOsIdentity } from './os-release';
import type { InventoryPart, LocatedPackage } from './package-record';
import { shownPath } from './package-record';
import { packageUrl } from './purl';
import { readPythonPackages } from './python';
import { parseRpmSqlite, RPMDB_SQLITE_PATHS, unreadRpmDatabaseWarnings } from './rpm';

/** Reports and OSV queries stay usable; no real image comes close. */
export const MAX_INVENTORY_PACKAGES = 100_000;

const ECOSYSTEM_ORDER: Record<PackageEcosystem, number> = { deb: 0, apk: 1, rpm: 2, npm: 3, pypi: 4 };
const OS_ECOSYSTEMS = new Set<PackageEcosystem>(['deb', 'apk', 'rpm']);

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePackages(a: LocatedPackage, b: LocatedPackage): number {
  return (
    ECOSYSTEM_ORDER[a.ecosystem] - ECOSYSTEM_ORDER[b.ecosystem] ||
    compareText(a.name, b.name) ||
    compareText(a.version, b.version) ||
    compareText(a.arch ?? '', b.arch ?? '') ||
    compareText(a.path, b.path)
  );
}

/** An OS can install a name once per architecture, so two databases listing it (a migrated rpmdb, status
 * and status.d) list the same package; a language package at another path is another install. */
function identity(pkg: LocatedPackage): string {
  const where = OS_ECOSYSTEMS.has(pkg.ecosystem) ? '' : pkg.path;
  return [pkg.ecosystem, pkg.name, pkg.version, pkg.arch ?? '', where].join('\u0000');
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class InventoryReader {
  readonly parts: InventoryPart[] = [];
  readonly warnings: string[] = [];
  /** Real paths already read, so a database reached through a symlink is not read twice. */
  private readonly read = new Set<string>();

  constructor(private readonly files: ImageFiles) {}

  /** Reads the database at `dbPath` (following links); returns the file read, if any. */
  async database(dbPath: string, parse: DatabaseParser): Promise<ImageFile | undefined> {
    const file = resolveFile(this.files, dbPath);
    if (file === undefined || this.read.has(file.path)) return undefined;
    this.read.add(file.path);
    const content = file.content;
    if (content === undefined) {
      if (file.type === 'file') {
        this.warnings.push(
          `The package database ${shownPath(file.path)} was not read (it is ${megabytes(file.size)}, more than the scan keeps of one file), so its packages are missing from the inventory and from the vulnerability results.`,
        );
      }
      return undefined;
    }
    await this.guard(`the package database ${shownPath(file.path)}`, async () => this.parts.push(await readDatabaseWithHistory(file, content, parse)));
    return file;
  }

  /** A bug in one reader must not cost the rest of the inventory. `what` names what was being read. */
  async guard(what: string, read: () => Promise<unknown> | unknown): Promise<void> {
    try {
      await read();
    } catch (error) {
      this.warnings.push(`Reading ${what} failed unexpectedly (${message(error)}), so the inventory may be incomplete.`);
    }
  }
}

function finish(os: OsIdentity | undefined, reader: InventoryReader): Inventory {
  const seen = new Set<string>();
  const unique: LocatedPackage[] = [];
  for (const pkg of reader.parts.flatMap((part) => part.packages)) {
    const key = identity(pkg);
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(pkg);
  }
  unique.sort(comparePackages);
  const warnings = [...new Set([...reader.warnings, ...reader.parts.flatMap((part) => part.warnings)])];
  if (unique.length > MAX_INVENTORY_PACKAGES) {
    warnings.push(`The image has ${unique.length} packages; only the first ${MAX_INVENTORY_PACKAGES} (OS packages first) are in the inventory and checked for vulnerabilities.`);
  }
  const packages: InstalledPackage[] = unique.slice(0, MAX_INVENTORY_PACKAGES).map((pkg) => ({ ...pkg, purl: packageUrl(pkg, os) }));
  return { ...(os ? { os } : {}), packages, warnings };
}

export async function takeInventory(files: ImageFiles): Promise<Inventory> {
  const reader = new InventoryReader(files);
  let os: OsIdentity | undefined;
  await reader.guard('the OS release files', () => {
    os = readOsIdentity(files);
  });

  await reader.database(DPKG_STATUS_PATH, parseDpkgStatus);
  for (const file of files.files.values()) {
    if (isDpkgStatusDirEntry(file.path)) await reader.database(file.path, parseDpkgStatusDirEntry);
  }
  await reader.database(APK_INSTALLED_PATH, parseApkInstalled);

  const sqliteFolders = new Set<string>();
  for (const dbPath of RPMDB_SQLITE_PATHS) {
    const file = await reader.database(dbPath, parseRpmSqlite);
    if (file) sqliteFolders.add(path.posix.dirname(dbPath)).add(path.posix.dirname(file.path));
  }
  reader.warnings.push(...unreadRpmDatabaseWarnings(files, sqliteFolders));

  await reader.guard('the npm packages', () => reader.parts.push(readNpmPackages(files)));
  await reader.guard('the Python packages', () => reader.parts.push(readPythonPackages(files)));
  return finish(os, reader);
}
