// The file system a kustomize build reads through, on the real disk. Paths reach the engine with `/`
// separators on every platform; Node's fs accepts them on Windows too.
import { statSync } from 'node:fs';
import type { KustomizeFileSystem } from '../engine/languages/kustomize/build';
import { KustomizeError } from '../engine/languages/kustomize/values';
import { describeError, nodeFileSystem } from './file-system';

export const nodeKustomizeFileSystem: KustomizeFileSystem = {
  readFile(path) {
    try {
      return nodeFileSystem.readTextIfExists(path);
    } catch (error) {
      // Permission problems and the like end the build with a message, like a missing file.
      throw new KustomizeError(`cannot read ${path}: ${describeError(error)}`);
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
