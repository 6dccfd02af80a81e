// How many bytes of file content the read keeps at once, over the whole image. Contents are reserved
// before they are read and released when a later layer replaces or deletes the file.
import type { ImageFile } from '../types';

export class ContentBudget {
  private kept = 0;
  private skipped = 0;

  constructor(private readonly limit: number) {}

  /** False (and the file is counted as skipped) when keeping `size` more bytes would pass the limit. */
  reserve(size: number): boolean {
    if (this.kept + size > this.limit) {
      this.skipped += 1;
      return false;
    }
    this.kept += size;
    return true;
  }

  release(file: ImageFile): void {
    this.kept -= file.content?.length ?? 0;
    this.releaseHistory(file);
  }

  releaseHistory(file: ImageFile): void {
    for (const version of file.history ?? []) this.kept -= version.content.length;
  }

  skippedFiles(): number {
    return this.skipped;
  }
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const shown = unit === 0 || Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}
