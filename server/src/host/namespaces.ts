// Pod Security labels of the Namespace manifests in the workspace: a workload in namespace `prod` is judged
// at the level that `prod`'s `pod-security.kubernetes.io/enforce` label sets, wherever that Namespace is.
// One index for every front: `shipshape lint` (whatever paths it is given), the editor and Lint Workspace.
import { existsSync, readdirSync, statSync, type Dirent } from 'node:fs';
import nodePath from 'node:path';
import { DEFAULT_MAX_FILE_SIZE } from '../engine/config';
import { detectFileKind } from '../engine/detect';
import { looksLikeTemplate, parseKubernetes } from '../engine/languages/kubernetes/model';
import { namespacePoliciesIn, type NamespacePolicies } from '../engine/languages/kubernetes/pss';
import { readRegularText } from './read-file';

import { SKIPPED_FOLDERS } from './discover';

const MENTIONS_NAMESPACE = /kind["']?\s*:\s*["']?Namespace\b/;

export function collectNamespacePolicies(
  paths: readonly string[],
  readText: (path: string) => string = (path) => readRegularText(path, DEFAULT_MAX_FILE_SIZE * 1024 * 1024),
): NamespacePolicies {
  const policies: NamespacePolicies = {};
  for (const path of paths) {
    let text: string;
    try {
      text = readText(path);
    } catch {
      continue; // The main pass reports unreadable files.
    }
    if (!MENTIONS_NAMESPACE.test(text) || looksLikeTemplate(text) || detectFileKind({ path, text }) !== 'kubernetes') continue;
    Object.assign(policies, namespacePoliciesIn(parseKubernetes(text)));
  }
  return policies;
}

/** Manifests are YAML (or JSON); files larger than this are data, not manifests. */
const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const MAX_FILE_BYTES = 1024 * 1024;
/** A bound on the walk, so a huge folder cannot stall the editor: past it, the rest is not indexed. */
const MAX_FILES = 5000;

/** The manifest-like files under the roots (VCS folders and node_modules skipped), at most MAX_FILES. */
export function manifestFilesUnder(roots: readonly string[]): string[] {
  const found: string[] = [];
  const walk = (folder: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (found.length >= MAX_FILES) return;
      const path = nodePath.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path);
      } else if (entry.isFile() && MANIFEST_FILE.test(entry.name)) {
        try {
          if (statSync(path).size <= MAX_FILE_BYTES) found.push(path);
        } catch {
          // Gone since the listing: nothing to index.
        }
      }
    }
  };
  for (const root of new Set(roots)) walk(root);
  return found;
}

/**
 * The Namespace policies of a workspace, read once and kept until `invalidate()` (a manifest changed). Open
 * documents count with their current text.
 */
export class NamespaceIndex {
  private cached: NamespacePolicies | undefined;

  constructor(
    private readonly roots: () => readonly string[],
    private readonly readText: (path: string) => string = (path) => readRegularText(path, DEFAULT_MAX_FILE_SIZE * 1024 * 1024),
  ) {}

  policies(extra: readonly string[] = []): NamespacePolicies {
    this.cached ??= collectNamespacePolicies([...new Set([...manifestFilesUnder(this.roots()), ...extra])], this.readText);
    return this.cached;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}

/**
 * The folder the CLI indexes Namespaces in: the nearest folder at or above `cwd` that holds `.git` or a
 * `.shipshape.yaml` (the project), else `cwd` itself.
 */
export function projectRoot(cwd: string): string {
  for (let folder = nodePath.resolve(cwd); ; folder = nodePath.dirname(folder)) {
    if (['.git', '.shipshape.yaml', '.shipshape.yml'].some((name) => existsSync(nodePath.join(folder, name)))) return folder;
    if (nodePath.dirname(folder) === folder) return nodePath.resolve(cwd);
  }
}

/** Whether a text could hold a Namespace: worth re-indexing when it changes. */
export function mentionsNamespace(text: string): boolean {
  return MENTIONS_NAMESPACE.test(text);
}
