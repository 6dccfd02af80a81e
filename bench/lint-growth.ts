// Feeds the engine each construct that once took quadratic time or memory at 1×, 4× and 16× its base size and
// records how the time grows: linear code takes about 4× and 16× as long (the target is ≤ 20× at 16×).
// Usage: tsx bench/lint-growth.ts [--only NAME] [--no-write]
//          writes its section of bench/RESULTS.md unless --no-write; --only runs the constructs whose name
//          contains NAME. Each figure is the fastest of several runs (lint, then --fix where the construct
//          has fixes), timed in process CPU time, which a busy machine disturbs less than wall-clock time.
import { configFromLayers, fixSource, lintSource } from '../server/src/analysis';
import type { SourceFile } from '../server/src/engine/types';
import { GROWTH_CONSTRUCTS } from './growth-constructs';
import { machineLine, writeSection } from './results';

const argv = process.argv.slice(2);
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
const SCALES = [1, 4, 16];
const LIMIT = 20;

function cpuMs(body: () => void): number {
  const start = process.cpuUsage();
  body();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e3;
}

/** The fastest of a few runs; more runs for the small sizes, where noise weighs most. */
function measure(file: SourceFile, withFix: boolean): number {
  const config = configFromLayers([{ preset: 'strict' }]);
  const run = (): void => {
    lintSource(file, config);
    if (withFix) fixSource(file, config, { safety: 'all' });
  };
  run();
  let best = Number.POSITIVE_INFINITY;
  const rounds = file.text.length < 200_000 ? 7 : 3;
  for (let i = 0; i < rounds; i++) best = Math.min(best, cpuMs(run));
  return best;
}

const rows: string[] = [];
let worst = 0;
for (const construct of GROWTH_CONSTRUCTS) {
  if (only && !construct.name.includes(only)) continue;
  const times = SCALES.map((scale) => {
    const file = construct.file(construct.base * scale);
    return { bytes: file.text.length, ms: measure(file, construct.fix ?? false) };
  });
  const base = Math.max(times[0]!.ms, 0.05);
  const ratios = times.map((time) => time.ms / base);
  worst = Math.max(worst, ratios[2]!);
  const row = `| ${construct.name} | ${times.map((time) => `${(time.bytes / 1024).toFixed(0)} KB: ${time.ms.toFixed(1)}`).join(' · ')} | ${ratios[1]!.toFixed(1)}× | ${ratios[2]!.toFixed(1)}× |`;
  rows.push(row);
  console.log(row);
}

const body = `## Growth of lint time with input size

Command: \`tsx bench/lint-growth.ts\`. Each construct below once took quadratic time or memory (or overflowed
the stack); it is fed to the full engine (every rule of the \`strict\` preset, plus \`--fix\` with all fixes
where the construct has fixes) at 1×, 4× and 16× its base size. Times are the fastest of several runs in
process CPU time (ms). Linear code shows about 4× and 16×; the target is at most ${LIMIT}× at 16× the input.
The machine was shared with other work while this ran, so single figures are noisy.

${machineLine()}

| construct | size: CPU ms at 1× · 4× · 16× | 4× input | 16× input |
|---|---|---:|---:|
${rows.join('\n')}

Worst growth at 16× the input: ${worst.toFixed(1)}× (target ≤ ${LIMIT}×).`;

if (!argv.includes('--no-write') && !only) writeSection('lint-growth', body);
if (worst > LIMIT) {
  console.error(`growth ${worst.toFixed(1)}× exceeds ${LIMIT}×`);
  process.exitCode = 1;
}
