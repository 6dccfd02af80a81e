// Alpine version order, as apk-tools defines it for versions shaped
//   number{.number}[letter]{_suffix[number]}[~hash][-r number]
// A version is read as a sequence of typed tokens; equal prefixes are skipped, then the first differing
// value decides, and where one version has a token the other has not, the token kinds decide: a longer
// release number is newer, a pre-release suffix (_alpha, _beta, _pre, _rc) is older than no suffix,
// a post-release suffix (_cvs, _svn, _git, _hg, _p) is newer.

/** Token kinds in apk-tools' order: where two versions differ in kind, the higher kind is the older one. */
const enum Kind {
  Invalid = -1,
  DotNumber = 0,
  Number = 1,
  Letter = 2,
  Suffix = 3,
  SuffixNumber = 4,
  CommitHash = 5,
  Revision = 6,
  End = 7,
}

interface Token {
  kind: Kind;
  /** Numbers as digit strings (compared by length, then text) so huge values stay exact. */
  value: string | number;
}

const PRE_RELEASE_SUFFIXES = ['alpha', 'beta', 'pre', 'rc'];
const POST_RELEASE_SUFFIXES = ['cvs', 'svn', 'git', 'hg', 'p'];

function suffixValue(name: string): number | undefined {
  const pre = PRE_RELEASE_SUFFIXES.indexOf(name);
  if (pre >= 0) return pre - PRE_RELEASE_SUFFIXES.length;
  const post = POST_RELEASE_SUFFIXES.indexOf(name);
  return post >= 0 ? post : undefined;
}

function tokenize(version: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /^(\d+)/;
  let rest = version.trim();
  const first = pattern.exec(rest);
  if (!first) return [{ kind: Kind.Invalid, value: 0 }];
  tokens.push({ kind: Kind.Number, value: first[1] as string });
  rest = rest.slice(first[0].length);
  while (rest.length > 0) {
    let match: RegExpExecArray | null;
    if ((match = /^\.(0+)(\d*)/.exec(rest))) {
      // A component with leading zeros sorts below any without, and more zeros sort lower: 1.001 < 1.01 < 1.1.
      tokens.push({ kind: Kind.DotNumber, value: -(match[1] as string).length });
      if (match[2]) tokens.push({ kind: Kind.Number, value: match[2] });
    } else if ((match = /^\.(\d+)/.exec(rest))) {
      tokens.push({ kind: Kind.DotNumber, value: match[1] as string });
    } else if ((match = /^([a-z])(\d*)/.exec(rest)) && isAfterNumber(tokens)) {
      tokens.push({ kind: Kind.Letter, value: (match[1] as string).charCodeAt(0) });
      if (match[2]) tokens.push({ kind: Kind.Number, value: match[2] });
    } else if ((match = /^_([a-z]+)(\d*)/.exec(rest)) && suffixValue(match[1] as string) !== undefined) {
      tokens.push({ kind: Kind.Suffix, value: suffixValue(match[1] as string) as number });
      if (match[2]) tokens.push({ kind: Kind.SuffixNumber, value: match[2] });
    } else if ((match = /^~[0-9a-f]+/.exec(rest))) {
      // A commit hash says which snapshot, not which is newer.
      tokens.push({ kind: Kind.CommitHash, value: 0 });
    } else if ((match = /^-r(\d+)/.exec(rest))) {
      tokens.push({ kind: Kind.Revision, value: match[1] as string });
    } else {
      tokens.push({ kind: Kind.Invalid, value: 0 });
      return tokens;
    }
    rest = rest.slice(match[0].length);
  }
  tokens.push({ kind: Kind.End, value: 0 });
  return tokens;
}

function isAfterNumber(tokens: Token[]): boolean {
  const last = tokens[tokens.length - 1];
  return last !== undefined && (last.kind === Kind.Number || last.kind === Kind.DotNumber);
}

function compareValues(a: string | number, b: string | number): number {
  if (typeof a === 'number' || typeof b === 'number') {
    const left = typeof a === 'number' ? a : Number(a);
    const right = typeof b === 'number' ? b : Number(b);
    return left < right ? -1 : left > right ? 1 : 0;
  }
  const left = a.replace(/^0+(?=\d)/, '');
  const right = b.replace(/^0+(?=\d)/, '');
  if (left.length !== right.length) return left.length < right.length ? -1 : 1;
  return left < right ? -1 : left > right ? 1 : 0;
}

function isPreRelease(token: Token): boolean {
  return token.kind === Kind.Suffix && typeof token.value === 'number' && token.value < 0;
}

/** Negative, zero or positive as `a` sorts before, with or after `b` in apk's order. */
export function compareApkVersions(a: string, b: string): number {
  const left = tokenize(a);
  const right = tokenize(b);
  for (let i = 0; ; i++) {
    const x = left[i] ?? { kind: Kind.End, value: 0 };
    const y = right[i] ?? { kind: Kind.End, value: 0 };
    if (x.kind === y.kind) {
      const order = compareValues(x.value, y.value);
      if (order !== 0) return order;
      if (x.kind === Kind.End || x.kind === Kind.Invalid) return 0;
      continue;
    }
    if (isPreRelease(x)) return -1;
    if (isPreRelease(y)) return 1;
    return x.kind > y.kind ? -1 : 1;
  }
}
