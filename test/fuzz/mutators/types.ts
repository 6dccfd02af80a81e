// One module per file kind: where its corpus is, and how to mutate one of its files. Adding a file kind to the
// fuzz harness is adding one module here and listing it in mutators/index.ts.
import type { Random } from '../random';

export interface Mutator {
  /** Names the kind in reports and fixture file names. */
  kind: string;
  /** Folders of ../shared/corpus with files of this kind. */
  corpusFolders: string[];
  /** Whether a corpus file is one of this kind's. */
  accepts(fileName: string): boolean;
  /** The name the mutated text is linted under (it decides the file kind). */
  lintName: string;
  /** One random change to the text. */
  mutate(text: string, random: Random): string;
}
