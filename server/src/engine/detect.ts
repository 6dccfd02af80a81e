// Which kind of file is this? Decided by editor language id, then by file name, then by content.
import type { FileKind, SourceFile } from './types';

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

export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.dockerignore')) return false;
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    lower.endsWith('.dockerfile') ||
    lower.endsWith('.containerfile') ||
    lower.startsWith('dockerfile.') ||
    lower.startsWith('containerfile.')
  );
}

export function detectFileKind(file: SourceFile): FileKind | null {
  if (file.languageId === 'dockerfile') return 'dockerfile';
  if (isDockerfileName(baseName(file.path))) return 'dockerfile';
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
