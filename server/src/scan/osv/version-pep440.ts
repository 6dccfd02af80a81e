// Python version order (PEP 440): [N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local], read with the
// normalisations the PEP allows (case, `-`/`_`/`.` separators, alpha/beta/c/pre/preview spellings,
// `-N` and rev/r as post-releases, a leading `v`). Versions outside PEP 440 have no place in the order.

interface Pep440Version {
  epoch: number;
  release: number[];
  pre?: [number, number];
  post?: number;
  dev?: number;
  local: Array<number | string>;
}

const VERSION_PATTERN = new RegExp(
  '^v?' +
    '(?:(\\d+)!)?' +
    '(\\d+(?:\\.\\d+)*)' +
    '(?:[-_.]?(alpha|a|beta|b|preview|pre|c|rc)[-_.]?(\\d+)?)?' +
    '(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d+)?)?' +
    '(?:[-_.]?(dev)[-_.]?(\\d+)?)?' +
    '(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$',
);

const PRE_RELEASE_RANK: Record<string, number> = { a: 0, alpha: 0, b: 1, beta: 1, c: 2, rc: 2, pre: 2, preview: 2 };

function parsePep440(text: string): Pep440Version | undefined {
  const match = VERSION_PATTERN.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const [, epoch, release, preLabel, preNumber, postImplicit, postLabel, postNumber, devLabel, devNumber, local] = match;
  const version: Pep440Version = {
    epoch: epoch === undefined ? 0 : Number(epoch),
    release: (release as string).split('.').map(Number),
    local: local === undefined ? [] : local.split(/[-_.]/).map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
  };
  if (preLabel !== undefined) version.pre = [PRE_RELEASE_RANK[preLabel] ?? 0, Number(preNumber ?? 0)];
  if (postImplicit !== undefined) version.post = Number(postImplicit);
  else if (postLabel !== undefined) version.post = Number(postNumber ?? 0);
  if (devLabel !== undefined) version.dev = Number(devNumber ?? 0);
  return version;
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRelease(a: number[], b: number[]): number {
  // Trailing zeros do not count: 1.0 == 1.0.0.
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const order = compareNumbers(a[i] ?? 0, b[i] ?? 0);
    if (order !== 0) return order;
  }
  return 0;
}

/** Where the pre-release part places a version among those with the same release: a dev release of the
 * final version comes before its pre-releases (1.0.dev1 < 1.0a1), the final version after them. */
function preReleaseKey(version: Pep440Version): [number, number, number] {
  if (version.pre) return [0, version.pre[0], version.pre[1]];
  if (version.post === undefined && version.dev !== undefined) return [-1, 0, 0];
  return [1, 0, 0];
}

function compareTuples(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const order = compareNumbers(a[i] ?? 0, b[i] ?? 0);
    if (order !== 0) return order;
  }
  return 0;
}

function compareLocal(a: Array<number | string>, b: Array<number | string>): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const left = a[i];
    const right = b[i];
    if (left === undefined || right === undefined) return left === undefined ? (right === undefined ? 0 : -1) : 1;
    if (typeof left !== typeof right) return typeof left === 'number' ? 1 : -1;
    const order = typeof left === 'number' ? compareNumbers(left, right as number) : left < right ? -1 : left > right ? 1 : 0;
    if (order !== 0) return order;
  }
  return 0;
}

/** Negative, zero or positive as `a` sorts before, with or after `b`; undefined when either is not PEP 440. */
export function comparePep440Versions(a: string, b: string): number | undefined {
  const left = parsePep440(a);
  const right = parsePep440(b);
  if (!left || !right) return undefined;
  return (
    compareNumbers(left.epoch, right.epoch) ||
    compareRelease(left.release, right.release) ||
    compareTuples(preReleaseKey(left), preReleaseKey(right)) ||
    // No post-release sorts before any post-release.
    compareNumbers(left.post ?? -1, right.post ?? -1) ||
    // No dev release sorts after any dev release.
    compareNumbers(left.dev ?? Infinity, right.dev ?? Infinity) ||
    compareLocal(left.local, right.local)
  );
}
