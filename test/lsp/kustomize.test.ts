// The language server with kustomizations, over a real LSP connection: a file a build reads gets the
// findings of the builds (not of its own lint), editing a patch re-lints the base of the same build, and a
// hover on a kustomization entry counts the findings the build has in that file.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver';
import { TestClient } from '../helpers/lsp-client';

let folder: string;
const uri = (path: string): string => pathToFileURL(join(folder, path)).toString();
const text = (path: string): string => readFileSync(join(folder, path), 'utf8');
const rulesOf = (diagnostics: Diagnostic[]): string[] => diagnostics.map((d) => `${d.range.start.line + 1} ${String(d.code)}`).sort();

before(() => {
  folder = mkdtempSync(join(tmpdir(), 'shipshape-lsp-kustomize-'));
  cpSync(join(import.meta.dirname, '..', 'fixtures', 'kustomize', 'lint-project'), folder, { recursive: true });
});
after(() => rmSync(folder, { recursive: true, force: true }));

describe('language server with kustomizations', () => {
  it('reports build findings on the base, none on a patch, and re-lints the base when the patch changes', async () => {
    const client = new TestClient({ rootUri: pathToFileURL(folder).toString() });
    await client.initializing;
    const base = await client.open(uri('app/base/deployment.yaml'), text('app/base/deployment.yaml'), 'yaml');
    const patch = await client.open(uri('app/overlays/prod/harden.yaml'), text('app/overlays/prod/harden.yaml'), 'yaml');
    assert.deepEqual(rulesOf(await client.pull(base.uri)), ['19 capabilities', '19 seccomp']);
    const baseDiagnostics = await client.pull(base.uri);
    assert.match(baseDiagnostics[0]!.message as string, /Only in the build of app\/overlays\/dev; app\/overlays\/prod changes this/);
    assert.deepEqual(await client.pull(patch.uri), [], 'the patch is not linted as a Deployment without an image');

    // The prod patch stops setting a seccomp profile: the base's seccomp finding now holds for every overlay.
    const refreshes = client.refreshes;
    await client.change(patch.uri, text('app/overlays/prod/harden.yaml').replace('seccompProfile:\n          type: RuntimeDefault', 'runAsNonRoot: true'));
    await client.waitFor(() => client.refreshes > refreshes);
    const after = await client.pull(base.uri);
    const seccomp = after.find((d) => d.code === 'seccomp');
    assert.ok(seccomp);
    assert.doesNotMatch(seccomp.message as string, /Only in the build/);
    assert.match(after.find((d) => d.code === 'capabilities')!.message as string, /Only in the build of app\/overlays\/dev/);
    client.dispose();
  });

  it('hovers a resources: entry with the findings of the build in that file', async () => {
    const client = new TestClient({ rootUri: pathToFileURL(folder).toString() });
    await client.initializing;
    const kustomization = text('app/overlays/prod/kustomization.yaml');
    const document = await client.open(uri('app/overlays/prod/kustomization.yaml'), kustomization, 'yaml');
    const offset = kustomization.indexOf('harden.yaml');
    const hover = (await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: document.uri },
      position: document.positionAt(offset + 2),
    })) as Hover | null;
    assert.ok(hover);
    assert.match((hover.contents as { value: string }).value, /\*\*Kustomize\*\* `harden.yaml`: no findings in the build\./);
    const baseOffset = kustomization.indexOf('../../base');
    const baseHover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: document.uri }, position: document.positionAt(baseOffset + 3) })) as Hover | null;
    assert.match((baseHover?.contents as { value: string }).value, /`..\/..\/base`: 2 findings in the build \(2 warnings\)/);
    // The images entry the build flags is diagnosed on the kustomization itself.
    assert.deepEqual(rulesOf(await client.pull(document.uri)), ['8 image-tag-latest']);
    client.dispose();
  });
  it('offers "add a patch to <overlay>/kustomization.yaml" for a base problem only one overlay has', async () => {
    const client = new TestClient({ rootUri: pathToFileURL(folder).toString() });
    await client.initializing;
    const base = await client.open(uri('app/base/deployment.yaml'), text('app/base/deployment.yaml'), 'yaml');
    const seccomp = (await client.pull(base.uri)).find((d) => d.code === 'seccomp')!;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: base.uri },
      range: seccomp.range,
      context: { diagnostics: [seccomp], only: ['quickfix'] },
    })) as CodeAction[];
    const action = actions.find((candidate) => candidate.title.startsWith('Add a patch to app/overlays/dev/kustomization.yaml'));
    assert.ok(action, actions.map((candidate) => candidate.title).join('\n'));
    const changes = action.edit!.documentChanges as Array<{ kind?: string; uri?: string; textDocument?: { uri: string }; edits?: Array<{ newText: string }> }>;
    assert.equal(changes[0]!.kind, 'create');
    assert.equal(changes[0]!.uri, uri('app/overlays/dev/api-seccomp-patch.yaml'));
    assert.equal(changes[1]!.edits![0]!.newText, [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: api',
      'spec:',
      '  template:',
      '    spec:',
      '      securityContext:',
      '        seccompProfile:',
      '          type: RuntimeDefault',
      '',
    ].join('\n'));
    assert.equal(changes[2]!.textDocument!.uri, uri('app/overlays/dev/kustomization.yaml'));
    assert.equal(changes[2]!.edits![0]!.newText, 'patches:\n- path: api-seccomp-patch.yaml\n');
    // Applied, the dev build no longer has the problem, so nothing reports it any more.
    writeFileSync(join(folder, 'app/overlays/dev/api-seccomp-patch.yaml'), changes[1]!.edits![0]!.newText);
    writeFileSync(join(folder, 'app/overlays/dev/kustomization.yaml'), text('app/overlays/dev/kustomization.yaml') + changes[2]!.edits![0]!.newText);
    const refreshes = client.refreshes;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('app/overlays/dev/kustomization.yaml'), type: 2 }] });
    await client.waitFor(() => client.refreshes > refreshes);
    assert.deepEqual(rulesOf(await client.pull(base.uri)), ['19 capabilities']);
    client.dispose();
  });
});
