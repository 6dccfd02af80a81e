// RPM version order: epoch, then version, then release, each compared by rpmvercmp's rules. A string is
// split into runs of digits and runs of letters (other characters only separate); digits beat letters,
// digit runs compare numerically, letter runs by code point; `~` sorts before anything, even the end
// (1.0~rc1 < 1.0), and `^` after the end but before anything else (1.0 < 1.0^git1 < 1.0.1).
import { splitEpochVersion } from './epoch-version';

const isDigit = (char: string | undefined): boolean => char !== undefined && char >= '0' && char <= '9';
const isAlpha = (char: string | undefined): boolean => char !== undefined && /[A-Za-z]/.test(char);
const isSeparator = (char: string | undefined): boolean =>
  char !== undefined && !isDigit(char) && !isAlpha(char) && char !== '~' && char !== '^';

function compareNumbers(a: string, b: string): number {
  const left = a.replace(/^0+/, '');
  const right = b.replace(/^0+/, '');
  if (left.length !== right.length) return left.length < right.length ? -1 : 1;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** rpmvercmp: negative, zero or positive as `a` sorts before, with or after `b`. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (isSeparator(a[i])) i++;
    while (isSeparator(b[j])) j++;

    if (a[i] === '~' || b[j] === '~') {
      if (a[i] !== '~') return 1;
      if (b[j] !== '~') return -1;
      i++;
      j++;
      continue;
    }
    if (a[i] === '^' || b[j] === '^') {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== '^') return 1;
      if (b[j] !== '^') return -1;
      i++;
      j++;
      continue;
    }
    if (i >= a.length || j >= b.length) break;

    const numeric = isDigit(a[i]);
    const inSegment = numeric ? isDigit : isAlpha;
    const startA = i;
    const startB = j;
    while (inSegment(a[i])) i++;
    while (inSegment(b[j])) j++;
    const segmentA = a.slice(startA, i);
    const segmentB = b.slice(startB, j);
    // Segments of different types: a number is newer than letters.
    if (segmentB === '') return numeric ? 1 : -1;
    const order = numeric ? compareNumbers(segmentA, segmentB) : segmentA < segmentB ? -1 : segmentA > segmentB ? 1 : 0;
    if (order !== 0) return order;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i < a.length ? 1 : -1;
}

/** Compares `[epoch:]version[-release]`; when only one side names a release, releases are not compared. */
export function compareRpmVersions(a: string, b: string): number {
  const left = splitEpochVersion(a);
  const right = splitEpochVersion(b);
  if (left.epoch !== right.epoch) return left.epoch < right.epoch ? -1 : 1;
  const version = rpmvercmp(left.version, right.version);
  if (version !== 0 || left.release === undefined || right.release === undefined) return version;
  return rpmvercmp(left.release, right.release);
}
