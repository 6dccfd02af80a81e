// Lints the shared corpus in-process and compares with the parse-only floor, measured in the same run.
// Usage: npm run bench   (writes bench/RESULTS.md)
//        tsx bench/lint-corpus.ts [--cpu] [--corpus dockerfiles|k8s|compose] [--rounds N]
//          `--corpus compose` (15 rounds) writes its own section, so it can be refreshed without the others.
//          prints the rows and writes nothing. --cpu measures process CPU time (all threads, so V8's helper
//          threads too) instead of wall-clock time: on a busy machine it is much less disturbed by other
//          processes than wall-clock time is, and it reads somewhat higher than wall-clock on an idle one.
import { DockerfileParser } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { configFromLayers, lintSource } from '../server/src/analysis';
import { readComposeProject } from '../server/src/host/compose-project';
import type { SourceFile } from '../server/src/engine/types';
import { machineLine, median, writeSection } from './results';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const CPU = argv.includes('--cpu');
const ROUNDS = Number(option('--rounds') ?? '15');
const corpusRoot = join(import.meta.dirname, '..', '..', 'shared', 'corpus');

interface Measurement {
  name: string;
  files: number;
  lines: number;
  floorMs: number;
  lintMs: number;
  findings: number;
}

function time(body: () => void): number {
  if (CPU) {
    const start = process.cpuUsage();
    body();
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1e3;
  }
  const start = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function measure(name: string, files: SourceFile[], parseOnly: (text: string) => unknown): Measurement {
  const config = configFromLayers([]);
  let findings = 0;
  // Warm up both paths so the JIT treats them alike.
  for (const file of files) {
    parseOnly(file.text);
    findings += lintSource(file, config).findings.length;
  }
  const floor: number[] = [];
  const full: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    floor.push(time(() => files.forEach((file) => parseOnly(file.text))));
    full.push(time(() => files.forEach((file) => lintSource(file, config))));
  }
  const lines = files.reduce((sum, file) => sum + file.text.split('\n').length, 0);
  return { name, files: files.length, lines, floorMs: median(floor), lintMs: median(full), findings };
}

function loadFolder(folder: string, asPath: (name: string) => string): SourceFile[] {
  return readdirSync(folder)
    .sort()
    .map((name) => ({ path: asPath(name), text: readFileSync(join(folder, name), 'utf8') }));
}

/**
 * Each Compose project of the corpus with what the host reads for it (Dockerfiles it builds, `.env`), read
 * before timing: the measurement is the engine's, as for the other corpora.
 */
function loadComposeProjects(folder: string): SourceFile[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(folder, entry.name, 'compose.yaml'))
    .sort()
    .map((path) => ({ path, text: readFileSync(path, 'utf8'), compose: readComposeProject(path) }));
}

const dockerfiles = loadFolder(join(corpusRoot, 'dockerfiles'), (name) => `/corpus/${name}`);
const manifests = loadFolder(join(corpusRoot, 'k8s'), (name) => `/corpus/${name}`);
const corpus = option('--corpus');
if (corpus === 'compose') {
  const compose = measure('Compose projects (shared/corpus/compose)', loadComposeProjects(join(corpusRoot, 'compose')), (text) => parseAllDocuments(text));
  const row = `| ${compose.name} | ${compose.files} | ${compose.lines} | ${compose.floorMs.toFixed(2)} | ${compose.lintMs.toFixed(2)} | ${(compose.lintMs / compose.floorMs).toFixed(2)}× | ${compose.findings} |`;
  const section = [
    '## Lint throughput over the Compose corpus',
    '',
    `Command: \`tsx bench/lint-corpus.ts --corpus compose\`. Median of ${ROUNDS} interleaved rounds, after a warm-up round, as above.`,
    'The floor is `yaml`\'s `parseAllDocuments` of each Compose file. "Lint" is the full engine at default',
    'severities with each project as the CLI reads it (the override, `.env` and the Dockerfiles its services',
    'build, read before timing): it parses those Dockerfiles too, which the floor does not. Target: at most 1.3×.',
    '',
    `${machineLine()} Load average when measured: ${loadavg()[0]?.toFixed(1)} (the machine was busy with other work).`,
    '',
    '| corpus | files | lines | parse-only floor (ms) | lint (ms) | ratio | findings |',
    '|---|---:|---:|---:|---:|---:|---:|',
    row,
  ].join('\n');
  if (CPU || ROUNDS !== 15) console.log(row);
  else {
    writeSection('lint-corpus-compose', section);
    console.log(section);
  }
  process.exit(0);
}
const results = [
  ...(corpus === undefined || corpus === 'dockerfiles' ? [measure('Dockerfiles (shared/corpus/dockerfiles)', dockerfiles, (text) => DockerfileParser.parse(text))] : []),
  ...(corpus === undefined || corpus === 'k8s' ? [measure('Kubernetes manifests (shared/corpus/k8s)', manifests, (text) => parseAllDocuments(text))] : []),
];

const rows = results.map(
  (r) =>
    `| ${r.name} | ${r.files} | ${r.lines} | ${r.floorMs.toFixed(1)} | ${r.lintMs.toFixed(1)} | ${(r.lintMs / r.floorMs).toFixed(2)}× | ${r.findings} |`,
);
const report = [
  '## Lint throughput over the shared corpus',
  '',
  'Command: `npm run bench:corpus` (`tsx bench/lint-corpus.ts`). Each figure is the median of',
  `${ROUNDS} interleaved rounds over the whole corpus in one process, after one warm-up round.`,
  '"Parse-only floor" is the parser alone (`dockerfile-ast` for Dockerfiles, `yaml`\'s `parseAllDocuments` for',
  'manifests); "lint" is the full engine with every rule at its default severity, from text to sorted',
  'findings. Target: lint at most 1.3× the floor.',
  '',
  'Linting Dockerfiles can take less time than the floor: the engine splits a Dockerfile into instructions,',
  "arguments and flags itself (a port of dockerfile-ast's splitting, checked equal to it by",
  '`test/unit/dockerfile-split.test.ts`) and builds dockerfile-ast objects only where a rule needs them (JSON',
  'form, heredocs, ARG/ENV/LABEL values, ONBUILD), while dockerfile-ast\'s parse builds every instruction twice.',
  'Shell commands are parsed only when a rule\'s words occur in them.',
  '',
  machineLine(),
  '',
  '| corpus | files | lines | parse-only floor (ms) | lint (ms) | ratio | findings |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
if (CPU || corpus !== undefined || ROUNDS !== 15) console.log(rows.join('\n'));
else {
  writeSection('lint-corpus', report);
  console.log(report);
}
