// Masterminds/semver v3 versions and constraints, as sprig's `semverCompare` and `semver` use them.
// Notable rule: a pre-release version only satisfies a constraint that itself names a pre-release
// (`>=1.20` rejects `1.25.0-gke.100`, `>=1.20-0` accepts it).
import { GoStruct, type GoValue } from '../template/go-values';

export interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  prerelease: string;
  metadata: string;
  original: string;
}

const VERSION = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

export function parseVersion(text: string): Version {
  const match = VERSION.exec(text.trim());
  if (!match) throw new Error('Invalid Semantic Version');
  return {
    major: BigInt(match[1]!),
    minor: match[2] ? BigInt(match[2].slice(1)) : 0n,
    patch: match[3] ? BigInt(match[3].slice(1)) : 0n,
    prerelease: match[5] ?? '',
    metadata: match[8] ?? '',
    original: text,
  };
}

function comparePrerelease(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const left = a.split('.');
  const right = b.split('.');
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const x = left[index];
    const y = right[index];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return BigInt(x) < BigInt(y) ? -1 : 1;
    if (xn) return -1;
    if (yn) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: Version, b: Version): number {
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  return comparePrerelease(a.prerelease, b.prerelease);
}

interface Constraint {
  operator: string;
  version: Version;
  /** Which parts were wildcards or missing (`1.2` has no patch, `1.x` no minor). */
  dirty: { minor: boolean; patch: boolean; major: boolean };
  hasPrerelease: boolean;
}

const CONSTRAINT = /^\s*(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)?\s*(v?[0-9xX*]+(\.[0-9xX*]+)?(\.[0-9xX*]+)?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?)\s*$/;

function parseConstraint(text: string): Constraint {
  const match = CONSTRAINT.exec(text);
  if (!match) throw new Error(`improper constraint: ${text}`);
  const operator = match[1] ?? '';
  const raw = match[2]!.replace(/^v/, '');
  const [core, ...rest] = raw.split(/(?=[-+])/);
  const parts = core!.split('.');
  const wildcard = (part: string | undefined) => part === undefined || part === 'x' || part === 'X' || part === '*';
  const dirty = { major: wildcard(parts[0]), minor: wildcard(parts[1]), patch: wildcard(parts[2]) };
  const number = (part: string | undefined) => (wildcard(part) ? '0' : part!);
  const version = parseVersion(`${number(parts[0])}.${number(parts[1])}.${number(parts[2])}${rest.join('')}`);
  return { operator, version, dirty, hasPrerelease: version.prerelease !== '' };
}

function bump(version: Version, part: 'major' | 'minor' | 'patch'): Version {
  if (part === 'major') return { ...version, major: version.major + 1n, minor: 0n, patch: 0n, prerelease: '' };
  if (part === 'minor') return { ...version, minor: version.minor + 1n, patch: 0n, prerelease: '' };
  return { ...version, patch: version.patch + 1n, prerelease: '' };
}

function check(constraint: Constraint, version: Version): boolean {
  if (version.prerelease !== '' && !constraint.hasPrerelease) return false;
  const c = constraint.version;
  const cmp = compareVersions(version, c);
  const { dirty } = constraint;
  switch (constraint.operator) {
    case '':
    case '=':
      if (dirty.major) return true;
      if (dirty.minor) return version.major === c.major;
      if (dirty.patch) return version.major === c.major && version.minor === c.minor;
      return cmp === 0;
    case '!=':
      if (dirty.major) return false;
      if (dirty.minor) return version.major !== c.major;
      if (dirty.patch) return version.major !== c.major || version.minor !== c.minor;
      return cmp !== 0;
    case '>':
      if (dirty.major) return false;
      if (dirty.minor) return version.major > c.major;
      if (dirty.patch) return version.major > c.major || (version.major === c.major && version.minor > c.minor);
      return cmp > 0;
    case '<':
      return cmp < 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<=':
    case '=<':
      if (dirty.major) return true;
      if (dirty.minor) return version.major <= c.major;
      if (dirty.patch) return version.major < c.major || (version.major === c.major && version.minor <= c.minor);
      return cmp <= 0;
    case '~':
    case '~>': {
      if (cmp < 0) return false;
      if (dirty.major) return true;
      const upper = dirty.minor ? bump(c, 'major') : bump(c, 'minor');
      return compareVersions({ ...version, prerelease: '' }, upper) < 0;
    }
    case '^': {
      if (cmp < 0) return false;
      if (dirty.major) return true;
      const upper = c.major > 0n || dirty.minor ? bump(c, 'major') : c.minor > 0n || dirty.patch ? bump(c, 'minor') : bump(c, 'patch');
      return compareVersions({ ...version, prerelease: '' }, upper) < 0;
    }
  }
  return false;
}

/** sprig's semverCompare CONSTRAINT VERSION. */
export function semverCompare(constraintText: string, versionText: string): boolean {
  const version = parseVersion(versionText);
  // `>= 1.23-0` is one constraint: the operator may be followed by spaces.
  return constraintText.replace(/(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)\s+/g, '$1').split('||').some((group) => {
    const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(group);
    const items = hyphen ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`] : group.trim().split(/\s*,\s*|\s+(?=[=!<>~^v0-9])/).filter(Boolean);
    return items.map(parseConstraint).every((constraint) => check(constraint, version));
  });
}

/** sprig's `semver`: a *semver.Version with Major/Minor/Patch/Prerelease/Metadata/Original. */
export function parseSemver(text: string): { object: GoValue } {
  const version = parseVersion(text);
  const fields = new Map<string, GoValue>([
    ['Major', version.major],
    ['Minor', version.minor],
    ['Patch', version.patch],
    ['Prerelease', version.prerelease],
    ['Metadata', version.metadata],
    ['Original', version.original],
  ]);
  return { object: new SemverObject(fields, version) };
}

class SemverObject extends GoStruct {
  constructor(fields: ReadonlyMap<string, GoValue>, private readonly version: Version) {
    super('*semver.Version', fields);
  }
  override method(name: string): ((...args: GoValue[]) => GoValue) | undefined {
    const value = this.fields.get(name);
    if (value !== undefined) return () => value;
    if (name === 'String') return () => `${this.version.major}.${this.version.minor}.${this.version.patch}${this.version.prerelease ? '-' + this.version.prerelease : ''}${this.version.metadata ? '+' + this.version.metadata : ''}`;
    return undefined;
  }
  override format(): string {
    return `${this.version.major}.${this.version.minor}.${this.version.patch}${this.version.prerelease ? '-' + this.version.prerelease : ''}`;
  }
}
