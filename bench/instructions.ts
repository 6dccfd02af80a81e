// Counts the machine instructions the lint engine and the parse-only floor execute over the shared corpus,
// under Valgrind. Unlike wall-clock time, instruction counts do not depend on what else the machine runs, so
// this compares a change's effect on a busy machine. It only approximates the ratio `npm run bench:corpus`
// measures, and can be off by a lot either way: cache misses, memory stalls and garbage-collection work on
// other threads are not counted the way time counts them.
//
// Usage: tsx bench/instructions.ts [--rounds N] [--warmup N] [--sample N] [--corpus dockerfiles|k8s] [--no-write]
//   Needs `valgrind` (apt-get install valgrind). Writes the lint-instructions section of bench/RESULTS.md unless
//   --no-write, or when only one corpus or a sample was measured. Takes long: Valgrind runs Node about 50 times
//   slower; `--sample 4` measures every fourth file of each corpus.
//
// The same workload as bench/lint-corpus.ts is bundled with esbuild and run in three Node processes per corpus
// (with --single-threaded, so garbage collection and compilation run on the measured thread and the counts
// repeat): every process loads both parsers and the engine and runs the warm-up rounds of both; then one
// process stops, one runs N rounds of the parser alone, one N rounds of the full lint. The differences from the
// process that stopped, divided by N, are the instructions per round.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import { configFromLayers, lintSource } from '../server/src/analysis';
import type { SourceFile } from '../server/src/engine/types';
import { writeSection } from './results';

type Corpus = 'dockerfiles' | 'k8s';
type Mode = 'none' | 'parse' | 'lint';

const PARSERS: Record<Corpus, (text: string) => unknown> = {
  dockerfiles: (text) => DockerfileParser.parse(text),
  k8s: (text) => parseAllDocuments(text),
};

function loadCorpus(folder: string, sample: number): SourceFile[] {
  return readdirSync(folder)
    .sort()
    .filter((_, index) => index % sample === 0)
    .map((name) => ({ path: `/corpus/${name}`, text: readFileSync(join(folder, name), 'utf8') }));
}

/** The measured process: warm-up like the benchmark, then `rounds` rounds of one side. */
function runChild(corpus: Corpus, folder: string, mode: Mode, rounds: number, warmup: number, sample: number): void {
  const files = loadCorpus(folder, sample);
  const parse = PARSERS[corpus];
  const config = configFromLayers([]);
  let findings = 0;
  for (let round = 0; round < warmup; round++) {
    for (const file of files) {
      parse(file.text);
      findings += lintSource(file, config).findings.length;
    }
  }
  for (let round = 0; round < rounds; round++) {
    if (mode === 'parse') for (const file of files) parse(file.text);
    if (mode === 'lint') for (const file of files) lintSource(file, config);
  }
  console.log(`findings ${findings}`);
}

interface Settings {
  rounds: number;
  warmup: number;
  sample: number;
}

function instructionsOf(bundle: string, corpus: Corpus, mode: Mode, { rounds, warmup, sample }: Settings): number {
  const folder = join(import.meta.dirname, '..', '..', 'shared', 'corpus', corpus);
  const args = ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', '--smc-check=all-non-file'];
  const child = [bundle, '--child', corpus, folder, mode, String(rounds), String(warmup), String(sample)];
  const result = spawnSync('valgrind', [...args, process.execPath, '--single-threaded', ...child], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`cannot run valgrind (install it with apt-get install valgrind): ${result.error.message}`);
  const match = /I\s+refs:\s+([\d,]+)/.exec(result.stderr);
  if (result.status !== 0 || !match?.[1]) throw new Error(`valgrind run ${corpus}/${mode} failed (exit ${result.status}):\n${result.stderr.slice(-2000)}`);
  return Number(match[1].replaceAll(',', ''));
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    runChild(argv[1] as Corpus, argv[2] ?? '', argv[3] as Mode, Number(argv[4]), Number(argv[5]), Number(argv[6]));
    return;
  }
  const option = (name: string): string | undefined => {
    const index = argv.indexOf(name);
    return index === -1 ? undefined : argv[index + 1];
  };
  const settings: Settings = { rounds: Number(option('--rounds') ?? '2'), warmup: Number(option('--warmup') ?? '1'), sample: Number(option('--sample') ?? '1') };
  const { rounds, warmup, sample } = settings;
  const corpora: Corpus[] = option('--corpus') ? [option('--corpus') as Corpus] : ['dockerfiles', 'k8s'];
  const folder = mkdtempSync(join(tmpdir(), 'shipshape-instructions-'));
  try {
    const bundle = join(folder, 'instructions.cjs');
    // Imported here so the bundle the children run does not contain esbuild.
    const { build } = await import('esbuild');
    await build({
      entryPoints: [import.meta.filename],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['esbuild'],
      // bench/results.ts finds RESULTS.md from its own folder.
      define: { 'import.meta.dirname': JSON.stringify(import.meta.dirname), 'import.meta.filename': JSON.stringify(import.meta.filename) },
      logLevel: 'error',
    });
    const rows: string[] = [];
    for (const corpus of corpora) {
      const base = instructionsOf(bundle, corpus, 'none', settings);
      const floor = (instructionsOf(bundle, corpus, 'parse', settings) - base) / rounds;
      const lint = (instructionsOf(bundle, corpus, 'lint', settings) - base) / rounds;
      const row = `| ${corpus} | ${(floor / 1e9).toFixed(3)} | ${(lint / 1e9).toFixed(3)} | ${(lint / floor).toFixed(2)}× |`;
      console.log(row);
      rows.push(row);
    }
    const report = [
      '## Instructions executed, lint against the parse-only floor',
      '',
      'Command: `tsx bench/instructions.ts`. Billions of instructions per round over the whole corpus, counted by',
      `Valgrind over ${rounds} rounds after ${warmup} warm-up round(s) of both sides, in Node with --single-threaded.`,
      'Instruction counts do not depend on the load of the machine, but they leave out cache misses, memory',
      'stalls and the work of helper threads, so the ratio is only an approximation of the one measured in time',
      '(for Dockerfiles, before the engine was optimised, it read 1.85× where the benchmark measured 2.5–3.0×).',
      '',
      '| corpus | parse-only floor (G instructions) | lint (G instructions) | ratio |',
      '|---|---:|---:|---:|',
      ...rows,
    ].join('\n');
    if (!argv.includes('--no-write') && corpora.length === 2 && sample === 1) writeSection('lint-instructions', report);
    console.log(report);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

void main();
