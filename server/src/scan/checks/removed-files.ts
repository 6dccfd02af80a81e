// Files that a later layer deleted or overwrote but an earlier layer still holds (the layer reader's
// `removed`): what the key and credential checks say about them, and which of them to look at.
import type { ImageFile, ImageFiles, RemovedFile } from '../types';
import { byPath, displayPath } from './image-check';

/** `File /root/.npmrc (npm configuration) of image "x" was added in layer 1 and deleted in layer 3, yet layer 1 …`. */
export function removedFileStory(file: RemovedFile, imageName: string, label?: string): string {
  const what = label === undefined ? displayPath(file.path) : `${displayPath(file.path)} (${label})`;
  return (
    `File ${what} of image "${imageName}" was added in layer ${file.layerIndex} and ${file.how} in layer ${file.removedInLayer}, ` +
    `yet layer ${file.layerIndex} still holds it, so anyone who pulls the image can extract it.`
  );
}

/** What to do once the secret is rotated: the deletion never helped, only never adding the file does. */
export const REBUILD_WITHOUT_THE_FILE =
  'rebuild without ever adding the file: keep it out of the build context (`.dockerignore`) and give the secret to the build with `RUN --mount=type=secret` (or `--mount=type=ssh` for SSH keys), or to the container at run time.';

/** The removed regular files, by path and then by the layer that holds them, so findings come in a stable order. */
export function removedRegularFiles(files: ImageFiles): RemovedFile[] {
  return (files.removed ?? []).filter((file) => file.type === 'file').sort((a, b) => byPath(a, b) || a.layerIndex - b.layerIndex);
}

/** The version of the path in the final file system, when a later layer overwrote `file` rather than deleting it. */
export function currentVersion(files: ImageFiles, file: RemovedFile): ImageFile | undefined {
  if (file.how !== 'overwritten') return undefined;
  const current = files.files.get(file.path);
  return current?.type === 'file' ? current : undefined;
}

/**
 * Tells whether a finding for this file and layer was already made, and records it: a path and layer are
 * reported once, whether the file is in the final file system or was removed.
 */
export function firstTimeSeen(seen: Set<string>, file: { path: string; layerIndex: number }): boolean {
  const key = `${file.layerIndex}\0${file.path}`;
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}
