// The shipped language server (dist/server.js over stdio, pushing diagnostics as editors without pull support
// need) against input that once ended it: malformed notifications, a file that overflows the YAML parser's
// stack, a manifest larger than the size limit, a document of 100,000 small YAML documents. After each, the
// same process must still answer.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import type { RuleDefinition } from '../../server/src/engine/rule';
import { findRule, rules } from '../../server/src/rules';
import { applyWorkspaceEdit, TestClient } from '../helpers/lsp-client';
import { ensureBuilt } from '../cli/helpers';

const ROOT = join(import.meta.dirname, '..', '..');
const bundle = join(ROOT, 'dist', 'server.js');
const adversarial = join(ROOT, '..', 'shared', 'corpus', 'adversarial');

describe('language server: input that must not end it', { timeout: 120_000 }, () => {
  let child: ChildProcess;
  let connection: MessageConnection;
  let exited = false;
  const published = new Map<string, PublishDiagnosticsParams>();
  const logs: string[] = [];
  const waiters: Array<() => void> = [];

  const waitFor = async <T>(condition: () => T | undefined, timeoutMs = 30_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = condition();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  const diagnosticsOf = (uri: string, version: number): Promise<Diagnostic[]> =>
    waitFor(() => {
      const params = published.get(uri);
      return params && params.version === version ? params.diagnostics : undefined;
    });
  const open = async (uri: string, text: string, languageId: string, version = 1): Promise<Diagnostic[]> => {
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return diagnosticsOf(uri, version);
  };
  /** The server is alive and linting: a fresh document gets its diagnostics. */
  const assertAlive = async (label: string): Promise<void> => {
    const uri = `file:///work/alive/${label}/Dockerfile`;
    const diagnostics = await open(uri, 'FROM node\n', 'dockerfile');
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'image-tag-latest'), `${label}: ${JSON.stringify(diagnostics)}`);
    assert.equal(exited, false);
  };

  before(async () => {
    ensureBuilt();
    child = spawn(process.execPath, [bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.on('exit', () => (exited = true));
    connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      published.set(params.uri, params);
      for (const wake of waiters.splice(0)) wake();
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      logs.push(params.message);
    });
    connection.listen();
    await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} });
    await connection.sendNotification('initialized', {});
  });

  after(() => {
    connection.dispose();
    child.kill();
  });

  it('drops didOpen and didChange messages whose parameters are malformed, and says so', async () => {
    const uri = 'file:///work/bad/Dockerfile';
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 42 } });
    await connection.sendNotification('textDocument/didOpen', { textDocument: null });
    await connection.sendNotification('textDocument/didOpen', {});
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: { not: 'text' } }] });
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 'x' }, contentChanges: 'nope' });
    await connection.sendNotification('textDocument/didClose', { textDocument: 7 });
    await assertAlive('after-malformed');
    assert.ok(logs.some((line) => /Ignored a malformed textDocument\/didOpen/.test(line)), logs.join('\n'));
    assert.ok(logs.some((line) => /Ignored a malformed textDocument\/didChange/.test(line)), logs.join('\n'));
    assert.equal(published.has(uri), false, 'nothing was linted for the malformed document');
  });

  it('answers requests with malformed parameters (with an error or nothing), and keeps running', async () => {
    const answers = await Promise.allSettled([
      connection.sendRequest('textDocument/codeAction', { textDocument: 5 }),
      connection.sendRequest('textDocument/hover', null),
      connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: ['x'] } }),
      connection.sendRequest('shipshape/lintFiles', { files: [{ uri: 3, text: null }] }),
    ]);
    assert.equal(answers.length, 4);
    await assertAlive('after-bad-requests');
  });

  it('reports a file that overflows the YAML parser as one finding and lints the next file', async () => {
    const text = readFileSync(join(adversarial, 'stack-overflow-inline-maps.yaml'), 'utf8');
    const diagnostics = await open('file:///work/deep/pod.yaml', text, 'yaml');
    assert.deepEqual(
      diagnostics.map((diagnostic) => diagnostic.code),
      ['syntax-error'],
    );
    assert.match(String(diagnostics[0]!.message), /could not analyse this file: it nests too deeply/);
    await assertAlive('after-overflow');
  });

  it('notes a manifest over the size limit instead of analysing it', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n---\n';
    const text = pod.repeat(Math.ceil((12 * 1024 * 1024) / pod.length));
    const diagnostics = await open('file:///work/large/all.yaml', text, 'yaml');
    assert.equal(diagnostics.length, 1);
    assert.match(String(diagnostics[0]!.message), /larger than the 4 MB limit, so it was not analysed/);
    await assertAlive('after-large');
  });

  it('lints 100,000 small YAML documents and stays up', async () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `---\napiVersion: v1\nkind: C${i}\n`).join('');
    const diagnostics = await open('file:///work/many/configmaps.yaml', text, 'yaml');
    assert.deepEqual(diagnostics, []);
    await assertAlive('after-many');
  });
});

describe('language server: quick fixes are checked before they are offered', () => {
  // resource-limits with two extra fixes a buggy rule could produce: one whose result does not parse, one that
  // leaves its finding. Only the rule's own fix may be offered, as a quick fix and in fix-all.
  const original = findRule('resource-limits')!;
  const buggy: RuleDefinition = {
    ...original,
    create: (context) =>
      original.create({
        ...context,
        report: (report) =>
          context.report({
            ...report,
            fixes: [
              { title: 'Break the file', safety: 'safe', edits: [{ start: 0, end: 0, text: 'key: [unclosed\n' }] },
              { title: 'Change nothing that matters', safety: 'safe', edits: [{ start: 0, end: 0, text: '# a comment\n' }] },
              ...(report.fixes ?? []),
            ],
          }),
      }),
  };
  const client = new TestClient({ deps: { rules: rules.map((rule) => (rule === original ? buggy : rule)) } });
  after(() => client.dispose());

  it('leaves out fixes whose result does not parse or keeps the finding', async () => {
    const uri = 'file:///work/fixes/pod.yaml';
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';
    await client.initializing;
    await client.open(uri, text, 'yaml');
    const diagnostics = await client.pull(uri);
    const limits = diagnostics.find((diagnostic) => diagnostic.code === 'resource-limits');
    assert.ok(limits);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: limits.range, context: { diagnostics: [limits], only: ['quickfix'] } });
    const titles = actions.map((action) => action.title);
    assert.ok(titles.some((title) => title.startsWith('Add placeholder CPU and memory limits')), titles.join('\n'));
    assert.ok(!titles.includes('Break the file'), titles.join('\n'));
    assert.ok(!titles.includes('Change nothing that matters'), titles.join('\n'));

    const fixAll = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: limits.range, context: { diagnostics: [], only: ['source.fixAll.shipshape'] } });
    // Both bad fixes are safe, so fix-all would take them if they were not checked.
    const fixed = fixAll[0] ? applyWorkspaceEdit(client.document(uri), fixAll[0].edit as Parameters<typeof applyWorkspaceEdit>[1]) : text;
    assert.doesNotMatch(fixed, /unclosed|# a comment/);
  });
});
