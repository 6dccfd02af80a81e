// Paths a Compose file names (`extends.file`, `build.context`, `build.dockerfile`), resolved against the file
// that names them. Pure string work so the engine needs no file system; the host reads files by these exact
// paths, and Windows paths (`C:\app\compose.yaml`) keep their separator.

export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(path);
}

export function folderOf(filePath: string): string {
  const cut = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'));
  if (cut === -1) return '.';
  if (cut === 0) return filePath.slice(0, 1);
  return filePath.slice(0, cut);
}

/** `relative` resolved against the folder `folder`, with `.` and `..` segments removed. */
export function joinPath(folder: string, relative: string): string {
  const separator = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  const combined = isAbsolutePath(relative) ? relative : `${folder}${separator}${relative}`;
  const drive = /^[A-Za-z]:/.exec(combined)?.[0] ?? '';
  const rest = combined.slice(drive.length);
  const absolute = /^[\\/]/.test(rest);
  const parts: string[] = [];
  for (const part of rest.split(/[\\/]+/)) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  return `${drive}${absolute ? separator : ''}${parts.join(separator)}` || '.';
}

/** A path written in the Compose file at `fromFile`, as the host should read it. */
export function resolveComposePath(fromFile: string, written: string): string {
  return joinPath(folderOf(fromFile), written);
}

/** Build contexts that are not folders on this machine (Git URLs, remote tarballs). */
export function isRemoteContext(context: string): boolean {
  return /^(https?|git|ssh):\/\//i.test(context) || /^git@/.test(context) || context.endsWith('.git');
}
