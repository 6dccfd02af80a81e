// Finds a file in the final file system, following links: /etc/os-release is usually a symlink to
// ../usr/lib/os-release, and the layer reader keeps contents of regular files only.
import path from 'node:path';
import type { ImageFile, ImageFiles } from '../types';

const MAX_LINK_HOPS = 16;

function linkTarget(file: ImageFile): string | undefined {
  if (file.linkname === undefined || file.linkname === '') return undefined;
  // Symlinks resolve against their own folder; hardlink names in a tar are relative to the archive root.
  const base = file.type === 'symlink' ? path.posix.dirname(`/${file.path}`) : '/';
  return path.posix.resolve('/', base, file.linkname).slice(1);
}

/** The file at `filePath`, or the file its links lead to when it is a link; undefined when the path or a
 * link target is missing, or the links go round in a loop. */
export function resolveFile(files: ImageFiles, filePath: string): ImageFile | undefined {
  let current = files.files.get(filePath);
  for (let hops = 0; current !== undefined && hops <= MAX_LINK_HOPS; hops++) {
    if (current.content !== undefined || (current.type !== 'symlink' && current.type !== 'hardlink')) return current;
    const target = linkTarget(current);
    if (target === undefined) return undefined;
    current = files.files.get(target);
  }
  return undefined;
}
