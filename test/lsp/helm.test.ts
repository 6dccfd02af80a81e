// Helm charts over a real LSP connection: diagnostics in templates and values.yaml as the user types (open
// buffers, unsaved), render errors at their position, and hovers with the rendered YAML of a template line.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Hover } from 'vscode-languageserver';
import { TestClient } from '../helpers/lsp-client';

const TEMPLATE = `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-web
spec:
  containers:
    - name: web
      image: "nginx:{{ .Values.tag }}"
      securityContext:
        privileged: {{ .Values.privileged }}
`;

let folder: string;
const uri = (name: string) => pathToFileURL(join(folder, name)).toString();

before(() => {
  folder = mkdtempSync(join(tmpdir(), 'shipshape-lsp-helm-'));
  mkdirSync(join(folder, 'templates'));
  writeFileSync(join(folder, 'Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 1.0.0\n');
  writeFileSync(join(folder, 'values.yaml'), 'tag: "1.27"\nprivileged: false\n');
  writeFileSync(join(folder, 'templates', 'pod.yaml'), TEMPLATE);
});
after(() => rmSync(folder, { recursive: true, force: true }));

const byRule = (diagnostics: Diagnostic[], ruleId: string) => diagnostics.filter((d) => d.code === ruleId);

describe('Helm charts in the editor', () => {
  it('shows findings in values.yaml and the template as the user types, from unsaved buffers', async () => {
    const client = new TestClient();
    await client.initializing;
    const template = await client.open(uri('templates/pod.yaml'), TEMPLATE, 'yaml');
    const values = await client.open(uri('values.yaml'), 'tag: "1.27"\nprivileged: false\n', 'yaml');
    assert.equal(byRule(await client.pull(values.uri), 'privileged').length, 0);
    assert.equal(byRule(await client.pull(template.uri), 'syntax-error').length, 0, 'the template is rendered, not linted raw');
    await client.change(values.uri, 'tag: "1.27"\nprivileged: true\n');
    const privileged = byRule(await client.pull(values.uri), 'privileged');
    assert.equal(privileged.length, 1);
    assert.deepEqual(privileged[0]!.range.start, { line: 1, character: 12 });
    client.dispose();
  });

  it('reports a template syntax error while typing, at its line, and recovers', async () => {
    const client = new TestClient();
    await client.initializing;
    const template = await client.open(uri('templates/pod.yaml'), TEMPLATE, 'yaml');
    await client.change(template.uri, TEMPLATE.replace('{{ .Values.tag }}', '{{ .Values.tag '));
    const broken = byRule(await client.pull(template.uri), 'syntax-error');
    assert.equal(broken.length, 1);
    assert.equal(broken[0]!.range.start.line, 7);
    assert.match(String(broken[0]!.message), /cannot be rendered/);
    await client.change(template.uri, TEMPLATE);
    assert.equal(byRule(await client.pull(template.uri), 'syntax-error').length, 0);
    client.dispose();
  });

  it('hovers on a template line with the YAML it rendered', async () => {
    const client = new TestClient();
    await client.initializing;
    const template = await client.open(uri('templates/pod.yaml'), TEMPLATE, 'yaml');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: template.uri }, position: { line: 7, character: 10 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /\*\*Rendered\*\*/);
    assert.match(value, /image: "nginx:1\.27"/);
    client.dispose();
  });
});
