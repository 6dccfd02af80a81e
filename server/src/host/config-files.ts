// Finding and reading `.shipshape.yaml`: the nearest one walking up from a file's folder, or one named
// explicitly. Shared by the CLI and the language server; validation itself is the engine's.
import nodePath, { type PlatformPath } from 'node:path';
import { CONFIG_FILE_NAMES, parseConfigText, type ConfigLayer } from '../engine/config';
import { LineIndex } from '../engine/text';
import { describeError, findUpward, nodeFileSystem, type HostFileSystem } from './file-system';

export interface ConfigFileProblem {
  /** Absolute path of the configuration file. */
  path: string;
  message: string;
  /** One-based position of the problem; absent when the file as a whole could not be read. */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}

export interface ConfigFile {
  /** Absolute path of the file. */
  path: string;
  /** Its folder: the base for `exclude` globs. */
  folder: string;
  layer: ConfigLayer;
  problems: ConfigFileProblem[];
}

export interface ConfigFileFinderOptions {
  knownRuleIds: ReadonlySet<string>;
  fileSystem?: HostFileSystem;
  pathApi?: PlatformPath;
}

/** Parses and validates a configuration file's text, with problems as one-based line/column. */
export function parseConfigFile(path: string, text: string, knownRuleIds: ReadonlySet<string>, pathApi: PlatformPath = nodePath): ConfigFile {
  const parsed = parseConfigText(text, knownRuleIds);
  const lines = new LineIndex(text);
  const problems = parsed.problems.map((problem): ConfigFileProblem => {
    const start = lines.positionAt(problem.range.start);
    const end = lines.positionAt(problem.range.end);
    return {
      path,
      message: problem.message,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
    };
  });
  const folder = pathApi.dirname(path);
  const keys = parsed.layer.images?.signatures?.keys;
  // Key paths are written relative to the file that names them, wherever the scan or lint runs from.
  if (keys !== undefined && parsed.layer.images?.signatures) parsed.layer.images.signatures.keys = keys.map((key) => pathApi.resolve(folder, key));
  return { path, folder, layer: parsed.layer, problems };
}

/** `file:line:col: message`, with the file shown as given by `display`. */
export function formatConfigProblem(problem: ConfigFileProblem, display: (path: string) => string = (path) => path): string {
  const where = problem.line === undefined ? display(problem.path) : `${display(problem.path)}:${problem.line}:${problem.column ?? 1}`;
  return `${where}: ${problem.message}`;
}

/**
 * Finds and caches configuration files. Lookups are cached per folder, so walking a tree reads each
 * candidate at most once; `clear()` forgets everything (the language server calls it when a config
 * file changes).
 */
export class ConfigFileFinder {
  private readonly nearestByFolder = new Map<string, ConfigFile | null>();
  private readonly filesByPath = new Map<string, ConfigFile>();
  private readonly fileSystem: HostFileSystem;
  private readonly pathApi: PlatformPath;

  constructor(private readonly options: ConfigFileFinderOptions) {
    this.fileSystem = options.fileSystem ?? nodeFileSystem;
    this.pathApi = options.pathApi ?? nodePath;
  }

  /** The nearest configuration for files in `folder`: in that folder, else the closest parent. */
  nearest(folder: string): ConfigFile | null {
    return findUpward(folder, this.nearestByFolder, (current) => this.inFolder(current), this.pathApi);
  }

  /** Reads one named file (`--config FILE`). A missing or unreadable file comes back with a problem. */
  load(path: string): ConfigFile {
    const absolute = this.pathApi.resolve(path);
    const cached = this.filesByPath.get(absolute);
    if (cached) return cached;
    let config: ConfigFile;
    try {
      const text = this.fileSystem.readTextIfExists(absolute);
      config =
        text === undefined
          ? this.unreadable(absolute, 'cannot read the configuration file: no such file')
          : parseConfigFile(absolute, text, this.options.knownRuleIds, this.pathApi);
    } catch (error) {
      config = this.unreadable(absolute, `cannot read the configuration file: ${describeError(error)}`);
    }
    this.filesByPath.set(absolute, config);
    return config;
  }

  /** Every configuration file read so far, in the order first read. */
  loaded(): ConfigFile[] {
    return [...this.filesByPath.values()];
  }

  clear(): void {
    this.nearestByFolder.clear();
    this.filesByPath.clear();
  }

  private inFolder(folder: string): ConfigFile | undefined {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = this.pathApi.join(folder, name);
      const cached = this.filesByPath.get(candidate);
      if (cached) return cached;
      let text: string | undefined;
      try {
        text = this.fileSystem.readTextIfExists(candidate);
      } catch (error) {
        const config = this.unreadable(candidate, `cannot read the configuration file: ${describeError(error)}`);
        this.filesByPath.set(candidate, config);
        return config;
      }
      if (text === undefined) continue;
      const config = parseConfigFile(candidate, text, this.options.knownRuleIds, this.pathApi);
      this.filesByPath.set(candidate, config);
      return config;
    }
    return undefined;
  }

  private unreadable(path: string, message: string): ConfigFile {
    return { path, folder: this.pathApi.dirname(path), layer: {}, problems: [{ path, message }] };
  }
}
