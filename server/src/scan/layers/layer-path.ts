// Tar entry names as the image's file system sees them. Layers come from anyone, so a name such as
// "../../etc/shadow" must land inside the image ("etc/shadow"), never outside it.

/**
 * The image path of a tar entry name: no leading "/" or "./", no "." segments, ".." resolved against the
 * segments before it and dropped at the root. '' is the root directory itself.
 */
export function normalizeLayerPath(name: string): string {
  const segments: string[] = [];
  for (const segment of name.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}
