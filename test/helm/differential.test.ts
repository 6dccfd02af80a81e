// Differential test: every chart of the shared corpus rendered by Shipshape and by the real helm v4.1.4
// (`helm template release-name CHART --namespace default`), compared document by document after parsing.
// Values made by random/time functions differ from run to run in helm itself; Shipshape knows which of its
// strings came from its stand-ins, and only those may differ (by shape: the rest of the string must match).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { renderChart } from '../../server/src/engine/languages/helm/render';
import { readChartFolder } from '../../server/src/host/chart-folder';
import { referenceTool, referenceToolsUnavailable } from '../helpers/reference-tools';

const CORPUS = resolve(__dirname, '..', '..', '..', 'shared', 'corpus', 'helm');

interface Document {
  source: string;
  value: unknown;
}

function documents(output: string): Document[] {
  return output
    .split(/^---\n/m)
    .filter((text) => text.trim() !== '')
    .map((text) => {
      const source = /^# Source: (.*)$/m.exec(text)?.[1] ?? '';
      const parsed = parseAllDocuments(text);
      const first = Array.isArray(parsed) ? parsed[0] : parsed;
      return { source, value: first?.toJS({ maxAliasCount: -1 }) ?? null };
    });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Our string with every stand-in part turned into a wildcard of its shape. */
function shapeOf(ours: string, standIns: ReadonlySet<string>): RegExp | undefined {
  const parts = [...standIns].filter((part) => part.length >= 4 && ours.includes(part)).sort((a, b) => b.length - a.length);
  if (parts.length === 0) return undefined;
  let pattern = escapeRegExp(ours);
  for (const part of parts) {
    const wildcard = part.length > 100 || /-----BEGIN/.test(part) ? '[\\s\\S]+' : `[\\s\\S]{${part.length}}`;
    pattern = pattern.split(escapeRegExp(part)).join(wildcard);
  }
  return new RegExp(`^${pattern}$`);
}

/** Differences between two parsed documents, where strings derived from stand-ins match by shape. */
function differences(ours: unknown, theirs: unknown, standIns: ReadonlySet<string>, path: string, out: string[]): void {
  if (out.length > 5) return;
  if (typeof ours === 'string' && typeof theirs === 'string') {
    if (ours === theirs) return;
    const shape = shapeOf(ours, standIns);
    if (shape?.test(theirs)) return;
    out.push(`${path}: ours ${JSON.stringify(ours.slice(0, 120))} helm ${JSON.stringify(theirs.slice(0, 120))}`);
    return;
  }
  if (Array.isArray(ours) && Array.isArray(theirs)) {
    if (ours.length !== theirs.length) out.push(`${path}: ${ours.length} items, helm ${theirs.length}`);
    ours.forEach((item, index) => differences(item, theirs[index], standIns, `${path}[${index}]`, out));
    return;
  }
  if (ours && theirs && typeof ours === 'object' && typeof theirs === 'object' && !Array.isArray(ours) && !Array.isArray(theirs)) {
    const keys = new Set([...Object.keys(ours), ...Object.keys(theirs)]);
    for (const key of keys) differences((ours as Record<string, unknown>)[key], (theirs as Record<string, unknown>)[key], standIns, `${path}.${key}`, out);
    return;
  }
  if (ours !== theirs) out.push(`${path}: ours ${JSON.stringify(ours)} helm ${JSON.stringify(theirs)}`);
}

const unavailable = referenceToolsUnavailable() ?? (existsSync(CORPUS) ? undefined : `the shared chart corpus is not at ${CORPUS}`);

test('every corpus chart renders like helm template', { skip: unavailable, timeout: 900_000 }, () => {
  const helm = referenceTool('helm');
  const charts = readdirSync(CORPUS).filter((name) => name !== 'README.md').sort();
  const report: string[] = [];
  let identical = 0;
  let sameApartFromStandIns = 0;
  for (const id of charts) {
    const folder = join(CORPUS, id);
    const theirs = execFileSync(helm, ['template', 'release-name', folder, '--namespace', 'default'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, KUBECONFIG: '/nonexistent', HELM_NAMESPACE: '' } });
    let result;
    try {
      result = renderChart(readChartFolder(folder), id.split('__')[1]!);
    } catch (error) {
      report.push(`${id}: render failed: ${(error as Error).message}`);
      continue;
    }
    if (result.output === theirs) {
      identical++;
      report.push(`${id}: identical`);
      continue;
    }
    const ourDocuments = documents(result.output);
    const theirDocuments = documents(theirs);
    const problems: string[] = [];
    if (ourDocuments.map((document) => document.source).join('\n') !== theirDocuments.map((document) => document.source).join('\n')) {
      problems.push(`document order differs: ours ${ourDocuments.length} documents, helm ${theirDocuments.length}`);
    } else {
      ourDocuments.forEach((document, index) => differences(document.value, theirDocuments[index]!.value, result.standIns.tainted, `${document.source}#${index}`, problems));
    }
    if (problems.length === 0) {
      sameApartFromStandIns++;
      report.push(`${id}: same documents apart from generated secrets`);
    } else report.push(`${id}: DIFFERENT\n    ${problems.join('\n    ')}`);
  }
  console.log(`helm differential: ${identical} byte-identical, ${sameApartFromStandIns} equal apart from random values, of ${charts.length}\n  ${report.join('\n  ')}`);
  assert.equal(identical + sameApartFromStandIns, charts.length, report.filter((line) => !/identical|apart from/.test(line)).join('\n'));
});
