// Which `ignore:` entries of a `.shipshape.yaml` apply to a file: their `paths` globs are relative to the
// configuration file's folder and read like `exclude` (.gitignore-style). Shared by the CLI and the server.
import nodePath, { type PlatformPath } from 'node:path';
import type { ConfigIgnore } from '../engine/types';
import type { ConfigFile } from './config-files';
import { createExcludeMatcher, relativeInside, type ExcludeMatcher } from './discover';

const matchers = new WeakMap<ConfigFile, Array<ExcludeMatcher | undefined>>();

export function configIgnoresFor(config: ConfigFile | null, filePath: string, pathApi: PlatformPath = nodePath): ConfigIgnore[] {
  const entries = config?.layer.ignore ?? [];
  if (!config || entries.length === 0) return [];
  const relative = relativeInside(config.folder, pathApi.resolve(filePath), pathApi);
  if (relative === undefined) return [];
  let compiled = matchers.get(config);
  if (!compiled) {
    compiled = entries.map((entry) => (entry.paths ? createExcludeMatcher(entry.paths) : undefined));
    matchers.set(config, compiled);
  }
  const name = pathApi.basename(config.path);
  return entries
    .filter((_, index) => compiled[index]?.(relative) ?? true)
    .map((entry) => ({
      ruleId: entry.rule,
      reason: entry.reason,
      directive: `${name} ignore[${entry.index}]: ${entry.rule}${entry.paths ? ` in ${entry.paths.join(', ')}` : ''}`,
    }));
}
