// Compose files over a real LSP connection: diagnostics as you type, quick fixes that keep comments, fix-all,
// "Harden service", hover and code lens on image:, suppressions scoped to a service, Lint Workspace, and the
// open Compose file linted again when the Dockerfile it builds changes.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CodeLens, Diagnostic, Hover } from 'vscode-languageserver';
import { applyWorkspaceEdit, TestClient } from '../helpers/lsp-client';

const COMPOSE = [
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    privileged: true # needed by the old plugin',
  '    ports:',
  '      - "5432:5432"',
  '  # shipshape-ignore privileged -- the agent needs the host',
  '  agent:',
  '    image: datadog/agent:7.60.0',
  '    privileged: true',
  '  api:',
  '    build: ./api',
  '',
].join('\n');

let folder: string;
let uri: (name: string) => string;

before(() => {
  folder = mkdtempSync(join(tmpdir(), 'shipshape-lsp-compose-'));
  uri = (name) => pathToFileURL(join(folder, name)).toString();
  mkdirSync(join(folder, 'api'));
  writeFileSync(join(folder, 'api', 'Dockerfile'), 'FROM node:22-alpine\nCMD ["node", "server.js"]\n');
});
after(() => rmSync(folder, { recursive: true, force: true }));

const byRule = (diagnostics: Diagnostic[], ruleId: string) => diagnostics.filter((d) => d.code === ruleId);
const lineText = (text: string, line: number) => text.split('\n')[line] ?? '';
const strict = { preset: 'strict' };

