// Debian's package database: /var/lib/dpkg/status, one deb822 stanza per package, and on distroless
// images /var/lib/dpkg/status.d/<package>, one file per package (with <package>.md5sums beside it).
import type { DatabaseContents, PackageRecord } from './package-record';
import { shownPath } from './package-record';

export const DPKG_STATUS_PATH = 'var/lib/dpkg/status';
const DPKG_STATUS_DIR = 'var/lib/dpkg/status.d/';

/** Far beyond any real system (a full desktop has about 5,000). */
const MAX_STANZAS = 100_000;

/** A distroless status.d entry: a file directly in the folder, not the md5sums lists beside it. */
export function isDpkgStatusDirEntry(path: string): boolean {
  if (!path.startsWith(DPKG_STATUS_DIR)) return false;
  const name = path.slice(DPKG_STATUS_DIR.length);
  return name !== '' && !name.includes('/') && !name.startsWith('.') && !name.endsWith('.md5sums');
}

/** Fields by lower-case name; only each field's first line is kept, since the fields read are one line long. */
type Stanza = Map<string, string>;

/** Splits deb822 text into stanzas. Continuation lines (starting with a space or tab, like the lines of a
 * Description) are skipped so that a description line such as " Package: x" is never taken for a field. */
function parseStanzas(text: string): { stanzas: Stanza[]; truncated: boolean } {
  const stanzas: Stanza[] = [];
  let current: Stanza = new Map();
  for (const line of text.split('\n')) {
    if (line.trim() === '') {
      if (current.size > 0) {
        if (stanzas.length === MAX_STANZAS) return { stanzas, truncated: true };
        stanzas.push(current);
        current = new Map();
      }
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('\t') || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    if (!current.has(field)) current.set(field, line.slice(colon + 1).trim());
  }
  if (current.size > 0 && stanzas.length < MAX_STANZAS) stanzas.push(current);
  return { stanzas, truncated: false };
}

/** "want flag state": the package is on disk and configured. A held package ("hold ok installed") is installed
 * too; "deinstall ok config-files" and the like leave only configuration files behind. */
function isInstalled(status: string): boolean {
  const [want, flag, state] = status.split(/\s+/);
  return (want === 'install' || want === 'hold') && flag === 'ok' && state === 'installed';
}

const SOURCE = /^([^\s(]+)(?:\s*\(([^\s()]+)\))?$/;
const WORD = /^\S+$/;

/** Reads dpkg status text. Stanzas in /var/lib/dpkg/status always carry a Status field; distroless status.d
 * files may not, and list only what is installed, so `requireStatus` is false for them. */
export function parseDpkgStatus(content: Buffer, path: string, requireStatus = true): DatabaseContents {
  const text = content.toString('utf8');
  const { stanzas, truncated } = parseStanzas(text);
  const records: PackageRecord[] = [];
  let incomplete = 0;
  for (const stanza of stanzas) {
    const status = stanza.get('status');
    if (status === undefined ? requireStatus : !isInstalled(status)) continue;
    const name = stanza.get('package');
    const version = stanza.get('version');
    if (!name || !version || !WORD.test(name) || !WORD.test(version)) {
      incomplete++;
      continue;
    }
    const arch = stanza.get('architecture');
    const source = SOURCE.exec(stanza.get('source') ?? '');
    records.push({
      name,
      version,
      ecosystem: 'deb',
      ...(arch ? { arch } : {}),
      // Without a Source field the source package has the binary package's name and version.
      sourceName: source?.[1] ?? name,
      sourceVersion: source?.[2] ?? version,
    });
  }
  const warnings: string[] = [];
  const unreadable = text.trim() !== '' && !stanzas.some((stanza) => stanza.has('package'));
  if (unreadable) {
    warnings.push(`The dpkg database ${shownPath(path)} holds no package entries that could be read, so its packages are missing from the inventory.`);
  }
  if (incomplete > 0) {
    warnings.push(`${incomplete} installed package${incomplete === 1 ? '' : 's'} in ${shownPath(path)} had no valid name or version and ${incomplete === 1 ? 'was' : 'were'} left out of the inventory.`);
  }
  if (truncated) {
    warnings.push(`The dpkg database ${shownPath(path)} has more than ${MAX_STANZAS} entries; only the first ${MAX_STANZAS} were read.`);
  }
  return { records, warnings, unreadable };
}

export function parseDpkgStatusDirEntry(content: Buffer, path: string): DatabaseContents {
  return parseDpkgStatus(content, path, false);
}
