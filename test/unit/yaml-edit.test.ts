import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { applyEdits } from '../../server/src/engine/fixes';
import { mapAt, nodeAt, pairAt, parseKubernetes } from '../../server/src/engine/languages/kubernetes/model';
import { detectIndentUnit, YamlEditor, type YamlChanges } from '../../server/src/engine/languages/kubernetes/yaml-edit';

function firstContainer(text: string): YAMLMap {
  const model = parseKubernetes(text);
  const container = model.containers[0];
  assert.ok(container, 'a container');
  return container.node;
}

function ensure(text: string, map: YAMLMap, changes: YamlChanges): string {
  const result = applyEdits(text, new YamlEditor(text).ensure(map, changes));
  assert.deepEqual(result.skipped, []);
  assert.deepEqual(parseDocument(result.text).errors, [], `still parses:\n${result.text}`);
  return result.text;
}

const pod = (body: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n${body}`;

describe('YamlEditor.ensure', () => {
  it('inserts a whole securityContext block in the file\'s indentation, keeping comments', () => {
    const text = pod('    - name: app # the app\n      image: nginx:1.27\n      # ports below\n      ports:\n        - containerPort: 80\n');
    const out = ensure(text, firstContainer(text), { securityContext: { runAsNonRoot: true, capabilities: { drop: ['ALL'] } } });
    assert.equal(
      out,
      pod('    - name: app # the app\n      image: nginx:1.27\n      # ports below\n      ports:\n        - containerPort: 80\n      securityContext:\n        runAsNonRoot: true\n        capabilities:\n          drop: [ALL]\n'),
    );
  });

  it('adds to an existing block map and changes existing scalars in place', () => {
    const text = pod('  - name: app\n    securityContext:\n      privileged: true   # why?\n      runAsUser: 0\n');
    const out = ensure(text, firstContainer(text), { securityContext: { privileged: false, allowPrivilegeEscalation: false } });
    assert.equal(out, pod('  - name: app\n    securityContext:\n      privileged: false   # why?\n      runAsUser: 0\n      allowPrivilegeEscalation: false\n'));
  });

  it('adds drop: [ALL] to a flow-style capabilities map', () => {
    const text = pod('  - name: app\n    securityContext:\n      capabilities: {add: [NET_ADMIN]}\n');
    const out = ensure(text, firstContainer(text), { securityContext: { capabilities: { drop: ['ALL'] } } });
    assert.equal(out, pod('  - name: app\n    securityContext:\n      capabilities: {add: [NET_ADMIN], drop: [ALL]}\n'));
  });

  it('fills an empty flow map and a key with no value', () => {
    const empty = pod('  - name: app\n    securityContext: {}\n');
    assert.equal(ensure(empty, firstContainer(empty), { securityContext: { runAsNonRoot: true } }), pod('  - name: app\n    securityContext: {runAsNonRoot: true}\n'));
    const bare = pod('  - name: app\n    securityContext:\n    image: x\n');
    assert.equal(ensure(bare, firstContainer(bare), { securityContext: { runAsNonRoot: true } }), pod('  - name: app\n    securityContext:\n      runAsNonRoot: true\n    image: x\n'));
  });

  it('keeps CRLF line breaks and a missing final line break', () => {
    const text = pod('  - name: app\n    image: nginx:1.27').replace(/\n/g, '\r\n');
    const out = ensure(text, firstContainer(text), { securityContext: { runAsNonRoot: true } });
    assert.ok(out.endsWith('image: nginx:1.27\r\n    securityContext:\r\n      runAsNonRoot: true\r\n'), JSON.stringify(out));
  });

  it('quotes strings YAML would read as something else', () => {
    const text = pod('  - name: app\n');
    const out = ensure(text, firstContainer(text), { labels: { a: 'true', b: '10', c: 'plain', d: 'has space' } as unknown as YamlChanges['x'] });
    assert.match(out, /a: "true"/);
    assert.match(out, /b: "10"/);
    assert.match(out, /c: plain/);
    assert.match(out, /d: "has space"/);
  });
});

describe('YamlEditor removals', () => {
  it('removes a block pair with its whole line and a flow pair with its comma', () => {
    const text = 'spec:\n  hostNetwork: true # host\n  hostPID: true\n';
    const doc = parseDocument(text);
    const spec = doc.get('spec') as YAMLMap;
    const editor = new YamlEditor(text);
    assert.equal(applyEdits(text, [editor.removePair(spec, pairAt(spec, 'hostNetwork')!)]).text, 'spec:\n  # host\n  hostPID: true\n');
    const flow = 'spec: {hostNetwork: true, hostPID: true}\n';
    const flowSpec = parseDocument(flow).get('spec') as YAMLMap;
    assert.equal(applyEdits(flow, [new YamlEditor(flow).removePair(flowSpec, pairAt(flowSpec, 'hostNetwork')!)]).text, 'spec: {hostPID: true}\n');
    assert.equal(applyEdits(flow, [new YamlEditor(flow).removePair(flowSpec, pairAt(flowSpec, 'hostPID')!)]).text, 'spec: {hostNetwork: true}\n');
  });

  it('removes the first key of a sequence item up to the next key, keeping the dash', () => {
    const text = 'ports:\n  - hostPort: 80\n    containerPort: 80\n  - hostPort: 81\n';
    const ports = parseDocument(text).get('ports', true);
    assert.ok(isSeq(ports));
    const [first, second] = ports.items as YAMLMap[];
    const editor = new YamlEditor(text);
    assert.equal(applyEdits(text, [editor.removePair(first!, pairAt(first!, 'hostPort')!)]).text, 'ports:\n  - containerPort: 80\n  - hostPort: 81\n');
    assert.equal(applyEdits(text, [editor.removePair(second!, pairAt(second!, 'hostPort')!)]).text, 'ports:\n  - hostPort: 80\n    containerPort: 80\n  - {}\n');
  });

  it('keeps the comments of removed lines, and ignores # inside quoted scalars', () => {
    const text = 'sysctls:\n  - name: kernel.shmmax # shared buffers\n    value: "a # b" # size\n  - name: it\'s # plain\n    value: x\n  - name: ok\n';
    const sysctls = parseDocument(text).get('sysctls', true);
    assert.ok(isSeq(sysctls));
    const editor = new YamlEditor(text);
    const out = applyEdits(text, [editor.removeSeqItem(sysctls, sysctls.items[0] as never), editor.removeSeqItem(sysctls, sysctls.items[1] as never)]).text;
    assert.equal(out, 'sysctls:\n  # shared buffers\n  # size\n  # plain\n  - name: ok\n');
  });

  it('removes one sequence item in block and flow style', () => {
    const text = 'add:\n  - NET_ADMIN\n  - CHOWN\nflow: [SYS_ADMIN, CHOWN]\n';
    const doc = parseDocument(text);
    const block = doc.get('add', true);
    const flow = doc.get('flow', true);
    assert.ok(isSeq(block) && isSeq(flow));
    const editor = new YamlEditor(text);
    const out = applyEdits(text, [editor.removeSeqItem(block, block.items[0] as never), editor.removeSeqItem(flow, flow.items[0] as never)]).text;
    assert.equal(out, 'add:\n  - CHOWN\nflow: [CHOWN]\n');
  });
});

describe('model accessors', () => {
  it('see through anchors, aliases and merge keys', () => {
    const text = 'x-sc: &sc\n  runAsNonRoot: true\nbase: &base\n  image: nginx:1.27\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - <<: *base\n      name: app\n      securityContext: *sc\n';
    const model = parseKubernetes(text);
    const container = model.containers[0]!;
    assert.equal(container.name, 'app');
    assert.ok(isMap(container.securityContext));
    assert.equal((nodeAt(container.node, 'image') as { value?: unknown }).value, 'nginx:1.27');
    assert.ok(mapAt(container.node, 'securityContext'));
  });

  it('detects the indentation unit', () => {
    assert.equal(detectIndentUnit('a:\n    b:\n        c: 1\n'), 4);
    assert.equal(detectIndentUnit('a:\n  b: 1\n'), 2);
    assert.equal(detectIndentUnit(''), 2);
  });

  it('detects the indentation unit exactly as a plain line-by-line reading does, on odd text too', () => {
    // The reference is the straightforward reading; the real one scans offsets to avoid splitting big files.
    const reference = (text: string): number => {
      const counts = new Map<number, number>();
      let previous = 0;
      for (const line of text.split('\n')) {
        if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
        const indent = line.length - line.trimStart().length;
        if (indent > previous) counts.set(indent - previous, (counts.get(indent - previous) ?? 0) + 1);
        previous = indent;
      }
      let best = 2;
      let bestCount = 0;
      for (const [step, count] of counts) if (step <= 8 && count > bestCount) [best, bestCount] = [step, count];
      return best;
    };
    const alphabet = [' ', ' ', ' ', '\t', '\n', '\n', '\r', '#', 'a', ':', '-', '\u00a0', '\u2028'];
    let state = 12345;
    const next = (limit: number): number => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return (state >>> 8) % limit;
    };
    for (let sample = 0; sample < 3000; sample++) {
      let text = '';
      const length = next(120);
      for (let i = 0; i < length; i++) text += alphabet[next(alphabet.length)];
      assert.equal(detectIndentUnit(text), reference(text), JSON.stringify(text));
    }
  });
});
