// Newer releases of a version tag, by the rules Renovate and Dependabot apply to Docker tags: a tag is a
// version (`22.11`, `v1.2.3`) and a variant suffix after it (`-alpine`, `-slim-bookworm`); an update keeps
// the suffix exactly and the precision (`1.2` moves to `1.3`, never to `1.3.0`), and pre-releases are never
// offered. Node.js and Ubuntu have long-term-support lines, so only those are offered for them: even Node.js
// majors, and Ubuntu's even-year `.04` releases.

export interface VersionTag {
  tag: string;
  prefix: string;
  parts: number[];
  suffix: string;
}

export interface TagUpdates {
  /** The newest release with the same major version (a minor or patch update), when the tag has a minor part. */
  sameMajor?: string;
  /** The newest release of a later major line, when there is one. */
  newerMajor?: string;
}

const VERSION_TAG = /^(v?)(\d{1,9}(?:\.\d{1,9}){0,3})(-[A-Za-z0-9][A-Za-z0-9._-]*)?$/;
const PRE_RELEASE = /(?:^|[-.])(?:alpha|beta|rc|pre|preview|dev|nightly|snapshot|canary|next|insiders|edge|experimental)(?:[-.\d]|$)/i;

export function parseVersionTag(tag: string): VersionTag | undefined {
  const match = VERSION_TAG.exec(tag);
  if (!match) return undefined;
  const suffix = match[3] ?? '';
  if (PRE_RELEASE.test(suffix)) return undefined;
  return { tag, prefix: match[1]!, parts: match[2]!.split('.').map(Number), suffix };
}

/** Which of `tags` are newer releases of `current` in its line; undefined fields when none. */
export function tagUpdates(current: string, tags: readonly string[], repositoryName: string): TagUpdates {
  const base = parseVersionTag(current);
  if (!base) return {};
  const lts = ltsFilter(repositoryName);
  let sameMajor: VersionTag | undefined;
  let newerMajor: VersionTag | undefined;
  for (const tag of tags) {
    const candidate = parseVersionTag(tag);
    if (!candidate || candidate.prefix !== base.prefix || candidate.suffix !== base.suffix || candidate.parts.length !== base.parts.length) continue;
    if (compareParts(candidate.parts, base.parts) <= 0 || (lts && !lts(candidate.parts, base.parts))) continue;
    if (candidate.parts[0] === base.parts[0]) {
      if (base.parts.length > 1 && (!sameMajor || compareParts(candidate.parts, sameMajor.parts) > 0)) sameMajor = candidate;
    } else if (!newerMajor || compareParts(candidate.parts, newerMajor.parts) > 0) {
      newerMajor = candidate;
    }
  }
  return { ...(sameMajor ? { sameMajor: sameMajor.tag } : {}), ...(newerMajor ? { newerMajor: newerMajor.tag } : {}) };
}

/** For images with long-term-support lines, which versions are on one. */
function ltsFilter(repositoryName: string): ((parts: number[], current: number[]) => boolean) | undefined {
  const name = repositoryName.split('/').pop();
  // Node.js: releases of the line in use, else even (LTS) majors. Ubuntu: only LTS releases (22.10 is not one).
  if (name === 'node') return (parts, current) => parts[0] === current[0] || parts[0]! % 2 === 0;
  if (name === 'ubuntu') return (parts) => parts[0]! % 2 === 0 && parts[1] === 4;
  return undefined;
}

/** Compares versions part by part; a missing part counts as 0 (`1.27` = `1.27.0`). */
export function compareParts(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
