// What gets linted in a tree with kustomizations: each kustomization that no other one loads is built and
// linted; the files its build reads (bases, patches, generator inputs) are not linted on their own. A finding
// on a base line that every overlay using the base reports is reported once; one that only some overlays
// report names them and the ones that fix it. A build that fails is one finding on the line that caused it.
import { posix } from 'node:path';
import type { ResolvedConfig } from '../../config';
import { SYNTAX_ERROR_RULE } from '../../lint';
import type { RuleDefinition } from '../../rule';
import type { Finding, RuleFailure, Severity, SuppressedFinding } from '../../types';
import { buildKustomization, cachingFileSystem, findKustomizationFile, type BuildResult, type KustomizeFileSystem } from './build';
import { lintRenderedBuild } from './lint-build';
import type { ObjectIdentity } from './overlay-patch';
import { sourceLocation } from './origins';
import { renderBuild, type RenderResult } from './render';
import { KustomizeError, parseYamlDocument, stringValueAt, type Origin } from './values';

export interface KustomizationUnit {
  dir: string;
  /** The kustomization file. */
  file: string;
  build: BuildResult | undefined;
  error: KustomizeError | undefined;
  /** Loaded by another kustomization of the workspace (so not an entry point). */
  loaded: boolean;
  component: boolean;
}

export interface WorkspaceLintResult {
  units: KustomizationUnit[];
  /** Findings by file; every file a successful build read is a key (possibly with no findings). */
  files: Map<string, { findings: Finding[]; suppressed: SuppressedFinding[] }>;
  ruleFailures: Array<RuleFailure & { dir: string }>;
  /** For findings of builds: the entry-point kustomizations that report them, and the object they are about. */
  details: Map<Finding, { reportedBy: string[]; object: ObjectIdentity | undefined }>;
}

export interface WorkspaceLintOptions {
  configFor(dir: string): ResolvedConfig;
  rules: readonly RuleDefinition[];
  /** How messages name a kustomization folder (relative to the workspace). */
  displayDir(dir: string): string;
}

const rendered = new WeakMap<BuildResult, RenderResult>();

/** A bug in the build must not take the lint down: it becomes the kustomization's error. */
function asKustomizeError(error: unknown): KustomizeError {
  if (error instanceof KustomizeError) return error;
  return new KustomizeError(`Shipshape could not build this kustomization (${error instanceof Error ? error.message : String(error)}).`);
}

/** Builds every kustomization in `dirs` once and finds which are entry points. */
export function buildWorkspace(source: KustomizeFileSystem, dirs: readonly string[]): KustomizationUnit[] {
  const fs = cachingFileSystem(source);
  const units: KustomizationUnit[] = [];
  for (const dir of dirs) {
    let file: string | undefined;
    try {
      file = findKustomizationFile(fs, dir);
    } catch (error) {
      if (!(error instanceof KustomizeError)) throw error;
      units.push({ dir, file: posix.join(dir, 'kustomization.yaml'), build: undefined, error, loaded: false, component: false });
      continue;
    }
    if (!file) continue;
    let component = false;
    try {
      component = stringValueAt(parseYamlDocument(fs.readFile(file) ?? '', file), 'kind') === 'Component';
    } catch {
      // A broken kustomization file is reported by its build below.
    }
    if (component) {
      units.push({ dir, file, build: undefined, error: undefined, loaded: true, component });
      continue;
    }
    try {
      const build = buildKustomization(fs, dir);
      // Printing can fail too (a value JSON cannot hold, like .inf): that is the build failing.
      rendered.set(build, renderBuild(build));
      units.push({ dir, file, build, error: undefined, loaded: false, component });
    } catch (error) {
      units.push({ dir, file, build: undefined, error: asKustomizeError(error), loaded: false, component });
    }
  }
  const loadedFiles = new Set<string>();
  for (const unit of units) {
    for (const [path, roles] of unit.build?.files ?? []) if (path !== unit.file && (roles.has('kustomization') || roles.has('component'))) loadedFiles.add(path);
  }
  for (const unit of units) if (loadedFiles.has(unit.file)) unit.loaded = true;
  return units;
}

