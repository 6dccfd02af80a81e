// Which kind of file is this? Decided by editor language id, then by file name, then by content.
import { isDockerfileName } from '../protocol';
import type { FileKind, SourceFile } from './types';

export { isDockerfileName };

/** The last path segment of a file-system path or URI, on any platform. */
export function baseName(path: string): string {
  const withoutQuery = path.replace(/[?#].*$/, '');
  const segments = withoutQuery.split(/[\\/]/);
  let name = segments[segments.length - 1] ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // A lone % in a plain file name is not an encoding; keep the name as written.
  }
  return name;
}


export function isComposeName(name: string): boolean {
  return /^(docker-)?compose([.-][^/\\]*)?\.ya?ml$/i.test(name);
}

const MANIFEST_NAME = /\.(ya?ml|json)$/i;
const YAML_KEYS = { apiVersion: /^[ \t]*["']?apiVersion["']?[ \t]*:/m, kind: /^[ \t]*["']?kind["']?[ \t]*:/m };
const JSON_KEYS = { apiVersion: /"apiVersion"\s*:/, kind: /"kind"\s*:/ };

/** A YAML or JSON file that names an `apiVersion` and a `kind` is treated as a Kubernetes manifest. */
function looksLikeManifest(text: string): boolean {
  return (YAML_KEYS.apiVersion.test(text) && YAML_KEYS.kind.test(text)) || (JSON_KEYS.apiVersion.test(text) && JSON_KEYS.kind.test(text));
}

export function detectFileKind(file: SourceFile): FileKind | null {
  if (file.languageId === 'dockerfile') return 'dockerfile';
  if (file.languageId === 'dockercompose') return 'compose';
  const name = baseName(file.path);
  if (isDockerfileName(name)) return 'dockerfile';
  if (isComposeName(name)) return 'compose';
  const yamlish = file.languageId === 'yaml' || file.languageId === 'json' || MANIFEST_NAME.test(name);
  if (yamlish && !isComposeName(name) && looksLikeManifest(file.text)) return 'kubernetes';
  return null;
}

/** NUL bytes or many control characters mean this is not a text file worth analysing. */
export function looksBinary(text: string): boolean {
  const sample = text.length > 8192 ? text.slice(0, 8192) : text;
  if (sample.includes('\u0000')) return true;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const code = sample.charCodeAt(i);
    if (code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) control++;
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/** File name endings whose content decides whether they are something Shipshape lints (manifests). */
const CONTENT_DETECTED = /\.(ya?ml|json)$/i;

/**
 * How a host walking a folder should treat a file before reading it: `name` when its name alone makes
 * it lintable, `content` when it must be read and given to `detectFileKind`, `null` to skip it.
 */
export function lintCandidate(path: string): 'name' | 'content' | null {
  if (detectFileKind({ path, text: '' }) !== null) return 'name';
  return CONTENT_DETECTED.test(baseName(path)) ? 'content' : null;
}
