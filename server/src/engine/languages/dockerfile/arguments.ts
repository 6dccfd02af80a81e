// The arguments of an instruction exactly as dockerfile-ast's `getRawArguments()` splits them (escaped line
// breaks, comment lines inside continuations, escaped characters), computed once per instruction on document
// offsets. dockerfile-ast recomputes its split, with line/column objects for every argument, on each call of
// getArguments/getArgumentsRange/getHeredocs; the engine asks through here instead.
import type { TextRange } from '../../types';

export interface InstructionArgument {
  /** The argument with escapes applied as dockerfile-ast applies them (`\$` stays, other escapes drop the `\`). */
  value: string;
  range: TextRange;
}

/** Character codes the Dockerfile splitters compare against. */
export const SPACE = 32;
export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const HASH = 35;
const DOLLAR = 36;

function isWhitespace(code: number): boolean {
  return code === SPACE || code === TAB || code === LF || code === CR;
}

/**
 * Splits `text[from, to)` (from the end of the keyword to the end of the instruction) into arguments. A port of
 * dockerfile-ast 0.7's Instruction.getRawArguments: the same state machine, with the value built from slices of
 * the text rather than one character at a time.
 */
export function scanArguments(text: string, from: number, to: number, escapeChar: string): InstructionArgument[] {
  const escape = escapeChar.charCodeAt(0);
  const args: InstructionArgument[] = [];
  let start = false;
  let comment = false;
  let found = -1;
  // An escaped line break was followed by blanks (which end the argument if more text follows).
  let escapedWhitespaceDetected = false;
  // Inside an escaped line-break sequence.
  let escaping = false;
  let escapeMarker = -1;
  // The value so far, plus a pending run of text[runStart, runEnd) not yet appended to it.
  let value = '';
  let runStart = -1;
  let runEnd = -1;
  const append = (index: number): void => {
    if (index === runEnd) {
      runEnd++;
      return;
    }
    if (runStart !== -1) value += text.slice(runStart, runEnd);
    runStart = index;
    runEnd = index + 1;
  };
  const push = (end: number): void => {
    if (runStart !== -1) value += text.slice(runStart, runEnd);
    args.push({ value, range: { start: found, end } });
    value = '';
    runStart = -1;
    runEnd = -1;
    found = -1;
  };
  const codeAt = (index: number): number => (index < to ? text.charCodeAt(index) : -1);

  for (let i = from; i < to; i++) {
    const char = text.charCodeAt(i);
    if (isWhitespace(char)) {
      if (escaping) {
        escapedWhitespaceDetected = true;
        if (char === LF || char === CR) {
          // A line break ends any blanks seen since the escape.
          escapedWhitespaceDetected = false;
          if (comment) {
            comment = false;
            start = true;
          }
        }
        continue;
      } else if (found !== -1) {
        push(escapeMarker === -1 ? i : escapeMarker);
        escapeMarker = -1;
      }
    } else if (char === escape) {
      const next = codeAt(i + 1);
      if (next === SPACE || next === TAB) {
        for (let j = i + 2; j < to; j++) {
          const code = text.charCodeAt(j);
          if (code === SPACE || code === TAB) continue;
          if (code === CR || code === LF) {
            // `\r\n` counts as one break.
            if (code === CR) j++;
            comment = false;
            escaping = true;
            start = true;
            if (found !== -1) escapeMarker = i;
            i = j;
          } else {
            escapeMarker = i;
            if (found === -1) i = j - 1;
          }
          break;
        }
      } else if (next === CR) {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i += 2;
      } else if (next === LF) {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i++;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) push(escapeMarker);
        escapeMarker = -1;
        escapedWhitespaceDetected = false;
        escaping = false;
        if (next === -1) break;
        if (next === DOLLAR) append(i);
        append(i + 1);
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (start && char === HASH) {
        comment = true;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) push(escapeMarker);
        escapedWhitespaceDetected = false;
        escaping = false;
        escapeMarker = -1;
        append(i);
        if (found === -1) found = i;
      }
      start = false;
    }
  }
  if (found !== -1) push(escapeMarker === -1 ? to : escapeMarker);
  return args;
}
