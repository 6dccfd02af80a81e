// Lints the shared corpus in-process and compares with the parse-only floor, measured in the same run.
// Usage: npm run bench   (writes bench/RESULTS.md)
import { DockerfileParser } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromLayers, lintSource } from '../server/src/analysis';
import type { SourceFile } from '../server/src/engine/types';
import { machineLine, median, writeSection } from './results';

const ROUNDS = 15;
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

const dockerfiles = loadFolder(join(corpusRoot, 'dockerfiles'), (name) => `/corpus/${name}`);
const manifests = loadFolder(join(corpusRoot, 'k8s'), (name) => `/corpus/${name}`);
const results = [
  measure('Dockerfiles (shared/corpus/dockerfiles)', dockerfiles, (text) => DockerfileParser.parse(text)),
  measure('Kubernetes manifests (shared/corpus/k8s)', manifests, (text) => parseAllDocuments(text)),
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
  machineLine(),
  '',
  '| corpus | files | lines | parse-only floor (ms) | lint (ms) | ratio | findings |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...rows,
].join('\n');
writeSection('lint-corpus', report);
console.log(report);
