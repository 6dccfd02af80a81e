// Time the built CLI needs for hostile images: OCI indexes that nest and repeat themselves (in a layout
// folder and in a Docker 25+ `docker save` archive) and a 9.4 MB gzip bomb. Each case runs
// `shipshape scan --oci|--tar … --offline --format json --fail-on never` as a child process, stopped after a
// cap.
// `--compare CLI` also runs another build of the CLI (an earlier commit's dist/cli.js) for a before/after table.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipBombLayer, imageOfLayers, writeNestedIndexArchive, writeNestedIndexLayout } from '../test/helpers/hostile-images';
import { buildImage, writeOciLayout } from '../test/helpers/test-image';
import { machineLine, writeSection } from './results';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CAP_MS = 180_000;

interface Case {
  name: string;
  args: string[];
  /** Size of the hostile part as written. */
  size: string;
}

interface Timing {
  seconds: number;
  stopped: boolean;
  outcome: string;
}

function runScan(cli: string, args: string[]): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [cli, 'scan', ...args, '--offline', '--format', 'json', '--fail-on', 'never'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    let stopped = false;
    const timer = setTimeout(() => {
      stopped = true;
      child.kill('SIGKILL');
    }, CAP_MS);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ seconds, stopped, outcome: stopped ? 'still running when stopped' : describeOutcome(status, stdout, stderr) });
    });
  });
}

/** Exit code, whether the report says the image was verified, and why not, in a few words. */
function describeOutcome(status: number | null, stdout: string, stderr: string): string {
  const integrity = /"integrity":\s*\{\s*"status":\s*"(\w+)"/.exec(stdout)?.[1];
  const parts = [`exit ${status}`, integrity ? `integrity ${integrity}` : 'no integrity status in the report'];
  if (/decompression bomb/.test(stdout + stderr)) parts.push('stopped as a decompression bomb');
  if (/nest more than|descriptors/.test(stderr)) parts.push('index limit');
  return parts.join(', ');
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function formatTime(timing: Timing): string {
  return timing.stopped ? `> ${CAP_MS / 1000} s (stopped)` : timing.seconds < 1 ? `${(timing.seconds * 1000).toFixed(0)} ms` : `${timing.seconds.toFixed(1)} s`;
}

async function main(): Promise<void> {
  const compareIndex = process.argv.indexOf('--compare');
  const before = compareIndex === -1 ? undefined : process.argv[compareIndex + 1];
  const work = mkdtempSync(join(tmpdir(), 'shipshape-bench-hostile-'));
  try {
    const image = buildImage({ layers: [[{ path: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' }]] });
    const cases: Case[] = [];
    for (const fanOut of [25, 45]) {
      const dir = join(work, `nested-${fanOut}`);
      const size = writeNestedIndexLayout(dir, image, fanOut, 4);
      cases.push({ name: `OCI layout, 4 nested indexes each listing the next ${fanOut} times`, args: ['--oci', dir], size: kib(size) });
    }
    const archive = join(work, 'nested-25.tar');
    writeNestedIndexArchive(archive, image, 25, 4);
    cases.push({ name: 'docker save (Docker 25+) archive, the same 25-fold nesting', args: ['--tar', archive], size: kib(statSync(archive).size) });
    const bomb = gzipBombLayer(8900);
    const bombDir = join(work, 'bomb');
    writeOciLayout(bombDir, [{ image: imageOfLayers([bomb]) }]);
    cases.push({ name: 'OCI layout, one gzip layer of 8,900 MiB of zeros', args: ['--oci', bombDir], size: `${(bomb.bytes.length / 1e6).toFixed(1)} MB` });

    const rows: string[] = [];
    for (const item of cases) {
      const old = before === undefined ? undefined : await runScan(before, item.args);
      const now = await runScan(CLI, item.args);
      console.log(`${item.name}: before ${old ? `${formatTime(old)} (${old.outcome})` : '-'}, after ${formatTime(now)} (${now.outcome})`);
      rows.push(`| ${item.name} | ${item.size} | ${old ? `${formatTime(old)}: ${old.outcome}` : '–'} | ${formatTime(now)}: ${now.outcome} |`);
    }
    writeSection(
      'scan-hostile',
      `## Hostile images: nested indexes and a gzip bomb

Command: \`npm run build && tsx bench/scan-hostile.ts --compare BEFORE/dist/cli.js\`, where BEFORE is a build
of the commit before the scan's fail-closed limits (ad0c4b4). Each case is one
\`shipshape scan --oci|--tar … --offline --format json --fail-on never\` run of the built CLI as a child
process, wall time including the CLI's start, stopped after ${CAP_MS / 1000} s. The machine was shared with other heavy
work while this ran, so times are rough; the growth is what matters.

${machineLine()}

| case | size | before | after |
|---|---:|---|---|
${rows.join('\n')}`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