describe('language server on Compose files', () => {
  it('reports findings as you type, on the key that causes them, and suppressions cover one service', async () => {
    const client = new TestClient({ settings: strict });
    const document = await client.open(uri('compose.yaml'), COMPOSE, 'dockercompose');
    const diagnostics = await client.pull(document.uri);
    const privileged = byRule(diagnostics, 'privileged');
    assert.deepEqual(privileged.map((d) => d.range.start.line), [3], 'agent\'s privileged: true is suppressed, web\'s is not');
    assert.equal(privileged[0]!.severity, 1);
    assert.deepEqual(byRule(diagnostics, 'port-all-interfaces').map((d) => [d.range.start.line, d.severity]), [[5, 2]]);
    const userMissing = byRule(diagnostics, 'user-missing').find((d) => d.range.start.line === 10);
    assert.ok(userMissing, 'api builds a Dockerfile without USER');
    assert.equal(userMissing.relatedInformation?.[0]?.location.uri, uri('api/Dockerfile'));
    assert.equal(userMissing.relatedInformation?.[0]?.location.range.start.line, 0);

    // Typing: a half-written line is one syntax problem, then the findings come back.
    const broken = await client.change(document.uri, COMPOSE.replace('    image: nginx:1.27', '    image: "nginx:1.27'));
    const whileTyping = await client.pull(broken.uri);
    assert.equal(byRule(whileTyping, 'syntax-error').length, 1);
    const fixedText = await client.change(document.uri, COMPOSE);
    assert.equal(byRule(await client.pull(fixedText.uri), 'privileged').length, 1);
    client.dispose();
  });

  it('quick-fixes privileged: true with the comment kept; fix-all applies no unsafe fix', async () => {
    const client = new TestClient({ settings: strict });
    const document = await client.open(uri('compose.yaml'), COMPOSE, 'yaml');
    const privileged = byRule(await client.pull(document.uri), 'privileged')[0]!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: document.uri }, range: privileged.range, context: { diagnostics: [privileged] } });
    const fix = actions.find((action) => action.title.startsWith('Set privileged: false'));
    assert.ok(fix, actions.map((action) => action.title).join('\n'));
    const text = applyWorkspaceEdit(document, fix.edit as never);
    assert.equal(lineText(text, 3), '    privileged: false # needed by the old plugin');
    await client.change(document.uri, text);
    assert.equal(byRule(await client.pull(document.uri), 'privileged').length, 0);

    const fixAll = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: document.uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.shipshape'] },
    });
    // Every Compose fix can change how a service runs, so none is safe enough to apply unattended.
    assert.deepEqual(fixAll, []);
    client.dispose();
  });

  it('offers "Harden service" for the service under the cursor', async () => {
    const client = new TestClient({ settings: strict });
    const document = await client.open(uri('compose.yaml'), COMPOSE, 'dockercompose');
    const diagnostics = await client.pull(document.uri);
    const inWeb = diagnostics.filter((d) => d.range.start.line >= 1 && d.range.start.line <= 5);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: document.uri }, range: inWeb[0]!.range, context: { diagnostics: inWeb } });
    const harden = actions.find((action) => action.title.startsWith('Harden service "web"'));
    assert.ok(harden, actions.map((action) => action.title).join('\n'));
    const text = applyWorkspaceEdit(document, harden.edit as never);
    assert.match(text, /privileged: false # needed by the old plugin/);
    assert.match(text, /user: "10001:10001"/);
    assert.match(text, /read_only: true/);
    assert.match(text, /cap_drop: \[ALL\]/);
    assert.match(text, /no-new-privileges:true/);
    assert.match(text, /# shipshape-ignore privileged -- the agent needs the host\n {2}agent:\n {4}image: datadog\/agent:7\.60\.0\n {4}privileged: true/, 'other services are untouched');
    await client.change(document.uri, text);
    const after = await client.pull(document.uri);
    const webLines = text.split('\n').findIndex((line) => line === '  # shipshape-ignore privileged -- the agent needs the host');
    for (const rule of ['privileged', 'user-missing', 'readonly-root-filesystem', 'capabilities', 'privilege-escalation']) {
      assert.deepEqual(byRule(after, rule).filter((d) => d.range.start.line < webLines), [], `${rule} is settled for web`);
    }
    client.dispose();
  });

  it('hovers on image: and offers a Scan image code lens', async () => {
    const client = new TestClient({ deps: { today: () => '2026-11-24' }, initializationOptions: { scanAvailable: true } });
    const document = await client.open(uri('compose.yaml'), 'services:\n  web:\n    image: node:16-alpine\n  api:\n    image: ${API_IMAGE}\n', 'dockercompose');
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: document.uri }, position: { line: 2, character: 12 } });
    const value = (hover.contents as { value: string }).value;
    assert.match(value, /\*\*Image\*\* `node:16-alpine`/);
    assert.match(value, /end of life/);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: document.uri } });
    assert.deepEqual(
      lenses.map((lens) => [lens.range.start.line, lens.command?.title, lens.command?.arguments]),
      [[2, 'Scan image', ['node:16-alpine']]],
      'no lens on an image that depends on an unset variable',
    );
    client.dispose();
  });

  it('lints the open Compose file again when the Dockerfile it builds changes in the editor', async () => {
    const client = new TestClient({ settings: strict });
    const compose = await client.open(uri('compose.yaml'), COMPOSE, 'dockercompose');
    assert.equal(byRule(await client.pull(compose.uri), 'user-missing').filter((d) => d.range.start.line === 10).length, 1);
    const refreshes = client.refreshes;
    const dockerfile = await client.open(uri('api/Dockerfile'), 'FROM node:22-alpine\nCMD ["node", "server.js"]\n', 'dockerfile');
    await client.change(dockerfile.uri, 'FROM node:22-alpine\nUSER node\nCMD ["node", "server.js"]\n');
    await client.waitFor(() => client.refreshes > refreshes);
    assert.deepEqual(byRule(await client.pull(compose.uri), 'user-missing').filter((d) => d.range.start.line === 10), [], 'USER node in the unsaved Dockerfile settles it');
    client.dispose();
  });

  it('lints Compose files that are not open for Lint Workspace, and stays quiet on other YAML', async () => {
    const client = new TestClient();
    await client.initializing;
    const result = await client.request<{ files: Array<{ uri: string; diagnostics: Diagnostic[] }> }>('shipshape/lintFiles', {
      files: [
        { uri: uri('stack/docker-compose.yml'), text: 'services:\n  db:\n    image: postgres:17\n    privileged: true\n' },
        { uri: uri('stack/services.yaml'), text: 'services:\n  db:\n    image: postgres:17\n    privileged: true\n' },
      ],
    });
    assert.deepEqual(byRule(result.files[0]!.diagnostics, 'privileged').map((d) => d.range.start.line), [3]);
    assert.deepEqual(result.files[1]!.diagnostics, []);
    client.dispose();
  });
});
