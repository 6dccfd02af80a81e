// Scan time and peak memory for a synthetic 200 MB image pulled from a registry on 127.0.0.1.
// The registry and the OSV API run in this process; the scan runs in a child process (the built CLI), so
// its peak RSS is the scanner's own. Targets: under 10 s and under 200 MB RSS.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOsvServer, type OsvFixtureRecord } from '../test/helpers/osv-server';
import { startRegistryServer } from '../test/helpers/registry-server';
import { buildImage, type LayerEntry } from '../test/helpers/test-image';
import { machineLine, median, writeSection } from './results';

const ROOT = join(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const RUNS = 5;
const LAYERS = 5;
const MIB = 1024 * 1024;

/** One layer: random (incompressible) binaries, so the compressed image really is about 200 MB, plus
 * the small files the inventory and checks read. */
function layer(index: number): LayerEntry[] {
  const entries: LayerEntry[] = [];
  for (let file = 0; file < 160; file++) entries.push({ path: `opt/data${index}/blob-${file}.bin`, content: randomBytes(256 * 1024) });
  for (let pkg = 0; pkg < 400; pkg++) {
    entries.push({ path: `app${index}/node_modules/pkg-${index}-${pkg}/package.json`, content: JSON.stringify({ name: `pkg-${index}-${pkg}`, version: `1.${pkg}.0` }) });
    entries.push({ path: `app${index}/node_modules/pkg-${index}-${pkg}/index.js`, content: `module.exports = ${pkg};\n`.repeat(50) });
  }
  if (index === 0) {
    entries.push({ path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' });
    const stanzas = Array.from({ length: 300 }, (_, pkg) => `Package: lib-${pkg}\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1.${pkg}-1\nDescription: library ${pkg}\n`);
    entries.push({ path: 'var/lib/dpkg/status', content: stanzas.join('\n') });
  }
  return entries;
}

function records(): OsvFixtureRecord[] {
  return Array.from({ length: 40 }, (_, n) => ({
    id: `GHSA-bench-${n}`,
    summary: `benchmark advisory ${n}`,
    modified: '2024-01-01T00:00:00Z',
    severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
    affected: [{ package: { ecosystem: 'npm', name: `pkg-0-${n}` }, versions: [`1.${n}.0`], ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: `1.${n}.1` }] }] }],
  }));
}

interface RunResult {
  seconds: number;
  rssMiB: number;
  packages: number;
  vulnerabilities: number;
}

function scanOnce(reference: string, osvUrl: string, cacheHome: string): Promise<RunResult> {
  const rssFile = join(cacheHome, 'rss.json');
  const preload = join(cacheHome, 'report-rss.cjs');
  // VmHWM, not resourceUsage().maxRSS: Linux carries maxRSS over from the forked parent (this process,
  // which holds the whole image in memory), while VmHWM starts afresh at exec.
  writeFileSync(
    preload,
    `process.on('exit', () => { const fs = require('node:fs'); const kib = Number(/VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1]); fs.writeFileSync(${JSON.stringify(rssFile)}, JSON.stringify({ kib })); });\n`,
  );
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', preload, CLI, 'scan', reference, '--osv-url', osvUrl, '--format', 'json', '--fail-on', 'never', '--platform', 'linux/amd64'], {
      env: { ...process.env, XDG_CACHE_HOME: join(cacheHome, `cache-${Date.now()}`), DOCKER_CONFIG: join(cacheHome, 'docker') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (status !== 0) return reject(new Error(`scan failed (${status}): ${stderr}`));
      const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { kib: number };
      const report = JSON.parse(stdout) as { packages: unknown[]; vulnerabilities: unknown[] };
      resolve({ seconds, rssMiB: usage.kib / 1024, packages: report.packages.length, vulnerabilities: report.vulnerabilities.length });
    });
  });
}

async function main(): Promise<void> {
  const image = buildImage({ layers: Array.from({ length: LAYERS }, (_, index) => layer(index)) });
  const compressed = image.layers.reduce((sum, item) => sum + item.bytes.length, 0);
  const registry = await startRegistryServer({ repositories: { 'bench/big': { blobs: image.blobs, tags: { '1': image.manifest } } } });
  const osv = await startOsvServer({ records: records() });
  const work = mkdtempSync(join(tmpdir(), 'shipshape-bench-scan-'));
  const results: RunResult[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const result = await scanOnce(`${registry.host}/bench/big:1`, osv.url, work);
      results.push(result);
      console.log(`run ${run + 1}: ${result.seconds.toFixed(2)} s, ${result.rssMiB.toFixed(0)} MiB peak RSS, ${result.packages} packages, ${result.vulnerabilities} vulnerabilities`);
    }
  } finally {
    await registry.close();
    await osv.close();
    rmSync(work, { recursive: true, force: true });
  }
  const last = results[results.length - 1]!;
  const body = `## Image scan: a 200 MB image from a loopback registry

Command: \`npm run bench:scan\` (\`tsx bench/scan-image.ts\`). The image has ${LAYERS} gzip layers,
${(compressed / MIB).toFixed(0)} MiB compressed (random binaries, so it does not compress), ${last.packages} packages
(dpkg and npm) and ${LAYERS * 960} files; it is served by the test registry on 127.0.0.1 with an OSV test
API beside it. Each run is \`shipshape scan\` as a child process with an empty OSV cache, from start to
the JSON report: manifest, config, every layer streamed, gunzipped, digest-checked and read, inventory,
image checks, ${last.vulnerabilities} vulnerabilities looked up. Peak RSS is the child's high-water mark
(\`VmHWM\` in \`/proc/self/status\`, read as it exits).

${machineLine()}

| runs | median time (s) | slowest (s) | peak RSS, max over runs (MiB) | targets |
|---:|---:|---:|---:|---|
| ${RUNS} | ${median(results.map((r) => r.seconds)).toFixed(2)} | ${Math.max(...results.map((r) => r.seconds)).toFixed(2)} | ${Math.max(...results.map((r) => r.rssMiB)).toFixed(0)} | < 10 s, < 200 MB |
`;
  writeSection('scan-image', body);
  console.log(body);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
