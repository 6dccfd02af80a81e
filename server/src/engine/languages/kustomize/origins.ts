// Origins of inline patches point into the patch text (`<kustomization>#inline@<offset of the block scalar>`);
// this maps them back to the kustomization file, line by line under the block scalar's indentation.
import type { TextRange } from '../../types';
import { LineIndex } from '../../text';
import type { Origin } from './values';

const INLINE = /#inline@(\d+)$/;

export function isInlineOrigin(origin: Origin): boolean {
  return INLINE.test(origin.file);
}

/** The real file and range of an origin; `read` gives a file's text (undefined when unreadable). */
export function sourceLocation(origin: Origin, read: (path: string) => string | undefined): { file: string; range: TextRange } {
  const match = INLINE.exec(origin.file);
  if (!match) return { file: origin.file, range: origin.range };
  const file = origin.file.slice(0, match.index);
  const scalarStart = Number(match[1]);
  const text = read(file);
  if (text === undefined) return { file, range: { start: scalarStart, end: scalarStart } };
  const lines = new LineIndex(text);
  const header = lines.positionAt(scalarStart);
  const indicator = text.slice(scalarStart, lines.lineEnd(header.line)).trim();
  if (!/^[|>]/.test(indicator)) return { file, range: { start: scalarStart, end: scalarStart } };
  // Content starts on the next line; its indentation is that of the first non-blank line.
  let first = header.line + 1;
  while (first < lines.lineCount && text.slice(lines.lineStart(first), lines.lineEnd(first)).trim() === '') first++;
  const indent = /^ */.exec(text.slice(lines.lineStart(first), lines.lineEnd(first)))?.[0].length ?? 0;
  const map = (offset: number, patchText: string): number => {
    const position = new LineIndex(patchText).positionAt(offset);
    return lines.offsetAt({ line: header.line + 1 + position.line, character: indent + position.character });
  };
  const patchText = blockContent(text, lines, header.line + 1, indent);
  return { file, range: { start: map(origin.range.start, patchText), end: map(origin.range.end, patchText) } };
}

/** The text of a block scalar's content (the indentation removed), as the patch was parsed from. */
function blockContent(text: string, lines: LineIndex, firstLine: number, indent: number): string {
  const result: string[] = [];
  for (let line = firstLine; line < lines.lineCount; line++) {
    const content = text.slice(lines.lineStart(line), lines.lineEnd(line));
    if (content.trim() !== '' && !content.startsWith(' '.repeat(indent))) break;
    result.push(content.slice(indent));
  }
  return result.join('\n');
}
