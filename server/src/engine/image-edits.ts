// Rewriting an image reference where it stands in the document, shared by the image rules' fixes.
import type { ImageUse } from './image-use';

/**
 * Offset in the document where the resolved reference starts, when it stands there literally: in the
 * written text itself, or in the ARG default it came from (possibly quoted). Undefined when the reference
 * is assembled from variables (`node:${VERSION}`) and cannot be edited in one place.
 */
export function referenceOffset(documentText: string, use: Pick<ImageUse, 'literalRange' | 'resolved'>): number | undefined {
  const literal = use.literalRange;
  if (!literal || use.resolved === '') return undefined;
  const at = documentText.slice(literal.start, literal.end).indexOf(use.resolved);
  return at === -1 ? undefined : literal.start + at;
}
