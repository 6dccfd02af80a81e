// Debian and Ubuntu version order, as dpkg defines it (deb-version(7)): [epoch:]upstream[-revision],
// compared part by part; within a part, runs of non-digits compare character by character with `~`
// before everything (even the end), letters before other characters, and runs of digits numerically.
import { splitEpochVersion } from './epoch-version';

function isDigit(char: string | undefined): boolean {
  return char !== undefined && char >= '0' && char <= '9';
}

/** Sort weight of one character of a non-digit run; `undefined` is the end of the run. */
function charOrder(char: string | undefined): number {
  if (char === undefined || isDigit(char)) return 0;
  if (char === '~') return -1;
  const code = char.charCodeAt(0);
  return /[A-Za-z]/.test(char) ? code : code + 256;
}

/** Compares two runs of digits numerically without converting (they may exceed 2^53). */
function compareDigits(a: string, b: string): number {
  const left = a.replace(/^0+/, '');
  const right = b.replace(/^0+/, '');
  if (left.length !== right.length) return left.length < right.length ? -1 : 1;
  return left < right ? -1 : left > right ? 1 : 0;
}

function comparePart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !isDigit(a[i])) || (j < b.length && !isDigit(b[j]))) {
      const left = charOrder(i < a.length && !isDigit(a[i]) ? a[i] : undefined);
      const right = charOrder(j < b.length && !isDigit(b[j]) ? b[j] : undefined);
      if (left !== right) return left < right ? -1 : 1;
      i++;
      j++;
    }
    const startA = i;
    const startB = j;
    while (i < a.length && isDigit(a[i])) i++;
    while (j < b.length && isDigit(b[j])) j++;
    const order = compareDigits(a.slice(startA, i), b.slice(startB, j));
    if (order !== 0) return order;
  }
  return 0;
}

/** Negative, zero or positive as `a` sorts before, with or after `b` in dpkg's order. */
export function compareDpkgVersions(a: string, b: string): number {
  const left = splitEpochVersion(a);
  const right = splitEpochVersion(b);
  if (left.epoch !== right.epoch) return left.epoch < right.epoch ? -1 : 1;
  return comparePart(left.version, right.version) || comparePart(left.release ?? '', right.release ?? '');
}
