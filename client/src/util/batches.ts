// Splitting work for Lint Workspace: files are read in chunks and sent to the server in requests small
// enough that one request never holds a large share of a big repository in memory.

export interface BatchLimits {
  /** Files per request. */
  maxFiles: number;
  /** Characters of text per request; a single larger file still travels, alone. */
  maxChars: number;
}

export const LINT_BATCH_LIMITS: BatchLimits = { maxFiles: 50, maxChars: 2_000_000 };

/** Groups files in order into batches within the limits. */
export function batchFiles<T extends { text: string }>(files: readonly T[], limits: BatchLimits = LINT_BATCH_LIMITS): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const file of files) {
    if (current.length > 0 && (current.length >= limits.maxFiles || chars + file.text.length > limits.maxChars)) {
      batches.push(current);
      current = [];
      chars = 0;
    }
    current.push(file);
    chars += file.text.length;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Consecutive slices of at most `size` items. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (size < 1) throw new RangeError(`chunk size must be at least 1, not ${size}`);
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
