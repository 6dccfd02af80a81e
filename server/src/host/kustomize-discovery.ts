// Finds the folders holding a kustomization under the folders a user names, so `shipshape lint DIR` can
// lint each kustomization's build instead of its files one by one.
import { readdirSync, statSync } from 'node:fs';
import nodePath from 'node:path';
import { KUSTOMIZATION_FILE_NAMES } from '../engine/languages/kustomize/build';
import { SKIPPED_FOLDERS } from './discover';

const MAX_DEPTH = 40;

/** Absolute folders (sorted) under the folder arguments that hold a kustomization file; files are ignored. */
export function findKustomizationFolders(paths: readonly string[], cwd: string, isExcluded: (folder: string) => boolean = () => false): string[] {
  const found = new Set<string>();
  const walk = (folder: string, depth: number): void => {
    if (depth > MAX_DEPTH || isExcluded(folder)) return;
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((entry) => entry.isFile() && (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(entry.name))) found.add(folder);
    for (const entry of entries) {
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) walk(nodePath.join(folder, entry.name), depth + 1);
    }
  };
  for (const path of paths) {
    const absolute = nodePath.resolve(cwd, path);
    try {
      if (statSync(absolute).isDirectory()) walk(absolute, 0);
    } catch {
      // Missing paths are reported by the file discovery.
    }
  }
  return [...found].sort();
}
