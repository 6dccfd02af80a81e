// The image's operating system, from os-release (https://www.freedesktop.org/software/systemd/man/os-release.html)
// or, for images without one, the distribution's own release file.
import type { ImageFiles, OsIdentity } from '../types';
import { resolveFile } from './image-file-lookup';

/** Read in this order: /etc/os-release takes precedence over /usr/lib/os-release, as the spec says. */
export const OS_RELEASE_PATHS = ['etc/os-release', 'usr/lib/os-release'] as const;
export const RELEASE_FILE_PATHS = ['etc/alpine-release', 'etc/redhat-release', 'etc/debian_version'] as const;

/** os-release files are a few hundred bytes; anything far larger is not one. */
export const MAX_RELEASE_FILE_BYTES = 64 * 1024;

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/;

/** Reads a value the way a shell would: double quotes take backslash escapes, single quotes take none,
 * and an unquoted value ends at whitespace (where a trailing comment may start). */
function shellValue(raw: string): string {
  const quote = raw[0];
  if (quote === "'") {
    const end = raw.indexOf("'", 1);
    return end === -1 ? raw.slice(1) : raw.slice(1, end);
  }
  let value = '';
  let i = quote === '"' ? 1 : 0;
  for (; i < raw.length; i++) {
    const char = raw[i]!;
    if (char === '\\' && i + 1 < raw.length) {
      value += raw[++i];
    } else if (quote === '"' ? char === '"' : /\s/.test(char)) {
      break;
    } else {
      value += char;
    }
  }
  return value;
}

export function parseOsRelease(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const match = ASSIGNMENT.exec(trimmed);
    if (match) values.set(match[1]!, shellValue(match[2]!));
  }
  return values;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function identityFromOsRelease(values: Map<string, string>, path: string): OsIdentity | undefined {
  const id = nonEmpty(values.get('ID'))?.toLowerCase();
  if (id === undefined) return undefined;
  const idLike = nonEmpty(values.get('ID_LIKE'))?.toLowerCase().split(/\s+/).filter((word) => word !== '');
  return {
    id,
    versionId: nonEmpty(values.get('VERSION_ID')),
    versionCodename: nonEmpty(values.get('VERSION_CODENAME')),
    prettyName: nonEmpty(values.get('PRETTY_NAME')),
    idLike: idLike !== undefined && idLike.length > 0 ? idLike : undefined,
    path,
  };
}

/** Drops fields that were not given, so identities compare and serialise without `undefined` holes. */
function withoutUndefined(identity: OsIdentity): OsIdentity {
  return Object.fromEntries(Object.entries(identity).filter(([, value]) => value !== undefined)) as OsIdentity;
}

/** "Rocky Linux release 8.9 (Green Obsidian)" names the distribution the way os-release's ID would. */
const RED_HAT_FAMILY: Array<{ name: RegExp; id: string; majorOnly: boolean }> = [
  { name: /^centos/i, id: 'centos', majorOnly: true },
  { name: /^red hat enterprise linux/i, id: 'rhel', majorOnly: false },
  { name: /^rocky linux/i, id: 'rocky', majorOnly: false },
  { name: /^almalinux/i, id: 'almalinux', majorOnly: false },
  { name: /^oracle linux/i, id: 'ol', majorOnly: false },
  { name: /^fedora/i, id: 'fedora', majorOnly: true },
  { name: /^amazon linux/i, id: 'amzn', majorOnly: true },
];

function identityFromRedhatRelease(text: string, path: string): OsIdentity | undefined {
  const line = text.split(/\r?\n/)[0]?.trim() ?? '';
  const match = /^(.*?)\s+release\s+(\d+(?:\.\d+)*)/i.exec(line);
  if (!match) return undefined;
  const family = RED_HAT_FAMILY.find((candidate) => candidate.name.test(match[1]!));
  const parts = match[2]!.split('.');
  const versionId = family?.majorOnly ? parts[0]! : parts.slice(0, 2).join('.');
  const id = family?.id ?? match[1]!.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  if (id === '') return undefined;
  return withoutUndefined({ id, versionId, prettyName: line, idLike: family === undefined ? ['rhel', 'fedora'] : undefined, path });
}

function identityFromDebianVersion(text: string, path: string): OsIdentity | undefined {
  const line = text.split(/\r?\n/)[0]?.trim() ?? '';
  const numbered = /^(\d+)(?:\.\d+)*$/.exec(line);
  if (numbered) return { id: 'debian', versionId: numbered[1]!, prettyName: `Debian GNU/Linux ${line}`, path };
  // Testing and unstable say "trixie/sid": the name of the coming release, not a version.
  const named = /^([a-z]+)\/sid$/.exec(line);
  if (named) return { id: 'debian', versionCodename: named[1]!, prettyName: `Debian GNU/Linux ${line}`, path };
  return undefined;
}

function identityFromAlpineRelease(text: string, path: string): OsIdentity | undefined {
  const line = text.split(/\r?\n/)[0]?.trim() ?? '';
  if (!/^\d+\.\d+[\w.-]*$/.test(line)) return undefined;
  return { id: 'alpine', versionId: line, prettyName: `Alpine Linux v${line}`, path };
}

const RELEASE_FILE_READERS: Record<(typeof RELEASE_FILE_PATHS)[number], (text: string, path: string) => OsIdentity | undefined> = {
  'etc/alpine-release': identityFromAlpineRelease,
  'etc/redhat-release': identityFromRedhatRelease,
  'etc/debian_version': identityFromDebianVersion,
};

function text(content: Buffer): string {
  return content.subarray(0, MAX_RELEASE_FILE_BYTES).toString('utf8').replace(/^\uFEFF/, '');
}

export function readOsIdentity(files: ImageFiles): OsIdentity | undefined {
  let osReleasePath: string | undefined;
  for (const path of OS_RELEASE_PATHS) {
    const content = resolveFile(files, path)?.content;
    if (content === undefined) continue;
    const identity = identityFromOsRelease(parseOsRelease(text(content)), path);
    if (identity) return withoutUndefined(identity);
    osReleasePath ??= path;
  }
  for (const path of RELEASE_FILE_PATHS) {
    const content = resolveFile(files, path)?.content;
    const identity = content === undefined ? undefined : RELEASE_FILE_READERS[path](text(content), path);
    if (identity) return identity;
  }
  // os-release says a missing ID means "linux".
  return osReleasePath === undefined ? undefined : { id: 'linux', path: osReleasePath };
}
