// The language server's view of the kustomizations in the workspace: an index of the folders holding one,
// their builds (reading open editors' unsaved text first), and the findings each file gets through them.
// Editing a base or a patch changes the builds of the overlays using it, so every open file of those builds
// is re-linted (debounced by the caller).
import nodePath from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { ResolvedConfig } from '../engine/config';
import { KUSTOMIZATION_FILE_NAMES, type KustomizeFileSystem } from '../engine/languages/kustomize/build';
import { buildWorkspace, lintWorkspace, type WorkspaceLintResult } from '../engine/languages/kustomize/lint-workspace';
import { overlayPatch, type OverlayPatch } from '../engine/languages/kustomize/overlay-patch';
import type { RuleDefinition } from '../engine/rule';
import type { Finding, SuppressedFinding, TextRange } from '../engine/types';
import { findKustomizationFolders } from '../host/kustomize-discovery';
import { nodeKustomizeFileSystem, toBuildPath } from '../host/kustomize-files';

export function isKustomizationPath(fsPath: string): boolean {
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(nodePath.basename(fsPath));
}

export class KustomizeWorkspace {
  private roots: string[] = [];
  private folders: string[] | undefined;
  private epoch = 0;
  private cached: { epoch: number; key: unknown; result: WorkspaceLintResult } | undefined;
  private readonly fileSystem: KustomizeFileSystem;

  constructor(
    openText: (fsPath: string) => string | undefined,
    private readonly rules: readonly RuleDefinition[],
  ) {
    this.fileSystem = {
      readFile: (path) => openText(nodePath.resolve(path)) ?? nodeKustomizeFileSystem.readFile(path),
      isDirectory: (path) => nodeKustomizeFileSystem.isDirectory(path),
    };
  }

  setRoots(roots: string[]): void {
    this.roots = roots;
    this.folders = undefined;
    this.epoch++;
  }

  /** Some text changed (an open document, a file on disk): builds are stale. */
  invalidate(): void {
    this.epoch++;
  }

  /** Whether a change to this file can change a build (so only those changes cost a rebuild). */
  affects(fsPath: string): boolean {
    if (isKustomizationPath(fsPath) || !this.cached) return true;
    return this.cached.result.files.has(toBuildPath(fsPath));
  }

  /** A kustomization file appeared or went away: the folder index is stale too. */
  invalidateIndex(): void {
    this.folders = undefined;
    this.epoch++;
  }

  private lint(configFor: (dir: string) => ResolvedConfig, key: unknown): WorkspaceLintResult | undefined {
    if (this.cached && this.cached.epoch === this.epoch && this.cached.key === key) return this.cached.result;
    this.folders ??= findKustomizationFolders(this.roots, this.roots[0] ?? process.cwd()).map(toBuildPath);
    if (this.folders.length === 0) return undefined;
    const units = buildWorkspace(this.fileSystem, this.folders);
    const result = lintWorkspace(this.fileSystem, units, {
      configFor: (dir) => configFor(nodePath.resolve(dir)),
      rules: this.rules,
      displayDir: (dir) => nodePath.relative(this.roots[0] ?? '', nodePath.resolve(dir)).split(nodePath.sep).join('/') || '.',
    });
    this.cached = { epoch: this.epoch, key, result };
    return result;
  }

  /**
   * The findings of a file that kustomize builds read, or undefined when no build reads it (then it is
   * linted on its own). `key` identifies the settings the configuration came from, for the cache.
   */
  findingsFor(fsPath: string, configFor: (dir: string) => ResolvedConfig, key: unknown): { findings: Finding[]; suppressed: SuppressedFinding[] } | undefined {
    return this.lint(configFor, key)?.files.get(toBuildPath(fsPath));
  }

  /** Every file the current builds read (to re-lint when one of them changes). */
  buildFiles(configFor: (dir: string) => ResolvedConfig, key: unknown): Set<string> {
    const files = new Set<string>();
    for (const path of this.lint(configFor, key)?.files.keys() ?? []) files.add(nodePath.resolve(path));
    return files;
  }

