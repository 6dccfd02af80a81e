// The kustomize build against the real thing: every kustomization of the shared corpus must print exactly
// what `kubectl kustomize` printed (the committed renders), and every tree here (corpus and the feature
// fixtures) must print exactly what the reference kubectl (kustomize v5.7.1) prints today.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { renderKustomization } from '../../server/src/engine/languages/kustomize/render';
import { nodeKustomizeFileSystem, toBuildPath } from '../../server/src/host/kustomize-files';
import { referenceTool, referenceToolsUnavailable } from '../helpers/reference-tools';

const CORPUS = path.join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');
const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'kustomize');

interface IndexEntry {
  id: string;
  tree: string;
  dir: string;
  kustomization_kind: string;
}

const index = JSON.parse(readFileSync(path.join(CORPUS, 'kustomize', 'index.json'), 'utf8')) as { kustomizations: IndexEntry[] };
const corpusDirs = index.kustomizations
  .filter((entry) => entry.kustomization_kind === 'Kustomization')
  .map((entry) => ({ id: entry.id, dir: path.join(CORPUS, 'kustomize', entry.tree, entry.dir) }));

/** Feature fixtures: each folder with a kustomization that builds on its own (components and bad input excluded). */
export const FEATURE_DIRS = [
  'strategic-merge/base',
  'strategic-merge/overlay',
  'generators/base',
  'generators/overlay',
  'json-patch',
  'images',
  'labels',
  'references',
  'scalars',
  'sort-order',
  'sort-options',
].map((dir) => path.join(FIXTURES, dir));

function render(dir: string): string {
  return renderKustomization(nodeKustomizeFileSystem, toBuildPath(dir)).text;
}

describe('kustomize build vs the committed kubectl renders of the corpus', () => {
  let identical = 0;
  for (const { id, dir } of corpusDirs) {
    test(id, () => {
      const expected = readFileSync(path.join(CORPUS, 'kustomize-rendered', `${id}.yaml`), 'utf8');
      assert.equal(render(dir), expected);
      identical++;
    });
  }
  test('every corpus kustomization is byte-identical', () => {
    assert.equal(identical, corpusDirs.length, `${identical} of ${corpusDirs.length} identical`);
    assert.ok(corpusDirs.length >= 18);
  });
});

const unavailable = referenceToolsUnavailable();
describe('kustomize build vs the reference kubectl kustomize', { skip: unavailable }, () => {
  const kubectl = unavailable ? '' : referenceTool('kubectl');
  for (const dir of [...corpusDirs.map((entry) => entry.dir), ...FEATURE_DIRS]) {
    test(path.relative(path.join(CORPUS, '..'), dir), () => {
      const expected = execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
      assert.equal(render(dir), expected);
    });
  }
});
