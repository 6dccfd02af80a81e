// A temporary folder for one test file's images and archives, removed when its tests are done.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

export interface ScratchFolder {
  path: string;
  /** A path in the folder that no other call returns: `<n>-<name>`. */
  fresh(name: string): string;
}

export function scratchFolder(prefix: string): ScratchFolder {
  const path = mkdtempSync(join(tmpdir(), `shipshape-${prefix}-`));
  after(() => rmSync(path, { recursive: true, force: true }));
  let counter = 0;
  return { path, fresh: (name) => join(path, `${counter++}-${name}`) };
}
