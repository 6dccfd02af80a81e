// Lints every file of the shared corpus under several configurations and writes every finding (ids, ranges,
// messages, severities, related locations, fixes), every suppressed finding and every rule failure as JSON, so
// that an engine change meant to keep behaviour can be checked against a snapshot taken before it.
// Usage: tsx bench/findings-snapshot.ts <out.json>               write a snapshot
//        tsx bench/findings-snapshot.ts <out.json> --compare <before.json>   also compare; exit 1 on a difference
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { configFromLayers, lintSource } from '../server/src/analysis';
import type { ConfigLayer } from '../server/src/engine/config';

const corpusRoot = join(import.meta.dirname, '..', '..', 'shared', 'corpus');
const fixturesRoot = join(import.meta.dirname, '..', 'test', 'fixtures', 'rules');

/** Every file under `folder`, recursively, sorted. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

/** The corpus, and the rule fixtures, which reach the rules' rarer paths. */
const FILES = [...['dockerfiles', 'k8s', 'k8s-invalid'].flatMap((folder) => filesUnder(join(corpusRoot, folder))), ...filesUnder(fixturesRoot)];

/** Defaults; and strict with both image lists set and the baseline level, so every rule runs on every file. */
const CONFIGS: Record<string, ConfigLayer[]> = {
  recommended: [],
  strict: [
    {
      preset: 'strict',
      images: { allowedRegistries: ['docker.io', 'gcr.io'], approved: ['docker.io/library/*', 'gcr.io/distroless/*'] },
      secrets: { allowNames: ['PUBLIC_KEY_URL'] },
    },
  ],
  baseline: [{ podSecurity: { level: 'baseline', version: 'v1.25' } }],
};

const [out, flag, before] = process.argv.slice(2);
if (!out || (flag !== undefined && (flag !== '--compare' || !before))) {
  console.error('usage: tsx bench/findings-snapshot.ts <out.json> [--compare <before.json>]');
  process.exit(2);
}

const snapshot: Record<string, unknown> = {};
let findings = 0;
for (const [configName, layers] of Object.entries(CONFIGS)) {
  const config = configFromLayers(layers);
  for (const file of FILES) {
    const text = readFileSync(file, 'utf8');
    const path = `/corpus/${relative(join(import.meta.dirname, '..', '..'), file)}`;
    // Strict runs also say the build context has no .dockerignore, for the rules that look at it.
    const buildContext = configName === 'strict' ? { dockerignore: null } : undefined;
    const result = lintSource({ path, text, buildContext }, config);
    findings += result.findings.length;
    // Stack traces differ by line numbers when the code moves; the message is what must not change.
    const ruleFailures = result.ruleFailures.map((failure) => ({ ruleId: failure.ruleId, error: failure.error.split('\n')[0] }));
    snapshot[`${configName} ${path}`] = { kind: result.kind, findings: result.findings, suppressed: result.suppressed, ruleFailures };
  }
}
writeFileSync(out, `${JSON.stringify(snapshot, null, 1)}\n`);
console.log(`${Object.keys(snapshot).length} lint runs, ${findings} findings → ${out}`);

if (before) {
  const previous = JSON.parse(readFileSync(before, 'utf8')) as Record<string, unknown>;
  const keys = new Set([...Object.keys(previous), ...Object.keys(snapshot)]);
  let differences = 0;
  for (const key of keys) {
    const a = JSON.stringify(previous[key]);
    const b = JSON.stringify(snapshot[key]);
    if (a === b) continue;
    differences++;
    if (differences <= 10) console.log(`differs: ${key}\n  before: ${a?.slice(0, 600)}\n  after:  ${b?.slice(0, 600)}`);
  }
  console.log(differences === 0 ? `identical to ${before}` : `${differences} of ${keys.size} lint runs differ from ${before}`);
  process.exit(differences === 0 ? 0 : 1);
}
