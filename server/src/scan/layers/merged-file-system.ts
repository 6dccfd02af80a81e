// The image's file system as its layers build it up, base layer first. Whiteouts follow the OCI image
// spec: they hide what lower layers wrote, never what their own layer wrote, whatever the entry order.
import type { ImageFile } from '../types';
import { baseName, joinPath, parentPath } from './layer-path';

export class MergedFileSystem {
  readonly files = new Map<string, ImageFile>();
  /** Directory path → names below it, including directories known only from their children's paths. */
  private readonly children = new Map<string, Set<string>>();

  /** `onDrop` hears of every file that leaves the tree: `layerIndex` is the layer that removed it, and
   * `replacement` the file that took its path when it was overwritten rather than deleted. */
  constructor(private readonly onDrop: (file: ImageFile, layerIndex: number, replacement?: ImageFile) => void) {}

  get(path: string): ImageFile | undefined {
    return this.files.get(path);
  }

  /** Writes a path from layer `file.layerIndex`. Replacing a lower directory by anything but a directory
   * drops what lower layers had below it, as the container runtime would. */
  put(file: ImageFile): void {
    const previous = this.files.get(file.path);
    if (previous) {
      if (previous.type === 'directory' && file.type !== 'directory') this.removeBelow(file.path, file.layerIndex);
      this.onDrop(previous, file.layerIndex, file);
    }
    this.files.set(file.path, file);
    let path = file.path;
    while (path !== '') {
      const parent = parentPath(path);
      const names = this.children.get(parent) ?? new Set<string>();
      if (names.has(baseName(path))) break;
      names.add(baseName(path));
      this.children.set(parent, names);
      path = parent;
    }
  }

  /** `.wh.<name>`: the path and everything below it, as lower layers wrote them. */
  whiteOut(path: string, layerIndex: number): void {
    const file = this.files.get(path);
    if (file && file.layerIndex < layerIndex) {
      this.files.delete(path);
      this.onDrop(file, layerIndex);
    }
    this.removeBelow(path, layerIndex);
    this.forgetIfEmpty(path);
  }

  /** `.wh..wh..opq`: the directory stays, what lower layers wrote below it goes. */
  makeOpaque(dir: string, layerIndex: number): void {
    this.removeBelow(dir, layerIndex);
  }

  private removeBelow(dir: string, layerIndex: number): void {
    const names = this.children.get(dir);
    if (!names) return;
    for (const name of [...names]) {
      const path = joinPath(dir, name);
      const file = this.files.get(path);
      if (file && file.layerIndex < layerIndex) {
        this.files.delete(path);
        this.onDrop(file, layerIndex);
      }
      this.removeBelow(path, layerIndex);
      if (!this.files.has(path) && !this.children.has(path)) names.delete(name);
    }
    if (names.size === 0) this.children.delete(dir);
  }

  private forgetIfEmpty(path: string): void {
    let current = path;
    while (current !== '' && !this.files.has(current) && !this.children.has(current)) {
      const parent = parentPath(current);
      const names = this.children.get(parent);
      if (!names) return;
      names.delete(baseName(current));
      if (names.size > 0) return;
      this.children.delete(parent);
      current = parent;
    }
  }
}
