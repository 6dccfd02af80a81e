// `shipshape lint` over folders with kustomizations: each entry-point kustomization is built and linted
// through the engine; the files those builds read are reported with the findings that belong to them and
// are not linted again on their own.
import { writeFileSync } from 'node:fs';
import nodePath from 'node:path';
import type { ResolvedConfig } from '../engine/config';
import { fixUntilStable, pickFix } from '../engine/fixes';
import type { KustomizeFileSystem } from '../engine/languages/kustomize/build';
import { buildWorkspace, lintWorkspace } from '../engine/languages/kustomize/lint-workspace';
import { LineIndex } from '../engine/text';
import type { Finding } from '../engine/types';
import { nodeKustomizeFileSystem, toBuildPath } from '../host/kustomize-files';
import { findKustomizationFolders } from '../host/kustomize-discovery';
import { rules } from '../rules';
import { describeError } from '../host/file-system';
import type { FileReport, FixSummary } from './report';

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
  fix = false,
): KustomizeLintOutcome {
  const folders = findKustomizationFolders(paths, cwd, isExcluded).map(toBuildPath);
  const outcome: KustomizeLintOutcome = { reports: [], consumed: new Set(), failures: [] };
  if (folders.length === 0) return outcome;
  const native = (path: string): string => nodePath.resolve(path);
  const options = { configFor: (dir: string) => configFor(native(dir)), rules, displayDir: (dir: string) => describe.portable(native(dir)) || '.' };
  const lintWith = (fs: KustomizeFileSystem) => lintWorkspace(fs, buildWorkspace(fs, folders), options);
  let result = lintWith(nodeKustomizeFileSystem);
  const fixed = new Map<string, FixSummary>();
  if (fix) {
    for (const [file, { findings }] of result.files) {
      if (!findings.some((finding) => pickFix(finding, 'safe'))) continue;
      const text = nodeKustomizeFileSystem.readFile(file);
      if (text === undefined) continue;
      // The file's fixes are re-checked through the builds after each pass, like any file's fixes.
      const run = fixUntilStable(text, (current) => lintWith({ ...nodeKustomizeFileSystem, readFile: (path) => (path === file ? current : nodeKustomizeFileSystem.readFile(path)) }).files.get(file)?.findings ?? []);
      if (run.text === text) continue;
      try {
        writeFileSync(native(file), run.text);
        fixed.set(file, { applied: run.applied, createdFiles: [] });
      } catch (error) {
        outcome.failures.push({ path: native(file), message: `cannot write the fixes to ${describe.display(native(file))}: ${describeError(error)}` });
      }
    }
    if (fixed.size > 0) result = lintWith(nodeKustomizeFileSystem);
  }
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
      fixed: fix ? (fixed.get(file) ?? { applied: [], createdFiles: [] }) : undefined,
    });
  }
  return outcome;
}
