// `shipshape lint` over folders with kustomizations: each entry-point kustomization is built and linted
// through the engine; the files those builds read are reported with the findings that belong to them and
// are not linted again on their own.
import nodePath from 'node:path';
import type { ResolvedConfig } from '../engine/config';
import { buildWorkspace, lintWorkspace } from '../engine/languages/kustomize/lint-workspace';
import { LineIndex } from '../engine/text';
import type { Finding } from '../engine/types';
import { nodeKustomizeFileSystem, toBuildPath } from '../host/kustomize-files';
import { findKustomizationFolders } from '../host/kustomize-discovery';
import { rules } from '../rules';
import type { FileReport } from './report';

export interface KustomizeLintOutcome {
  /** Reports of the files the builds read, with their findings. */
  reports: FileReport[];
  /** Those files (absolute, native separators), to skip in the file-by-file lint. */
  consumed: Set<string>;
  failures: Array<{ path: string; message: string }>;
}

/** Related locations in other files carry the native path, as file reports do. */
function withNativeRelated<T extends Finding>(finding: T): T {
  if (!finding.related.some((related) => related.path !== undefined)) return finding;
  return { ...finding, related: finding.related.map((related) => (related.path === undefined ? related : { ...related, path: nodePath.resolve(related.path) })) };
}

export function lintKustomizations(
  paths: readonly string[],
  cwd: string,
  configFor: (folder: string) => ResolvedConfig,
  describe: { display(path: string): string; portable(path: string): string },
  isExcluded?: (folder: string) => boolean,
): KustomizeLintOutcome {
  const folders = findKustomizationFolders(paths, cwd, isExcluded);
  const outcome: KustomizeLintOutcome = { reports: [], consumed: new Set(), failures: [] };
  if (folders.length === 0) return outcome;
  const native = (path: string): string => nodePath.resolve(path);
  const units = buildWorkspace(nodeKustomizeFileSystem, folders.map(toBuildPath));
  const result = lintWorkspace(nodeKustomizeFileSystem, units, {
    configFor: (dir) => configFor(native(dir)),
    rules,
    displayDir: (dir) => describe.portable(native(dir)) || '.',
  });
  for (const failure of result.ruleFailures) {
    outcome.failures.push({ path: native(failure.dir), message: `rule ${failure.ruleId} failed on the build of ${describe.display(native(failure.dir))} and was skipped there: ${failure.error.split('\n')[0] ?? ''}` });
  }
  for (const [file, { findings, suppressed }] of result.files) {
    const path = native(file);
    const text = nodeKustomizeFileSystem.readFile(file);
    if (text === undefined) continue;
    outcome.consumed.add(path);
    outcome.reports.push({
      path,
      displayPath: describe.display(path),
      portablePath: describe.portable(path),
      text,
      lines: new LineIndex(text),
      kind: 'kubernetes',
      findings: findings.map((finding) => withNativeRelated(finding)),
      suppressed: suppressed.map((finding) => withNativeRelated(finding)),
      fixed: undefined,
    });
  }
  return outcome;
}
