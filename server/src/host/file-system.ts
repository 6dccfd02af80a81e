// The small slice of the file system the host helpers read through, so tests can hand them an
// in-memory folder tree (with Windows-style paths too) instead of touching the disk.
import type { PlatformPath } from 'node:path';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/config';
import { readRegularText } from './read-file';

export interface HostFileSystem {
  /** The file's text, or undefined when nothing is there (or it is not a file). Throws on other errors. */
  readTextIfExists(path: string): string | undefined;
}

const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

export const nodeFileSystem: HostFileSystem = {
  readTextIfExists(path) {
    try {
      // Configuration and ignore files are small; a link to /dev/zero or a FIFO must not stall the reader.
      return readRegularText(path, DEFAULT_MAX_FILE_SIZE * 1024 * 1024);
    } catch (error) {
      if (ABSENT.has(errorCode(error))) return undefined;
      throw error;
    }
  },
};

export function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
}

/** A one-line description of a file-system error, without the stack. */
export function describeError(error: unknown): string {
  const code = errorCode(error);
  const known: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
    ELOOP: 'too many symbolic links',
    EMFILE: 'too many open files',
    EROFS: 'read-only file system',
  };
  if (known[code]) return known[code];
  return error instanceof Error ? error.message : String(error);
}

/**
 * The nearest thing found walking up from `folder` (that folder first): `lookHere` says what a folder holds.
 * Answers are cached per folder in `cache`, for every folder passed on the way, so walking a tree asks each
 * folder at most once.
 */
export function findUpward<T>(folder: string, cache: Map<string, T | null>, lookHere: (folder: string) => T | undefined, pathApi: PlatformPath): T | null {
  const visited: string[] = [];
  let current = pathApi.resolve(folder);
  let found: T | null = null;
  for (;;) {
    const cached = cache.get(current);
    if (cached !== undefined) {
      found = cached;
      break;
    }
    visited.push(current);
    const here = lookHere(current);
    if (here !== undefined) {
      found = here;
      break;
    }
    const parent = pathApi.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const path of visited) cache.set(path, found);
  return found;
}
