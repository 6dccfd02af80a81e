// Reading a file the user did not vouch for: only regular files, only up to a size limit, and never waiting on
// a FIFO. A symbolic link named `Dockerfile` can point at /dev/zero (endless) or a named pipe (blocks forever
// on read); either would stop a whole run, so such files are skipped with a reason instead.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

export function megabytes(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MB`;
}

/** A file that was deliberately not read: not a regular file, or over the size limit. */
export class FileSkipped extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'FileSkipped';
  }
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The bytes of a regular file of at most `maxBytes` (or, with `prefixOfLarger`, the first `maxBytes` bytes of a
 * larger one). Throws FileSkipped for anything else (symbolic links are
 * followed, so a link to /dev/zero is a character device), and the usual errors for missing or unreadable
 * files. Opening does not block on a FIFO: the file is opened non-blocking and checked before any read.
 */
export function readRegularFile(path: string, maxBytes: number, options: { prefixOfLarger?: boolean } = {}): Buffer {
  // O_NONBLOCK does not exist on Windows, where opening a named pipe by path does not block either.
  const descriptor = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) throw new FileSkipped(`it is ${kindOf(stats)}, not a regular file`);
    const prefix = options.prefixOfLarger === true;
    if (stats.size > maxBytes && !prefix) throw tooLarge(stats.size, maxBytes);
    // Read to the end, but never past the limit: the file may grow while it is read.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(Math.max(stats.size - total, 64 * 1024), maxBytes + (prefix ? 0 : 1) - total));
      if (chunk.length === 0) throw tooLarge(total, maxBytes);
      if (prefix && total === maxBytes) break;
      const read = readSync(descriptor, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(read === chunk.length ? chunk : chunk.subarray(0, read));
      total += read;
      if (total > maxBytes && !prefix) throw tooLarge(total, maxBytes);
    }
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  } finally {
    closeSync(descriptor);
  }
}

function tooLarge(size: number, maxBytes: number): FileSkipped {
  return new FileSkipped(`it is larger (${megabytes(size)}) than the ${megabytes(maxBytes)} limit; raise it with maxFileSize in .shipshape.yaml or --max-file-size`);
}

/** The text of a regular file of at most `maxBytes`, decoded as UTF-8 (see readRegularFile). */
export function readRegularText(path: string, maxBytes: number): string {
  return readRegularFile(path, maxBytes).toString('utf8');
}
