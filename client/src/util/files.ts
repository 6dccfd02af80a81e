// Which files Shipshape lints, decided from names and text alone. The server decides for itself; these answers
// only steer the client (which files Lint Workspace reads, when the status bar shows), and a unit test keeps
// them in step with the engine's own detection.
import { isDockerfileName } from '../../../server/src/protocol';

export { isDockerfileName };

export const CONFIG_FILE_NAMES: readonly string[] = ['.shipshape.yaml', '.shipshape.yml'];

/** Dockerfiles by name, for workspace searches and the document selector (VS Code globs, which heed case). */
export const DOCKERFILE_GLOB =
  '**/{Dockerfile,dockerfile,Containerfile,containerfile,*.Dockerfile,*.dockerfile,*.Containerfile,*.containerfile,Dockerfile.*,dockerfile.*,Containerfile.*,containerfile.*}';
/** YAML files, which are linted when their content is a Kubernetes manifest. */
export const MANIFEST_GLOB = '**/*.{yaml,yml}';
/** Folders a workspace search never enters. */
export const EXCLUDED_FOLDERS_GLOB = '**/{node_modules,.git}/**';
/** `.dockerignore` and BuildKit's per-Dockerfile `<name>.dockerignore`; they change what COPY and ADD can see. */
export const DOCKERIGNORE_GLOB = '**/{.dockerignore,*.dockerignore}';

/** The last segment of a path or URI path, with `/` or `\` separators. */
export function baseName(path: string): string {
  const segments = path.split(/[\\/]/);
  return segments[segments.length - 1] ?? '';
}


export function isConfigFileName(name: string): boolean {
  return CONFIG_FILE_NAMES.includes(name);
}

/** Compose files are linted by name (`compose.yaml`, `docker-compose.prod.yml`), never guessed from content. */
export function isComposeName(name: string): boolean {
  return /^(docker-)?compose([.-][^/\\]*)?\.ya?ml$/i.test(name);
}

/** Compose files by name, for the watcher that re-lints Compose files when their project changes. */
export const COMPOSE_PROJECT_GLOB = '**/{compose,docker-compose}*.{yaml,yml}';

const YAML_KEYS = { apiVersion: /^[ \t]*["']?apiVersion["']?[ \t]*:/m, kind: /^[ \t]*["']?kind["']?[ \t]*:/m };

/** A YAML text that names an `apiVersion` and a `kind` is a Kubernetes manifest. */
export function looksLikeManifest(text: string): boolean {
  return YAML_KEYS.apiVersion.test(text) && YAML_KEYS.kind.test(text);
}

/**
 * What Lint Workspace should do with a file it found: `dockerfile` or `compose` (lint it), `yaml` (read it and
 * lint it when it is a manifest) or null (skip it).
 */
export function workspaceLintKind(path: string): 'dockerfile' | 'compose' | 'yaml' | null {
  const name = baseName(path);
  if (isDockerfileName(name)) return 'dockerfile';
  if (isComposeName(name)) return 'compose';
  if (isConfigFileName(name)) return null;
  return /\.ya?ml$/i.test(name) ? 'yaml' : null;
}

export interface DocumentFacts {
  languageId: string;
  /** File-system path or URI path. */
  path: string;
  text: string;
}

/** Whether Shipshape reports on this document, so the status bar has something to say about it. */
export function isHandledDocument(document: DocumentFacts): boolean {
  const name = baseName(document.path);
  if (document.languageId === 'dockerfile' || isDockerfileName(name)) return true;
  if (document.languageId === 'dockercompose' || (document.languageId === 'yaml' && isComposeName(name))) return true;
  if (document.languageId !== 'yaml') return false;
  if (isConfigFileName(name)) return true;
  return looksLikeManifest(document.text);
}
