// Expands the paths a user names into the files to lint: files as given, folders walked (skipping VCS
// folders, node_modules and the config's `exclude` globs), kept only when the engine can lint them.
import { readdirSync, statSync, type Dirent } from 'node:fs';
import nodePath, { type PlatformPath } from 'node:path';
import picomatch from 'picomatch';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/config';
import { detectFileKind, lintCandidate } from '../engine/detect';
import { describeError } from './file-system';
import { FileSkipped, readRegularFile } from './read-file';

/** Folders never worth walking into. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['.git', '.hg', '.svn', 'node_modules']);


/** Exclude globs and the folder they are relative to (the config file's). */
export interface ExcludeScope {
  folder: string;
  patterns: readonly string[];
}

export interface DiscoverOptions {
  /** Folder that relative arguments and the sort order are based on. */
  cwd: string;
  /** The exclude globs that govern a folder's contents (its nearest configuration's), or null. */
  excludesFor(folder: string): ExcludeScope | null;
  /** The size limit, in bytes, for files in a folder (DEFAULT_MAX_FILE_SIZE megabytes when absent). */
  maxFileBytesFor?(folder: string): number;
}

export interface DiscoveredFile {
  /** Absolute path. */
  path: string;
  /** Named on the command line rather than found in a folder. */
  explicit: boolean;
}

export interface DiscoverResult {
  /** Sorted by path, folders' contents grouped, no duplicates. */
  files: DiscoveredFile[];
  /** Arguments that name nothing on disk. */
  missing: string[];
  /** Glob arguments that match no file. */
  unmatched: string[];
  /** Files named on the command line that an `exclude` glob skips. */
  excluded: string[];
  /** Folders that could not be read. */
  errors: Array<{ path: string; message: string }>;
  /** Manifests (by content) that were not read: FIFOs, devices, files over the size limit. */
  skipped: Array<{ path: string; reason: string }>;
}

export type ExcludeMatcher = (relativePath: string) => boolean;

/**
 * Compiles `exclude` globs with .gitignore-like meaning: a pattern without a `/` matches a file or folder
 * name at any depth; one with a `/` (or starting with `/`) is anchored at the config file's folder;
 * excluding a folder excludes everything in it; `!pattern` keeps a path a broader pattern excluded.
 * The returned function takes a path relative to that folder with `/` separators.
 */
export function createExcludeMatcher(patterns: readonly string[]): ExcludeMatcher {
  const lists = { anchored: [] as string[], floating: [] as string[], keepAnchored: [] as string[], keepFloating: [] as string[] };
  for (const raw of patterns) {
    let pattern = raw.trim();
    const negated = pattern.startsWith('!');
    if (negated) pattern = pattern.slice(1);
    pattern = pattern.replace(/\/+$/, '');
    const anchored = pattern.includes('/');
    pattern = pattern.replace(/^\/+/, '');
    if (pattern === '') continue;
    if (negated) (anchored ? lists.keepAnchored : lists.keepFloating).push(pattern);
    else (anchored ? lists.anchored : lists.floating).push(pattern);
  }
  const compile = (globs: string[], basename: boolean): ExcludeMatcher =>
    globs.length === 0 ? () => false : picomatch(globs, { dot: true, windows: false, basename });
  const excludes = [compile(lists.anchored, false), compile(lists.floating, true)];
  const keeps = [compile(lists.keepAnchored, false), compile(lists.keepFloating, true)];
  return (relativePath) => {
    const segments = relativePath.split('/').filter((segment) => segment !== '');
    if (segments.length === 0) return false;
    if (keeps.some((keep) => keep(segments.join('/')))) return false;
    for (let length = 1; length <= segments.length; length++) {
      const prefix = segments.slice(0, length).join('/');
      if (excludes.some((exclude) => exclude(prefix))) return true;
    }
    return false;
  };
}

/** `target` relative to `folder` with `/` separators, or undefined when it is not inside it. */
export function relativeInside(folder: string, target: string, pathApi: PlatformPath = nodePath): string | undefined {
  const relative = pathApi.relative(folder, target);
  if (relative === '' || relative === '..' || relative.startsWith(`..${pathApi.sep}`) || pathApi.isAbsolute(relative)) return undefined;
  return relative.split(pathApi.sep).join('/');
}

/** Whether a file or folder is excluded by a configuration's globs. */
export function isExcluded(target: string, scope: ExcludeScope, pathApi: PlatformPath = nodePath, matcher?: ExcludeMatcher): boolean {
  const relative = relativeInside(scope.folder, target, pathApi);
  if (relative === undefined) return false;
  return (matcher ?? createExcludeMatcher(scope.patterns))(relative);
}

/** Orders paths by their segments relative to `cwd`, so a folder's files stay together on every platform. */
export function comparePaths(cwd: string, pathApi: PlatformPath = nodePath): (a: string, b: string) => number {
  return (a, b) => {
    const left = pathApi.relative(cwd, a).split(pathApi.sep);
    const right = pathApi.relative(cwd, b).split(pathApi.sep);
    for (let i = 0; i < Math.min(left.length, right.length); i++) {
      const x = left[i] ?? '';
      const y = right[i] ?? '';
      if (x !== y) {
        // A file in a folder sorts before the folder's subfolders.
        if (i === left.length - 1 && i < right.length - 1) return -1;
        if (i === right.length - 1 && i < left.length - 1) return 1;
        return x < y ? -1 : 1;
      }
    }
    return left.length - right.length;
  };
}

