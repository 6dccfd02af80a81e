// Rewriting an image reference where it stands in the document, shared by the image rules' fixes.
import type { ImageReference } from './image-reference';
import type { ImageUse } from './image-use';
import type { Edit } from './types';

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

/**
 * A digest pins what the tag pointed to when it was taken; a fix that changes the tag (`node:20-alpine@sha256:…`
 * → `node:22-alpine`) drops it, since keeping it would still pull the old image. For a pinned reference at
 * `offset` this is one edit that writes `rewritten` (without a digest) over the whole reference; undefined for
 * a reference without a digest, whose fix edits only the parts it changes.
 */
export function unpinnedRewrite(reference: ImageReference, offset: number, rewritten: string): Edit | undefined {
  return reference.digest === undefined ? undefined : { start: offset, end: offset + reference.original.length, text: withoutDigest(rewritten) };
}

/** `name:tag@sha256:…` → `name:tag`: how a reference reads once its tag changed (see unpinnedRewrite). */
export function withoutDigest(reference: string): string {
  const at = reference.lastIndexOf('@');
  return at === -1 ? reference : reference.slice(0, at);
}
