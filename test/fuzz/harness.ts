// The fuzz loop: take a corpus file of some kind, apply a few seeded mutations, check the properties; a
// failure is minimised and kept as a fixture, which the unit tests replay from then on.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SourceFile } from '../../server/src/engine/types';
import { MUTATORS, type Mutator } from './mutators';
import { minimise } from './minimise';
import { checkProperties, type Violation } from './properties';
import { seededRandom } from './random';

export const CORPUS = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');
export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'fuzz');

export interface FuzzFailure {
  kind: string;
  violation: Violation;
  file: SourceFile;
  /** Where the minimised input was written, when it was kept. */
  fixture?: string;
}

export interface FuzzSummary {
  inputs: number;
  failures: FuzzFailure[];
}

interface Seedling {
  mutator: Mutator;
  text: string;
}

function loadCorpus(): Seedling[] {
  const seeds: Seedling[] = [];
  for (const mutator of MUTATORS) {
    for (const folder of mutator.corpusFolders) {
      const root = join(CORPUS, folder);
      if (!existsSync(root)) continue;
      for (const name of readdirSync(root).sort()) if (mutator.accepts(name)) seeds.push({ mutator, text: readFileSync(join(root, name), 'utf8') });
    }
  }
  return seeds;
}

/** The fixture file name of a kind's input: its kind, the property it broke, a hash of its text. */
function fixtureName(mutator: Mutator, violation: Violation, text: string): string {
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 10);
  const extension = mutator.lintName === 'Dockerfile' ? 'Dockerfile' : 'yaml';
  return `${mutator.kind}-${violation.property}-${hash}.${extension}`;
}

/** The kept fixtures, as files to lint under their kind's name. */
export function fixtureFiles(): Array<{ name: string; file: SourceFile }> {
  if (!existsSync(FIXTURES)) return [];
  return readdirSync(FIXTURES)
    .sort()
    .flatMap((name) => {
      const mutator = MUTATORS.find((candidate) => name.startsWith(`${candidate.kind}-`));
      return mutator ? [{ name, file: { path: mutator.lintName, text: readFileSync(join(FIXTURES, name), 'utf8') } }] : [];
    });
}

export function fuzz(options: { seed: number; budgetMs: number; keepFixtures: boolean; log?: (line: string) => void }): FuzzSummary {
  const random = seededRandom(options.seed);
  const seeds = loadCorpus();
  const deadline = Date.now() + options.budgetMs;
  const summary: FuzzSummary = { inputs: 0, failures: [] };
  const seen = new Set<string>();
  while (Date.now() < deadline && seeds.length > 0) {
    const seed = random.pick(seeds);
    let text = seed.text;
    const mutations = 1 + random.below(4);
    for (let i = 0; i < mutations; i++) text = seed.mutator.mutate(text, random);
    const file: SourceFile = { path: seed.mutator.lintName, text };
    summary.inputs++;
    const violation = checkProperties(file);
    if (!violation) continue;
    const small = minimise(file, violation);
    const key = `${seed.mutator.kind}:${violation.property}:${violation.detail.split('\n')[0]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const failure: FuzzFailure = { kind: seed.mutator.kind, violation: checkProperties(small) ?? violation, file: small };
    if (options.keepFixtures) {
      failure.fixture = join(FIXTURES, fixtureName(seed.mutator, violation, small.text));
      writeFileSync(failure.fixture, small.text);
    }
    options.log?.(`${failure.kind}: ${failure.violation.property}: ${failure.violation.detail.split('\n')[0]}${failure.fixture ? ` → ${failure.fixture}` : ''}`);
    summary.failures.push(failure);
  }
  return summary;
}
