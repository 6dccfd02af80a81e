// Protocol tests: a real LSP client over JSON-RPC streams against createServer.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CompletionItem, Diagnostic, Hover } from 'vscode-languageserver';
import { defineRule } from '../../server/src/engine/rule';
import { rules } from '../../server/src/rules';
import type { DiagnosticData } from '../../server/src/protocol';
import { applyWorkspaceEdit, TestClient } from '../helpers/lsp-client';

const DOCKERFILE = [
  'FROM node:22-alpine AS build',
  'RUN npm ci',
  '',
  'FROM node',
  'ADD app.js /app/',
  'USER root',
  'CMD ["node", "/app/app.js"]',
  '',
].join('\n');

const MANIFEST = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: app # the main app',
  '          image: nginx',
  '---',
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: debug}',
  'spec:',
  '  containers:',
  '    - name: shell',
  '      image: busybox:1.36',
  '      securityContext:',
  '        privileged: true',
  '',
].join('\n');

let folder: string;
let uri: (name: string) => string;

before(() => {
  folder = mkdtempSync(join(tmpdir(), 'shipshape-lsp-'));
  uri = (name) => pathToFileURL(join(folder, name)).toString();
  writeFileSync(join(folder, '.dockerignore'), '.git\n.env\n');
});
after(() => rmSync(folder, { recursive: true, force: true }));

const byRule = (diagnostics: Diagnostic[], ruleId: string) => diagnostics.filter((d) => d.code === ruleId);
const textOf = (text: string, d: Diagnostic) => {
  const lines = text.split('\n');
  return lines[d.range.start.line]!.slice(d.range.start.character, d.range.start.line === d.range.end.line ? d.range.end.character : undefined);
};

