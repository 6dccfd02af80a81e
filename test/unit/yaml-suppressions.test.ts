// What a `# shipshape-ignore` comment covers in YAML: the node it stands above or beside, not its whole list.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers, lintSource } from '../../server/src/analysis';

const only = new Set(['image-tag-latest']);
const config = configFromLayers([]);

function deployment(containers: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n${containers}`;
}

function flagged(text: string): string[] {
  return lintSource({ path: 'deploy.yaml', text }, config, { onlyRules: only }).findings.map((f) => text.slice(f.range.start, f.range.end));
}

describe('YAML suppression comments', () => {
  const items = '        - name: app\n          image: nginx\n        - name: sidecar\n          image: busybox\n';

  it('above the first item of a list covers that item only', () => {
    assert.deepEqual(flagged(deployment(`        # shipshape-ignore image-tag-latest -- pinned by the release job\n${items}`)), ['busybox']);
  });

  it('at the end of the first item\'s line covers that item only', () => {
    assert.deepEqual(flagged(deployment(items.replace('- name: app', '- name: app # shipshape-ignore image-tag-latest'))), ['busybox']);
  });

  it('above a later item covers that item', () => {
    assert.deepEqual(flagged(deployment(items.replace('        - name: sidecar', '        # shipshape-ignore image-tag-latest\n        - name: sidecar'))), ['nginx']);
  });

  it('above the list\'s key covers the whole list', () => {
    const text = deployment(items).replace('      containers:\n', '      # shipshape-ignore image-tag-latest\n      containers:\n');
    assert.deepEqual(flagged(text), []);
  });

  it('above a flow list covers the list', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    # shipshape-ignore image-tag-latest\n    [{name: a, image: nginx}, {name: b, image: busybox}]\n';
    assert.deepEqual(flagged(text), []);
  });
});
