// Reads a chart folder from disk into the in-memory file list the Helm renderer works on. Symbolic links
// are followed only inside the chart; files over the size limit are skipped (templates never need them).
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { ChartFiles } from '../engine/languages/helm/chart';

const MAX_FILE_BYTES = 32 * 1024 * 1024;
const MAX_FILES = 20_000;

/** All files of a chart folder by `/`-separated relative path; `overlay` replaces file contents (editor buffers). */
export function readChartFolder(folder: string, overlay?: ReadonlyMap<string, string>): ChartFiles {
  const files: ChartFiles = new Map();
  const root = realpathSync(folder);
  const walk = (dir: string, depth: number) => {
    if (depth > 30 || files.size > MAX_FILES) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(full);
        } catch {
          continue;
        }
        if (target !== root && !target.startsWith(root + sep)) continue;
        const stat = statSync(target);
        isDir = stat.isDirectory();
        isFile = stat.isFile();
      }
      if (isDir) {
        if (entry.name === '.git') continue;
        walk(full, depth + 1);
      } else if (isFile) {
        const rel = relative(root, full).split(sep).join('/');
        if (statSync(full).size > MAX_FILE_BYTES) continue;
        files.set(rel, readFileSync(full));
      }
    }
  };
  walk(root, 0);
  if (overlay) for (const [path, text] of overlay) files.set(path, Buffer.from(text, 'utf8'));
  return files;
}

/**
 * The Helm chart a file belongs to: the nearest folder above it with a Chart.yaml, climbing out of `charts/`
 * folders to the chart that holds them (a subchart is linted as part of its parent). Undefined outside charts.
 */
export function chartRootOf(path: string, isFile: (path: string) => boolean = fileExists): string | undefined {
  let folder = dirname(path);
  let root: string | undefined;
  for (let depth = 0; depth < 40; depth++) {
    if (isFile(join(folder, 'Chart.yaml'))) {
      root = folder;
      const parent = dirname(folder);
      if (basename(parent) === 'charts' && isFile(join(dirname(parent), 'Chart.yaml'))) {
        folder = dirname(parent);
        continue;
      }
      return root;
    }
    const up = dirname(folder);
    if (up === folder) return root;
    folder = up;
  }
  return root;
}

function fileExists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
