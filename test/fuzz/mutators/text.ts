// Mutations that work on any text file, line by line or character by character: the kinds' modules mix these
// with their own.
import type { Random } from '../random';

export function lines(text: string): string[] {
  return text.split('\n');
}

export function randomOffset(text: string, random: Random): number {
  return random.below(text.length + 1);
}

export function insertAt(text: string, offset: number, insert: string): string {
  return text.slice(0, offset) + insert + text.slice(offset);
}

/** Generic line and character edits, each picked with equal chance. */
export const TEXT_MUTATIONS: Array<(text: string, random: Random) => string> = [
  // delete a line
  (text, random) => {
    const all = lines(text);
    all.splice(random.below(all.length), 1);
    return all.join('\n');
  },
  // duplicate a line
  (text, random) => {
    const all = lines(text);
    const at = random.below(all.length);
    all.splice(at, 0, all[at] ?? '');
    return all.join('\n');
  },
  // swap two lines
  (text, random) => {
    const all = lines(text);
    const a = random.below(all.length);
    const b = random.below(all.length);
    [all[a], all[b]] = [all[b] ?? '', all[a] ?? ''];
    return all.join('\n');
  },
  // insert characters parsers treat specially
  (text, random) => insertAt(text, randomOffset(text, random), random.pick(['\\', '\r', '\t', '"', "'", '$', '${', '{', '}', '[', ']', '#', '=', ':', ' ', '\u00a0', '\ufeff', '\\\r', '\\\t', '\r\n', '\n', '<<EOF', '{{', '}}', ',', '&', '*', '|', '>'])),
  // repeat a short piece many times
  (text, random) => {
    const start = randomOffset(text, random);
    const piece = text.slice(start, start + 1 + random.below(12));
    return insertAt(text, start, piece.repeat(20 + random.below(400)));
  },
  // truncate
  (text, random) => text.slice(0, randomOffset(text, random)),
  // delete a span
  (text, random) => {
    const start = randomOffset(text, random);
    return text.slice(0, start) + text.slice(start + 1 + random.below(40));
  },
];