function errorFinding(error: KustomizeError, unit: KustomizationUnit, fs: KustomizeFileSystem, severity: Severity, prefix: string): { file: string; finding: Finding } {
  const origin: Origin = error.origin ?? { file: unit.file, range: { start: 0, end: 0 } };
  const location = sourceLocation(origin, (path) => fs.readFile(path));
  return {
    file: location.file,
    finding: { ruleId: SYNTAX_ERROR_RULE, message: `${prefix}${error.message}`, severity, range: location.range, related: [], fixes: [] },
  };
}

export function lintWorkspace(source: KustomizeFileSystem, units: readonly KustomizationUnit[], options: WorkspaceLintOptions): WorkspaceLintResult {
  const fs = cachingFileSystem(source);
  const files = new Map<string, { findings: Finding[]; suppressed: SuppressedFinding[] }>();
  const entry = (file: string): { findings: Finding[]; suppressed: SuppressedFinding[] } => {
    let value = files.get(file);
    if (!value) files.set(file, (value = { findings: [], suppressed: [] }));
    return value;
  };
  const ruleFailures: WorkspaceLintResult['ruleFailures'] = [];
  const read = (path: string): string | undefined => fs.readFile(path);
  const seenErrors = new Set<string>();
  /** file|start|end|rule -> the finding and the entry points that reported it. */
  const reported = new Map<string, { file: string; finding: Finding; by: Set<string>; suppressed: boolean; object: ObjectIdentity | undefined }>();
  const details: WorkspaceLintResult['details'] = new Map();
  const includers = new Map<string, Set<string>>();

  for (const unit of units) {
    for (const path of unit.build?.files.keys() ?? []) entry(path);
    if (unit.loaded || unit.component) continue;
    const config = options.configFor(unit.dir);
    const severity = config.severities.get(SYNTAX_ERROR_RULE);
    if (unit.error) {
      if (severity === undefined || severity === 'off') continue;
      const { file, finding } = errorFinding(unit.error, unit, fs, severity, `The kustomization in ${options.displayDir(unit.dir)} does not build: `);
      const key = `${file}|${finding.range.start}|${unit.error.message}`;
      if (!seenErrors.has(key)) entry(file).findings.push(finding);
      seenErrors.add(key);
      continue;
    }
    const build = unit.build!;
    for (const warning of build.warnings) {
      if (/deprecated/.test(warning.message) || severity === undefined || severity === 'off') continue;
      const { file, finding } = errorFinding(new KustomizeError(warning.message, warning.origin), unit, fs, 'info', '');
      const key = `${file}|${finding.range.start}|${warning.message}`;
      if (!seenErrors.has(key)) entry(file).findings.push(finding);
      seenErrors.add(key);
    }
    for (const path of build.files.keys()) {
      const set = includers.get(path) ?? new Set<string>();
      set.add(unit.dir);
      includers.set(path, set);
    }
    const result = lintRenderedBuild(rendered.get(build) ?? renderBuild(build), posix.join(unit.dir, 'kustomize-build.yaml'), config, options.rules, read);
    for (const failure of result.ruleFailures) ruleFailures.push({ ...failure, dir: unit.dir });
    for (const [group, suppressed] of [[result.findings, false], [result.suppressed, true]] as const) {
      for (const [file, list] of group) {
        for (const finding of list) {
          const key = `${file}|${finding.range.start}|${finding.range.end}|${finding.ruleId}`;
          const existing = reported.get(key);
          if (existing) existing.by.add(unit.dir);
          else reported.set(key, { file, finding, by: new Set([unit.dir]), suppressed, object: result.subjects.get(finding) });
        }
      }
    }
  }

  for (const { file, finding, by, suppressed, object } of reported.values()) {
    const using = [...(includers.get(file) ?? by)];
    const fixing = using.filter((dir) => !by.has(dir));
    let message = finding.message;
    if (fixing.length > 0) {
      const names = (list: string[]): string => list.map(options.displayDir).join(', ');
      message += ` (Only in the build of ${names([...by])}; ${names(fixing)} ${fixing.length === 1 ? 'changes' : 'change'} this.)`;
    }
    const target = entry(file);
    const placed = suppressed ? { ...(finding as SuppressedFinding), message } : { ...finding, message };
    if (suppressed) target.suppressed.push(placed as SuppressedFinding);
    else target.findings.push(placed);
    details.set(placed, { reportedBy: [...by], object });
  }
  for (const value of files.values()) value.findings.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.ruleId.localeCompare(b.ruleId));
  return { units: [...units], files, ruleFailures, details };
}