  /**
   * "Add a patch to <overlay>/kustomization.yaml" for a finding on a shared base: one per overlay whose
   * build has it, turning the base fix into a patch of that overlay only.
   */
  overlayPatches(fsPath: string, finding: Finding, configFor: (dir: string) => ResolvedConfig, key: unknown): Array<{ title: string; patch: OverlayPatch; kustomizationPath: string }> {
    const result = this.lint(configFor, key);
    const detail = result?.details.get(finding);
    const fix = finding.fixes.find((candidate) => candidate.edits.length > 0);
    const baseText = this.fileSystem.readFile(toBuildPath(fsPath));
    if (!result || !detail?.object || !fix || baseText === undefined) return [];
    const actions: Array<{ title: string; patch: OverlayPatch; kustomizationPath: string }> = [];
    for (const dir of detail.reportedBy) {
      const native = nodePath.resolve(dir);
      if (fsPath.startsWith(native + nodePath.sep)) continue;
      const unit = result.units.find((candidate) => candidate.dir === dir);
      const kustomizationText = unit ? this.fileSystem.readFile(unit.file) : undefined;
      if (!unit || kustomizationText === undefined) continue;
      const stem = `${detail.object.name}-${finding.ruleId}-patch`;
      let fileName = `${stem}.yaml`;
      for (let n = 2; this.fileSystem.readFile(nodePath.posix.join(dir, fileName)) !== undefined; n++) fileName = `${stem}-${n}.yaml`;
      const patch = overlayPatch({ path: toBuildPath(fsPath), text: baseText }, fix.edits, detail.object, { kustomizationPath: unit.file, kustomizationText, patchFileName: fileName });
      if (!patch) continue;
      const display = nodePath.relative(this.roots[0] ?? '', nodePath.resolve(unit.file)).split(nodePath.sep).join('/');
      actions.push({ title: `Add a patch to ${display}: ${fix.title}`, patch, kustomizationPath: nodePath.resolve(unit.file) });
    }
    return actions;
  }

  /**
   * For a kustomization file: the `resources:`/`components:`/`patches:` entry at `offset`, and the findings
   * the build has in what it names (a file, or every file under a folder).
   */
  entryAt(fsPath: string, text: string, offset: number, configFor: (dir: string) => ResolvedConfig, key: unknown): { range: TextRange; target: string; findings: Finding[] } | undefined {
    const entry = kustomizationEntryAt(text, offset);
    if (!entry) return undefined;
    const target = nodePath.resolve(nodePath.dirname(fsPath), entry.value);
    const files = this.lint(configFor, key)?.files;
    if (!files) return undefined;
    const findings: Finding[] = [];
    for (const [path, value] of files) {
      const native = nodePath.resolve(path);
      if (native === target || native.startsWith(target + nodePath.sep)) findings.push(...value.findings);
    }
    return { range: entry.range, target: entry.value, findings };
  }
}

const ENTRY_FIELDS = ['resources', 'bases', 'components', 'patches', 'patchesStrategicMerge', 'patchesJson6902'];

/** The path-valued entry of a kustomization's lists under `offset`. */
export function kustomizationEntryAt(text: string, offset: number): { value: string; range: TextRange } | undefined {
  const document = parseDocument(text, { prettyErrors: false });
  if (!isMap(document.contents)) return undefined;
  const contains = (node: YamlNode | null | undefined): boolean => {
    const range = node?.range;
    return range !== undefined && range !== null && range[0] <= offset && offset <= range[1];
  };
  for (const pair of document.contents.items) {
    if (!isScalar(pair.key) || !ENTRY_FIELDS.includes(String(pair.key.value)) || !isSeq(pair.value)) continue;
    for (const item of pair.value.items) {
      const node = isMap(item) ? (item.get('path', true) as YamlNode | undefined) : (item as YamlNode);
      const range = node?.range;
      if (isScalar(node) && range && typeof node.value === 'string' && contains(node) && !node.value.includes('\n')) {
        return { value: node.value, range: { start: range[0], end: range[1] } };
      }
    }
  }
  return undefined;
}
