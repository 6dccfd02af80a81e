// Which tags to offer instead of `latest`: the newest release lines, each as its most precise version tag
// (`1.27.3`) followed by the line's own tag (`1.27`, which follows patch releases), newest line first.
// Pre-releases and variant tags (`-alpine`, `-rc1`) are left out: the image named no variant.

import { compareParts } from '../engine/tag-updates';

interface VersionTag {
  tag: string;
  parts: number[];
}

const VERSION_TAG = /^v?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?$/;

export function suggestTags(tags: readonly string[], limit = 5): string[] {
  const versions: VersionTag[] = [];
  const seen = new Set<string>();
  for (const tag of tags) {
    const match = VERSION_TAG.exec(tag);
    if (!match) continue;
    const parts = match.slice(1).filter((part): part is string => part !== undefined).map(Number);
    const key = parts.join('.');
    if (seen.has(key)) continue;
    seen.add(key);
    versions.push({ tag, parts });
  }
  // Lines are major.minor when tags have a minor part; bare majors (`3`) only stand for themselves.
  const lines = new Map<string, { line: VersionTag | undefined; newest: VersionTag }>();
  for (const version of versions) {
    const key = version.parts.slice(0, 2).join('.');
    const entry = lines.get(key);
    const isLineTag = version.parts.length <= 2;
    if (!entry) lines.set(key, { line: isLineTag ? version : undefined, newest: version });
    else {
      if (isLineTag && version.parts.length === 2) entry.line = version;
      if (compareParts(version.parts, entry.newest.parts) > 0 || (compareParts(version.parts, entry.newest.parts) === 0 && version.parts.length > entry.newest.parts.length)) entry.newest = version;
    }
  }
  const ordered = [...lines.values()].sort((a, b) => compareParts(b.newest.parts, a.newest.parts));
  const suggestions: string[] = [];
  for (const { line, newest } of ordered) {
    for (const candidate of [newest, line]) {
      if (candidate && !suggestions.includes(candidate.tag) && suggestions.length < limit) suggestions.push(candidate.tag);
    }
  }
  return suggestions;
}
