// Image references in documents, for the Scan Image pick list and for putting a scan's summary on the lines
// that name the scanned image. Uses the engine's models, so stage names and references built from
// variables without a value are left out exactly as the image rules leave them out.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseImageReference, type ImageReference } from '../engine/image-reference';
import type { ImageUse } from '../engine/image-use';
import type { FindImagesParams, FoundImage, ScanReport, ScanTarget } from '../protocol';
import { imageUsesOf } from './hover';

/** Texts larger than this are data, not Dockerfiles or manifests. */
const MAX_TEXT_CHARS = 5 * 1024 * 1024;
const MAX_FILES = 2000;
const MAX_FOUND = 5000;

/** Image uses that name a real, complete image reference. */
export function scannableUses(document: TextDocument): Array<ImageUse & { reference: ImageReference }> {
  return imageUsesOf(document).filter((use): use is ImageUse & { reference: ImageReference } => use.reference !== undefined && use.unresolvedVariables.length === 0);
}

/** The images each text references, in file order; files beyond the limits are skipped. */
export function findImages(params: FindImagesParams): FoundImage[] {
  const found: FoundImage[] = [];
  const files = Array.isArray(params?.files) ? params.files.slice(0, MAX_FILES) : [];
  for (const file of files) {
    if (typeof file?.uri !== 'string' || typeof file.text !== 'string' || file.text.length > MAX_TEXT_CHARS) continue;
    const document = TextDocument.create(file.uri, '', 0, file.text);
    for (const use of scannableUses(document)) {
      if (found.length >= MAX_FOUND) return found;
      found.push({ image: use.resolved, uri: file.uri, line: document.positionAt(use.range.start).line });
    }
  }
  return found;
}

/**
 * One spelling for equal references: registry and repository normalised (`nginx` → `docker.io/library/nginx`),
 * a missing tag read as `latest` unless a digest pins the image.
 */
export function canonicalReference(reference: ImageReference): string {
  const tag = reference.tag ?? (reference.digest === undefined ? 'latest' : undefined);
  return `${reference.registry}/${reference.repository}${tag !== undefined ? `:${tag}` : ''}${reference.digest !== undefined ? `@${reference.digest}` : ''}`;
}

/** What a finished scan is known as: the references it was asked for or read, and the digests it scanned. */
export interface ScannedImage {
  references: Set<string>;
  digests: Set<string>;
}

export function scannedImage(target: ScanTarget, report: ScanReport): ScannedImage {
  const scanned: ScannedImage = { references: new Set(), digests: new Set() };
  const names = [target.kind === 'registry' || target.kind === 'docker-engine' ? target.image : undefined, report.image.reference];
  for (const name of names) {
    if (typeof name !== 'string') continue;
    const parsed = parseImageReference(name);
    if (!parsed.ok) continue;
    scanned.references.add(canonicalReference(parsed.reference));
  }
  for (const digest of [report.image.manifestDigest, report.image.indexDigest]) if (digest) scanned.digests.add(digest);
  return scanned;
}

/** True when `reference` names the image that was scanned: the same reference, or a digest the scan read
 * (a digest names the content itself, whatever repository it is written with; a tarball scan knows no other). */
export function namesScannedImage(reference: ImageReference, scanned: ScannedImage): boolean {
  if (scanned.references.has(canonicalReference(reference))) return true;
  return reference.digest !== undefined && scanned.digests.has(reference.digest);
}

/** True when two scans are of the same image, so the later one replaces the earlier one's summaries. */
export function sameImage(a: ScannedImage, b: ScannedImage): boolean {
  for (const reference of a.references) if (b.references.has(reference)) return true;
  for (const digest of a.digests) if (b.digests.has(digest)) return true;
  return false;
}