describe('language server', () => {
  it('announces its capabilities', async () => {
    const client = new TestClient();
    const { capabilities } = await client.initializing;
    assert.equal(capabilities.textDocumentSync, 2, 'incremental sync');
    assert.deepEqual(capabilities.diagnosticProvider, { identifier: 'shipshape', interFileDependencies: false, workspaceDiagnostics: false });
    assert.deepEqual((capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, ['quickfix', 'source.fixAll.shipshape', 'source.fixAll']);
    assert.equal(capabilities.hoverProvider, true);
    client.dispose();
  });

  it('reports Dockerfile diagnostics with rule codes, docs links, precise ranges and fixes in data', async () => {
    const client = new TestClient();
    const document = await client.open(uri('Dockerfile'), DOCKERFILE, 'dockerfile');
    const diagnostics = await client.pull(document.uri);
    const latest = byRule(diagnostics, 'image-tag-latest');
    assert.equal(latest.length, 1);
    assert.equal(textOf(DOCKERFILE, latest[0]!), 'node');
    assert.equal(latest[0]!.source, 'shipshape');
    assert.match(latest[0]!.codeDescription!.href, /docs\/rules\/image-tag-latest\.md$/);
    const add = byRule(diagnostics, 'add-instead-of-copy')[0]!;
    const data = add.data as DiagnosticData;
    assert.equal(data.version, 1);
    assert.equal(data.fixes[0]!.safety, 'safe');
    const root = byRule(diagnostics, 'user-root')[0]!;
    assert.equal(textOf(DOCKERFILE, root), 'root');
    assert.equal(root.severity, 2);
    client.dispose();
  });

  it('reports multi-document manifests and names workload and container', async () => {
    const client = new TestClient();
    const document = await client.open(uri('app.yaml'), MANIFEST, 'yaml');
    const diagnostics = await client.pull(document.uri);
    const privileged = byRule(diagnostics, 'privileged')[0];
    assert.ok(privileged, 'privileged container reported');
    assert.equal(privileged.range.start.line, 19);
    assert.match(String(privileged.message), /shell/);
    const tag = byRule(diagnostics, 'image-tag-latest')[0]!;
    assert.equal(textOf(MANIFEST, tag), 'nginx');
    client.dispose();
  });

  it('applies a quick fix as a versioned edit and the diagnostic goes away', async () => {
    const client = new TestClient();
    const document = await client.open(uri('Dockerfile'), DOCKERFILE, 'dockerfile');
    const diagnostics = await client.pull(document.uri);
    const add = byRule(diagnostics, 'add-instead-of-copy')[0]!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: document.uri }, range: add.range, context: { diagnostics: [add] } });
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix, `a preferred fix among ${actions.map((a) => a.title).join(', ')}`);
    const fixed = applyWorkspaceEdit(document, fix.edit as never);
    assert.match(fixed, /^COPY app\.js \/app\/$/m);
    await client.change(document.uri, fixed);
    assert.equal(byRule(await client.pull(document.uri), 'add-instead-of-copy').length, 0);
    client.dispose();
  });

  it('offers no fix computed for an older version of the text', async () => {
    const client = new TestClient();
    const document = await client.open(uri('Dockerfile'), DOCKERFILE, 'dockerfile');
    const add = byRule(await client.pull(document.uri), 'add-instead-of-copy')[0]!;
    const changed = await client.insert(document.uri, 0, '# a new first line\n');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: document.uri }, range: add.range, context: { diagnostics: [add] } });
    assert.equal(actions.filter((action) => action.edit !== undefined).length, 0, 'no edit for a stale diagnostic');
    // A client that applies a stale edit anyway is stopped by the version in the edit.
    const freshAdd = byRule(await client.pull(document.uri), 'add-instead-of-copy')[0]!;
    const fresh = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: document.uri }, range: freshAdd.range, context: { diagnostics: [freshAdd] } });
    const edit = fresh.find((action) => action.isPreferred)!.edit!;
    await client.insert(document.uri, 0, '# and another\n');
    assert.throws(() => applyWorkspaceEdit(client.document(document.uri), edit as never), /stale edit/);
    assert.ok(changed.version > document.version);
    client.dispose();
  });

  it('suppresses with a comment above the instruction, appending to an existing one', async () => {
    const client = new TestClient();
    const document = await client.open(uri('Dockerfile'), DOCKERFILE, 'dockerfile');
    const root = byRule(await client.pull(document.uri), 'user-root')[0]!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: document.uri }, range: root.range, context: { diagnostics: [root] } });
    const suppress = actions.find((action) => action.title === 'Suppress user-root here with a comment')!;
    const text = applyWorkspaceEdit(document, suppress.edit as never);
    assert.match(text, /# shipshape-ignore user-root\nUSER root/);
    const next = await client.change(document.uri, text);
    const after = await client.pull(next.uri);
    assert.equal(byRule(after, 'user-root').length, 0);
    const docs = actions.find((action) => action.title === 'Show documentation for user-root')!;
    await client.request('workspace/executeCommand', docs.command);
    assert.match(client.shownDocuments[0]!, /user-root\.md$/);
    const fileWide = actions.find((action) => action.title === 'Suppress user-root in this file')!;
    assert.match(applyWorkspaceEdit(document, fileWide.edit as never), /^# shipshape-ignore-file user-root\nFROM/);
    client.dispose();
  });

  it('suppresses in YAML above the node and keeps the comment of the line', async () => {
    const client = new TestClient();
    const document = await client.open(uri('app.yaml'), MANIFEST, 'yaml');
    const tag = byRule(await client.pull(document.uri), 'image-tag-latest')[0]!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: document.uri }, range: tag.range, context: { diagnostics: [tag] } });
    const text = applyWorkspaceEdit(document, actions.find((a) => a.title.startsWith('Suppress image-tag-latest here'))!.edit as never);
    assert.match(text, /- name: app # the main app\n {10}# shipshape-ignore image-tag-latest\n {10}image: nginx/);
    await client.change(document.uri, text);
    assert.equal(byRule(await client.pull(document.uri), 'image-tag-latest').length, 0);
    client.dispose();
  });

  it('offers "harden container" in a manifest', async () => {
    const client = new TestClient();
    const document = await client.open(uri('app.yaml'), MANIFEST, 'yaml');
    const diagnostics = await client.pull(document.uri);
    const inWeb = diagnostics.filter((d) => d.range.start.line >= 8 && d.range.start.line <= 9);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: document.uri }, range: inWeb[0]!.range, context: { diagnostics: inWeb } });
    const harden = actions.find((action) => action.title.startsWith('Harden container "app"'));
    assert.ok(harden, actions.map((a) => a.title).join('\n'));
    const text = applyWorkspaceEdit(document, harden.edit as never);
    assert.match(text, /# the main app/);
    assert.match(text, /securityContext:\n {12}runAsNonRoot: true/);
    client.dispose();
  });

  it('fixes all safe problems in one edit for source.fixAll.shipshape', async () => {
    const client = new TestClient();
    const text = 'FROM alpine:3.20\nADD a.txt /a.txt\nADD b.txt /b.txt\nRUN apk add curl\nUSER 10001\n';
    const document = await client.open(uri('Dockerfile'), text, 'dockerfile');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: document.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.shipshape'] },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, 'source.fixAll.shipshape');
    assert.equal(applyWorkspaceEdit(document, actions[0]!.edit as never), 'FROM alpine:3.20\nCOPY a.txt /a.txt\nCOPY b.txt /b.txt\nRUN apk add --no-cache curl\nUSER 10001\n');
    client.dispose();
  });

  it('follows settings changes: severity, off, preset', async () => {
    const client = new TestClient({ settings: {} });
    const document = await client.open(uri('Dockerfile'), DOCKERFILE, 'dockerfile');
    assert.equal(byRule(await client.pull(document.uri), 'image-tag-latest')[0]!.severity, 2);
    await client.changeSettings({ rules: { 'image-tag-latest': 'error', 'user-root': 'off' } });
    await client.waitFor(() => client.refreshes > 0);
    const diagnostics = await client.pull(document.uri);
    assert.equal(byRule(diagnostics, 'image-tag-latest')[0]!.severity, 1);
    assert.equal(byRule(diagnostics, 'user-root').length, 0);
    await client.changeSettings({ enable: false });
    assert.deepEqual(await client.pull(document.uri), []);
    client.dispose();
  });

  it('warns about bad settings in the output and uses the defaults', async () => {
    const client = new TestClient({ settings: { preset: 'paranoid', rules: { 'no-such-rule': 'error', 'user-root': 'loud' }, images: { allowedRegistries: 'docker.io' } } });
    const document = await client.open(uri('Dockerfile'), DOCKERFILE, 'dockerfile');
    const diagnostics = await client.pull(document.uri);
    assert.ok(byRule(diagnostics, 'user-root').length === 1);
    const messages = client.logs.map((log) => log.message).join('\n');
    assert.match(messages, /shipshape\.preset: ignoring "paranoid"/);
    assert.match(messages, /unknown rule id "no-such-rule"/);
    assert.match(messages, /shipshape\.rules\.user-root/);
    assert.match(messages, /allowedRegistries: expected a list/);
    client.dispose();
  });

  it('works with a client that sends no configuration and cannot pull diagnostics', async () => {
    const client = new TestClient({ capabilities: {} });
    const document = await client.open(uri('Dockerfile'), DOCKERFILE, 'dockerfile');
    const published = await client.waitFor(() => client.published.get(document.uri));
    assert.equal(published.version, 1);
    assert.ok(published.diagnostics.some((d) => d.code === 'user-root'));
    // Rapid edits: only the final version is published.
    for (let i = 0; i < 50; i++) await client.insert(document.uri, 0, '#\n');
    const final = await client.waitFor(() => (client.published.get(document.uri)?.version === 51 ? client.published.get(document.uri) : undefined));
    assert.ok(final.diagnostics.some((d) => d.code === 'user-root' && d.range.start.line === 55));
    client.dispose();
  });

  it('re-lints open files when .shipshape.yaml changes, and reports problems in it', async () => {
    const project = mkdtempSync(join(folder, 'project-'));
    writeFileSync(join(project, '.shipshape.yaml'), 'rules:\n  user-root: off\n');
    const client = new TestClient();
    const dockerfile = await client.open(pathToFileURL(join(project, 'Dockerfile')).toString(), DOCKERFILE, 'dockerfile');
    assert.equal(byRule(await client.pull(dockerfile.uri), 'user-root').length, 0, 'the file on disk turns user-root off');
    const configUri = pathToFileURL(join(project, '.shipshape.yaml')).toString();
    const config = await client.open(configUri, 'rules:\n  user-root: off\n', 'yaml');
    const refreshesBefore = client.refreshes;
    await client.change(config.uri, 'rules:\n  user-root: error\n  bogus-rule: off\n');
    await client.waitFor(() => client.refreshes > refreshesBefore);
    const configProblems = await client.pull(config.uri);
    assert.equal(configProblems.length, 1);
    assert.match(String(configProblems[0]!.message), /unknown rule id "bogus-rule"/);
    // The invalid file is not applied; fix it and the unsaved text is used at once.
    await client.change(config.uri, 'rules:\n  user-root: error\n');
    assert.equal(byRule(await client.pull(dockerfile.uri), 'user-root')[0]!.severity, 1);
    // Deleting the file (closed in the editor, gone from disk) brings back the defaults.
    await client.close(config.uri);
    rmSync(join(project, '.shipshape.yaml'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 3 }] });
    await client.waitFor(() => client.refreshes > refreshesBefore + 2);
    assert.equal(byRule(await client.pull(dockerfile.uri), 'user-root')[0]!.severity, 2);
    client.dispose();
  });

  it('hovers on image references and flagged text', async () => {
    const client = new TestClient({ deps: { today: () => '2026-11-24' } });
    const text = 'FROM node:16-alpine\nUSER 10001\n';
    const document = await client.open(uri('Dockerfile'), text, 'dockerfile');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: document.uri }, position: { line: 0, character: 7 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /\*\*Image\*\* `node:16-alpine`/);
    assert.match(value, /docker\.io/);
    assert.match(value, /library\/node/);
    assert.match(value, /Node\.js 16.*end of life since 2023-09-11/);
    assert.match(value, /image-eol/);
    client.dispose();
  });

  it('completes rule ids in suppression comments', async () => {
    const client = new TestClient();
    const text = 'FROM node:22\n# shipshape-ignore user-root, \nUSER root\n';
    const document = await client.open(uri('Dockerfile'), text, 'dockerfile');
    const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: document.uri }, position: { line: 1, character: 31 } });
    const labels = items.map((item) => item.label);
    assert.ok(labels.includes('sudo'));
    assert.ok(!labels.includes('user-root'), 'ids already written are not offered again');
    assert.ok(!labels.includes('privileged'), 'Kubernetes-only rules are not offered in a Dockerfile');
    const none = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: document.uri }, position: { line: 0, character: 5 } });
    assert.deepEqual(none, []);
    client.dispose();
  });

  it('lints files that are not open for the Lint Workspace command', async () => {
    const client = new TestClient();
    await client.initializing;
    const result = await client.request<{ files: Array<{ uri: string; diagnostics: Diagnostic[] }> }>('shipshape/lintFiles', {
      files: [
        { uri: uri('svc/Dockerfile'), text: DOCKERFILE },
        { uri: uri('notes.yaml'), text: 'just: yaml\n' },
      ],
    });
    assert.ok(result.files[0]!.diagnostics.some((d) => d.code === 'user-root'));
    assert.deepEqual(result.files[1]!.diagnostics, []);
    client.dispose();
  });

  it('isolates a rule that throws and logs it, the others still report', async () => {
    const broken = defineRule({
      meta: { ...rules.find((rule) => rule.meta.id === 'sudo')!.meta, id: 'broken-rule' },
      create: () => ({ dockerfile: { instruction: () => { throw new Error('boom'); } } }),
    });
    const client = new TestClient({ deps: { rules: [...rules, broken] } });
    const document = await client.open(uri('Dockerfile'), DOCKERFILE, 'dockerfile');
    const diagnostics = await client.pull(document.uri);
    assert.ok(byRule(diagnostics, 'user-root').length === 1);
    await client.waitFor(() => client.logs.some((log) => /broken-rule failed/.test(log.message) && /boom/.test(log.message)));
    client.dispose();
  });

  it('keeps working when a document switches language and for Helm templates', async () => {
    const client = new TestClient();
    const helm = await client.open(uri('templates/deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n', 'yaml');
    const notes = await client.pull(helm.uri);
    assert.equal(notes.length, 1);
    assert.equal(notes[0]!.severity, 1, 'at syntax-error\'s default severity');
    const plain = await client.open(uri('readme.txt'), 'FROM node\n', 'plaintext');
    assert.deepEqual(await client.pull(plain.uri), []);
    await client.close(plain.uri);
    const reopened = await client.open(uri('readme.txt'), 'FROM node\n', 'dockerfile');
    assert.ok(byRule(await client.pull(reopened.uri), 'image-tag-latest').length === 1);
    client.dispose();
  });

  it('sends status-bar counts', async () => {
    const client = new TestClient();
    const document = await client.open(uri('Dockerfile'), DOCKERFILE, 'dockerfile');
    const diagnostics = await client.pull(document.uri);
    const summary = await client.waitFor(() => client.summaries.find((s) => s.uri === document.uri));
    assert.equal(summary.errors + summary.warnings + summary.infos, diagnostics.length);
    client.dispose();
  });
});
