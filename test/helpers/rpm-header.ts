// A tiny encoder of rpm headers, the blobs rpm keeps per installed package in its database
// (https://rpm-software-management.github.io/rpm/manual/format_v4.html): entry count and data length,
// 16-byte index entries (tag, type, offset, count), then the data store, all big-endian.
import initSqlJs from 'sql.js';
import { RpmTag, RpmType } from '../../server/src/scan/inventory/rpm-header';

export interface RpmHeaderEntry {
  tag: number;
  type: number;
  count: number;
  data: Buffer;
  /** Byte alignment rpm gives values of this type in the data store. */
  align: number;
}

export function stringEntry(tag: number, value: string): RpmHeaderEntry {
  return { tag, type: RpmType.string, count: 1, data: Buffer.from(`${value}\0`), align: 1 };
}

export function int32Entry(tag: number, ...values: number[]): RpmHeaderEntry {
  const data = Buffer.alloc(4 * values.length);
  values.forEach((value, i) => data.writeUInt32BE(value, 4 * i));
  return { tag, type: RpmType.int32, count: values.length, data, align: 4 };
}

export function binEntry(tag: number, data: Buffer): RpmHeaderEntry {
  return { tag, type: RpmType.bin, count: data.length, data, align: 1 };
}

const HEADER_IMMUTABLE = 63;

/** Encodes entries the way rpm exports a header: sorted by tag, values aligned, and (like every header rpm
 * writes to its database) opened by an immutable-region entry whose 16-byte trailer ends the data. */
export function encodeRpmHeader(entries: RpmHeaderEntry[], options: { magic?: boolean; region?: boolean } = {}): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const chunks: Buffer[] = [];
  let length = 0;
  const offsets: number[] = [];
  for (const entry of sorted) {
    const padding = (entry.align - (length % entry.align)) % entry.align;
    if (padding > 0) chunks.push(Buffer.alloc(padding));
    length += padding;
    offsets.push(length);
    chunks.push(entry.data);
    length += entry.data.length;
  }
  const region = options.region ?? true;
  const indexCount = sorted.length + (region ? 1 : 0);
  const index: Buffer[] = [];
  if (region) {
    const padding = (4 - (length % 4)) % 4;
    chunks.push(Buffer.alloc(padding));
    length += padding;
    const trailer = Buffer.alloc(16);
    trailer.writeInt32BE(HEADER_IMMUTABLE, 0);
    trailer.writeUInt32BE(RpmType.bin, 4);
    trailer.writeInt32BE(-indexCount * 16, 8);
    trailer.writeUInt32BE(16, 12);
    index.push(indexEntry(HEADER_IMMUTABLE, RpmType.bin, length, 16));
    chunks.push(trailer);
    length += 16;
  }
  sorted.forEach((entry, i) => index.push(indexEntry(entry.tag, entry.type, offsets[i]!, entry.count)));
  const sizes = Buffer.alloc(8);
  sizes.writeUInt32BE(indexCount, 0);
  sizes.writeUInt32BE(length, 4);
  const magic = options.magic ? [Buffer.from([0x8e, 0xad, 0xe8, 0x01, 0, 0, 0, 0])] : [];
  return Buffer.concat([...magic, sizes, ...index, ...chunks]);
}

function indexEntry(tag: number, type: number, offset: number, count: number): Buffer {
  const entry = Buffer.alloc(16);
  entry.writeInt32BE(tag, 0);
  entry.writeUInt32BE(type, 4);
  entry.writeInt32BE(offset, 8);
  entry.writeUInt32BE(count, 12);
  return entry;
}

export interface RpmTestPackage {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  sourceRpm?: string;
}

export function rpmPackageHeader(pkg: RpmTestPackage): Buffer {
  const entries = [stringEntry(RpmTag.name, pkg.name), stringEntry(RpmTag.version, pkg.version), stringEntry(RpmTag.release, pkg.release)];
  if (pkg.epoch !== undefined) entries.push(int32Entry(RpmTag.epoch, pkg.epoch));
  if (pkg.arch !== undefined) entries.push(stringEntry(RpmTag.arch, pkg.arch));
  if (pkg.sourceRpm !== undefined) entries.push(stringEntry(RpmTag.sourceRpm, pkg.sourceRpm));
  // A summary in between, as real headers have many tags the inventory does not read.
  entries.push(stringEntry(1004, `${pkg.name} package`));
  return encodeRpmHeader(entries);
}

/** A database the way rpm's SQLite backend lays it out: one header blob per row of `Packages`. */
export async function rpmSqliteDatabase(blobs: Uint8Array[]): Promise<Buffer> {
  const SQL = await initSqlJs();
  const database = new SQL.Database();
  try {
    database.run('CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)');
    for (const blob of blobs) database.run('INSERT INTO Packages (blob) VALUES (?)', [blob]);
    return Buffer.from(database.export());
  } finally {
    database.close();
  }
}
