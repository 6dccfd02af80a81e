import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { applyEdits } from '../../server/src/engine/fixes';
import { parseKubernetes } from '../../server/src/engine/languages/kubernetes/model';
import { YamlEditor } from '../../server/src/engine/languages/kubernetes/yaml-edit';
import { appendMapItem, mergeInsertions, sequenceItemsIndented, withCommentAbove } from '../../server/src/engine/languages/kubernetes/yaml-insert';
import type { Edit } from '../../server/src/engine/types';

function apply(text: string, edits: Array<Edit | undefined>): string {
  const defined = edits.filter((edit): edit is Edit => edit !== undefined);
  assert.equal(defined.length, edits.length, 'every edit could be computed');
  const result = applyEdits(text, mergeInsertions(defined));
  assert.deepEqual(result.skipped, []);
  const errors = parseAllDocuments(result.text).flatMap((document) => ('errors' in document ? document.errors : []));
  assert.deepEqual(errors.map((error) => error.message), [], `still parses:\n${result.text}`);
  return result.text;
}

const tmpMount = { name: 'tmp', mountPath: '/tmp' };

describe('appendMapItem', () => {
  it('creates the key with indented items when the file indents its sequences', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: x\n';
    const model = parseKubernetes(text);
    const container = model.containers[0];
    assert.ok(container);
    const out = apply(text, [appendMapItem(new YamlEditor(text), container.node, 'volumeMounts', tmpMount)]);
    assert.equal(out, 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      image: x\n      volumeMounts:\n        - name: tmp\n          mountPath: /tmp\n');
  });

  it('creates the key with flush items when the file writes them flush', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    image: x\n';
    const container = parseKubernetes(text).containers[0];
    assert.ok(container);
    const out = apply(text, [appendMapItem(new YamlEditor(text), container.podSpec.node, 'volumes', { name: 'tmp', emptyDir: {} })]);
    assert.equal(out, 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    image: x\n  volumes:\n  - name: tmp\n    emptyDir: {}\n');
  });

  it('appends after the last item, before comments that follow it, and keeps the dash column', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    volumeMounts:\n      - name: a # first\n        mountPath: /a\n    # trailing note\n  hostname: h\n';
    const container = parseKubernetes(text).containers[0];
    assert.ok(container);
    const out = apply(text, [appendMapItem(new YamlEditor(text), container.node, 'volumeMounts', tmpMount)]);
    assert.equal(out, 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: app\n    volumeMounts:\n      - name: a # first\n        mountPath: /a\n      - name: tmp\n        mountPath: /tmp\n    # trailing note\n  hostname: h\n');
  });

  it('writes flow items into flow sequences and flow maps, including empty ones', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - {name: a, volumeMounts: []}\n  - {name: b}\n  - {name: c, volumeMounts: [{name: x, mountPath: /x}]}\n';
    const [a, b, c] = parseKubernetes(text).containers;
    assert.ok(a && b && c);
    const editor = new YamlEditor(text);
    const out = apply(text, [appendMapItem(editor, a.node, 'volumeMounts', tmpMount), appendMapItem(editor, b.node, 'volumeMounts', tmpMount), appendMapItem(editor, c.node, 'volumeMounts', tmpMount)]);
    assert.equal(
      out,
      'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - {name: a, volumeMounts: [{name: tmp, mountPath: /tmp}]}\n  - {name: b, volumeMounts: [{name: tmp, mountPath: /tmp}]}\n  - {name: c, volumeMounts: [{name: x, mountPath: /x}, {name: tmp, mountPath: /tmp}]}\n',
    );
  });

  it('fills a key with no value, and refuses aliases and non-sequences', () => {
    const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      volumeMounts:\n      image: x\n';
    const app = parseKubernetes(text).containers[0];
    assert.ok(app);
    const out = apply(text, [appendMapItem(new YamlEditor(text), app.node, 'volumeMounts', tmpMount)]);
    assert.equal(out, 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      volumeMounts:\n        - name: tmp\n          mountPath: /tmp\n      image: x\n');
    const anchored = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      volumeMounts: &m [{name: x, mountPath: /x}]\n    - name: b\n      volumeMounts: *m\n    - name: c\n      volumeMounts: {}\n';
    const [, b, c] = parseKubernetes(anchored).containers;
    assert.ok(b && c);
    assert.equal(appendMapItem(new YamlEditor(anchored), b.node, 'volumeMounts', tmpMount), undefined);
    assert.equal(appendMapItem(new YamlEditor(anchored), c.node, 'volumeMounts', tmpMount), undefined);
  });

  it('keeps CRLF line breaks', () => {
    const text = 'apiVersion: v1\r\nkind: Pod\r\nspec:\r\n  containers:\r\n  - name: app\r\n    image: x\r\n';
    const container = parseKubernetes(text).containers[0];
    assert.ok(container);
    const out = apply(text, [appendMapItem(new YamlEditor(text), container.node, 'volumeMounts', tmpMount)]);
    assert.equal(out, 'apiVersion: v1\r\nkind: Pod\r\nspec:\r\n  containers:\r\n  - name: app\r\n    image: x\r\n    volumeMounts:\r\n    - name: tmp\r\n      mountPath: /tmp\r\n');
  });
});

describe('sequenceItemsIndented', () => {
  it('follows the majority and defaults to indented', () => {
    assert.equal(sequenceItemsIndented('a:\n- 1\nb:\n- 2\nc:\n  - 3\n'), false);
    assert.equal(sequenceItemsIndented('a:\n  # note\n  - 1\n'), true);
    assert.equal(sequenceItemsIndented('a: 1\n'), true);
    assert.equal(sequenceItemsIndented('- name: x\n  ports:\n  - 80\n'), false);
  });
});

describe('withCommentAbove', () => {
  const text = 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: app\n      resources: {}\n    - name: b\n      resources:\n        requests: {cpu: 1}\n';

  it('puts the comment inside a block insertion, indented like it', () => {
    const [, b] = parseKubernetes(text).containers;
    assert.ok(b);
    const editor = new YamlEditor(text);
    const [edit] = editor.ensure(b.node, { resources: { limits: { cpu: '1' } } });
    assert.ok(edit);
    const out = apply(text, withCommentAbove(editor, edit, 'TODO: size it'));
    assert.ok(out.endsWith('      resources:\n        requests: {cpu: 1}\n        # TODO: size it\n        limits:\n          cpu: "1"\n'), out);
  });

  it('puts the comment above the line of a flow insertion', () => {
    const [a] = parseKubernetes(text).containers;
    assert.ok(a);
    const editor = new YamlEditor(text);
    const [edit] = editor.ensure(a.node, { resources: { limits: { cpu: '1' } } });
    assert.ok(edit);
    const out = apply(text, withCommentAbove(editor, edit, 'TODO: size it'));
    assert.ok(out.includes('    - name: app\n      # TODO: size it\n      resources: {limits: {cpu: "1"}}\n'), out);
  });
});

describe('YamlEditor insertion points', () => {
  it('inserts after the last item, not after the next key, when comments trail a block sequence', () => {
    const text = 'spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: x\n        # resources:\n        #   cpu: 1\n  claims:\n  - name: www\n';
    const podSpec = parseKubernetes(`kind: StatefulSet\napiVersion: apps/v1\n${text}`).podSpecs[0];
    assert.ok(podSpec);
    const full = `kind: StatefulSet\napiVersion: apps/v1\n${text}`;
    const out = apply(full, new YamlEditor(full).ensure(podSpec.node, { automountServiceAccountToken: false }));
    assert.ok(out.includes('        image: x\n      automountServiceAccountToken: false\n        # resources:'), out);
  });
});
