// Helm charts: render, and render + lint, of every chart of the shared corpus in process, side by side with
// the real `helm template` (v4.1.4) on the same charts; and the keystroke latency of editing a template of a
// large chart through the language server's document linter (disk read, render with the unsaved buffer,
// lint, mapping). Usage: npm run bench:helm   (writes its section of bench/RESULTS.md)
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { configFromLayers, lintChartFiles } from '../server/src/analysis';
import { renderChart } from '../server/src/engine/languages/helm/render';
import { readChartFolder } from '../server/src/host/chart-folder';
import { DocumentLinter } from '../server/src/lsp/document-linter';
import { DEFAULT_SETTINGS } from '../server/src/protocol';
import { referenceTool } from '../test/helpers/reference-tools';
import { machineLine, median, percentile, writeSection } from './results';

const CORPUS = resolve(import.meta.dirname, '..', '..', 'shared', 'corpus', 'helm');
const ROUNDS = 3;
const KEYSTROKES = 60;

function time(body: () => void): number {
  const started = process.hrtime.bigint();
  body();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const helm = referenceTool('helm');
const config = configFromLayers([]);
const charts = readdirSync(CORPUS).filter((name) => name !== 'README.md').sort();
const rows: string[] = [];
let totalHelm = 0;
let totalRender = 0;
let totalLint = 0;
let faster = 0;
for (const id of charts) {
  const folder = join(CORPUS, id);
  const name = id.split('__')[1]!;
  const helmTimes: number[] = [];
  const renderTimes: number[] = [];
  const lintTimes: number[] = [];
  renderChart(readChartFolder(folder), name);
  for (let round = 0; round < ROUNDS; round++) {
    helmTimes.push(time(() => execFileSync(helm, ['template', 'release-name', folder, '--namespace', 'default'], { stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, KUBECONFIG: '/nonexistent' } })));
    renderTimes.push(time(() => renderChart(readChartFolder(folder), name)));
    lintTimes.push(time(() => lintChartFiles(readChartFolder(folder), name, config)));
  }
  const [h, r, l] = [median(helmTimes), median(renderTimes), median(lintTimes)];
  totalHelm += h;
  totalRender += r;
  totalLint += l;
  if (l < h) faster++;
  rows.push(`| ${id} | ${h.toFixed(0)} | ${r.toFixed(0)} | ${l.toFixed(0)} |`);
  process.stderr.write(`${id}: helm ${h.toFixed(0)} ms, render ${r.toFixed(0)} ms, render+lint ${l.toFixed(0)} ms\n`);
}

// Keystrokes in a template of the largest chart (by template count).
const large = 'bitnami+charts__apisix';
const templatePath = join(CORPUS, large, 'templates', 'data-plane', 'dep-ds.yaml');
const original = readFileSync(templatePath, 'utf8');
let current = original;
const linter = new DocumentLinter((path) => (path === templatePath ? current : undefined));
const uri = `file://${templatePath}`;
const latencies: number[] = [];
for (let index = 0; index < KEYSTROKES + 10; index++) {
  // Typing into a comment line at the top keeps the render valid while changing the text each time.
  current = original.replace('{{- /*', `{{- /* ${'x'.repeat(index)}`);
  const elapsed = time(() => linter.lintText(uri, current, 'yaml', DEFAULT_SETTINGS));
  if (index >= 10) latencies.push(elapsed);
}
const templates = readChartFolder(join(CORPUS, large));
const templateCount = [...templates.keys()].filter((path) => path.includes('templates/')).length;

writeSection(
  'helm-render',
  `## Helm charts: render and lint, against helm template

Command: \`npm run bench:helm\` (\`tsx bench/helm-render.ts\`). For each of the ${charts.length} charts of the shared corpus:
\`helm template release-name CHART --namespace default\` (v4.1.4, a process per render, as CI runs it),
Shipshape's in-process render (reading the chart folder included), and render + lint with every rule at its
default (what \`shipshape lint\` and the editor do per chart). Median of ${ROUNDS} rounds after one warm-up render.
The machine was shared with other heavy jobs while this ran, so absolute times are noisy.

${machineLine()}

| chart | helm template (ms) | render (ms) | render + lint (ms) |
|---|---:|---:|---:|
${rows.join('\n')}
| **total** | **${totalHelm.toFixed(0)}** | **${totalRender.toFixed(0)}** | **${totalLint.toFixed(0)}** |

Render + lint was faster than \`helm template\` alone on ${faster} of ${charts.length} charts (total ${(totalLint / totalHelm).toFixed(2)}× helm's time).

Keystroke latency in a template of a large chart (${large}, ${templateCount} template files with its
subcharts): each sample is one edit of \`templates/data-plane/dep-ds.yaml\` through the language server's
document linter (chart folder read from disk, the unsaved buffer overlaid, render with cached parsed templates,
lint, mapping to the edited file), ${KEYSTROKES} edits after 10 warm-up edits:
p50 ${median(latencies).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms (target p95 < 100 ms).`,
);
