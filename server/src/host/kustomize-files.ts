// The file system a kustomize build reads through, on the real disk. Paths reach the engine with `/`
// separators on every platform; Node's fs accepts them on Windows too.
import { readFileSync, statSync } from 'node:fs';
import type { KustomizeFileSystem } from '../engine/languages/kustomize/build';
import { errorCode } from './file-system';

const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

export const nodeKustomizeFileSystem: KustomizeFileSystem = {
  readFile(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      if (ABSENT.has(errorCode(error))) return undefined;
      throw error;
    }
  },
  isDirectory(path) {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  },
};

/** A path as the build sees it: `/` separators. */
export function toBuildPath(path: string): string {
  return path.replace(/\\/g, '/');
}
