// Writing what a fix run produced: the fixed text, and the files fixes create beside the linted one.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import nodePath from 'node:path';
import type { FileCreation } from '../engine/types';
import { relativeInside } from './discover';
import { errorCode } from './file-system';

export interface CreatedFiles {
  /** Absolute paths of the files written. */
  created: string[];
  /** Files that already existed (left alone) or would land outside the linted file's folder. */
  skipped: string[];
  errors: Array<{ path: string; error: unknown }>;
}

/**
 * Creates the files fixes ask for (`Fix.createFiles`) relative to the linted file's folder, never over
 * an existing file and never outside that folder.
 */
export function createFixFiles(lintedFile: string, creations: readonly FileCreation[]): CreatedFiles {
  const folder = nodePath.dirname(lintedFile);
  const result: CreatedFiles = { created: [], skipped: [], errors: [] };
  for (const creation of creations) {
    const target = nodePath.resolve(folder, ...creation.relativePath.split('/'));
    if (relativeInside(folder, target) === undefined || existsSync(target)) {
      result.skipped.push(target);
      continue;
    }
    try {
      mkdirSync(nodePath.dirname(target), { recursive: true });
      writeFileSync(target, creation.text, { flag: 'wx' });
      result.created.push(target);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') result.skipped.push(target);
      else result.errors.push({ path: target, error });
    }
  }
  return result;
}
