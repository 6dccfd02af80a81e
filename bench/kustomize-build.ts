// Build (and build + lint) of every kustomization of the shared corpus and of the feature fixtures, in
// process, side by side with `kubectl kustomize` (kustomize v5.7.1, the reference binary) on the same trees.
//   npm run bench:kustomize   (tsx bench/kustomize-build.ts [--rounds N])
// Each figure is the median over N rounds (default 5) per kustomization; the kubectl figure includes its
// process start, which is what a user or CI pays per overlay.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromLayers } from '../server/src/analysis';
import { lintRenderedBuild } from '../server/src/engine/languages/kustomize/lint-build';
import { renderKustomization } from '../server/src/engine/languages/kustomize/render';
import { nodeKustomizeFileSystem as fs, toBuildPath } from '../server/src/host/kustomize-files';
import { rules } from '../server/src/rules';
import { referenceTool } from '../test/helpers/reference-tools';
import { machineLine, median, writeSection } from './results';

const argv = process.argv.slice(2);
const roundsFlag = argv.indexOf('--rounds');
const ROUNDS = roundsFlag >= 0 ? Number(argv[roundsFlag + 1]) : 5;
const CORPUS = join(import.meta.dirname, '..', '..', 'shared', 'corpus', 'kustomize');
const FIXTURES = join(import.meta.dirname, '..', 'test', 'fixtures', 'kustomize');

const index = JSON.parse(readFileSync(join(CORPUS, 'index.json'), 'utf8')) as { kustomizations: Array<{ tree: string; dir: string; kustomization_kind: string }> };
const dirs = [
  ...index.kustomizations.filter((entry) => entry.kustomization_kind === 'Kustomization').map((entry) => join(CORPUS, entry.tree, entry.dir)),
  ...['strategic-merge/overlay', 'generators/overlay', 'json-patch', 'images', 'labels', 'references', 'scalars', 'sort-order'].map((dir) => join(FIXTURES, dir)),
];

const kubectl = referenceTool('kubectl');
const config = configFromLayers([]);
const read = (path: string): string | undefined => fs.readFile(path);
const time = (body: () => void): number => {
  const start = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

// One warm-up pass so the figures are for a warm process, as in the language server.
for (const dir of dirs) lintRenderedBuild(renderKustomization(fs, toBuildPath(dir)), `${toBuildPath(dir)}/kustomize-build.yaml`, config, rules, read);

const build: number[] = [];
const buildLint: number[] = [];
const reference: number[] = [];
for (const dir of dirs) {
  const ours: number[] = [];
  const oursLint: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    ours.push(time(() => renderKustomization(fs, toBuildPath(dir))));
    oursLint.push(time(() => lintRenderedBuild(renderKustomization(fs, toBuildPath(dir)), `${toBuildPath(dir)}/kustomize-build.yaml`, config, rules, read)));
    theirs.push(time(() => execFileSync(kubectl, ['kustomize', dir], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 })));
  }
  build.push(median(ours));
  buildLint.push(median(oursLint));
  reference.push(median(theirs));
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
const row = (name: string, values: number[]): string => `| ${name} | ${median(values).toFixed(1)} | ${Math.max(...values).toFixed(1)} | ${sum(values).toFixed(0)} |`;
const body = `## Kustomize build vs \`kubectl kustomize\`

Command: \`npm run bench:kustomize\` (\`tsx bench/kustomize-build.ts --rounds ${ROUNDS}\`). ${dirs.length} kustomizations: every one of
\`../shared/corpus/kustomize\` and the feature fixtures of \`test/fixtures/kustomize\`. Per kustomization, the median of
${ROUNDS} rounds; the table gives the median and the slowest kustomization of those figures, and their sum. "build" is
Shipshape's in-process build and print; "build + lint" adds every rule at its default severity and the mapping of
findings back to their files; "kubectl kustomize" is the reference binary (kubectl v1.35.2, kustomize v5.7.1),
process start included. Target: faster per overlay than kubectl.

${machineLine()} The machine was shared with other work while this ran, so the figures are noisy.

| per kustomization | median (ms) | slowest (ms) | total (ms) |
|---|---:|---:|---:|
${row('Shipshape build', build)}
${row('Shipshape build + lint', buildLint)}
${row('kubectl kustomize', reference)}
`;
console.log(body);
if (!argv.includes('--no-write')) writeSection('kustomize-build', body);
