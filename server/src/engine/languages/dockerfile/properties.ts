// The key-value pairs of ARG, ENV and LABEL (`ENV A=1 B="two words"`, `ENV KEY value with spaces`), split and
// unquoted in one pass over the instruction's text. dockerfile-ast's Property objects do the same but can build
// each value from the rest of the instruction, which made an ENV with thousands of escaped blanks quadratic in
// time and memory; these are computed from offsets and never look at a character twice.
import type { TextRange } from '../../types';
import { CR, HASH, LF, SPACE, TAB } from './arguments';

export interface InstructionProperty {
  name: string;
  /** Undefined for a declaration without `=` (`ARG VERSION`). */
  value: string | undefined;
  nameRange: TextRange;
  valueRange: TextRange | undefined;
  range: TextRange;
}

/** One word of the instruction: the offsets it covers and its text with line continuations left out. */
interface Word {
  start: number;
  end: number;
  /** Offsets into the text: the word is `text[pieces[0], pieces[1]) + text[pieces[2], pieces[3]) + …`. */
  pieces: number[];
  /** Offset of the first `=` outside quotes, or -1. */
  equals: number;
}

const isBlank = (code: number): boolean => code === SPACE || code === TAB;

/**
 * Where a line continuation starting at `at` (the escape character) ends: after the blanks and line break that
 * follow it and after any comment lines right after it; -1 when `at` does not start one.
 */
function continuationEnd(text: string, at: number, to: number): number {
  let i = at + 1;
  while (i < to && isBlank(text.charCodeAt(i))) i++;
  if (i < to && text.charCodeAt(i) === CR) i++;
  if (i < to && text.charCodeAt(i) !== LF) return -1;
  if (i < to) i++;
  // Comment lines inside a continuation are not part of the instruction.
  for (;;) {
    let j = i;
    while (j < to && isBlank(text.charCodeAt(j))) j++;
    if (j >= to || text.charCodeAt(j) !== HASH) return i;
    const lineEnd = text.indexOf('\n', j);
    if (lineEnd === -1 || lineEnd >= to) return to;
    i = lineEnd + 1;
  }
}

/** Splits `text[from, to)` into words at blanks and line breaks outside quotes, skipping line continuations. */
function splitWords(text: string, from: number, to: number, escape: number): Word[] {
  const words: Word[] = [];
  let word: Word | undefined;
  let pieceStart = -1;
  let quote = 0;
  const closePiece = (end: number): void => {
    if (word && pieceStart !== -1 && end > pieceStart) word.pieces.push(pieceStart, end);
    pieceStart = -1;
  };
  const endWord = (end: number): void => {
    if (!word) return;
    closePiece(end);
    word.end = end;
    words.push(word);
    word = undefined;
  };
  let i = from;
  while (i < to) {
    const code = text.charCodeAt(i);
    if (code === escape) {
      const after = continuationEnd(text, i, to);
      if (after !== -1) {
        closePiece(i);
        // A continuation ends the word when blanks stood before the escape; otherwise the word goes on.
        if (word && i > from && isBlank(text.charCodeAt(i - 1)) && quote === 0) endWord(i);
        i = after;
        if (word) pieceStart = i;
        continue;
      }
      if (!word) {
        word = { start: i, end: i, pieces: [], equals: -1 };
        pieceStart = i;
      }
      i += Math.min(2, to - i);
      continue;
    }
    if (quote === 0 && (isBlank(code) || code === LF || code === CR)) {
      endWord(i);
      i++;
      continue;
    }
    if (!word) {
      word = { start: i, end: i, pieces: [], equals: -1 };
      pieceStart = i;
    }
    if (quote === 0 && (code === 34 || code === 39)) quote = code;
    else if (quote !== 0 && code === quote) quote = 0;
    else if (quote === 0 && code === 61 && word.equals === -1) word.equals = i;
    i++;
  }
  endWord(to);
  return words;
}

/** The text of `pieces` between offsets `from` and `to`, with quotes removed and escapes applied. */
function unquote(text: string, pieces: number[], from: number, to: number, escape: number): string {
  let value = '';
  let quote = 0;
  for (let p = 0; p < pieces.length; p += 2) {
    const start = Math.max(pieces[p] ?? 0, from);
    const end = Math.min(pieces[p + 1] ?? 0, to);
    let run = start;
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code === escape && i + 1 < end) {
        const next = text.charCodeAt(i + 1);
        // In single quotes nothing is an escape; in double quotes only `\"` and `\\` are.
        if (quote === 39 || (quote === 34 && next !== 34 && next !== escape)) {
          i++;
          continue;
        }
        value += text.slice(run, i);
        run = i + 1;
        i++;
        continue;
      }
      if ((quote === 0 && (code === 34 || code === 39)) || (quote !== 0 && code === quote)) {
        value += text.slice(run, i);
        run = i + 1;
        quote = quote === 0 ? code : 0;
      }
    }
    value += text.slice(run, end);
  }
  return value;
}

/** The properties of an ARG, ENV or LABEL whose arguments are `text[from, to)`. */
export function scanProperties(text: string, from: number, to: number, escapeChar: string): InstructionProperty[] {
  const escape = escapeChar.charCodeAt(0);
  const words = splitWords(text, from, to, escape);
  const first = words[0];
  if (!first) return [];
  if (first.equals === -1 && words.length > 1) {
    // The legacy form `ENV KEY value with spaces`: the first word names it, the rest is the value.
    const second = words[1]!;
    const last = words[words.length - 1]!;
    const pieces = words.slice(1).flatMap((word, index) => (index === 0 ? word.pieces : [...blanksBetween(text, words[index]!.end, word.start, escape), ...word.pieces]));
    const nameRange = { start: first.start, end: first.end };
    const valueRange = { start: second.start, end: last.end };
    return [
      {
        name: unquote(text, first.pieces, first.start, first.end, escape),
        value: unquote(text, pieces, second.start, last.end, escape),
        nameRange,
        valueRange,
        range: { start: first.start, end: last.end },
      },
    ];
  }
  return words.map((word) => {
    const range = { start: word.start, end: word.end };
    if (word.equals === -1) return { name: unquote(text, word.pieces, word.start, word.end, escape), value: undefined, nameRange: range, valueRange: undefined, range };
    return {
      name: unquote(text, word.pieces, word.start, word.equals, escape),
      value: unquote(text, word.pieces, word.equals + 1, word.end, escape),
      nameRange: { start: word.start, end: word.equals },
      valueRange: { start: word.equals + 1, end: word.end },
      range,
    };
  });
}

/** The blanks between two words of a legacy value, as pieces: line continuations and line breaks are left out. */
function blanksBetween(text: string, from: number, to: number, escape: number): number[] {
  const pieces: number[] = [];
  let run = from;
  let i = from;
  while (i < to) {
    const code = text.charCodeAt(i);
    if (isBlank(code)) {
      i++;
      continue;
    }
    if (i > run) pieces.push(run, i);
    const after = code === escape ? continuationEnd(text, i, to) : -1;
    i = after === -1 ? i + 1 : after;
    run = i;
  }
  if (to > run) pieces.push(run, to);
  return pieces;
}
