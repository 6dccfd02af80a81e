// What Scan Image offers: the image under the cursor, or a pick list of the images the workspace names
// (most used first, with where they are used) followed by the other sources a scan can read.
import { readScanTarget, type FoundImage, type ScanTarget } from '../../../server/src/protocol';

export type ScanPick =
  | { kind: 'image'; label: string; description: string; image: string }
  | { kind: 'enter' | 'docker-engine' | 'docker-archive' | 'oci-layout'; label: string; description: string };

export const OTHER_SOURCES: readonly ScanPick[] = [
  { kind: 'enter', label: 'Enter an image reference…', description: 'any registry image, such as nginx:1.27 or ghcr.io/org/app:2.1' },
  { kind: 'docker-engine', label: 'Scan an image of the local Docker Engine…', description: 'an image you built or pulled, such as app:dev (docker images)' },
  { kind: 'docker-archive', label: 'Scan a docker save tarball…', description: 'a .tar file written by docker save or podman save' },
  { kind: 'oci-layout', label: 'Scan an OCI layout folder…', description: 'a folder with oci-layout and index.json' },
];

/** Most images the pick list shows; a workspace naming more is rare and the user can type one in. */
export const MAX_IMAGE_PICKS = 100;

/** The image named on the cursor's line (0-based), or the first of several on that line. */
export function imageOnLine(found: readonly FoundImage[], uri: string, line: number): string | undefined {
  return found.find((image) => image.uri === uri && image.line === line)?.image;
}

/** One pick per distinct image, most often used first, then by name; `where` names a file for display. */
export function imagePicks(found: readonly FoundImage[], where: (uri: string) => string, limit = MAX_IMAGE_PICKS): ScanPick[] {
  const byImage = new Map<string, FoundImage[]>();
  for (const image of found) {
    const uses = byImage.get(image.image);
    if (uses) uses.push(image);
    else byImage.set(image.image, [image]);
  }
  return [...byImage.entries()]
    .sort(([a, usesA], [b, usesB]) => usesB.length - usesA.length || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit)
    .map(([image, uses]) => {
      const first = uses[0];
      const place = first ? `${where(first.uri)}:${first.line + 1}` : '';
      const description = uses.length === 1 ? place : `${place} and ${uses.length - 1} more place${uses.length === 2 ? '' : 's'}`;
      return { kind: 'image', label: image, description, image };
    });
}

/** Why typed text cannot be an image reference, or undefined when it may be one (the server checks fully). */
export function checkTypedReference(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return 'Type an image reference, such as nginx:1.27 or ghcr.io/org/app@sha256:…';
  if (value.length > 512) return 'An image reference is at most a few hundred characters.';
  if (/\s/.test(value)) return 'An image reference has no spaces.';
  if (!/^[A-Za-z0-9[][A-Za-z0-9._\-/:@[\]]*$/.test(value)) return 'Use only letters, digits and . _ - / : @ as in name[:tag][@digest].';
  return undefined;
}

/** The scan target for a code lens or command argument: an image reference, or a target object. */
export function targetFromArgument(argument: unknown): ScanTarget | undefined {
  if (typeof argument === 'string' && argument.trim() !== '') return { kind: 'registry', image: argument.trim() };
  return readScanTarget(argument);
}

/** What the progress notification and messages call a target. */
export function targetTitle(target: ScanTarget): string {
  if (target.kind === 'registry' || target.kind === 'docker-engine') return target.image;
  const segments = target.path.split(/[\\/]/).filter(Boolean);
  return segments[segments.length - 1] ?? target.path;
}
