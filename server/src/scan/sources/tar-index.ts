// Where each member of an uncompressed tar file starts and how long it is, found by reading only the
// 512-byte headers and seeking over the data. A `docker save` archive can be gigabytes, and a layer is
// then streamed straight out of it by offset, without reading the rest of the archive again.
import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { cleanPath } from '../../engine/languages/dockerfile/dockerignore';
import { parentPath, joinPath } from '../layers/layer-path';

export interface TarMember {
  /** Normalised path ("manifest.json", "blobs/sha256/…"). */
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  /** Byte offset of the member's data in the tar file. */
  offset: number;
  size: number;
  linkname?: string;
}

/** Why a file could not be indexed; `notTar` means its very first header is not a tar header. */
export class TarIndexError extends Error {
  constructor(
    message: string,
    readonly notTar = false,
  ) {
    super(message);
  }
}

const BLOCK = 512;
const MAX_MEMBERS = 1_000_000;
const MAX_EXTENDED_HEADER = 1024 * 1024;
const MAX_LINK_HOPS = 16;

function field(header: Buffer, start: number, length: number): string {
  const bytes = header.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

function numberField(header: Buffer, start: number, length: number): number {
  const bytes = header.subarray(start, start + length);
  if (bytes[0] !== undefined && bytes[0] & 0x80) {
    // GNU base-256 form for sizes of 8 GiB and more.
    let value = bytes[0] & 0x7f;
    for (const byte of bytes.subarray(1)) value = value * 256 + byte;
    return value;
  }
  const text = bytes.toString('latin1').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : Number.parseInt(text, 8);
}

function checksumMatches(header: Buffer): boolean {
  const stored = numberField(header, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let rest = data;
  while (rest.length > 0) {
    const space = rest.indexOf(0x20);
    const length = Number.parseInt(rest.subarray(0, space).toString('latin1'), 10);
    if (space <= 0 || !(length > space) || length > rest.length) break;
    const record = rest.subarray(space + 1, length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    rest = rest.subarray(length);
  }
  return records;
}

const TYPES: Record<string, TarMember['type']> = { '0': 'file', '\0': 'file', '7': 'file', '5': 'directory', '2': 'symlink', '1': 'hardlink' };

export class TarIndex {
  private constructor(
    readonly path: string,
    private readonly members: Map<string, TarMember>,
  ) {}

  /** Reads the headers of the tar at `path`. Fails with TarIndexError when it is not a tar or is cut short. */
  static async read(path: string, signal?: AbortSignal): Promise<TarIndex> {
    const handle = await open(path, 'r');
    try {
      const { size: fileSize } = await handle.stat();
      return new TarIndex(path, await readMembers(handle, fileSize, signal));
    } finally {
      await handle.close();
    }
  }

  names(): string[] {
    return [...this.members.keys()];
  }

  /** The regular file at `name`, following symbolic and hard links inside the archive (legacy `docker
   * save` links a repeated layer's layer.tar to the first copy). */
  file(name: string): TarMember | undefined {
    let member = this.members.get(cleanPath(name));
    for (let hops = 0; member && member.type !== 'file' && hops < MAX_LINK_HOPS; hops++) {
      if (member.type === 'symlink' && member.linkname !== undefined) {
        const target = member.linkname.startsWith('/') ? member.linkname : joinPath(parentPath(member.name), member.linkname);
        member = this.members.get(cleanPath(target));
      } else if (member.type === 'hardlink' && member.linkname !== undefined) {
        member = this.members.get(cleanPath(member.linkname));
      } else {
        return undefined;
      }
    }
    return member?.type === 'file' ? member : undefined;
  }

  async readFile(member: TarMember): Promise<Buffer> {
    const handle = await open(this.path, 'r');
    try {
      const buffer = Buffer.alloc(member.size);
      const { bytesRead } = await handle.read(buffer, 0, member.size, member.offset);
      if (bytesRead !== member.size) throw new TarIndexError(`${member.name} ends early: the archive changed or was cut short`);
      return buffer;
    } finally {
      await handle.close();
    }
  }

  openFile(member: TarMember): Readable {
    if (member.size === 0) return Readable.from([]);
    return createReadStream(this.path, { start: member.offset, end: member.offset + member.size - 1 });
  }
}

async function readMembers(handle: FileHandle, fileSize: number, signal: AbortSignal | undefined): Promise<Map<string, TarMember>> {
  const members = new Map<string, TarMember>();
  const header = Buffer.alloc(BLOCK);
  let position = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax = new Map<string, string>();
  for (;;) {
    signal?.throwIfAborted();
    const { bytesRead } = await handle.read(header, 0, BLOCK, position);
    if (bytesRead === 0 && position > 0) break;
    if (bytesRead < BLOCK) {
      throw new TarIndexError(position === 0 ? 'it is too short to be a tar archive' : `it is cut short at byte ${position}`, position === 0);
    }
    if (header.every((byte) => byte === 0)) {
      if (position === 0) throw new TarIndexError('it starts with an empty block, not a tar header', true);
      break;
    }
    if (!checksumMatches(header)) {
      throw new TarIndexError(
        position === 0 ? 'its first block is not a tar header' : `the tar header at byte ${position} is damaged (bad checksum)`,
        position === 0,
      );
    }
    const typeFlag = String.fromCharCode(header[156] ?? 0);
    let size = numberField(header, 124, 12);
    if (pax.has('size')) size = Number.parseInt(pax.get('size') ?? '', 10);
    const offset = position + BLOCK;
    if (!Number.isSafeInteger(size) || size < 0 || offset + size > fileSize) {
      throw new TarIndexError(`it is cut short: the member at byte ${position} needs ${size} bytes beyond the end of the file`);
    }
    position = offset + Math.ceil(size / BLOCK) * BLOCK;

    if (typeFlag === 'x' || typeFlag === 'g' || typeFlag === 'L' || typeFlag === 'K') {
      if (size > MAX_EXTENDED_HEADER) throw new TarIndexError(`the extended header at byte ${offset - BLOCK} is too large (${size} bytes)`);
      const data = Buffer.alloc(size);
      await handle.read(data, 0, size, offset);
      // Global PAX headers set defaults Shipshape does not need; only per-member names and sizes matter.
      if (typeFlag === 'x') pax = paxRecords(data);
      if (typeFlag === 'L') longName = field(data, 0, data.length);
      if (typeFlag === 'K') longLink = field(data, 0, data.length);
      continue;
    }

    const magic = header.subarray(257, 262).toString('latin1');
    const prefix = magic === 'ustar' ? field(header, 345, 155) : '';
    const rawName = pax.get('path') ?? longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    const linkname = pax.get('linkpath') ?? longLink ?? field(header, 157, 100);
    pax = new Map();
    longName = undefined;
    longLink = undefined;

    const name = cleanPath(rawName);
    const type = rawName.endsWith('/') && typeFlag === '0' ? 'directory' : (TYPES[typeFlag] ?? 'other');
    members.set(name, { name, type, offset, size, ...(linkname ? { linkname } : {}) });
    if (members.size > MAX_MEMBERS) throw new TarIndexError(`it has more than ${MAX_MEMBERS} members, more than any image archive`);
  }
  return members;
}
