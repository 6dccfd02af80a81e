// The image names build tools rewrite, read from the files that declare them in the manifest's folder and the
// folders above it: skaffold.yaml, kustomization.yaml (`images:`) and Tiltfile. The engine gets the names as a
// fact of the workspace (SourceFile.buildToolImages) and the image rules stop judging those placeholders' tags.
import nodePath, { type PlatformPath } from 'node:path';
import { kustomizationImages, skaffoldImages, tiltfileImages } from '../engine/build-tool-images';
import type { BuildToolImage } from '../engine/types';
import { nodeFileSystem, type HostFileSystem } from './file-system';

const BUILD_TOOL_FILES: Array<{ name: string; tool: BuildToolImage['tool']; read: (text: string) => string[] }> = [
  { name: 'skaffold.yaml', tool: 'Skaffold', read: skaffoldImages },
  { name: 'skaffold.yml', tool: 'Skaffold', read: skaffoldImages },
  { name: 'kustomization.yaml', tool: 'Kustomize', read: kustomizationImages },
  { name: 'kustomization.yml', tool: 'Kustomize', read: kustomizationImages },
  { name: 'Kustomization', tool: 'Kustomize', read: kustomizationImages },
  { name: 'Tiltfile', tool: 'Tilt', read: tiltfileImages },
];

/** Folders above a manifest that are looked at: a project keeps these files at its root or next to the manifests. */
const MAX_LEVELS = 6;

/** Build-tool files larger than this are not read. */
const MAX_FILE_SIZE = 1024 * 1024;

/** Reads each folder's build-tool files once per index; one index serves a CLI run or a language-server session. */
export class BuildToolIndex {
  private readonly byFolder = new Map<string, Array<Omit<BuildToolImage, 'source'> & { path: string }>>();

  constructor(
    private readonly fileSystem: HostFileSystem = nodeFileSystem,
    private readonly pathApi: PlatformPath = nodePath,
  ) {}

  /** Folders to drop from the cache: a build-tool file in them changed. */
  forget(path: string): void {
    this.byFolder.delete(this.pathApi.dirname(this.pathApi.resolve(path)));
  }

  /**
   * The images build tools rewrite for the manifest at `manifestPath`, from its folder up to `stopAt` (a workspace
   * or the current folder; never above it when the manifest is inside it) or MAX_LEVELS folders up.
   */
  imagesFor(manifestPath: string, stopAt?: string): BuildToolImage[] {
    const path = this.pathApi;
    const from = path.dirname(path.resolve(manifestPath));
    const limit = stopAt !== undefined && isInside(path, from, path.resolve(stopAt)) ? path.resolve(stopAt) : undefined;
    const found: BuildToolImage[] = [];
    let folder = from;
    for (let level = 0; level <= MAX_LEVELS; level++) {
      for (const entry of this.folderImages(folder)) {
        found.push({ name: entry.name, tool: entry.tool, source: path.relative(from, entry.path).split(path.sep).join('/') || entry.path });
      }
      const parent = path.dirname(folder);
      if (folder === limit || parent === folder) break;
      folder = parent;
    }
    return found;
  }

  private folderImages(folder: string): Array<Omit<BuildToolImage, 'source'> & { path: string }> {
    let images = this.byFolder.get(folder);
    if (images) return images;
    images = [];
    for (const file of BUILD_TOOL_FILES) {
      const path = this.pathApi.join(folder, file.name);
      let text: string | undefined;
      try {
        text = this.fileSystem.readTextIfExists(path);
      } catch {
        continue; // An unreadable file says nothing; the manifest is still linted.
      }
      if (text === undefined || text.length > MAX_FILE_SIZE) continue;
      for (const name of file.read(text)) images.push({ name, tool: file.tool, path });
    }
    this.byFolder.set(folder, images);
    return images;
  }
}

function isInside(path: PlatformPath, folder: string, root: string): boolean {
  const relative = path.relative(root, folder);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
