// Wanted files that a later layer deleted or overwrote. The layer that added such a file still holds it, so
// a key or credential "removed" by a later build step can still be extracted from the image; the checks
// read these files as well as the final file system. Their contents stay within the read's content budget.
import type { ImageFile, RemovedFile } from '../types';
import type { ContentBudget } from './content-budget';

/** Enough for any real image; beyond it the removed files are counted in a warning and their contents released. */
export const MAX_REMOVED_FILES = 1_000;

export class RemovedFiles {
  readonly files: RemovedFile[] = [];
  private readonly wanted = new WeakSet<ImageFile>();
  /** Files whose share of the budget was given back before they left the tree. */
  private readonly released = new WeakSet<ImageFile>();
  private overflow = 0;

  constructor(
    private readonly budget: ContentBudget,
    private readonly maxFiles = MAX_REMOVED_FILES,
  ) {}

  /** A regular file a stage asked to read: if a later layer removes it, it is kept here. */
  markWanted(file: ImageFile): void {
    this.wanted.add(file);
  }

  /** The file's content lives on elsewhere (in its successor's history), so its removal is not a loss. */
  forget(file: ImageFile): void {
    this.wanted.delete(file);
  }

  /** Gives the file's share of the budget back while it is still in the tree, so the version replacing it is
   * read first; if the file is then kept as removed, it reserves its content again. */
  releaseEarly(file: ImageFile): void {
    if (this.released.has(file)) return;
    this.released.add(file);
    this.budget.release(file);
  }

  /** Called for every file that leaves the merged file system; releases what is not kept. */
  drop(file: ImageFile, layerIndex: number, replacement?: ImageFile): void {
    const released = this.released.has(file);
    const kept = this.wanted.has(file) && file.type === 'file' && file.layerIndex < layerIndex && !sameContent(file, replacement);
    if (!kept || this.files.length >= this.maxFiles) {
      if (kept) this.overflow += 1;
      if (!released) this.budget.release(file);
      return;
    }
    // Earlier versions of a 'history' file describe the final file system's past, not what this layer holds.
    const { history: _history, content, ...rest } = file;
    if (!released) this.budget.releaseHistory(file);
    const keepContent = content !== undefined && (!released || this.budget.reserve(content.length));
    this.files.push({ ...rest, ...(keepContent ? { content } : {}), removedInLayer: layerIndex, how: replacement ? 'overwritten' : 'deleted' });
  }

  /** A warning for the report when the list reached its cap, naming the image. */
  warning(imageName: string): string | undefined {
    if (this.overflow === 0) return undefined;
    return (
      `${this.overflow} more file${this.overflow === 1 ? '' : 's'} of ${imageName} that later layers deleted or overwrote ` +
      `${this.overflow === 1 ? 'was' : 'were'} not checked, because only the first ${this.maxFiles.toLocaleString('en-US')} are kept; ` +
      'keys and credentials among them may be missing from the report.'
    );
  }
}

/** Only a version known to be byte-for-byte the same leaves nothing behind; an unread one may differ. */
function sameContent(file: ImageFile, replacement: ImageFile | undefined): boolean {
  if (replacement?.type !== 'file' || file.content === undefined || replacement.content === undefined) return false;
  return file.content.equals(replacement.content);
}
