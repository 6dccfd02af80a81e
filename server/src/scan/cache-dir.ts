// Where the CLI keeps OSV answers between runs: the platform's per-user cache folder. (The extension uses
// its global storage folder instead.)
import nodePath from 'node:path';

export function userCacheDir(env: Record<string, string | undefined>, platform: NodeJS.Platform, home: string): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA || nodePath.win32.join(home, 'AppData', 'Local');
    return nodePath.win32.join(local, 'shipshape', 'Cache');
  }
  if (platform === 'darwin') return nodePath.posix.join(home, 'Library', 'Caches', 'shipshape');
  const xdg = env.XDG_CACHE_HOME;
  return nodePath.posix.join(xdg && nodePath.posix.isAbsolute(xdg) ? xdg : nodePath.posix.join(home, '.cache'), 'shipshape');
}
