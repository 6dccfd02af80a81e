// What every image check is and receives, and the small helpers their findings share.
import type { ImageFindingSeverity, ReportFinding } from '../../protocol';
import type { ImageFiles, Inventory, ResolvedImage } from '../types';

export interface ImageCheckInput {
  image: ResolvedImage;
  files: ImageFiles;
  inventory: Inventory;
  /** ISO date the end-of-life checks judge against ("2026-12-01"); a full timestamp is cut to its date. */
  today: string;
  /** Told about a check that threw; the other checks still run and the failed one reports nothing. */
  onCheckError?: (checkId: string, error: unknown) => void;
}

export interface ImageCheck {
  /** Stable id, also the id of every finding it makes: "image-user-root". */
  id: string;
  run(input: ImageCheckInput): ReportFinding[];
}

export const SEVERITY_ORDER: readonly ImageFindingSeverity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** How messages show a path of the image: absolute, as a shell inside the container sees it. */
export function displayPath(path: string): string {
  return `/${path.replace(/^\/+/, '')}`;
}

/** `image "nginx:1.25"`, for messages. */
export function imageLabel(input: ImageCheckInput): string {
  return `image "${input.image.name}"`;
}

/**
 * Keeps the first `limit` findings and folds the rest into one that says how many were left out, so an image
 * with thousands of loose permissions gives a readable report rather than thousands of lines.
 */
export function capFindings(findings: ReportFinding[], limit: number, more: (count: number) => ReportFinding): ReportFinding[] {
  if (findings.length <= limit) return findings;
  return [...findings.slice(0, limit), more(findings.length - limit)];
}

/** Orders files by path, so findings come in the same order whatever order the layers were read in. */
export function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
