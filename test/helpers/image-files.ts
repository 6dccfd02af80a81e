// In-memory ImageFiles for the inventory and check tests: the final file system as the layer reader
// would hand it over, without building layers.
import type { ImageFile, ImageFiles } from '../../server/src/scan/types';

export interface FileSpec {
  content: string | Buffer;
  /** Layer that last wrote the file; 0 unless given. */
  layer?: number;
  /** Earlier versions, oldest first (what the reader keeps for files wanted with 'history'). */
  history?: Array<{ layer: number; content: string | Buffer }>;
  mode?: number;
}

function bytes(content: string | Buffer): Buffer {
  return Buffer.isBuffer(content) ? content : Buffer.from(content);
}

export function regularFile(path: string, spec: FileSpec | string | Buffer): ImageFile {
  const full: FileSpec = typeof spec === 'string' || Buffer.isBuffer(spec) ? { content: spec } : spec;
  const content = bytes(full.content);
  return {
    path,
    type: 'file',
    mode: full.mode ?? 0o644,
    uid: 0,
    gid: 0,
    size: content.length,
    layerIndex: full.layer ?? 0,
    content,
    ...(full.history ? { history: full.history.map((version) => ({ layerIndex: version.layer, content: bytes(version.content) })) } : {}),
  };
}

/** A regular file whose content the reader did not keep (too large, or not wanted). */
export function unreadFile(path: string, size: number, layer = 0): ImageFile {
  return { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size, layerIndex: layer };
}

export function link(path: string, target: string, type: 'symlink' | 'hardlink' = 'symlink', layer = 0): ImageFile {
  return { path, type, mode: 0o777, uid: 0, gid: 0, size: 0, linkname: target, layerIndex: layer };
}

/** Files by path: strings and buffers become regular files in layer 0. */
export function imageFiles(entries: Record<string, FileSpec | string | Buffer | ImageFile>): ImageFiles {
  const files = new Map<string, ImageFile>();
  for (const [path, entry] of Object.entries(entries)) {
    const file = typeof entry === 'object' && !Buffer.isBuffer(entry) && 'type' in entry ? entry : regularFile(path, entry);
    files.set(path, file);
  }
  return { files, warnings: [] };
}
