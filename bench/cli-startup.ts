// Start-up of the CLI (`shipshape --version`, which loads the whole bundle and does nothing else) and the size
// of the npm package. Each round starts every bundle measured once, in turn, so load on the machine hits them
// alike. `--baseline FILE` adds another build of dist/cli.js to compare with (for example one made before a
// change, copied somewhere first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packNpm } from '../scripts/pack-npm';
import { machineLine, median, percentile, writeSection } from './results';

const ROUNDS = 40;
const MIB = 1024 * 1024;

const baselineFlag = process.argv.indexOf('--baseline');
const baseline = baselineFlag === -1 ? undefined : process.argv[baselineFlag + 1];
const labelFlag = process.argv.indexOf('--baseline-label');
const baselineLabel = labelFlag === -1 ? `\`${baseline}\`` : process.argv[labelFlag + 1];

/**
 * Wall-clock milliseconds of one start, with the CPU milliseconds (user + system, far less disturbed by other
 * load than wall-clock time) and the peak RSS in MiB that GNU time reports.
 */
function start(bundle: string): { wall: number; cpu: number; rss: number } {
  const begin = process.hrtime.bigint();
  const run = spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, bundle, '--version'], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - begin) / 1e6;
  if (run.status !== 0) throw new Error(`${bundle} --version failed: ${run.stderr}`);
  const [user = 'NaN', system = 'NaN', maxKb = 'NaN'] = run.stderr.trim().split('\n').pop()?.split(' ') ?? [];
  return { wall, cpu: (Number(user) + Number(system)) * 1000, rss: Number(maxKb) / 1024 };
}

const loadAtStart = loadavg()[0] ?? 0;
const folder = mkdtempSync(join(tmpdir(), 'shipshape-bench-startup-'));
try {
  const packed = packNpm({ stage: join(folder, 'stage'), destination: folder });
  const bundles = [
    { name: 'this build (npm package `dist/cli.js`, WebAssembly beside it)', path: join(folder, 'stage', 'dist', 'cli.js') },
    ...(baseline ? [{ name: `baseline: ${baselineLabel}`, path: baseline }] : []),
  ];
  const times = bundles.map(() => ({ wall: [] as number[], cpu: [] as number[], rss: [] as number[] }));
  for (const bundle of bundles) start(bundle.path);
  for (let round = 0; round < ROUNDS; round++) {
    bundles.forEach((bundle, index) => {
      const sample = start(bundle.path);
      times[index]!.wall.push(sample.wall);
      times[index]!.cpu.push(sample.cpu);
      times[index]!.rss.push(sample.rss);
    });
  }

  const rows = bundles.map((bundle, index) => {
    const { wall, cpu, rss } = times[index]!;
    return `| ${bundle.name} | ${(statSync(bundle.path).size / MIB).toFixed(2)} | ${median(wall).toFixed(0)} | ${percentile(wall, 90).toFixed(0)} | ${median(cpu).toFixed(0)} | ${median(rss).toFixed(1)} |`;
  });
  const report = `## CLI start-up and package size

Command: \`npm run bench:startup\` (\`tsx bench/cli-startup.ts\`, with \`--baseline FILE\` to compare another build of \`dist/cli.js\`).
Start-up is \`node dist/cli.js --version\` as a child process, from spawn to exit, ${ROUNDS} rounds after one
warm-up, the bundles taking turns. The package is \`npm run pack:npm\`'s tarball. Target: under 3 MB packed.

${machineLine()} Load average when it started: ${loadAtStart.toFixed(1)} (other work shared the machine, so
wall-clock times are noisy; compare the rows of one run, and the CPU times).

| bundle | size (MB) | median start-up (ms) | p90 (ms) | median CPU time (ms) | median peak RSS (MiB) |
|---|---:|---:|---:|---:|---:|
${rows.join('\n')}

npm package: ${(packed.bytes / MIB).toFixed(2)} MB packed (\`build/shipshape-<version>.tgz\`).`;
  writeSection('cli-startup', report);
  console.log(report);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
