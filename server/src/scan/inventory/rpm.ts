// rpm's package database. Current distributions (Fedora 33+, RHEL/Rocky/Alma 9, Amazon Linux 2023,
// openSUSE) keep it in SQLite: a `Packages` table whose rows hold one rpm header blob per package.
// Older ones use BerkeleyDB (RHEL/CentOS 7 and 8, Amazon Linux 2) or ndb (SUSE), which are not read.
import path from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import type { ImageFiles } from '../types';
import type { DatabaseContents, PackageRecord } from './package-record';
import { declaredLicense, shownPath } from './package-record';
import { parseRpmHeader, RpmHeaderError, rpmHeaderInt32, rpmHeaderString, RpmTag } from './rpm-header';

export const RPMDB_SQLITE_PATHS = ['var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/rpmdb.sqlite'] as const;

const RPMDB_UNREAD_FORMATS: Array<{ path: string; format: string }> = [
  { path: 'var/lib/rpm/Packages', format: 'BerkeleyDB' },
  { path: 'usr/lib/sysimage/rpm/Packages', format: 'BerkeleyDB' },
  { path: 'var/lib/rpm/Packages.db', format: 'ndb' },
  { path: 'usr/lib/sysimage/rpm/Packages.db', format: 'ndb' },
];

/** A distribution installs a few thousand packages at most. */
const MAX_RPM_PACKAGES = 50_000;
/** Header problems quoted in the warning; the rest are only counted. */
const MAX_QUOTED_PROBLEMS = 3;

let sqlJs: Promise<SqlJsStatic> | undefined;

/**
 * sql.js is 700 KB of WebAssembly; it is loaded the first time an image has an rpm database. sql.js reads
 * `sql-wasm.wasm` from the folder of the script that holds it: node_modules/sql.js/dist from source, and
 * from the bundles' own folder once bundled (esbuild.mjs copies the file beside them), so starting a bundle
 * never parses it.
 */
function loadSqlJs(): Promise<SqlJsStatic> {
  sqlJs ??= import('sql.js').then((module) => module.default());
  return sqlJs;
}

/** "glibc-2.34-60.el9.src.rpm" → glibc, 2.34-60.el9: name, version and release are split at the last two dashes. */
export function parseSourceRpm(sourceRpm: string): { name: string; version: string } | undefined {
  const match = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(sourceRpm);
  return match ? { name: match[1]!, version: `${match[2]!}-${match[3]!}` } : undefined;
}

/** A package from its header; undefined for the entries that are not packages (imported signing keys). */
export function rpmPackageRecord(blob: Uint8Array): PackageRecord | undefined {
  const header = parseRpmHeader(blob);
  const name = rpmHeaderString(header, RpmTag.name);
  const version = rpmHeaderString(header, RpmTag.version);
  const release = rpmHeaderString(header, RpmTag.release);
  if (!name || !version || !release) throw new RpmHeaderError('the header has no name, version or release');
  // `rpm --import` records each trusted signing key as a pseudo-package "gpg-pubkey"; it installs nothing.
  if (name === 'gpg-pubkey') return undefined;
  const epoch = rpmHeaderInt32(header, RpmTag.epoch);
  const arch = rpmHeaderString(header, RpmTag.arch);
  const license = declaredLicense(rpmHeaderString(header, RpmTag.license));
  const source = parseSourceRpm(rpmHeaderString(header, RpmTag.sourceRpm) ?? '');
  return {
    name,
    // An absent epoch and epoch 0 compare the same, so only a real epoch is written.
    version: `${epoch ? `${epoch}:` : ''}${version}-${release}`,
    ecosystem: 'rpm',
    ...(arch ? { arch } : {}),
    ...(license ? { license } : {}),
    ...(source ? { sourceName: source.name, sourceVersion: `${epoch ? `${epoch}:` : ''}${source.version}` } : {}),
  };
}

function readPackagesTable(database: Database, dbPath: string): DatabaseContents {
  const records: PackageRecord[] = [];
  const problems: string[] = [];
  let problemCount = 0;
  let rows = 0;
  const statement = database.prepare('SELECT hnum, blob FROM Packages ORDER BY hnum');
  try {
    while (statement.step()) {
      if (++rows > MAX_RPM_PACKAGES) break;
      const [hnum, blob] = statement.get();
      try {
        if (!(blob instanceof Uint8Array)) throw new RpmHeaderError('the row holds no header');
        const record = rpmPackageRecord(blob);
        if (record) records.push(record);
      } catch (error) {
        if (!(error instanceof RpmHeaderError)) throw error;
        if (++problemCount <= MAX_QUOTED_PROBLEMS) problems.push(`package ${String(hnum)}: ${error.message}`);
      }
    }
  } finally {
    statement.free();
  }
  const warnings: string[] = [];
  if (problemCount > 0) {
    warnings.push(
      `${problemCount} package header${problemCount === 1 ? '' : 's'} in the rpm database ${shownPath(dbPath)} could not be read (${problems.join('; ')}${problemCount > problems.length ? '; …' : ''}). Those packages are missing from the inventory, so their vulnerabilities cannot be reported.`,
    );
  }
  if (rows > MAX_RPM_PACKAGES) {
    warnings.push(`The rpm database ${shownPath(dbPath)} lists more than ${MAX_RPM_PACKAGES} packages; only the first ${MAX_RPM_PACKAGES} are in the inventory.`);
  }
  return { records, warnings, unreadable: rows > 0 && problemCount === rows };
}

function sqliteMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function parseRpmSqlite(content: Buffer, dbPath: string): Promise<DatabaseContents> {
  let SQL: SqlJsStatic;
  try {
    SQL = await loadSqlJs();
  } catch (error) {
    return {
      records: [],
      warnings: [`The rpm database ${shownPath(dbPath)} was not read because the SQLite reader failed to start (${sqliteMessage(error)}). Its packages are missing from the inventory.`],
      unreadable: true,
    };
  }
  let database: Database | undefined;
  try {
    database = new SQL.Database(content);
    return readPackagesTable(database, dbPath);
  } catch (error) {
    return {
      records: [],
      warnings: [
        `The rpm database ${shownPath(dbPath)} could not be read (${sqliteMessage(error)}). Its packages are missing from the inventory, so their vulnerabilities cannot be reported.`,
      ],
      unreadable: true,
    };
  } finally {
    database?.close();
  }
}

/** Warnings for rpm databases in formats that are not read, unless a SQLite database in the same folder was
 * (a migrated database can leave the old file behind). */
export function unreadRpmDatabaseWarnings(files: ImageFiles, sqliteFoldersRead: Set<string>): string[] {
  const warnings: string[] = [];
  for (const { path: dbPath, format } of RPMDB_UNREAD_FORMATS) {
    if (!files.files.has(dbPath) || sqliteFoldersRead.has(path.posix.dirname(dbPath))) continue;
    warnings.push(
      `The rpm database ${shownPath(dbPath)} is in the ${format} format, which Shipshape does not read, so this image's rpm packages are missing from the inventory and their vulnerabilities are not reported. Only SQLite rpm databases are read (RHEL 9, Fedora 33, Amazon Linux 2023 and later).`,
    );
  }
  return warnings;
}
