// Semantic Versioning order (npm packages, and OSV ranges of type SEMVER). Versions the `semver` package
// cannot read even loosely ("1.2", "latest") have no place in the order: the comparison says so.
import semver from 'semver';

/** Negative, zero or positive as `a` sorts before, with or after `b`; undefined when either is not SemVer. */
export function compareSemverVersions(a: string, b: string): number | undefined {
  const left = semver.parse(a.trim().replace(/^v(?=\d)/, ''), { loose: true });
  const right = semver.parse(b.trim().replace(/^v(?=\d)/, ''), { loose: true });
  if (!left || !right) return undefined;
  return left.compare(right);
}