export function discoverFiles(paths: readonly string[], options: DiscoverOptions): DiscoverResult {
  const found = new Map<string, DiscoveredFile>();
  const result: DiscoverResult = { files: [], missing: [], unmatched: [], excluded: [], errors: [], skipped: [] };
  const matchers = new Map<string, ExcludeMatcher>();

  const excludedBy = (target: string, folder: string): boolean => {
    const scope = options.excludesFor(folder);
    if (!scope || scope.patterns.length === 0) return false;
    const key = `${scope.folder}\u0000${scope.patterns.join('\u0000')}`;
    let matcher = matchers.get(key);
    if (!matcher) {
      matcher = createExcludeMatcher(scope.patterns);
      matchers.set(key, matcher);
    }
    return isExcluded(target, scope, nodePath, matcher);
  };

  const consider = (path: string): void => {
    if (found.has(path)) return;
    const candidate = lintCandidate(path);
    if (candidate === 'name') {
      // Read (and any special file reported) by the lint pass.
      found.set(path, { path, explicit: false });
    } else if (candidate === 'content') {
      const probe = probeContent(path, options.maxFileBytesFor?.(nodePath.dirname(path)) ?? DEFAULT_MAX_FILE_SIZE * 1024 * 1024);
      if (probe === 'lintable') found.set(path, { path, explicit: false });
      else if (probe !== 'other') result.skipped.push({ path, reason: probe.reason });
    }
  };

  /** Walks `folder`; with `accept`, keeps only the files it accepts (and returns how many it accepted). */
  const walk = (folder: string, accept?: (path: string) => boolean): number => {
    let accepted = 0;
    // Listed before its configuration is looked up: in a folder that cannot be read, the configuration
    // cannot be either, and that is this folder's problem, not an invalid configuration.
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      result.errors.push({ path: folder, message: `cannot read the folder: ${describeError(error)}` });
      return accepted;
    }
    if (excludedBy(folder, folder)) return accepted;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = nodePath.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) accepted += walk(path, accept);
        continue;
      }
      if (accept && !accept(path)) continue;
      accepted++;
      if (excludedBy(path, folder)) continue;
      // Symbolic links to folders are not followed (no cycles); links to files are, and a broken link
      // with a lintable name is kept so the read error gets reported instead of silently skipped.
      if (entry.isSymbolicLink() && isFolder(path)) continue;
      consider(path);
    }
    return accepted;
  };

  for (const argument of paths) {
    const absolute = nodePath.resolve(options.cwd, argument);
    let folder: boolean;
    try {
      folder = statSync(absolute).isDirectory();
    } catch {
      const glob = globArgument(argument, options.cwd);
      if (!glob) result.missing.push(argument);
      // A glob whose every match an `exclude` skips did match: it is reported as excluded, not as matching nothing.
      else if (walk(glob.base, glob.matches) === 0) (anyFileMatches(glob.base, glob.matches) ? result.excluded : result.unmatched).push(argument);
      continue;
    }
    if (folder) {
      walk(absolute);
    } else if (excludedBy(absolute, nodePath.dirname(absolute))) {
      result.excluded.push(argument);
    } else {
      found.set(absolute, { path: absolute, explicit: true });
    }
  }
  const order = comparePaths(options.cwd);
  result.files = [...found.values()].sort((a, b) => order(a.path, b.path));
  return result;
}

/**
 * A quoted glob argument (`shipshape lint 'k8s/**.yaml'`), expanded here so it means the same under every shell, Windows'
 * included: the folder to walk and a test for the files it matches. Like a shell glob, `*` and `**` do not
 * match names starting with a dot. Undefined when the argument has no glob characters.
 */
export function globArgument(argument: string, cwd: string): { base: string; matches: (path: string) => boolean } | undefined {
  const pattern = argument.split(nodePath.sep).join('/');
  const scanned = picomatch.scan(pattern);
  if (!scanned.isGlob) return undefined;
  const base = nodePath.resolve(cwd, scanned.base);
  const matcher = picomatch(scanned.glob, { windows: false });
  return { base, matches: (path) => matcher(nodePath.relative(base, path).split(nodePath.sep).join('/')) };
}

/** Whether a file below `folder` (outside SKIPPED_FOLDERS) passes `matches`, excludes aside. */
function anyFileMatches(folder: string, matches: (path: string) => boolean): boolean {
  let entries: Dirent[];
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return false;
  }
  return entries.some((entry) => {
    const path = nodePath.join(folder, entry.name);
    if (entry.isDirectory()) return !SKIPPED_FOLDERS.has(entry.name) && anyFileMatches(path, matches);
    return matches(path);
  });
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Whether a `.yaml`/`.json` file is a manifest, judged by its text up to the size limit. One over the limit
 * that looks like a manifest is kept so the lint pass reports it as skipped; special files (FIFOs, devices)
 * are skipped unread.
 */
function probeContent(path: string, maxBytes: number): 'lintable' | 'other' | { reason: string } {
  try {
    const text = readRegularFile(path, maxBytes, { prefixOfLarger: true }).toString('utf8');
    return detectFileKind({ path, text }) !== null ? 'lintable' : 'other';
  } catch (error) {
    return error instanceof FileSkipped ? { reason: error.reason } : 'other';
  }
}
