// Alpine's package database, /lib/apk/db/installed: one stanza per package, one "K:value" line per field
// (https://wiki.alpinelinux.org/wiki/Apk_spec). P = name, V = version, A = architecture, o = origin
// (the APKBUILD the package was built from, i.e. its source package).
import type { DatabaseContents, PackageRecord } from './package-record';
import { declaredLicense, shownPath } from './package-record';

export const APK_INSTALLED_PATH = 'lib/apk/db/installed';

const MAX_STANZAS = 100_000;
const WORD = /^\S+$/;

export function parseApkInstalled(content: Buffer, path: string): DatabaseContents {
  const text = content.toString('utf8');
  const records: PackageRecord[] = [];
  let incomplete = 0;
  let entries = 0;
  let stanzas = 0;
  let truncated = false;
  let fields = new Map<string, string>();

  const endStanza = (): void => {
    if (fields.size === 0) return;
    stanzas++;
    const name = fields.get('P');
    const version = fields.get('V');
    if (name !== undefined || version !== undefined) {
      entries++;
      if (!name || !version || !WORD.test(name) || !WORD.test(version)) {
        incomplete++;
      } else {
        const arch = fields.get('A');
        const origin = fields.get('o');
        const license = declaredLicense(fields.get('L'));
        records.push({
          name,
          version,
          ecosystem: 'apk',
          ...(arch ? { arch } : {}),
          ...(license ? { license } : {}),
          // Subpackages share their origin's APKBUILD and so its version.
          ...(origin ? { sourceName: origin, sourceVersion: version } : {}),
        });
      }
    }
    fields = new Map();
  };

  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') {
      endStanza();
      continue;
    }
    if (line[1] !== ':') continue;
    if (stanzas >= MAX_STANZAS) {
      truncated = true;
      break;
    }
    const key = line[0]!;
    if (!fields.has(key)) fields.set(key, line.slice(2).trim());
  }
  if (!truncated) endStanza();

  const warnings: string[] = [];
  const unreadable = entries === 0 && text.trim() !== '';
  if (unreadable) {
    warnings.push(`The apk database ${shownPath(path)} holds no package entries that could be read, so its packages are missing from the inventory.`);
  }
  if (incomplete > 0) {
    warnings.push(`${incomplete} package${incomplete === 1 ? '' : 's'} in ${shownPath(path)} had no valid name or version and ${incomplete === 1 ? 'was' : 'were'} left out of the inventory.`);
  }
  if (truncated) {
    warnings.push(`The apk database ${shownPath(path)} has more than ${MAX_STANZAS} entries; only the first ${MAX_STANZAS} were read.`);
  }
  return { records, warnings, unreadable };
}
