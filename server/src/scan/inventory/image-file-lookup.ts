// Finds a file's content in the final file system, following links: /etc/os-release is usually a symlink
// to ../usr/lib/os-release, and the layer reader keeps contents of regular files only.
import path from 'node:path';
import type { ImageFile, ImageFiles } from '../types';

const MAX_LINK_HOPS = 16;

function linkTarget(file: ImageFile): string | undefined {
  if (file.linkname === undefined || file.linkname === '') return undefined;
  // Symlinks resolve against their own folder; hardlink names in a tar are relative to the archive root.
  const base = file.type === 'symlink' ? path.posix.dirname(`/${file.path}`) : '/';
  return path.posix.resolve('/', base, file.linkname).slice(1);
}

/** The content of `filePath`, or of the regular file its links lead to; undefined when there is none. */
export function findFileContent(files: ImageFiles, filePath: string): Buffer | undefined {
  let current = files.files.get(filePath);
  for (let hops = 0; current !== undefined && hops <= MAX_LINK_HOPS; hops++) {
    if (current.content !== undefined) return current.content;
    if (current.type !== 'symlink' && current.type !== 'hardlink') return undefined;
    const target = linkTarget(current);
    if (target === undefined) return undefined;
    current = files.files.get(target);
  }
  return undefined;
}
