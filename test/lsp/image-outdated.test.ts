// image-outdated in the editor, over a real LSP connection: the server asks the registry (127.0.0.1) in the
// background, re-lints when the answer arrives, and the quick fix moves the pin to the tag's current build.
// An untrusted workspace asks nothing.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { applyWorkspaceEdit, FULL_CAPABILITIES, TestClient } from '../helpers/lsp-client';
import { startRegistryServer, type TestRegistry } from '../helpers/registry-server';
import { buildImage, type TestImage } from '../helpers/test-image';

process.env.DOCKER_CONFIG = join(tmpdir(), 'shipshape-lsp-outdated-no-docker-config');

let oldBuild: TestImage;
let newBuild: TestImage;
let registry: TestRegistry;
let folder: string;

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'shipshape-lsp-outdated-'));
  oldBuild = buildImage({ layers: [[{ path: 'etc/build', content: 'first' }]] });
  newBuild = buildImage({ layers: [[{ path: 'etc/build', content: 'rebuilt' }]] });
  registry = await startRegistryServer({ repositories: { 'team/base': { blobs: [...oldBuild.blobs, ...newBuild.blobs], tags: { '3.1': newBuild.manifest } } } });
});
after(async () => {
  await registry.close();
  rmSync(folder, { recursive: true, force: true });
});

function client(trusted: boolean): TestClient {
  return new TestClient({ capabilities: FULL_CAPABILITIES, initializationOptions: { trusted }, settings: {} });
}

describe('image-outdated over LSP', () => {
  it('reports a re-pushed tag once the registry has answered, with a fix that updates the digest', async () => {
    const testClient = client(true);
    const uri = pathToFileURL(join(folder, 'Dockerfile')).toString();
    const text = `FROM ${registry.host}/team/base:3.1@${oldBuild.manifest.digest}\nUSER 10001\n`;
    const document = await testClient.open(uri, text, 'dockerfile');
    const outdated = (diagnostics: Diagnostic[]) => diagnostics.filter((diagnostic) => diagnostic.code === 'image-outdated');
    assert.deepEqual(outdated(await testClient.pull(uri)), [], 'the first lint does not wait for the network');
    await testClient.waitFor(() => testClient.refreshes > 0, 10_000);
    const found = outdated(await testClient.pull(uri));
    assert.equal(found.length, 1);
    assert.match(String(found[0]!.message), /The publisher has rebuilt ".*\/team\/base:3\.1"/);
    assert.equal(found[0]!.severity, 3, 'info');

    const actions = await testClient.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: found[0]!.range, context: { diagnostics: found, only: ['quickfix'] } });
    const update = actions.find((action) => action.title.startsWith('Update the digest'));
    assert.ok(update?.edit, JSON.stringify(actions.map((action) => action.title)));
    const fixed = applyWorkspaceEdit(document, update.edit as Parameters<typeof applyWorkspaceEdit>[1]);
    assert.equal(fixed, `FROM ${registry.host}/team/base:3.1@${newBuild.manifest.digest}\nUSER 10001\n`);
    await testClient.change(uri, fixed);
    assert.deepEqual(outdated(await testClient.pull(uri)), [], 'the current build is not stale');
    await testClient.waitFor(() => testClient.refreshes > 1, 10_000);
    assert.deepEqual(outdated(await testClient.pull(uri)), [], 'nor once the registry has confirmed it');
    testClient.dispose();
  });

  it('asks no registry in an untrusted workspace', async () => {
    const before = registry.requests.length;
    const testClient = client(false);
    const uri = pathToFileURL(join(folder, 'untrusted.Dockerfile')).toString();
    await testClient.open(uri, `FROM ${registry.host}/team/base:3.1@${oldBuild.manifest.digest}\nUSER 10001\n`, 'dockerfile');
    await testClient.pull(uri);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual((await testClient.pull(uri)).filter((diagnostic) => diagnostic.code === 'image-outdated'), []);
    assert.equal(registry.requests.length, before);
    testClient.dispose();
  });
});
