// The rpm header format (https://rpm-software-management.github.io/rpm/manual/format_v4.html), as rpm
// stores each installed package in its database: a count of index entries and the data store's length
// (big-endian 32-bit), the index entries (tag, type, offset into the data store, count; 16 bytes each),
// then the data store. Package files put an 8-byte magic in front; that is accepted too.

export const RpmTag = {
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  license: 1014,
  arch: 1022,
  sourceRpm: 1044,
} as const;

export const RpmType = {
  null: 0,
  char: 1,
  int8: 2,
  int16: 3,
  int32: 4,
  int64: 5,
  string: 6,
  bin: 7,
  stringArray: 8,
  i18nString: 9,
} as const;

/** rpm's own limits (HEADER_TAGS_MAX, HEADER_DATA_MAX): larger counts mean a corrupt header. */
const MAX_INDEX_ENTRIES = 0xffff;
const MAX_DATA_BYTES = 0x0fffffff;
const MAX_STRING_BYTES = 64 * 1024;
const HEADER_MAGIC = [0x8e, 0xad, 0xe8] as const;
const INDEX_ENTRY_BYTES = 16;

export class RpmHeaderError extends Error {
  override name = 'RpmHeaderError';
}

interface IndexEntry {
  type: number;
  offset: number;
  count: number;
}

export interface RpmHeader {
  entries: Map<number, IndexEntry>;
  data: Uint8Array;
}

export function parseRpmHeader(blob: Uint8Array): RpmHeader {
  const hasMagic = HEADER_MAGIC.every((byte, i) => blob[i] === byte);
  const start = hasMagic ? 8 : 0;
  if (blob.length < start + 8) throw new RpmHeaderError(`the header is ${blob.length} bytes, too short to hold its sizes`);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const indexCount = view.getUint32(start);
  const dataLength = view.getUint32(start + 4);
  if (indexCount === 0 || indexCount > MAX_INDEX_ENTRIES) throw new RpmHeaderError(`the header claims ${indexCount} index entries`);
  if (dataLength > MAX_DATA_BYTES) throw new RpmHeaderError(`the header claims ${dataLength} bytes of data`);
  const indexStart = start + 8;
  const dataStart = indexStart + indexCount * INDEX_ENTRY_BYTES;
  if (dataStart + dataLength > blob.length) {
    throw new RpmHeaderError(`the header needs ${dataStart + dataLength} bytes for ${indexCount} entries and ${dataLength} bytes of data but has ${blob.length}`);
  }
  const entries = new Map<number, IndexEntry>();
  for (let i = 0; i < indexCount; i++) {
    const at = indexStart + i * INDEX_ENTRY_BYTES;
    const tag = view.getInt32(at);
    const type = view.getUint32(at + 4);
    const offset = view.getInt32(at + 8);
    const count = view.getUint32(at + 12);
    if (type > RpmType.i18nString) throw new RpmHeaderError(`tag ${tag} has unknown type ${type}`);
    if (offset < 0 || offset > dataLength) throw new RpmHeaderError(`tag ${tag} points outside the data (offset ${offset}, data ${dataLength} bytes)`);
    if (!entries.has(tag)) entries.set(tag, { type, offset, count });
  }
  return { entries, data: blob.subarray(dataStart, dataStart + dataLength) };
}

/** The value of a string tag (the first one of an array), or undefined when the header lacks the tag. */
export function rpmHeaderString(header: RpmHeader, tag: number): string | undefined {
  const entry = header.entries.get(tag);
  if (entry === undefined) return undefined;
  if (entry.type !== RpmType.string && entry.type !== RpmType.stringArray && entry.type !== RpmType.i18nString) {
    throw new RpmHeaderError(`tag ${tag} should hold a string but has type ${entry.type}`);
  }
  if (entry.count === 0) throw new RpmHeaderError(`tag ${tag} holds no string`);
  const limit = Math.min(header.data.length, entry.offset + MAX_STRING_BYTES);
  const end = header.data.subarray(entry.offset, limit).indexOf(0);
  if (end === -1) throw new RpmHeaderError(`the string of tag ${tag} has no end within the data`);
  return Buffer.from(header.data.subarray(entry.offset, entry.offset + end)).toString('utf8');
}

/** The first value of a 32-bit integer tag, or undefined when the header lacks the tag. */
export function rpmHeaderInt32(header: RpmHeader, tag: number): number | undefined {
  const entry = header.entries.get(tag);
  if (entry === undefined) return undefined;
  if (entry.type !== RpmType.int32) throw new RpmHeaderError(`tag ${tag} should hold a 32-bit integer but has type ${entry.type}`);
  if (entry.count === 0 || entry.offset + 4 > header.data.length) throw new RpmHeaderError(`the integer of tag ${tag} lies outside the data`);
  return new DataView(header.data.buffer, header.data.byteOffset, header.data.byteLength).getUint32(entry.offset);
}
