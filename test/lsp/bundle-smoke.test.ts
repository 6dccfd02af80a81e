// Spawns the shipped bundle, dist/server.js, over stdio: catches bundling mistakes the in-process tests cannot.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const bundle = join(import.meta.dirname, '..', '..', 'dist', 'server.js');

it('dist/server.js answers over --stdio', { skip: !existsSync(bundle) && 'run `npm run build` first', timeout: 30_000 }, async () => {
  const child = spawn(process.execPath, [bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();
  try {
    const init = (await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: { textDocument: { diagnostic: {} } } })) as {
      capabilities: { diagnosticProvider?: unknown };
      serverInfo: { name: string; version: string };
    };
    assert.equal(init.serverInfo.name, 'shipshape');
    assert.match(init.serverInfo.version, /^\d+\.\d+\.\d+/);
    await connection.sendNotification('initialized', {});
    const uri = 'file:///work/app/Dockerfile';
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM node\nUSER root\n' } });
    const report = (await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Array<{ code: string }> };
    const codes = report.items.map((item) => item.code);
    assert.ok(codes.includes('image-tag-latest'), codes.join(', '));
    assert.ok(codes.includes('user-root'), codes.join(', '));
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0);
  } finally {
    connection.dispose();
    child.kill();
  }
});
